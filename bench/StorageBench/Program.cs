using System.Diagnostics;
using System.Globalization;
using Deepthought.Bench.Storage;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Fixtures.Runs;
using Deepthought.Protocols.Profile;
using Deepthought.Twin.Ceph;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Scenarios;
using k8s;

// The Storage phase against the healthy twin, as a run does it: through the twin's kubeconfig with the read-only
// auditor identity, every probe module registered, a fresh observation cache per run. Prints wall time and the
// number of API requests per run (counted on the client), the twin's start-up and the Ceph daemons' memory.
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var settings = RunSettings.FromEnvironment();
var profile = ProfileLoader.Load(settings.ProfilePath);
var clock = Stopwatch.StartNew();
await using var twin = await DeepthoughtTwin.StartAsync(profile, ScenarioCatalog.Parse(settings.Scenario), new TwinOptions { RequireRealBackends = settings.RequireRealBackends }, CancellationToken.None);
Console.WriteLine(Invariant($"twin started in {clock.Elapsed.TotalSeconds:0.0} s (scenario {twin.Context.Scenarios})"));
foreach (var n in twin.Context.Notices)
{
    Console.WriteLine($"  notice: {n}");
}

if (!twin.Context.Outputs.TryGetValue("kubeconfig", out var kubeconfig))
{
    Console.Error.WriteLine("this build's twin has no Kubernetes API server (no kubeconfig): nothing to measure");
    return 2;
}

var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig, currentContext: $"auditor@{profile.Name}");
var counter = new CountingHandler();
using var connections = new ClusterConnections
{
    Target = "twin",
    Kubernetes = new Kubernetes(config, counter),
    KubernetesConfiguration = config,
    KubeconfigPath = kubeconfig,
    KubeContext = config.CurrentContext ?? "",
};
var checks = CheckCatalog.ForPhase(Phase.Storage).ToList();
Console.WriteLine($"Storage phase: {checks.Count} checks");
Console.WriteLine("run  wall ms  requests  outcomes");
for (var i = 1; i <= runs; i++)
{
    var before = counter.Count;
    var cache = ProbeModules.RegisterAll(new ObservationCache(), connections);
    var context = new CheckContext(profile, RunMode.Audit, TimeProvider.System, cache);
    clock.Restart();
    var results = await new CheckEngine(checks, context).RunAsync([Phase.Storage], CancellationToken.None);
    var wall = clock.Elapsed.TotalMilliseconds;
    var outcomes = string.Join(", ", results.GroupBy(r => r.Outcome).Select(g => $"{g.Count()} {g.Key}"));
    Console.WriteLine(Invariant($"{i,3}  {wall,7:0}  {counter.Count - before,8}  {outcomes}"));
    if (i == 1)
    {
        foreach (var r in results.Where(r => r.Outcome != Outcome.Pass))
        {
            Console.WriteLine($"       {r.Outcome} {r.Id}: {r.Verdict.Message}");
        }
    }
}

Console.WriteLine("requests of the last run:");
foreach (var r in counter.Requests.Skip(counter.Count - (counter.Count / runs)))
{
    Console.WriteLine($"  {r}");
}

foreach (var cluster in SharedCeph.Started)
{
    Console.WriteLine($"ceph: {string.Join("; ", cluster.Events)}");
    var rss = cluster.Pids.Select(p => (Pid: p, Name: Name(p), Kb: RssKb(p))).ToList();
    Console.WriteLine($"ceph RSS: {string.Join(", ", rss.Select(r => $"{r.Name} {r.Kb / 1024} MB"))}; total {rss.Sum(r => r.Kb) / 1024} MB");
}

await twin.DisposeAsync();
clock.Restart();
await SharedCeph.ShutdownAsync();
Console.WriteLine(Invariant($"ceph teardown (SIGTERM, OSDs first): {clock.Elapsed.TotalSeconds:0.0} s"));
return 0;

static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

static long RssKb(int pid)
{
    var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}

static string Name(int pid)
{
    var args = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
    var exe = Path.GetFileName(args[0]);
    var id = Array.IndexOf(args, "-i") is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : "?";
    return $"{exe.Replace("ceph-", "", StringComparison.Ordinal)}.{id}";
}
