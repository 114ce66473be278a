using System.Diagnostics;
using System.Globalization;

namespace Deepthought.Twin.Ceph;

/// <summary>
/// Signals by process id: .NET's Process.Kill only sends SIGKILL, and the osd-down fault needs SIGTERM (the OSD then
/// tells the mons it is going down, as a stopped pod's container does). Sent with kill(1), which keeps the projects
/// free of unsafe code; it takes a few milliseconds.
/// </summary>
internal static class PosixSignals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    public static bool Send(int pid, int signal)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var psi = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add("-s");
        psi.ArgumentList.Add(signal.ToString(CultureInfo.InvariantCulture));
        psi.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
        using var kill = Process.Start(psi);
        if (kill is null)
        {
            return false;
        }

        kill.WaitForExit(5000);
        return kill.HasExited && kill.ExitCode == 0;
    }

    /// <summary>True when a process with this id exists.</summary>
    public static bool Exists(int pid) => Directory.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}");
}
