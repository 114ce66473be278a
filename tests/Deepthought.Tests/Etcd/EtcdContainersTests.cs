using Deepthought.Checks.Model;
using Deepthought.Protocols;
using Deepthought.Tests.Talos;
using Deepthought.Twin.Etcd;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Scenarios;
using FluentAssertions;
using Xunit;

namespace Deepthought.Tests.Etcd;

/// <summary>
/// The containers backend: etcd members as Testcontainers containers on the host network, chosen explicitly with
/// DEEPTHOUGHT_BACKENDS=containers; every container removed at the end (found by the label the twin sets), also
/// after a cancelled start; a clear error (no fallback) when the engine or the image is missing.
/// </summary>
public sealed class EtcdContainersTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("deepthought-etcd-containers-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [SkippableFact]
    public async Task ContainersBackend_ThreeControlPlanes_RealMembersThenNoContainerLeft()
    {
        RealEtcd.RequireContainers();
        var context = Context(ScenarioSet.None, "deepthought-3cp.yaml");
        var component = new EtcdTwin { Backends = "containers" };
        List<string> ids;
        try
        {
            await component.StartAsync(context, CancellationToken.None);

            var etcd = context.Find<ITwinEtcd>().Should().BeOfType<RealEtcdCluster>().Subject;
            etcd.Members.Should().HaveCount(3).And.AllBeOfType<EtcdContainer>();
            ids = etcd.Members.Cast<EtcdContainer>().Select(m => m.ContainerId).ToList();
            context.Notices.Should().Contain(n => n.StartsWith($"etcd backend: containers (image {DockerEngine.EtcdImage()}", StringComparison.Ordinal) && n.EndsWith(", 3 member(s)", StringComparison.Ordinal));
            var node = context.Profile.EtcdMembers.First();
            var members = await etcd.MembersAsync(node, CancellationToken.None);
            members.Select(m => m.Hostname).Should().BeEquivalentTo(context.Profile.EtcdMembers.Select(n => n.Name));
            members.Should().OnlyContain(m => m.PeerUrls.All(u => u.StartsWith("http://192.168.1.", StringComparison.Ordinal)));
            (await etcd.StatusAsync(node, CancellationToken.None)).Leader.Should().NotBe(0UL);
            (await Labelled(DockerEngine.TwinLabel, DockerEngine.EtcdComponent)).Should().Contain(ids);
        }
        finally
        {
            await component.DisposeAsync();
        }

        (await Labelled(DockerEngine.TwinLabel, DockerEngine.EtcdComponent)).Should().NotContain(ids, "teardown removes every etcd container");
    }

    [SkippableFact]
    public async Task ContainersBackend_StartCancelled_NoContainerLeft()
    {
        RealEtcd.RequireContainers();
        var launcher = new ContainersEtcdLauncher(DockerEngine.Endpoint(), DockerEngine.EtcdImage());
        var nodes = TalosTestWorld.Profile("deepthought-3cp.yaml").EtcdMembers.ToList();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));

        var act = () => RealEtcdCluster.StartAsync(launcher, nodes, Path.Combine(_work, "etcd"), 1L << 31, n => n.Ip, cancel.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        (await Labelled(DockerEngine.RunLabel, launcher.RunId)).Should().BeEmpty("a cancelled start removes the containers it created");
    }

    [Fact]
    public async Task ContainersAsked_NoEngine_FailsClearlyInsteadOfFallingBack()
    {
        var component = new EtcdTwin { Backends = "containers", DockerEndpoint = "unix:///run/none.sock", EngineUnreachable = e => $"no Docker engine answers at {e} (connection refused)" };

        var act = () => component.StartAsync(Context(ScenarioSet.None), CancellationToken.None);

        await act.Should().ThrowAsync<ConfigurationException>().WithMessage(
            "DEEPTHOUGHT_BACKENDS=containers but no Docker engine answers at unix:///run/none.sock (connection refused) — start one (e.g. dockerd --storage-driver=vfs --iptables=false --bridge=none -H unix:///run/deepthought-docker.sock) and set DOCKER_HOST to it, or unset DEEPTHOUGHT_BACKENDS");
    }

    [Fact]
    public async Task ProcessAsked_NoBinary_FailsClearly()
    {
        var component = new EtcdTwin { Backends = "process", FindBinary = () => null };

        var act = () => component.StartAsync(Context(ScenarioSet.None), CancellationToken.None);

        await act.Should().ThrowAsync<ConfigurationException>().WithMessage("DEEPTHOUGHT_BACKENDS=process but etcd is not installed — install it*");
    }

    [Fact]
    public async Task UnknownBackend_NamesTheVariableAndTheChoices()
    {
        var component = new EtcdTwin { Backends = "kind" };

        var act = () => component.StartAsync(Context(ScenarioSet.None), CancellationToken.None);

        await act.Should().ThrowAsync<ConfigurationException>().WithMessage(
            "DEEPTHOUGHT_BACKENDS=kind: unknown backend — use DEEPTHOUGHT_BACKENDS=process (the etcd binary) or DEEPTHOUGHT_BACKENDS=containers (a Docker engine), or unset it for the default");
    }

    [Fact]
    public async Task Default_NoBinaryNoEngine_ScriptedAndSaysSo()
    {
        var context = Context(ScenarioSet.None);
        await using var component = new EtcdTwin { Backends = null, FindBinary = () => null, EngineUnreachable = _ => "none" };

        await component.StartAsync(context, CancellationToken.None);

        context.Find<ITwinEtcd>().Should().BeOfType<ScriptedEtcd>();
        context.Notices.Should().ContainSingle().Which.Should().StartWith("etcd not installed: the Talos etcd APIs answer with scripted members");
    }

    [SkippableFact]
    public async Task ContainersAsked_ImageMissing_FailsClearly()
    {
        Skip.If(DockerEngine.Unreachable(DockerEngine.Endpoint()) is not null, "no Docker engine");
        var component = new EtcdTwin { Backends = "containers", Image = "deepthought/etcd:no-such-tag" };

        var act = () => component.StartAsync(Context(ScenarioSet.None), CancellationToken.None);

        (await act.Should().ThrowAsync<ConfigurationException>()).Which.Message.Should().StartWith(
            $"DEEPTHOUGHT_BACKENDS=containers: the etcd image deepthought/etcd:no-such-tag is not in the Docker engine at {DockerEngine.Endpoint()} and could not be pulled").And.Contain("build it with `.ci/etcd-image deepthought/etcd:no-such-tag`");
    }

    private static async Task<List<string>> Labelled(string label, string value) =>
        (await DockerEngine.ListAsync(DockerEngine.Endpoint(), label, value, CancellationToken.None)).Select(c => c.ID).ToList();

    private TwinContext Context(ScenarioSet scenarios, string profile = "deepthought.yaml") =>
        new(TalosTestWorld.Profile(profile), scenarios, _work, TimeProvider.System, requireRealBackends: false);
}
