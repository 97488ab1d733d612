using Lensmor.Core.Errors;
using Lensmor.Core.Http;
using Lensmor.Core.Operations;
using Lensmor.Core.Session;

namespace Lensmor.Core.Tests;

public class ConnectionValidationTests
{
    [Theory]
    [InlineData("sk_live_abcdef123456")]
    [InlineData("uak_abcdef123456")]
    [InlineData("  sk_padded_abcdef  ")]
    public void Keys_with_either_prefix_are_accepted(string raw)
    {
        var key = ApiKey.Parse(raw, ApiKeySource.Parameter);

        Assert.Equal(raw.Trim().StartsWith("uak_") ? "uak_" : "sk_", key.Prefix);
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("Bearer sk_live_abcdef123456", "Bearer")]
    [InlineData("bearer sk_live_abcdef123456", "Bearer")]
    [InlineData("pk_live_abcdef123456", "sk_")]
    [InlineData("sk_live abc", "spaces")]
    public void Bad_keys_are_refused_with_invalid_argument(string? raw, string expectedWord)
    {
        var error = Assert.Throws<LensmorException>(() => ApiKey.Parse(raw, ApiKeySource.Parameter));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
        Assert.Contains(expectedWord, error.Message);
        if (raw != null && raw.Trim().Length > 0)
        {
            Assert.DoesNotContain(raw.Trim(), error.Message);
        }
    }

    [Theory]
    [InlineData(null, "https://platform.lensmor.com/")]
    [InlineData("https://platform.lensmor.com", "https://platform.lensmor.com/")]
    [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5080/")]
    [InlineData("http://localhost:5080", "http://localhost:5080/")]
    [InlineData("http://[::1]:5080", "http://[::1]:5080/")]
    [InlineData("http://127.3.4.5:80/api", "http://127.3.4.5/api/")]
    public void Https_or_loopback_base_urls_are_accepted(string? raw, string expected)
    {
        Assert.Equal(expected, BaseUriPolicy.Validate(raw).ToString());
    }

    [Theory]
    [InlineData("http://platform.lensmor.com")]
    [InlineData("http://10.0.0.5:5080")]
    [InlineData("ftp://platform.lensmor.com")]
    [InlineData("not a url")]
    [InlineData("platform.lensmor.com")]
    [InlineData("https://platform.lensmor.com/?x=1")]
    public void Other_base_urls_are_refused(string raw)
    {
        var error = Assert.Throws<LensmorException>(() => BaseUriPolicy.Validate(raw));

        Assert.Equal(ErrorIds.InvalidArgument, error.ErrorId);
    }

    [Fact]
    public void Without_connect_or_environment_the_error_says_to_connect()
    {
        var error = Assert.Throws<LensmorException>(() => new SessionResolver().Resolve(_ => null));

        Assert.Equal(ErrorIds.NotConnected, error.ErrorId);
        Assert.Contains("Connect-Lensmor", error.RecommendedAction);
    }

    [Fact]
    public void The_environment_session_is_reused_while_the_variables_stay_the_same()
    {
        var variables = new Dictionary<string, string?> { ["LENSMOR_API_KEY"] = "sk_env_abcdef123456", ["LENSMOR_BASE_URL"] = "http://127.0.0.1:5999" };
        var resolver = new SessionResolver();

        var first = resolver.Resolve(n => variables.GetValueOrDefault(n));
        var second = resolver.Resolve(n => variables.GetValueOrDefault(n));
        variables["LENSMOR_BASE_URL"] = "http://127.0.0.1:6000";
        var third = resolver.Resolve(n => variables.GetValueOrDefault(n));

        Assert.Same(first, second);
        Assert.NotSame(first, third);
        Assert.Equal("http://127.0.0.1:6000/", third.BaseUri.ToString());
        Assert.Equal(ApiKeySource.Environment, third.Key.Source);
    }

    [Fact]
    public void A_connected_session_wins_over_the_environment()
    {
        var resolver = new SessionResolver();
        var connected = new LensmorSession(ApiKey.Parse("uak_connected_123456", ApiKeySource.Parameter), new LensmorConnectionOptions());
        resolver.Connect(connected);

        Assert.Same(connected, resolver.Resolve(n => n == "LENSMOR_API_KEY" ? "sk_env_abcdef123456" : null));
        Assert.True(resolver.Disconnect());
        Assert.Equal(ApiKeySource.Environment, resolver.Resolve(n => n == "LENSMOR_API_KEY" ? "sk_env_abcdef123456" : null).Key.Source);
    }

    [Fact]
    public void The_context_without_any_key_says_so_instead_of_failing()
    {
        var context = new SessionResolver().DescribeCurrent(_ => null);

        Assert.False(context.Connected);
        Assert.Equal("(none)", context.KeySource);
        Assert.Equal("https://platform.lensmor.com/", context.BaseUri);
    }

    [Fact]
    public void The_context_from_the_environment_names_its_source()
    {
        var context = new SessionResolver().DescribeCurrent(n => n switch
        {
            "LENSMOR_API_KEY" => "uak_env_abcdef123456",
            "LENSMOR_BASE_URL" => "http://127.0.0.1:5080",
            _ => null,
        });

        Assert.False(context.Connected);
        Assert.Equal("Environment (LENSMOR_API_KEY)", context.KeySource);
        Assert.Equal("uak_", context.KeyPrefix);
        Assert.Equal("http://127.0.0.1:5080/", context.BaseUri);
    }
}
