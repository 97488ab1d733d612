using System.Globalization;

namespace Lensmor.Sandbox;

public static class Program
{
    public const string Usage = "Usage: Lensmor.Sandbox [--profile default|real] [--urls http://127.0.0.1:5080] [--api-key sk_...] [--balance 30050] [--latency-ms 0] [--latency-jitter-ms 0] " +
        "[--rate-limit 200] [--rate-burst 400] [--no-rate-limit] [--task-step-ms 300] [--poll-hint-ms 100] [--read-fault-percent 0] [--seed 42]\n" +
        "--profile real: 150±50 ms latency, 2 requests/s with a burst of 120, contact tasks of 20 s (poll hint 5 s), 1% of reads answer 503 (paid routes never). " +
        "Other switches, wherever they stand, override the profile.";

    public static int Main(string[] args) => MainAsync(args).GetAwaiter().GetResult();

    /// <summary>
    /// The command line as options; a bad argument or value throws ArgumentException, FormatException or OverflowException.
    /// --profile is applied first, wherever it stands, so that the other switches refine it.
    /// </summary>
    public static SandboxOptions ParseArguments(IReadOnlyList<string> args)
    {
        var options = new SandboxOptions { Urls = "http://127.0.0.1:5080", ApiKey = SandboxOptions.ReadmeApiKey };
        var profile = Parse(options, args, profileOnly: true);
        if (profile != null) options.UseProfile(profile);
        Parse(options, args, profileOnly: false);

        if (options.SubscriptionBalance < 0 || options.LatencyMs < 0 || options.LatencyJitterMs < 0) throw new ArgumentException("--balance, --latency-ms and --latency-jitter-ms must not be negative.");
        if (options.RateLimitPerSecond < 1 || options.RateLimitBurst < 1) throw new ArgumentException("--rate-limit and --rate-burst must be at least 1.");
        if (options.TaskStepDelay < TimeSpan.Zero || options.TaskPollHintMs < 0) throw new ArgumentException("--task-step-ms and --poll-hint-ms must not be negative.");
        if (options.ReadFaultPercent is < 0 or > 100) throw new ArgumentException("--read-fault-percent must be between 0 and 100.");
        return options;
    }

    /// <returns>The --profile value (in the first pass).</returns>
    private static string? Parse(SandboxOptions options, IReadOnlyList<string> args, bool profileOnly)
    {
        string? profile = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            var eq = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0) { inline = arg[(eq + 1)..]; arg = arg[..eq]; }
            string Value() => inline ?? (i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value."));
            int Int() => int.Parse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            if (profileOnly)
            {
                // Only --profile is taken here; a value that follows a switch is skipped with it.
                if (arg.Equals("--profile", StringComparison.OrdinalIgnoreCase)) profile = Value();
                else if (inline == null && arg != "--no-rate-limit" && i + 1 < args.Count) i++;
                continue;
            }

            switch (arg.ToLowerInvariant())
            {
                case "--profile": Value(); break;
                case "--urls": options.Urls = Value(); break;
                case "--api-key": options.ApiKey = Value(); break;
                case "--balance": options.SubscriptionBalance = decimal.Parse(Value(), NumberStyles.Number, CultureInfo.InvariantCulture); break;
                case "--latency-ms": options.LatencyMs = Int(); break;
                case "--latency-jitter-ms": options.LatencyJitterMs = Int(); break;
                case "--task-step-ms": options.TaskStepDelay = TimeSpan.FromMilliseconds(Int()); break;
                case "--poll-hint-ms": options.TaskPollHintMs = Int(); break;
                case "--read-fault-percent": options.ReadFaultPercent = double.Parse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture); break;
                case "--rate-limit": options.RateLimitPerSecond = Int(); break;
                case "--rate-burst": options.RateLimitBurst = Int(); break;
                case "--no-rate-limit": options.RateLimited = false; break;
                case "--seed": options.Seed = Int(); break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        return profile;
    }

    private static async Task<int> MainAsync(string[] args)
    {
        if (args.Any(a => a is "-h" or "--help" or "-?"))
        {
            Console.WriteLine(Usage);
            return 0;
        }

        SandboxOptions options;
        try
        {
            options = ParseArguments(args);
            SandboxServer.ParseLoopbackUrls(options.Urls);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
        {
            await Console.Error.WriteLineAsync("Lensmor sandbox: " + ex.Message).ConfigureAwait(false);
            return 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            try { stop.Cancel(); } catch (ObjectDisposedException) { }
        });

        SandboxServer server;
        try
        {
            server = await SandboxServer.StartAsync(options, stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            await Console.Error.WriteLineAsync("Lensmor sandbox: could not start: " + ex.Message).ConfigureAwait(false);
            return 1;
        }

        await using (server.ConfigureAwait(false))
        {
            var baseUrl = server.BaseUri.ToString().TrimEnd('/');
            Console.WriteLine($"Lensmor sandbox listening on {server.BaseUri}");
            Console.WriteLine($"API key: {server.ApiKey}");
            Console.WriteLine(options.RateLimited ? $"Rate limit: {options.RateLimitPerSecond} requests/s, burst {options.RateLimitBurst}" : "Rate limit: off");
            Console.WriteLine(SandboxProfiles.Describe(options));
            Console.WriteLine($"Balance: {server.Ledger.TotalBalance.ToString("#,0.##", CultureInfo.InvariantCulture)} credits");
            Console.WriteLine($"$env:LENSMOR_BASE_URL='{baseUrl}'; $env:LENSMOR_API_KEY='{server.ApiKey}'");
            Console.WriteLine("Press Ctrl+C to stop.");
            try { await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
        return 0;
    }
}
