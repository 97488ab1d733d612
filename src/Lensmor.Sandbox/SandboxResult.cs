namespace Lensmor.Sandbox;

/// <summary>A handler's answer.</summary>
internal sealed class SandboxResult
{
    public int Status { get; init; }
    public object? Body { get; init; }
    public string? RawBody { get; set; }
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static SandboxResult Ok(int status, object body) => new() { Status = status, Body = body };

    public static SandboxResult Error(int status, string errorKey, string message, string traceId) =>
        new() { Status = status, Body = new { code = status, message, errorKey, traceId } };
}

/// <summary>Thrown by handlers to answer an ApiError.</summary>
internal sealed class ApiException(int status, string errorKey, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string ErrorKey { get; } = errorKey;
}
