namespace Deepthought.Protocols;

/// <summary>
/// The clock seam: the one place that pauses and measures elapsed time, always on an injected
/// <see cref="TimeProvider"/> (tests pass a FakeTimeProvider and advance it; real processes get
/// <see cref="TimeProvider.System"/>). <c>Task.Delay</c>, <c>Thread.Sleep</c>, <c>Stopwatch</c> and
/// <c>TimeProvider.GetTimestamp</c>/<c>GetElapsedTime</c> are banned everywhere else (BannedSymbols.txt, RS0030),
/// and a test (Foundation/WallClockGuardTests) greps the sources for them. To wait until something holds, use
/// <see cref="Poll"/>; use <see cref="PauseAsync"/> only where the pause is the behaviour itself (a retry back-off,
/// a simulated daemon's interval).
/// </summary>
// RS0030: this file is the seam the ban points to; nothing else may call the banned members.
#pragma warning disable RS0030
public static class Clock
{
    /// <summary>A fixed pause on the given clock (a retry back-off, a daemon's interval); cancellable.</summary>
    public static Task PauseAsync(TimeSpan duration, TimeProvider time, CancellationToken cancellationToken) =>
        Task.Delay(duration, time, cancellationToken);

    /// <summary>Completes only when the token is cancelled, as cancelled (a server's or a command's lifetime; no clock involved).</summary>
    public static Task UntilCancelledAsync(CancellationToken cancellationToken) =>
        Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);

    /// <summary>Starts measuring elapsed time on the given clock (what a Stopwatch would, but on the injected clock).</summary>
    public static ElapsedTimer StartTimer(TimeProvider time) => new(time);
}

/// <summary>Elapsed time since the start (or the last <see cref="Restart"/>), read on a <see cref="TimeProvider"/>'s timestamps.</summary>
public sealed class ElapsedTimer
{
    private readonly TimeProvider _time;
    private long _started;

    internal ElapsedTimer(TimeProvider time)
    {
        _time = time;
        _started = time.GetTimestamp();
    }

    public TimeSpan Elapsed => _time.GetElapsedTime(_started);

    public long ElapsedMilliseconds => (long)Elapsed.TotalMilliseconds;

    /// <summary>Starts measuring again from now.</summary>
    public void Restart() => _started = _time.GetTimestamp();
}
#pragma warning restore RS0030
