using Deepthought.Checks.Model;
using Deepthought.Protocols;
using Deepthought.Twin.Talos;
using FluentAssertions;
using Xunit;

namespace Deepthought.Tests.Talos;

/// <summary>No private key — PEM, its base64, or the talosconfig's base64-of-PEM — reaches a verdict, its evidence or an observation.</summary>
public sealed class SecretsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("talosconfig-wrong-ca")]
    [InlineData("talos-client-cert-expired")]
    [InlineData("apid-unreachable,data-disk-gpt")]
    public async Task Verdicts_AnyScenario_CarryNoKeyMaterial(string scenario)
    {
        await using var world = await TwinChecks.StartAsync(scenario);
        var keys = File.ReadAllLines(world.Twin.TalosconfigPath!).Where(l => l.TrimStart().StartsWith("key: ", StringComparison.Ordinal))
            .Select(l => l.Trim()["key: ".Length..]).ToList();
        keys.Should().HaveCount(2);

        var results = await world.Engine.RunAsync([Phase.Talos, Phase.Etcd, Phase.Storage], CancellationToken.None);

        var text = string.Join("\n", results.SelectMany(r => new[] { r.Verdict.Message, r.Check.Hint }.Concat(r.Verdict.Evidence.Select(e => e.ToString()))));
        text = text + "\n" + string.Join("\n", new object?[]
        {
            await Observe<Deepthought.Checks.Talos.TalosconfigObservation>(world),
        });
        foreach (var key in keys)
        {
            var pem = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(key));
            AssertNoKeyMaterial(text, pem, key);
        }
    }

    /// <summary>Fails when any line of the key's PEM body, the PEM label or the base64 of the PEM appears in the text.</summary>
    internal static void AssertNoKeyMaterial(string text, string pem, string? base64 = null)
    {
        text.Should().NotContain("PRIVATE KEY");
        if (base64 is not null)
        {
            text.Should().NotContain(base64[..24]);
        }

        foreach (var line in pem.Split('\n').Where(l => l.Length > 16 && !l.StartsWith("-----", StringComparison.Ordinal)))
        {
            text.Should().NotContain(line.Trim()[..16]);
        }
    }

    internal static void AssertNoKeyMaterial(string text, CertifiedKey key) =>
        AssertNoKeyMaterial(text, key.PrivateKeyPem, TalosPki.Base64(key.PrivateKeyPem));

    private static async Task<string> Observe<T>(TwinChecks world)
        where T : class
    {
        try
        {
            return (await world.Cache.GetAsync<T>(CancellationToken.None)).ToString()!;
        }
        catch (ProbeException e)
        {
            return e.Message;
        }
    }
}
