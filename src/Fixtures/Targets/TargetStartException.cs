namespace Deepthought.Fixtures.Targets;

/// <summary>
/// The target could not be brought up although the configuration is right: a provisioning step failed, a download
/// or a pinned artifact did not arrive intact, the new cluster did not answer. <c>deepthought run</c> prints the one
/// line and exits 1 (the run failed); exit 2 stays for a wrong configuration, which the user fixes by editing it.
/// </summary>
public sealed class TargetStartException(string message, Exception? inner = null) : Exception(message, inner);
