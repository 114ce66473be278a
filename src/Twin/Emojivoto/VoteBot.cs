using Deepthought.Protocols;

namespace Deepthought.Twin.Emojivoto;

/// <summary>One vote-bot round: the choice and web's answer to the vote.</summary>
public sealed record VoteRound(string Choice, int Status);

/// <summary>
/// emojivoto's vote-bot: every second (on the twin's clock) it lists the emojis and votes for one through web-svc,
/// :doughnut: about one time in seven (upstream: 15 %). The choice sequence is deterministic so tests can predict it;
/// <see cref="GenerateTrafficAsync"/> runs rounds on demand.
/// </summary>
public sealed class VoteBot : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _web;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private int _round = -1;
    private volatile bool _paused;

    /// <param name="http">The vote-bot pod's client (its outbound proxy).</param>
    /// <param name="webHost">WEB_HOST, e.g. web-svc.emojivoto:80.</param>
    public VoteBot(HttpClient http, string webHost, TimeProvider time, TimeSpan interval)
    {
        _http = http;
        _web = new Uri($"http://{webHost}/");
        _time = time;
        Interval = interval;
    }

    public TimeSpan Interval { get; }

    /// <summary>Rounds run so far (loop and on demand), failures included.</summary>
    public int Rounds => Volatile.Read(ref _round) + 1;

    /// <summary>The choice of round <paramref name="n"/>: doughnut when n % 7 == 3, otherwise a stride through the catalog.</summary>
    public static string ChoiceFor(int n)
    {
        if (n % 7 == 3)
        {
            return EmojiCatalog.Doughnut;
        }

        var all = EmojiCatalog.All;
        var pick = all[(n * 37) % all.Count];
        return pick.Shortcode == EmojiCatalog.Doughnut ? all[((n * 37) + 1) % all.Count].Shortcode : pick.Shortcode;
    }

    /// <summary>Runs <paramref name="rounds"/> rounds now, one after the other.</summary>
    public async Task<IReadOnlyList<VoteRound>> GenerateTrafficAsync(int rounds, CancellationToken cancellationToken)
    {
        var done = new List<VoteRound>(rounds);
        for (var i = 0; i < rounds; i++)
        {
            done.Add(await RoundAsync(cancellationToken));
        }

        return done;
    }

    /// <summary>Starts the background loop (idempotent).</summary>
    public void Start() => _loop ??= Task.Run(LoopAsync);

    /// <summary>Stops voting from the loop (on-demand rounds still work): tests that count requests pause it.</summary>
    public void Pause() => _paused = true;

    public void Resume() => _paused = false;

    private async Task<VoteRound> RoundAsync(CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _round);
        using (var list = await _http.GetAsync(new Uri(_web, "api/list"), cancellationToken))
        {
            // Like upstream, the bot votes whatever the list said; the list is fetched to make web call emoji.
            await list.Content.ReadAsByteArrayAsync(cancellationToken);
        }

        var choice = ChoiceFor(n);
        using var vote = await _http.GetAsync(new Uri(_web, $"api/vote?choice={Uri.EscapeDataString(choice)}"), cancellationToken);
        await vote.Content.ReadAsByteArrayAsync(cancellationToken);
        return new VoteRound(choice, (int)vote.StatusCode);
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Clock.PauseAsync(Interval, _time, _stop.Token);
                if (!_paused)
                {
                    await RoundAsync(_stop.Token);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception) when (!_stop.IsCancellationRequested)
            {
                // web unreachable or slow for a moment: the real bot logs and carries on
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        _stop.Dispose();
        _http.Dispose();
    }
}
