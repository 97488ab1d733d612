using System.Net;
using Lensmor.Core.Http;
using Lensmor.Core.Session;

namespace Lensmor.Core.Tests;

public class NetworkSettingsTests
{
    [Fact]
    public void Without_a_proxy_parameter_the_system_proxy_is_used()
    {
        using var handler = LensmorConnection.CreateHandler(new LensmorConnectionOptions());

        Assert.True(handler.UseProxy);
        Assert.Null(handler.Proxy);
        Assert.Same(CredentialCache.DefaultCredentials, handler.DefaultProxyCredentials);
    }

    [Fact]
    public void An_explicit_proxy_with_credentials_is_used_and_loopback_bypasses_it()
    {
        var credential = new NetworkCredential("proxyuser", "proxypass");
        using var handler = LensmorConnection.CreateHandler(new LensmorConnectionOptions { Proxy = new Uri("http://proxy.corp.example:3128"), ProxyCredential = credential });

        var proxy = Assert.IsType<WebProxy>(handler.Proxy);
        Assert.Equal(new Uri("http://proxy.corp.example:3128"), proxy.Address);
        Assert.Same(credential, proxy.Credentials);
        Assert.True(proxy.IsBypassed(new Uri("http://127.0.0.1:5080/")), "the local sandbox is reached directly");
        Assert.False(proxy.IsBypassed(new Uri("https://platform.lensmor.com/")));
    }

    [Fact]
    public void The_context_names_the_proxy_without_its_credentials()
    {
        using var session = new LensmorSession(ApiKey.Parse("sk_proxy_test_123456", ApiKeySource.Parameter),
            new LensmorConnectionOptions { Proxy = new Uri("http://proxy.corp.example:3128"), ProxyCredential = new NetworkCredential("u", "secretpass") });

        var context = Session.SessionResolver.Describe(session, connected: true);

        Assert.Equal("http://proxy.corp.example:3128/", context.Proxy);
        Assert.DoesNotContain("secretpass", Newtonsoft.Json.JsonConvert.SerializeObject(context));
    }
}
