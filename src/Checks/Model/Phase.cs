namespace Deepthought.Checks.Model;

/// <summary>The seed's sections, in the order the cluster was built (and is verified).</summary>
public enum Phase
{
    Talos = 0,
    Etcd = 1,
    Storage = 2,
    Mesh = 3,
    Gateway = 4,
    Policy = 5,
}

/// <summary>What a failed check means for the run: a failure, or a warning that does not fail the run.</summary>
public enum Severity
{
    Fail,
    Warn,
}

/// <summary>The outcome of one check.</summary>
public enum Outcome
{
    Pass,
    Warn,
    Fail,
    Skip,
    Blocked,
}

/// <summary>Read-only audit, or acceptance (may apply the project's manifests and clean up after itself).</summary>
public enum RunMode
{
    Audit,
    Acceptance,
}
