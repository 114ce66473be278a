using System.Text.Json.Nodes;
using Deepthought.Checks.Gateway;
using Deepthought.Checks.Policy;
using Deepthought.Protocols;
using Deepthought.Protocols.Formats;
using Deepthought.Protocols.GatewayApi;
using Deepthought.Protocols.Profile;
using Deepthought.Tests.Support;

namespace Deepthought.Tests.Gateway;

/// <summary>The project's manifests parse, carry the profile's names, and refer to what emojivoto.yml really deploys.</summary>
public sealed class ProjectManifestTests
{
    private static readonly ClusterProfile Profile = Repo.LoadProfile();

    [Fact]
    public void GatewayYaml_ClassAndGateway_MatchTheProfileAndContour()
    {
        var docs = ProjectManifests.Load(Profile, ProjectManifests.Gateway);
        docs.Select(d => d.Str("kind")).Should().Equal("GatewayClass", "Gateway");

        var cls = GatewayClassInfo.From(docs[0]);
        cls.Name.Should().Be(Profile.Gateway.GatewayClass);
        cls.ControllerName.Should().Be("projectcontour.io/gateway-controller");

        var gw = GatewayInfo.From(docs[1]);
        (gw.Namespace, gw.Name, gw.ClassName).Should().Be((Profile.Gateway.GatewayNamespace, Profile.Gateway.GatewayName, Profile.Gateway.GatewayClass));
        gw.Listeners.Should().ContainSingle().Which.Should().Be(new ListenerSpec("http", "HTTP", 80, "", "All"));
        docs[1].Str("apiVersion").Should().Be("gateway.networking.k8s.io/v1");
    }

    [Fact]
    public void HttpRouteYaml_Route_AttachesToTheGatewayWithTheProfilesHostnameAndWebBackend()
    {
        var route = HttpRouteInfo.From(ProjectManifests.LoadOne(Profile, ProjectManifests.HttpRoute, "HTTPRoute"));
        (route.Namespace, route.Name).Should().Be((Profile.Gateway.RouteNamespace, Profile.Gateway.RouteName));
        route.Hostnames.Should().Equal(Profile.Gateway.Hostname);
        route.ParentRefs.Should().ContainSingle().Which.Should().Be(new ParentRef("gateway.networking.k8s.io", "Gateway", Profile.Gateway.GatewayNamespace, Profile.Gateway.GatewayName, "http"));
        route.Rules.Should().ContainSingle().Which.Paths.Should().Equal(new PathMatch("PathPrefix", Profile.Gateway.Path));
        route.Rules[0].Backends.Should().Equal(new BackendRef("", "Service", "emojivoto", "web-svc", 80));
    }

    [Fact]
    public void PolicyAttachmentYaml_Server_DescribesVotingsGrpcPortAsProfiled()
    {
        var doc = ProjectManifests.LoadOne(Profile, ProjectManifests.PolicyAttachment, "Server");
        doc.Str("apiVersion").Should().Be("policy.linkerd.io/v1beta3");
        var server = ServerInfo.From(doc);
        (server.Namespace, server.Name, server.Port, server.ProxyProtocol, server.AccessPolicy)
            .Should().Be((Profile.Policy.Namespace, Profile.Policy.ServerName, Profile.Policy.Port, "gRPC", "deny"));
        server.PodSelector.MatchLabels.Should().Equal(new Dictionary<string, string> { ["app"] = "voting-svc" });
    }

    [Fact]
    public void ServerAuthorizationYaml_AdmitsOnlyTheProfiledServiceAccounts()
    {
        var doc = ProjectManifests.LoadOne(Profile, ProjectManifests.ServerAuthorization, "ServerAuthorization");
        doc.Str("apiVersion").Should().Be("policy.linkerd.io/v1beta1");
        var saz = ServerAuthorizationInfo.From(doc);
        (saz.Namespace, saz.Name, saz.ServerName).Should().Be((Profile.Policy.Namespace, Profile.Policy.AuthorizationName, Profile.Policy.ServerName));
        saz.Unauthenticated.Should().BeFalse();
        saz.Identities.Should().BeEmpty();
        saz.ServiceAccounts.Select(s => s.Name).Should().Equal(Profile.Policy.AllowedServiceAccounts);
    }

    [Fact]
    public void AuthorizationPolicyYaml_AlternativeForm_TargetsTheServerAndRequiresWebsIdentity()
    {
        var docs = ProjectManifests.Load(Profile, ProjectManifests.AuthorizationPolicy);
        var observation = LinkerdPolicyObservation.From(
            [ProjectManifests.LoadOne(Profile, ProjectManifests.PolicyAttachment, "Server")], [],
            docs.Where(d => d.Str("kind") == "AuthorizationPolicy"), docs.Where(d => d.Str("kind") == "MeshTLSAuthentication"), []);
        var ap = observation.AuthorizationPolicies.Should().ContainSingle().Subject;
        ap.Name.Should().Be(Profile.Policy.AuthorizationName);

        var admissions = PolicyAnalysis.Admissions(observation, Profile.Policy.Namespace, Profile.Policy.ServerName, new Dictionary<string, string>(), Profile.Mesh.Linkerd);
        admissions.Select(a => a.ServiceAccount).Should().Equal("web.emojivoto");
    }

    [SkippableFact]
    public void Manifests_AgainstTheRealEmojivotoManifest_NameItsLabelsPortsAndServiceAccounts()
    {
        var data = Repo.RequireSharedData();
        var emojivoto = YamlJson.ParseDocuments(File.ReadAllText(Path.Combine(data, "emojivoto.yml")), "emojivoto.yml");

        // The route's backend: Service web-svc with port 80.
        var web = emojivoto.Single(d => d.Str("kind") == "Service" && d.Str("metadata", "name") == "web-svc");
        web.Items("spec", "ports").Select(p => p.Long("port")).Should().Contain(80);

        // The Server selects the voting pods and names a port their container declares.
        var server = ServerInfo.From(ProjectManifests.LoadOne(Profile, ProjectManifests.PolicyAttachment, "Server"));
        var voting = emojivoto.Single(d => d.Str("kind") == "Deployment" && d.Str("metadata", "name") == "voting");
        server.PodSelector.Matches(voting.StringMap("spec", "template", "metadata", "labels")).Should().BeTrue();
        var ports = voting.Items("spec", "template", "spec", "containers").SelectMany(c => c.Items("ports")).ToList();
        ports.Should().Contain(p => p.Str("name") == server.Port && p.Long("containerPort") == 8080);

        // Only voting pods are selected: web and emoji carry other app labels.
        emojivoto.Where(d => d.Str("kind") == "Deployment" && d.Str("metadata", "name") != "voting")
            .Should().OnlyContain(d => !server.PodSelector.Matches(d.StringMap("spec", "template", "metadata", "labels")));

        // The authorized service account is web's.
        emojivoto.Should().Contain(d => d.Str("kind") == "ServiceAccount" && d.Str("metadata", "name") == "web");
        emojivoto.Single(d => d.Str("kind") == "Deployment" && d.Str("metadata", "name") == "web").Str("spec", "template", "spec", "serviceAccountName").Should().Be("web");
    }

    [Fact]
    public void YamlJson_PlainAndQuotedScalars_KeepKubernetesTypes()
    {
        var doc = YamlJson.ParseDocuments("a: 80\nb: \"80\"\nc: true\nd: ~\ne: 10:30\nf: 1.5\ng: v1\n---\n", "t.yaml").Single();
        doc["a"]!.GetValueKind().Should().Be(System.Text.Json.JsonValueKind.Number);
        doc["b"]!.GetValue<string>().Should().Be("80");
        doc["c"]!.GetValue<bool>().Should().BeTrue();
        doc["d"].Should().BeNull();
        doc["e"]!.GetValue<string>().Should().Be("10:30");
        doc["f"]!.GetValue<double>().Should().Be(1.5);
        doc["g"]!.GetValue<string>().Should().Be("v1");
    }

    [Fact]
    public void ProjectManifests_ProfileWithoutManifestsFolder_IsAConfigurationErrorNamingTheFolder()
    {
        var yaml = File.ReadAllText(Repo.Profile).Replace("name: deepthought", "name: nowhere", StringComparison.Ordinal);
        var profile = ProfileLoader.Parse(yaml, "nowhere.yaml");
        var act = () => ProjectManifests.Load(profile, ProjectManifests.Gateway);
        act.Should().Throw<Deepthought.Protocols.ConfigurationException>().WithMessage("*no manifests folder profiles/nowhere/manifests*");
    }

    internal static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
