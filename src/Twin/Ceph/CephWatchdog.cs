using System.Diagnostics;
using System.Globalization;

namespace Deepthought.Twin.Ceph;

/// <summary>
/// A tiny shell process per cluster that outlives a test host killed without running its exit handlers (a runner
/// timeout, SIGKILL): once the host is gone it kills the daemons recorded in the scratch folder — only those whose
/// command line names that folder — and removes the folder. A normal teardown stops it last.
/// </summary>
internal sealed class CephWatchdog
{
    private const string Script = """
        host=$1; dir=$2
        while kill -0 "$host" 2>/dev/null; do sleep 1; done
        for f in "$dir"/pids/*; do
          [ -e "$f" ] || continue
          p=$(cat "$f")
          if tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -qF -- "$dir"; then kill -9 "$p"; fi
        done
        rm -rf -- "$dir"
        """;

    private readonly Process _process;

    private CephWatchdog(Process process) => _process = process;

    public static CephWatchdog? Start(string directory)
    {
        var sh = CephInstallation.Which("sh");
        if (sh is null || !OperatingSystem.IsLinux())
        {
            return null;
        }

        var psi = new ProcessStartInfo(sh) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-c", Script, "dt-ceph-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), directory })
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi);
        return process is null ? null : new CephWatchdog(process);
    }

    public void Stop()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
