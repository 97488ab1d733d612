using Lensmor.Core.Http;

namespace Lensmor.Core.Tests.Support;

/// <summary>
/// A server's rate limit as Lensmor.Sandbox's RateLimiter answers it, on a fake clock: a token bucket of
/// <paramref name="burst"/> refilled at <paramref name="perSecond"/>; Remaining rounded down, Reset the first whole
/// second at which the bucket is full again, and a 429 with Retry-After (taking nothing) when it is empty.
/// </summary>
public sealed class SimulatedLimit(double perSecond, int burst)
{
    private double tokens = burst;
    private double? at;

    public (bool Allowed, int Remaining, long Reset, int RetryAfter) Take(double now, double unixNow)
    {
        tokens = Math.Min(burst, tokens + ((now - (at ?? now)) * perSecond));
        at = now;
        var second = (long)Math.Floor(unixNow);
        if (tokens < 1)
        {
            var wait = Math.Max(1, (int)Math.Ceiling((1 - tokens) / perSecond));
            return (false, 0, second + wait, wait);
        }

        tokens -= 1;
        var fullAt = unixNow + ((burst - tokens) / perSecond);
        return (true, (int)Math.Floor(tokens), Math.Max(second + 1, (long)Math.Ceiling(fullAt)), 0);
    }
}

/// <summary>
/// One <see cref="RateModel"/> and the server behind its base URL, run on a fake clock: clients send requests one
/// after another, each reserved, sent, taken by the server half-way through its round trip and observed as
/// LensmorClient does (a 429: observed without headers, then Throttled, then sent again after Retry-After).
/// The server can be replaced, as a new sandbox on a reused port or a plan change replaces it.
/// </summary>
public sealed class RateLimitSimulation
{
    private readonly PriorityQueue<Action, (double At, long Order)> events = new();
    private readonly List<(double At, int Status)> log = new();
    private long order;

    public RateLimitSimulation(SimulatedLimit server)
    {
        Server = server;
        Model = new RateModel(() => Now, () => Unix);
    }

    public double Now { get; private set; } = 1000;

    public double Unix => 1_800_000_000.25 + Now;

    public RateModel Model { get; }

    public SimulatedLimit Server { get; set; }

    /// <summary>Every answer of the last <see cref="Run"/>: seconds since it started, and the status.</summary>
    public IReadOnlyList<(double At, int Status)> Log => log;

    public int Count(int status) => log.Count(l => l.Status == status);

    public string Describe() => string.Join(" ", log.Select(l => $"{l.At * 1000:0} ms: {l.Status}"));

    public void Idle(double seconds) => Now += seconds;

    /// <summary><paramref name="clients"/> send <paramref name="each"/> requests each, one at a time, until all are answered 200.</summary>
    public RateLimitSimulation Run(int clients, int each, double roundTrip = 0.002)
    {
        log.Clear();
        var start = Now;
        for (var c = 0; c < clients; c++)
        {
            var left = each;
            void Send()
            {
                var (sequence, wait) = Model.Reserve();
                At(Now + wait, () =>
                {
                    Model.Sending(sequence);
                    At(Now + (roundTrip / 2), () =>
                    {
                        var answer = Server.Take(Now, Unix);
                        At(Now + (roundTrip / 2), () =>
                        {
                            log.Add((Now - start, answer.Allowed ? 200 : 429));
                            if (!answer.Allowed)
                            {
                                Model.Observe(sequence, null, null);
                                Model.Throttled(TimeSpan.FromSeconds(answer.RetryAfter));
                                At(Now + answer.RetryAfter, Send);
                                return;
                            }

                            Model.Observe(sequence, answer.Remaining, answer.Reset);
                            if (--left > 0)
                            {
                                Send();
                            }
                        });
                    });
                });
            }

            At(Now, Send);
        }

        while (events.TryDequeue(out var next, out var when))
        {
            Now = when.At;
            next();
        }

        return this;
    }

    private void At(double time, Action action) => events.Enqueue(action, (time, order++));
}
