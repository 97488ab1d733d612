using Lensmor.Core.Http;
using Lensmor.Core.Session;
using Lensmor.Sandbox;

namespace Lensmor.Core.Tests.Support;

/// <summary>Starts the sandbox in-process on 127.0.0.1, port 0, and builds sessions against it.</summary>
public static class TestSandbox
{
    public const string PaidEventId = "139001";

    /// <summary>
    /// A sandbox profile for every test sandbox of the run ("real"), for a manual run of a suite at the real
    /// service's conditions: <c>LENSMOR_TEST_SANDBOX_PROFILE=real dotnet test tests/Lensmor.Core.Tests --filter ...</c>.
    /// A test's own settings still win. Unset (as in CI), tests run at the generous defaults.
    /// </summary>
    public const string ProfileVariable = "LENSMOR_TEST_SANDBOX_PROFILE";

    /// <remarks>
    /// Each sandbox has a key of its own (SandboxOptions' default), so each is an account of its own, with its own rate
    /// model: with one key for all, a sandbox on a port an earlier one used inherited what that server had taught it.
    /// </remarks>
    public static Task<SandboxServer> StartAsync(Action<SandboxOptions>? configure = null)
    {
        var options = new SandboxOptions
        {
            TaskStepDelay = TimeSpan.FromMilliseconds(50),
            TaskPollHintMs = 20,
        };
        if (Environment.GetEnvironmentVariable(ProfileVariable) is { Length: > 0 } profile)
        {
            options.UseProfile(profile);
        }

        configure?.Invoke(options);
        return SandboxServer.StartAsync(options);
    }

    /// <summary>Fast retries so that tests stay quick; Retry-After is still honoured as sent.</summary>
    public static LensmorSession Session(SandboxServer server, string? key = null, TimeSpan? timeout = null, CallSource callSource = CallSource.Api) =>
        new(ApiKey.Parse(key ?? server.ApiKey, ApiKeySource.Parameter), new LensmorConnectionOptions
        {
            BaseUri = server.BaseUri.ToString(),
            CallSource = callSource,
            RequestTimeout = timeout ?? TimeSpan.FromSeconds(20),
            Retry = new RetrySettings { MaxRetries = 3, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) },
        });

    public static int PaidRequests(SandboxServer server) => server.Requests.Paid.Count;

    public static string UnlockRoute(string eventId) => $"^/external/events/{eventId}/unlock$";
}

public static class Eventually
{
    /// <summary>
    /// The sandbox logs a request when it finishes handling it; after a client-side timeout or a dropped
    /// connection that can be a moment after the client gave up.
    /// </summary>
    public static async Task<bool> HoldsAsync(Func<bool> condition, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }
}

/// <summary>A journal file of its own per test, deleted afterwards.</summary>
public sealed class TempJournal : IDisposable
{
    public TempJournal()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lensmor-tests", Guid.NewGuid().ToString("N"));
        Path = System.IO.Path.Combine(Directory, "journal.jsonl");
        Journal = new Lensmor.Core.Spending.IntentJournal(Path);
    }

    public string Directory { get; }
    public string Path { get; }
    public Lensmor.Core.Spending.IntentJournal Journal { get; }

    public string Text => File.Exists(Path) ? File.ReadAllText(Path) : string.Empty;

    public LensmorSession Session(Lensmor.Sandbox.SandboxServer server, string? key = null, TimeSpan? timeout = null) =>
        new(ApiKey.Parse(key ?? server.ApiKey, ApiKeySource.Parameter), new LensmorConnectionOptions
        {
            BaseUri = server.BaseUri.ToString(),
            RequestTimeout = timeout ?? TimeSpan.FromSeconds(20),
            Retry = new RetrySettings { MaxRetries = 3, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) },
            Journal = Journal,
        });

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
