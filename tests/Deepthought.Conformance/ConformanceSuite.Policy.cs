namespace Deepthought.Conformance;

public sealed partial class ConformanceSuite
{
    [SkippableFact, Trait("Phase", "Policy"), Trait("Check", "policy.server")]
    public Task VotingServerExists() => Verify("policy.server");

    [SkippableFact, Trait("Phase", "Policy"), Trait("Check", "policy.authorization")]
    public Task OnlyWebIsAuthorized() => Verify("policy.authorization");

    [SkippableFact, Trait("Phase", "Policy"), Trait("Check", "policy.deny-without-authorization")]
    public Task DeniedWithoutAuthorization() => Verify("policy.deny-without-authorization");

    [SkippableFact, Trait("Phase", "Policy"), Trait("Check", "policy.allow-with-authorization")]
    public Task AllowedWithAuthorization() => Verify("policy.allow-with-authorization");

    [SkippableFact, Trait("Phase", "Policy"), Trait("Check", "policy.foreign-identity-denied")]
    public Task ForeignIdentityDenied() => Verify("policy.foreign-identity-denied");

    [SkippableFact, Trait("Phase", "Policy"), Trait("Check", "policy.no-leftovers")]
    public Task NoLeftovers() => Verify("policy.no-leftovers");
}
