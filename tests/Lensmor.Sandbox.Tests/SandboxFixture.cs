using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Lensmor.Sandbox.Tests;

/// <summary>One in-process sandbox plus an authenticated HttpClient; dispose at the end of the test.</summary>
internal sealed class Harness : IAsyncDisposable
{
    private Harness(SandboxServer server, HttpClient client) { Server = server; Client = client; }

    public SandboxServer Server { get; }
    public HttpClient Client { get; }

    public static async Task<Harness> StartAsync(Action<SandboxOptions>? configure = null, TimeSpan? clientTimeout = null)
    {
        var options = new SandboxOptions { TaskStepDelay = TimeSpan.FromMilliseconds(40), TaskPollHintMs = 10 };
        configure?.Invoke(options);
        var server = await SandboxServer.StartAsync(options);
        var client = new HttpClient { BaseAddress = server.BaseUri, Timeout = clientTimeout ?? TimeSpan.FromSeconds(20) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.ApiKey);
        return new Harness(server, client);
    }

    public Task<HttpResponseMessage> PostJson(string path, object body) =>
        Client.PostAsync(path, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> Post(string path) => Client.PostAsync(path, content: null);

    public static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
