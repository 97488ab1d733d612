namespace Lensmor.Module.Tests;

/// <summary>Collects every violation so one run lists them all, then fails once with the whole list.</summary>
public sealed class Failures
{
    private readonly List<string> items = new();

    public void Add(string message) => items.Add(message);

    public void Check(bool condition, string message)
    {
        if (!condition)
        {
            items.Add(message);
        }
    }

    public void AssertNone()
    {
        if (items.Count > 0)
        {
            Assert.Fail(items.Count + " problem(s):" + Environment.NewLine + string.Join(Environment.NewLine, items.Select(i => " - " + i)));
        }
    }
}
