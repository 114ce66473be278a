using Deepthought.Checks.Model;
using Deepthought.Protocols;
using Deepthought.Tests.Talos;
using Deepthought.Twin.Etcd;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Scenarios;
using FluentAssertions;
using Xunit;

namespace Deepthought.Tests.Etcd;

/// <summary>Without etcd installed: scripted answers and a notice — or an error when real backends are required.</summary>
public sealed class EtcdFallbackTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("deepthought-etcd-fallback-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task EtcdTwin_NotInstalled_ScriptsAnswersAndSaysSo()
    {
        var context = Context(ScenarioSet.None, requireReal: false);
        await using var component = new EtcdTwin { FindBinary = () => null, Backends = null, EngineUnreachable = _ => "no Docker engine (test)" };

        await component.StartAsync(context, CancellationToken.None);

        context.Find<ITwinEtcd>().Should().BeOfType<ScriptedEtcd>();
        context.Notices.Should().ContainSingle().Which.Should().Be(
            "etcd not installed: the Talos etcd APIs answer with scripted members and status (apt-get install -y etcd-server for real members)");
    }

    [Fact]
    public async Task EtcdTwin_NotInstalledButRealBackendsRequired_RefusesToStart()
    {
        await using var component = new EtcdTwin { FindBinary = () => null, Backends = null, EngineUnreachable = _ => "no Docker engine (test)" };

        var act = () => component.StartAsync(Context(ScenarioSet.None, requireReal: true), CancellationToken.None);

        await act.Should().ThrowAsync<ConfigurationException>().WithMessage(
            "etcd is not installed: DEEPTHOUGHT_REQUIRE_REAL_BACKENDS=1 forbids scripted etcd answers — install it: apt-get install -y etcd-server etcd-client (or set DEEPTHOUGHT_ETCD to an etcd binary)");
    }

    [Fact]
    public async Task EtcdTwin_NotInstalledAndScenarioNeedsIt_NamesTheScenario()
    {
        await using var component = new EtcdTwin { FindBinary = () => null, Backends = null, EngineUnreachable = _ => "no Docker engine (test)" };

        var act = () => component.StartAsync(Context(new ScenarioSet(["etcd-nospace"]), requireReal: false), CancellationToken.None);

        await act.Should().ThrowAsync<ConfigurationException>().WithMessage("etcd is not installed: scenario etcd-nospace needs real etcd members — install it*");
        ScenarioCatalog.All.Single(s => s.Name == "etcd-nospace").NeedsRealBackend.Should().BeTrue();
    }

    private TwinContext Context(ScenarioSet scenarios, bool requireReal) =>
        new(TalosTestWorld.Profile(), scenarios, _work, TimeProvider.System, requireReal);
}
