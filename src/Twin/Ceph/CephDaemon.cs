using System.Diagnostics;
using System.Globalization;

namespace Deepthought.Twin.Ceph;

/// <summary>
/// One Ceph daemon run in the foreground (<c>-f</c>) as a child of this process, so it is ours by id: its pid is
/// recorded in the scratch folder (a later run can clean up after a crashed test host), stdout and stderr go to a
/// file there, and stopping it is SIGTERM, then SIGKILL after a grace period.
/// </summary>
internal sealed class CephDaemon
{
    private readonly string _executable;
    private readonly IReadOnlyList<string> _arguments;
    private readonly string _directory;
    private readonly object _gate = new();
    private Process? _process;
    private StreamWriter? _output;

    public CephDaemon(string name, string executable, IReadOnlyList<string> arguments, string directory)
    {
        Name = name;
        _executable = executable;
        _arguments = arguments;
        _directory = directory;
    }

    /// <summary>Ceph's name for it: mon.a, mgr.a, osd.0.</summary>
    public string Name { get; }

    public int? Pid
    {
        get
        {
            lock (_gate)
            {
                return _process is { HasExited: false } p ? p.Id : null;
            }
        }
    }

    public bool IsRunning => Pid is not null;

    public void Start()
    {
        lock (_gate)
        {
            if (_process is { HasExited: false })
            {
                return;
            }

            var psi = new ProcessStartInfo(_executable)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = _directory,
            };
            foreach (var a in _arguments)
            {
                psi.ArgumentList.Add(a);
            }

            psi.Environment.Remove("CEPH_ARGS");
            psi.Environment.Remove("CEPH_CONF");
            DisposeWriter(_output);
            _output = new StreamWriter(Path.Combine(_directory, "log", $"{Name}.out"), append: true) { AutoFlush = true };
            var output = _output;
            var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
            process.OutputDataReceived += (_, e) => Write(output, e.Data);
            process.ErrorDataReceived += (_, e) => Write(output, e.Data);
            process.Start();
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;
            File.WriteAllText(Path.Combine(_directory, "pids", Name), process.Id.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Sends a signal to the running daemon (no-op when it is not running).</summary>
    public bool Signal(int signal)
    {
        var pid = Pid;
        return pid is not null && PosixSignals.Send(pid.Value, signal);
    }

    /// <summary>SIGTERM, wait up to <paramref name="grace"/>, then SIGKILL; returns when the process is gone.</summary>
    public async Task StopAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        Process? process;
        lock (_gate)
        {
            process = _process;
        }

        if (process is null || process.HasExited)
        {
            return;
        }

        PosixSignals.Send(process.Id, PosixSignals.SigTerm);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill();
            await process.WaitForExitAsync(cancellationToken);
        }
    }

    /// <summary>For process exit: SIGKILL, no waiting (the scratch folder is removed right after).</summary>
    public void KillNow()
    {
        lock (_gate)
        {
            try
            {
                if (_process is { HasExited: false } p)
                {
                    p.Kill();
                }
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill.
            }
        }
    }

    public void CloseOutput()
    {
        lock (_gate)
        {
            DisposeWriter(_output);
            _output = null;
            _process?.Dispose();
            _process = null;
        }
    }

    private static void DisposeWriter(StreamWriter? writer)
    {
        if (writer is not null)
        {
            lock (writer)
            {
                writer.Dispose();
            }
        }
    }

    private static void Write(StreamWriter writer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (writer)
        {
            try
            {
                writer.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The daemon was restarted: its old output file is closed.
            }
        }
    }
}
