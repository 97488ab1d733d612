using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;
using Newtonsoft.Json;

namespace Lensmor.Core.Http;

/// <summary>
/// Sends one logical request: adds the headers, applies the per-request timeout, decodes the body, and turns
/// every failure into a <see cref="LensmorException"/>. Each attempt is sent once; whether another follows is
/// the <see cref="RetryPolicy"/>'s decision alone (a paid request: only after 429).
/// </summary>
public sealed class LensmorClient
{
    private const int TraceBodyLimit = 4000;
    private readonly LensmorConnection connection;
    private readonly HttpClient http;
    private readonly RateModel rate;
    private readonly RetryPolicy retry;

    internal LensmorClient(LensmorConnection connection, HttpClient http)
    {
        this.connection = connection;
        this.http = http;
        rate = RateModels.For(connection);
        retry = new RetryPolicy(connection.Retry);
    }

    public async Task<LensmorResponse<T>> SendAsync<T>(LensmorRequest request, ILensmorHost host)
        where T : class
    {
        string? rateLimited = null;
        for (var attempt = 0; ; attempt++)
        {
            host.CancellationToken.ThrowIfCancellationRequested();
            var (response, failure) = await SendOnceAsync<T>(request, host, rateLimited).ConfigureAwait(false);
            if (response != null)
            {
                return response;
            }

            // A 429 holds every request on the key, this one's retry included, whether or not it is retried.
            if (retry.HoldKey(failure!) is { } hold)
            {
                rate.Throttled(hold);
            }

            var next = retry.After(request.Kind, attempt, failure!) ?? throw failure!.ToError(request, attempt + 1, connection.Redactor);
            rateLimited = next.RateLimited
                ? $"Lensmor is rate limiting ({request}); waiting {next.Seconds} s as Retry-After asks, then retry {attempt + 1} of {retry.MaxRetries}."
                : null;
            if (!next.RateLimited)
            {
                host.WriteVerbose(connection.Redactor.Redact($"{failure!.Reason} ({request}); retry {attempt + 1} of {retry.MaxRetries} in {next.Seconds} s."));
                await Task.Delay(next.Wait, host.CancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One attempt, paced by the rate model: the answer, or how it failed (never retried here).</summary>
    /// <param name="rateLimited">After a 429: why the rate model's hold is waited out (the retry's only wait).</param>
    private async Task<(LensmorResponse<T>? Response, AttemptFailure? Failure)> SendOnceAsync<T>(LensmorRequest request, ILensmorHost host, string? rateLimited)
        where T : class
    {
        var sequence = await rate.AcquireAsync(host, rateLimited).ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(connection.RequestTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(host.CancellationToken, timeout.Token);
        using var message = BuildMessage(request);
        TraceRequest(host, message, request);

        var watch = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (host.CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is OperationCanceledException || e is HttpRequestException)
        {
            // No response at all: a timeout or a broken connection.
            rate.Observe(sequence, null, null);
            var reason = e is OperationCanceledException
                ? $"No answer within {connection.RequestTimeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s"
                : "The connection failed (" + Innermost(e).Message.TrimEnd('.') + ")";
            return (null, AttemptFailure.NoAnswer(reason, e, IsConnectFailure(e)));
        }

        using (response)
        {
            rate.Observe(sequence, IntHeader(response, "X-RateLimit-Remaining"), IntHeader(response, "X-RateLimit-Reset"));
            return await ReadAsync<T>(response, request, host, watch, linked.Token).ConfigureAwait(false);
        }
    }

    private async Task<(LensmorResponse<T>? Response, AttemptFailure? Failure)> ReadAsync<T>(HttpResponseMessage response, LensmorRequest request, ILensmorHost host, Stopwatch watch, CancellationToken token)
        where T : class
    {
        var status = (int)response.StatusCode;
        var traceId = Header(response, "X-Request-ID");
        if (status >= 200 && status < 300)
        {
            try
            {
                var value = await ReadBodyAsync<T>(response, host, request, status, watch, token).ConfigureAwait(false);
                return (new LensmorResponse<T>(value, status, traceId, IntHeader(response, "X-Sandbox-Poll-After-Ms")), null);
            }
            catch (Exception) when (host.CancellationToken.IsCancellationRequested)
            {
                // Ctrl+C while the body was arriving (the read is aborted by disposing the response).
                throw new OperationCanceledException(host.CancellationToken);
            }
            catch (Exception e) when (e is JsonException || e is IOException || e is HttpRequestException || e is OperationCanceledException || e is InvalidDataException || e is ObjectDisposedException)
            {
                var what = e is JsonException || e is InvalidDataException
                    ? $"Lensmor answered HTTP {status} with a body that could not be read (traceId {traceId ?? "none"})"
                    : "The connection broke while the answer was being read";
                return (null, AttemptFailure.UnreadableBody(what, status, traceId, e));
            }
        }

        string errorText;
        try
        {
            errorText = await ReadTextAsync(response, token).ConfigureAwait(false);
        }
        catch (Exception) when (host.CancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(host.CancellationToken);
        }
        catch (Exception e) when (e is IOException || e is HttpRequestException || e is ObjectDisposedException || e is OperationCanceledException)
        {
            // The status decides what happened; an error body that cannot be read only loses its message.
            errorText = string.Empty;
        }

        TraceResponse(host, response, status, watch, errorText);
        return (null, AttemptFailure.ErrorStatus(status, ApiErrorBody.TryParse(errorText), traceId, status == 429 ? RetryAfter(response) : null));
    }

    private HttpRequestMessage BuildMessage(LensmorRequest request)
    {
        var message = new HttpRequestMessage(request.Method, request.PathAndQuery().TrimStart('/'));
        if (request.SendsCallSource)
        {
            message.Headers.TryAddWithoutValidation("x-call-source", connection.CallSourceHeaderValue);
        }

        if (request.Body != null)
        {
            message.Content = new StringContent(LensmorJson.Serialize(request.Body), Encoding.UTF8, "application/json");
        }

        return message;
    }

    private async Task<T> ReadBodyAsync<T>(HttpResponseMessage response, ILensmorHost host, LensmorRequest request, int status, Stopwatch watch, CancellationToken token)
        where T : class
    {
        // netstandard2.0 reads bodies without a token: a timeout or Ctrl+C aborts the read by disposing the response.
        using var abort = token.Register(response.Dispose);
        T? value;
        if (host.IsDebugEnabled)
        {
            var text = await ReadTextAsync(response, token).ConfigureAwait(false);
            TraceResponse(host, response, status, watch, text);
            value = LensmorJson.Deserialize<T>(text);
        }
        else
        {
            using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            using var json = new JsonTextReader(reader) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal };
            value = LensmorJson.Serializer.Deserialize<T>(json);
        }

        return value ?? throw new InvalidDataException($"Empty body for {request}.");
    }

    private static async Task<string> ReadTextAsync(HttpResponseMessage response, CancellationToken token)
    {
        token.ThrowIfCancellationRequested();
        using var abort = token.Register(response.Dispose);
        return await response.Content.ReadAsStringAsync().ConfigureAwait(false);
    }

    private void TraceRequest(ILensmorHost host, HttpRequestMessage message, LensmorRequest request)
    {
        if (!host.IsDebugEnabled)
        {
            return;
        }

        var text = new StringBuilder();
        text.Append("HTTP ").Append(message.Method.Method).Append(' ').Append(new Uri(connection.BaseUri, message.RequestUri!)).AppendLine();
        text.AppendLine("Authorization: Bearer " + Redactor.Mask);
        if (request.SendsCallSource)
        {
            text.AppendLine("x-call-source: " + connection.CallSourceHeaderValue);
        }

        text.AppendLine("User-Agent: LensmorPS/" + LensmorConnection.ModuleVersion);
        if (request.Body != null)
        {
            text.Append(Truncate(LensmorJson.Serialize(request.Body)));
        }

        host.WriteDebug(connection.Redactor.Redact(text.ToString().TrimEnd()));
    }

    private void TraceResponse(ILensmorHost host, HttpResponseMessage response, int status, Stopwatch watch, string body)
    {
        if (!host.IsDebugEnabled)
        {
            return;
        }

        var text = $"HTTP {status} {response.ReasonPhrase} in {watch.ElapsedMilliseconds} ms, X-Request-ID {Header(response, "X-Request-ID") ?? "none"}\n{Truncate(body)}";
        host.WriteDebug(connection.Redactor.Redact(text));
    }

    private static string Truncate(string text) =>
        text.Length <= TraceBodyLimit ? text : text.Substring(0, TraceBodyLimit) + $"... ({text.Length - TraceBodyLimit} more characters)";

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static int? IntHeader(HttpResponseMessage response, string name) =>
        int.TryParse(Header(response, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException != null)
        {
            e = e.InnerException;
        }

        return e;
    }

    private static bool IsConnectFailure(Exception e)
    {
        for (var current = (Exception?)e; current != null; current = current.InnerException)
        {
            if (current is SocketException socket && (socket.SocketErrorCode == SocketError.ConnectionRefused || socket.SocketErrorCode == SocketError.HostNotFound || socket.SocketErrorCode == SocketError.NetworkUnreachable))
            {
                return true;
            }

            if (current is WebException web && (web.Status == WebExceptionStatus.ConnectFailure || web.Status == WebExceptionStatus.NameResolutionFailure))
            {
                return true;
            }
        }

        return false;
    }
}
