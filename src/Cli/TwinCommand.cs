using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Deepthought.Checks.Model;
using Deepthought.Fixtures.Targets;
using Deepthought.Protocols;
using Deepthought.Protocols.Profile;

namespace Deepthought.Cli;

/// <summary>
/// <c>deepthought twin</c>: starts the embedded Deepthought from a profile and scenarios, prints where its kubeconfig
/// (and talosconfig) are with commands to try, and runs until Ctrl-C, SIGTERM or the end of standard input.
/// </summary>
public static class TwinCommand
{
    /// <summary>The <c>twin</c> command: <c>--profile</c> and <c>--scenario</c>.</summary>
    public static Command Command(string currentDirectory, string baseDirectory)
    {
        var line = new TwinCommandLine();
        line.Command.SetAction((parse, _) => RunAsync(line.Read(parse, currentDirectory, baseDirectory)));
        return line.Command;
    }

    public static async Task<int> RunAsync(TwinCommandOptions options)
    {
        var profile = ProfileLoader.Load(options.ProfilePath);
        var factory = TwinTargets.Factory;
        try
        {
            factory.DescribeScenarios(options.Scenario);
        }
        catch (ConfigurationException e)
        {
            // The catalog speaks of the environment variable; here the value came from --scenario.
            throw new ConfigurationException(e.Message.Replace("DEEPTHOUGHT_SCENARIO", "--scenario", StringComparison.Ordinal));
        }


        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });

        var clock = Stopwatch.StartNew();
        await using var twin = await factory.ServeAsync(profile, options.Scenario, stop.Token);
        Console.WriteLine($"Deepthought twin is up in {clock.Elapsed.TotalSeconds:0.00} s (profile {profile.Name} from {options.ProfilePath}, scenario {twin.Scenarios})");
        Console.WriteLine($"  kubeconfig:  {twin.KubeconfigPath}");
        if (twin.TalosconfigPath is { } talos)
        {
            Console.WriteLine($"  talosconfig: {talos}");
            Console.WriteLine($"  talos endpoints (no endpoints in the talosconfig, as `talosctl gen config` writes it; pass them as -e): {string.Join(",", twin.TalosEndpoints)}");
        }

        Console.WriteLine();
        Console.WriteLine("Try:");
        Console.WriteLine($"  export KUBECONFIG={twin.KubeconfigPath}");
        Console.WriteLine("  kubectl get nodes -o wide");
        Console.WriteLine("  kubectl get namespaces --show-labels");
        Console.WriteLine($"  kubectl --context auditor@{profile.Name} auth can-i --list    # the read-only identity (profiles/rbac/auditor.yaml)");
        foreach (var notice in twin.Notices)
        {
            Console.WriteLine($"note: {notice}");
        }

        Console.WriteLine();
        Console.WriteLine("Press Ctrl-C (or close standard input) to stop the twin.");
        await Task.WhenAny(WaitForEndOfInputAsync(), Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default));
        Console.WriteLine("stopping the twin");
        return 0;
    }

    // Reads standard input to its end on a worker thread (Console reads block); the twin runs until then.
    private static Task WaitForEndOfInputAsync() => Task.Factory.StartNew(
        () =>
        {
            while (Console.In.ReadLine() is not null)
            {
            }
        },
        CancellationToken.None,
        TaskCreationOptions.LongRunning,
        TaskScheduler.Default);
}
