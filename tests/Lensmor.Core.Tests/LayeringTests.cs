using System.Reflection;
using Lensmor.Core.Http;
using Lensmor.Core.Session;

namespace Lensmor.Core.Tests;

/// <summary>The session holds the spend limit and the journal; the connection holds the key, base URL and HttpClient. Arrows point one way.</summary>
public sealed class LayeringTests
{
    private const BindingFlags Everything = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    [Theory]
    [InlineData(typeof(LensmorConnection))]
    [InlineData(typeof(LensmorClient))]
    public void The_HTTP_side_never_refers_to_the_session_or_to_spending(Type type)
    {
        var used = type.GetFields(Everything).Select(f => f.FieldType)
            .Concat(type.GetProperties(Everything).Select(p => p.PropertyType))
            .Concat(type.GetConstructors(Everything).SelectMany(c => c.GetParameters()).Select(p => p.ParameterType))
            .Concat(type.GetMethods(Everything).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)))
            .ToList();
        Assert.DoesNotContain(typeof(LensmorSession), used);
        Assert.DoesNotContain(used, t => t.Namespace == "Lensmor.Core.Spending");
    }

    [Fact]
    public void The_session_holds_the_spend_limit_and_the_journal_over_one_connection()
    {
        var properties = typeof(LensmorSession).GetProperties().ToDictionary(p => p.Name, p => p.PropertyType);
        Assert.Equal(typeof(LensmorConnection), properties["Connection"]);
        Assert.Equal(typeof(Spending.SpendLimit), properties["SpendLimit"]);
        Assert.Equal(typeof(Spending.IntentJournal), properties["Journal"]);
        Assert.DoesNotContain(typeof(LensmorConnection).GetProperties(), p => p.Name is "SpendLimit" or "Journal");
    }
}
