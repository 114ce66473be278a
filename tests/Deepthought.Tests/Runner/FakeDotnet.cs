using System.Text;

namespace Deepthought.Tests.Runner;

/// <summary>
/// A stand-in for `dotnet` (run.ps1 honours DEEPTHOUGHT_DOTNET): logs its arguments and the DEEPTHOUGHT_* environment,
/// optionally leaves what the suite would (a new report, or the configuration-error marker), and exits with a set code.
/// </summary>
internal sealed class FakeDotnet
{
    public FakeDotnet(string folder, int exitCode, string leaves = "")
    {
        Log = System.IO.Path.Combine(folder, "dotnet.log");
        Path = System.IO.Path.Combine(folder, "fake-dotnet.sh");
        var script = new StringBuilder()
            .Append("#!/bin/sh\n")
            .Append($"echo \"ARGS $*\" >> '{Log}'\n")
            .Append($"env | grep '^DEEPTHOUGHT_' | sort >> '{Log}'\n")
            .Append("echo \"fake dotnet ran\"\n");
        if (leaves == "report")
        {
            script.Append("mkdir -p \"$DEEPTHOUGHT_REPORTS/latest\" && echo \"20250302T060000Z-twin-audit-$$\" > \"$DEEPTHOUGHT_REPORTS/latest/RUN\"\n");
        }
        else if (leaves == "config")
        {
            script.Append("mkdir -p \"$DEEPTHOUGHT_REPORTS/latest\" && echo \"$DEEPTHOUGHT_PROFILE:2:1: unknown key 'nodez' — fix it\" > \"$DEEPTHOUGHT_REPORTS/latest/CONFIGURATION-ERROR\"\n");
        }

        script.Append($"exit {exitCode}\n");
        File.WriteAllText(Path, script.ToString());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Path { get; }

    public string Log { get; }

    public string[] Lines => File.Exists(Log) ? File.ReadAllLines(Log) : [];
}
