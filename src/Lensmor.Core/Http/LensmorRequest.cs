namespace Lensmor.Core.Http;

public enum RequestKind
{
    /// <summary>Changes nothing and costs nothing: safe to retry after a 5xx or a network failure.</summary>
    Read,

    /// <summary>Can spend credits: sent once; retried only after 429, when the server did nothing.</summary>
    Paid,
}

public sealed class LensmorRequest
{
    public LensmorRequest(HttpMethod method, string path, RequestKind kind, string? target = null)
    {
        Method = method;
        Path = path;
        Kind = kind;
        Target = target;
    }

    public HttpMethod Method { get; }
    public string Path { get; }
    public RequestKind Kind { get; }

    /// <summary>The id the request is about; becomes the ErrorRecord's TargetObject.</summary>
    public string? Target { get; }

    public List<KeyValuePair<string, string>> Query { get; } = new();

    public object? Body { get; set; }

    /// <summary>True on routes whose contract declares the x-call-source header.</summary>
    public bool SendsCallSource { get; set; }

    public LensmorRequest With(string name, string? value)
    {
        if (value != null)
        {
            Query.Add(new KeyValuePair<string, string>(name, value));
        }

        return this;
    }

    public LensmorRequest With(string name, int? value) => With(name, value?.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Array filters go as repeated keys (category=a&amp;category=b), as the API documents.</summary>
    public LensmorRequest WithEach(string name, IEnumerable<string>? values)
    {
        foreach (var value in values ?? Enumerable.Empty<string>())
        {
            With(name, value);
        }

        return this;
    }

    public string PathAndQuery()
    {
        if (Query.Count == 0)
        {
            return Path;
        }

        return Path + "?" + string.Join("&", Query.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
    }

    public override string ToString() => Method.Method + " " + Path;
}
