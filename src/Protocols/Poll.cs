namespace Deepthought.Protocols;

/// <summary>One attempt's outcome: done or not, and the state observed (kept for the failure message).</summary>
public readonly record struct Attempt<T>(bool Done, T Value, string State);

/// <summary>The result of polling: the last attempt and how many were made.</summary>
public sealed record PollResult<T>(bool Succeeded, T? Value, string LastState, int Attempts, TimeSpan Elapsed);

/// <summary>
/// The one polling helper: an interval, a per-attempt timeout and an overall deadline, all on the injected
/// <see cref="TimeProvider"/> (tests advance time instead of sleeping). A timeout never says only "timed out":
/// the result carries the last observed state and the last error.
/// </summary>
public static class Poll
{
    public static async Task<PollResult<T>> UntilAsync<T>(
        Func<CancellationToken, Task<Attempt<T>>> attempt,
        TimeSpan interval,
        TimeSpan perAttemptTimeout,
        TimeSpan deadline,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        var attempts = 0;
        var lastState = "no attempt completed";
        T? lastValue = default;
        while (true)
        {
            attempts++;
            using (var perAttempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                perAttempt.CancelAfter(perAttemptTimeout);
                try
                {
                    var a = await attempt(perAttempt.Token);
                    lastState = a.State;
                    lastValue = a.Value;
                    if (a.Done)
                    {
                        return new(true, a.Value, a.State, attempts, time.GetElapsedTime(start));
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    lastState = $"attempt {attempts} got no answer within {perAttemptTimeout.TotalSeconds:0.#} s (before that: {lastState})";
                }
                catch (ProbeException e)
                {
                    lastState = e.Message;
                }
            }

            var elapsed = time.GetElapsedTime(start);
            if (elapsed + interval > deadline)
            {
                return new(false, lastValue, lastState, attempts, elapsed);
            }

            await Task.Delay(interval, time, cancellationToken);
        }
    }
}
