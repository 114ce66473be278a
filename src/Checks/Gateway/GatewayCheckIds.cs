namespace Deepthought.Checks.Gateway;

/// <summary>The ids of the Gateway phase's checks (other checks depend on them).</summary>
public static class GatewayCheckIds
{
    public const string Release = "gateway.contour-release";
    public const string Running = "gateway.contour-running";
    public const string ClassAccepted = "gateway.gatewayclass-accepted";
    public const string Programmed = "gateway.gateway-programmed";
    public const string RouteAccepted = "gateway.httproute-accepted";
    public const string Traffic = "gateway.traffic";
    public const string ProvisionedObjects = "gateway.provisioned-contour";
}
