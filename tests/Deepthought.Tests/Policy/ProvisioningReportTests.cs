using System.Xml.Linq;
using Deepthought.Checks.Gateway;
using Deepthought.Checks.Model;
using Deepthought.Checks.Policy;
using Deepthought.Fixtures.Reports;
using Deepthought.Protocols.Formats;
using Deepthought.Tests.Gateway;
using Deepthought.Twin.Kubernetes;

namespace Deepthought.Tests.Policy;

/// <summary>A failed acceptance setup (namespace, RBAC, image pull) is a test case of its own in JUnit and HTML.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ProvisioningReportTests
{
    [Fact]
    public async Task AcceptanceSetup_ProbeImageCannotBePulled_IsAnInfrastructureProvisioningFailureInJunitAndHtml()
    {
        await using var world = await GatewayRun.StartAsync("probe-image-pull-fails", RunMode.Acceptance, probePodBudgetSeconds: 3);
        var results = await world.RunPhasesAsync();

        var (junit, html) = Reports(world, results);
        var failure = ProvisioningFailure(junit);
        failure.Should().MatchRegex(@"^probe pod deepthought-conformance/conformance-probe-[0-9a-f]{6}: image docker\.l5d\.io/buoyantio/emojivoto-web:v11 not started: .*ImagePullBackOff");
        html.Should().Contain("Infrastructure").And.Contain("Provisioning").And.Contain("ImagePullBackOff");
    }

    [Fact]
    public async Task AcceptanceSetup_NamespaceRefused_IsAnInfrastructureProvisioningFailureNamingTheRefusal()
    {
        await using var world = await GatewayRun.StartAsync(mode: RunMode.Acceptance);
        world.Store.AddAdmission((change, type, obj) =>
            change == ChangeType.Added && type.Kind == "Namespace" && obj.Str("metadata", "name") == IAcceptanceActions.ProbeNamespace
                ? "namespaces \"deepthought-conformance\" is forbidden: User \"deepthought-acceptance\" cannot create resource \"namespaces\""
                : null);
        var results = await world.RunPhasesAsync();

        var (junit, _) = Reports(world, results);
        ProvisioningFailure(junit).Should().StartWith("create Namespace deepthought-conformance: the API server answered 403 namespaces \"deepthought-conformance\" is forbidden");
        junit.Root!.Attribute("failures")!.Value.Should().NotBe("0");
    }

    private static (XDocument Junit, string Html) Reports(GatewayRun world, IReadOnlyDictionary<string, CheckResult> results)
    {
        var report = world.Run.BuildReport(results.Values);
        var doc = ResultsDocumentBuilder.Build(report);
        return (JunitReport.Build(doc), HtmlReport.Render(doc, null));
    }

    private static string ProvisioningFailure(XDocument junit)
    {
        var testcase = junit.Descendants("testcase").SingleOrDefault(t => t.Attribute("classname")?.Value == "Infrastructure" && t.Attribute("name")!.Value.StartsWith("Provisioning", StringComparison.Ordinal));
        testcase.Should().NotBeNull("a setup failure is a test case of its own");
        return testcase!.Element("failure")!.Attribute("message")!.Value;
    }
}
