using System.Globalization;

namespace Lensmor.Sandbox;

public static class Program
{
    public const string Usage = "Usage: Lensmor.Sandbox [--urls http://127.0.0.1:5080] [--api-key sk_...] [--balance 30050] [--latency-ms 0] [--rate-limit 200] [--rate-burst 400] [--no-rate-limit] [--seed 42]";

    public static int Main(string[] args) => MainAsync(args).GetAwaiter().GetResult();

    /// <summary>The command line as options; a bad argument or value throws ArgumentException, FormatException or OverflowException.</summary>
    public static SandboxOptions ParseArguments(IReadOnlyList<string> args)
    {
        var options = new SandboxOptions { Urls = "http://127.0.0.1:5080" };
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            var eq = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0) { inline = arg[(eq + 1)..]; arg = arg[..eq]; }
            string Value() => inline ?? (i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value."));
            int Int() => int.Parse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            switch (arg.ToLowerInvariant())
            {
                case "--urls": options.Urls = Value(); break;
                case "--api-key": options.ApiKey = Value(); break;
                case "--balance": options.SubscriptionBalance = decimal.Parse(Value(), NumberStyles.Number, CultureInfo.InvariantCulture); break;
                case "--latency-ms": options.LatencyMs = Int(); break;
                case "--rate-limit": options.RateLimitPerSecond = Int(); break;
                case "--rate-burst": options.RateLimitBurst = Int(); break;
                case "--no-rate-limit": options.RateLimited = false; break;
                case "--seed": options.Seed = Int(); break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        if (options.SubscriptionBalance < 0 || options.LatencyMs < 0) throw new ArgumentException("--balance and --latency-ms must not be negative.");
        if (options.RateLimitPerSecond < 1 || options.RateLimitBurst < 1) throw new ArgumentException("--rate-limit and --rate-burst must be at least 1.");
        return options;
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
            Console.WriteLine($"Balance: {server.Ledger.TotalBalance.ToString("#,0.##", CultureInfo.InvariantCulture)} credits");
            Console.WriteLine($"$env:LENSMOR_BASE_URL='{baseUrl}'; $env:LENSMOR_API_KEY='{server.ApiKey}'");
            Console.WriteLine("Press Ctrl+C to stop.");
            try { await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
        return 0;
    }
}
