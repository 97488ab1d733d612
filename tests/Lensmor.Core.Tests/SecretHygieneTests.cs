using Lensmor.Core.Operations;
using Lensmor.Core.Session;

namespace Lensmor.Core.Tests;

public class SecretHygieneTests
{
    private const string CanaryKey = "sk_CANARY7f3a9c1e5b2d8f4a6c0e";

    [Fact]
    public void The_key_prints_as_its_prefix_only()
    {
        var key = Http.ApiKey.Parse(CanaryKey, Http.ApiKeySource.Parameter);

        Assert.Equal("sk_****", key.ToString());
        Assert.Equal("sk_****", $"{key}");
    }

    [Fact]
    public void The_redactor_masks_the_key_and_any_bearer_token()
    {
        var redactor = new Http.Redactor(CanaryKey);

        Assert.Equal("key *** end", redactor.Redact("key " + CanaryKey + " end"));
        Assert.Equal("Authorization: Bearer ***", redactor.Redact("Authorization: Bearer uak_someoneelses"));
    }

    [Fact]
    public void The_context_shows_where_the_key_came_from_never_the_key()
    {
        using var session = new Session.LensmorSession(Http.ApiKey.Parse(CanaryKey, Http.ApiKeySource.Environment), new Session.LensmorConnectionOptions { BaseUri = "http://127.0.0.1:5080" });

        var context = SessionResolver.Describe(session, connected: false);

        Assert.Equal("sk_", context.KeyPrefix);
        Assert.Contains("LENSMOR_API_KEY", context.KeySource);
        Assert.DoesNotContain(CanaryKey, Newtonsoft.Json.JsonConvert.SerializeObject(context));
    }
}
