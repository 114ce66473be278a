using Deepthought.Checks.Model;
using Deepthought.Twin.Cluster;
using Deepthought.Twin.Talos;
using k8s;

namespace Deepthought.Tests.Support;

/// <summary>The one test world: its parts, and fresh judgements against the run's memoized ones.</summary>
public sealed class TestWorldTests
{
    [Fact]
    public async Task Only_SomeParts_LeavesOutTheOthersButKeepsTheApiServerTheTargetPathNeeds()
    {
        await using var world = await TestWorld.StartAsync(new WorldOptions { Exclude = TestWorld.Only(typeof(ClusterSeeder)) });

        world.Context.Find<ApidCluster>().Should().BeNull("the Talos apids were left out");
        world.Twin.TalosconfigPath.Should().BeNull();
        using var auditor = world.Client($"auditor@{world.Profile.Name}");
        (await auditor.CoreV1.ListNodeAsync()).Items.Should().HaveCount(world.Profile.Nodes.Count, "the seeded nodes, served through the kubeconfig");
    }

    [Fact]
    public async Task JudgeAsync_TwinChangedAfterTheRunJudged_SeesTheChangeWhileTheRunKeepsItsVerdict()
    {
        await using var world = await TestWorld.StartAsync(new WorldOptions { Exclude = TestWorld.Only(typeof(ClusterSeeder)) });
        const string check = "mesh.linkerd-privileged";
        (await world.EvaluateAsync(check)).Outcome.Should().Be(Outcome.Pass);

        var ns = world.Store.Get("v1", "Namespace", null, "linkerd")!;
        ns["metadata"]!["labels"]!["pod-security.kubernetes.io/enforce"] = "baseline";
        world.Store.Put(ns);

        (await world.EvaluateAsync(check)).Outcome.Should().Be(Outcome.Pass, "a run judges each check once");
        var fresh = await world.JudgeAsync(check);
        fresh.Outcome.Should().Be(Outcome.Fail);
        fresh.Verdict.Message.Should().Contain("expected pod-security.kubernetes.io/enforce=privileged, got baseline");
    }
}
