namespace Deepthought.Checks.Policy;

/// <summary>The ids of the Policy phase's checks.</summary>
public static class PolicyCheckIds
{
    public const string Server = "policy.server";
    public const string Authorization = "policy.authorization";
    public const string DenyWithoutAuthorization = "policy.deny-without-authorization";
    public const string AllowWithAuthorization = "policy.allow-with-authorization";
    public const string ForeignIdentityDenied = "policy.foreign-identity-denied";
    public const string NoLeftovers = "policy.no-leftovers";
}
