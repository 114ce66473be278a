using Deepthought.Checks.Model;
using Deepthought.Protocols;

namespace Deepthought.Tests.Support;

/// <summary>
/// Test waits for something the twin does on its own (a watch arriving, a controller's status): <see cref="Poll"/> on
/// the system clock, which the twin's servers run on. The result says whether it held and what was last seen.
/// </summary>
public static class Eventually
{
    public static Task<PollResult<bool>> HoldsAsync(Func<bool> condition, string what, TimeSpan deadline) =>
        Poll.UntilAsync(
            _ => Task.FromResult(condition() ? new Attempt<bool>(true, true, what) : new Attempt<bool>(false, false, $"not yet: {what}")),
            TimeSpan.FromMilliseconds(20),
            deadline,
            deadline,
            TimeProvider.System,
            CancellationToken.None);
}
