using Deepthought.Twin.Mesh;

namespace Deepthought.Tests.MeshNetwork;

public sealed class ServiceAddressTests
{
    [Theory]
    [InlineData("http://voting-svc.emojivoto:8080", null, "voting-svc.emojivoto:8080")]
    [InlineData("http://voting-svc.emojivoto.svc:8080", null, "voting-svc.emojivoto:8080")]
    [InlineData("http://web-svc.emojivoto.svc.cluster.local/", null, "web-svc.emojivoto:80")]
    [InlineData("http://web-svc:80/api/list", "emojivoto", "web-svc.emojivoto:80")]
    public void ServiceAddress_ClusterDnsForms_ResolveToTheService(string uri, string? callerNs, string expected) =>
        ServiceAddress.Parse(new Uri(uri), callerNs, "cluster.local")!.ToString().Should().Be(expected);

    [Theory]
    [InlineData("http://web-svc/", null)]
    [InlineData("http://web-svc.emojivoto.svc.other.domain/", null)]
    [InlineData("http://a.b.c.d/", null)]
    public void ServiceAddress_OtherNames_DoNotResolve(string uri, string? callerNs) =>
        ServiceAddress.Parse(new Uri(uri), callerNs, "cluster.local").Should().BeNull();
}
