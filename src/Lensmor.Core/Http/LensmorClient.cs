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
/// Sends one logical request: adds the headers, applies the per-request timeout and the retry policy,
/// decodes the body, and turns every failure into a <see cref="LensmorException"/>.
/// </summary>
public sealed class LensmorClient
{
    private const int TraceBodyLimit = 4000;
    private static readonly object JitterLock = new();
    private static readonly Random Jitter = new();
    private readonly LensmorConnection connection;
    private readonly HttpClient http;
    private readonly RateModel rate;

    internal LensmorClient(LensmorConnection connection, HttpClient http)
    {
        this.connection = connection;
        this.http = http;
        rate = RateModels.For(connection);
    }

    public async Task<LensmorResponse<T>> SendAsync<T>(LensmorRequest request, ILensmorHost host)
        where T : class
    {
        var redactor = connection.Redactor;
        var retry = connection.Retry;
        for (var attempt = 0; ; attempt++)
        {
            host.CancellationToken.ThrowIfCancellationRequested();
            var sequence = await rate.AcquireAsync(host).ConfigureAwait(false);
            using var timeout = new CancellationTokenSource(connection.RequestTimeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(host.CancellationToken, timeout.Token);
            using var message = BuildMessage(request);
            TraceRequest(host, message, request);

            var watch = Stopwatch.StartNew();
            HttpResponseMessage response;
            Exception failure;
            string failureText;
            try
            {
                response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                goto Received;
            }
            catch (OperationCanceledException) when (host.CancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException e)
            {
                failure = e;
                failureText = $"No answer within {connection.RequestTimeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s";
            }
            catch (HttpRequestException e)
            {
                failure = e;
                failureText = "The connection failed (" + Innermost(e).Message.TrimEnd('.') + ")";
            }

            // No response at all: a timeout or a broken connection.
            rate.Observe(sequence, null, null);
            if (request.Kind == RequestKind.Paid)
            {
                if (IsConnectFailure(failure))
                {
                    throw ErrorMapper.Network(request, failureText, nothingSent: true, failure, redactor);
                }

                throw ErrorMapper.OutcomeUnknown(request, failureText, failure, redactor);
            }

            if (attempt >= retry.MaxRetries)
            {
                throw ErrorMapper.Network(request, failureText + $"; gave up after {attempt + 1} attempts", IsConnectFailure(failure), failure, redactor);
            }

            await BackoffAsync(host, request, attempt, failureText).ConfigureAwait(false);
            continue;

        Received:
            using (response)
            {
                var status = (int)response.StatusCode;
                var traceId = Header(response, "X-Request-ID");
                rate.Observe(sequence, IntHeader(response, "X-RateLimit-Remaining"), IntHeader(response, "X-RateLimit-Reset"));
                if (status >= 200 && status < 300)
                {
                    try
                    {
                        var value = await ReadBodyAsync<T>(response, host, request, status, watch, linked.Token).ConfigureAwait(false);
                        return new LensmorResponse<T>(value, status, traceId, IntHeader(response, "X-Sandbox-Poll-After-Ms"));
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
                        if (request.Kind == RequestKind.Paid)
                        {
                            throw ErrorMapper.OutcomeUnknown(request, what, e, redactor);
                        }

                        if (attempt >= retry.MaxRetries)
                        {
                            throw new LensmorException(ErrorIds.UnexpectedResponse, LensmorErrorCategory.InvalidData, redactor.Redact(what + " for " + request + "."),
                                "Try again later; quote the traceId to Lensmor support if it persists.", true, request.Target, status, traceId, inner: e);
                        }

                        await BackoffAsync(host, request, attempt, what).ConfigureAwait(false);
                        continue;
                    }
                }

                string errorText;
                try
                {
                    errorText = await ReadTextAsync(response, linked.Token).ConfigureAwait(false);
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
                var body = ApiErrorBody.TryParse(errorText);

                if (status == 429)
                {
                    var wait = RetryAfter(response) ?? TimeSpan.FromSeconds(1);
                    if (attempt < retry.MaxRetries && wait <= retry.MaxRetryAfter)
                    {
                        // 429 means the server did nothing, so even a paid request may be sent again. Every request
                        // on this key waits it out, not just this one.
                        rate.Throttled(wait);
                        await RateModel.PauseAsync(host, wait, $"Lensmor is rate limiting ({request}); waiting {Seconds(wait)} s as Retry-After asks, then retry {attempt + 1} of {retry.MaxRetries}.").ConfigureAwait(false);
                        continue;
                    }

                    throw ErrorMapper.FromStatus(status, request, body, traceId, redactor);
                }

                if (status >= 500 && request.Kind == RequestKind.Read && attempt < retry.MaxRetries)
                {
                    await BackoffAsync(host, request, attempt, $"Lensmor answered HTTP {status}").ConfigureAwait(false);
                    continue;
                }

                throw ErrorMapper.FromStatus(status, request, body, traceId, redactor);
            }
        }
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

    private async Task BackoffAsync(ILensmorHost host, LensmorRequest request, int attempt, string reason)
    {
        var retry = connection.Retry;
        var ceiling = Math.Min(retry.MaxDelay.TotalMilliseconds, retry.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt));
        double fraction;
        lock (JitterLock)
        {
            fraction = Jitter.NextDouble();
        }

        // Equal jitter: never less than half the ceiling, so clients that failed together spread out.
        var wait = TimeSpan.FromMilliseconds((ceiling / 2) + (fraction * ceiling / 2));
        host.WriteVerbose(connection.Redactor.Redact($"{reason} ({request}); retry {attempt + 1} of {retry.MaxRetries} in {Seconds(wait)} s."));
        await Task.Delay(wait, host.CancellationToken).ConfigureAwait(false);
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

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);

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
