using Deepthought.Checks.Model;
using Xunit.Abstractions;

namespace Deepthought.Tests.Scenarios;

/// <summary>
/// No check hard-codes a seed value: the whole audit on a twin built from profiles/deepthought-variant.yaml (three
/// control planes, other node names, IPs and disks, Talos v1.10.5) judges exactly as on the seed
/// profile, except the single-member etcd warning that three control planes remove.
/// </summary>
[Collection(TwinRuns.Collection)]
public sealed class VariantProfileTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task VariantProfile_WholeAuditOnItsTwin_JudgesAsTheSeedProfile()
    {
        var seed = await TwinRuns.NonPassingAsync("", "", RunMode.Audit);
        var variant = await TwinRuns.NonPassingAsync("", "deepthought-variant.yaml", RunMode.Audit);
        foreach (var line in variant.Values.Order(StringComparer.Ordinal))
        {
            output.WriteLine(line);
        }

        seed.Should().ContainKey("etcd.fault-tolerance", "the seed's single control plane tolerates no etcd member failure");
        var expected = seed.Keys.Where(id => id != "etcd.fault-tolerance").ToHashSet();
        variant.Keys.Should().BeEquivalentTo(expected,
            $"a twin built from the variant profile must judge as one built from the seed; variant: {string.Join(" | ", variant.Values)}; seed: {string.Join(" | ", seed.Values)}");
    }
}
