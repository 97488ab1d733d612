using Lensmor.Core.Errors;

namespace Lensmor.Core.Http;

/// <summary>Turns an HTTP failure into the module's ErrorId, category, and advice on what to do next.</summary>
internal static class ErrorMapper
{
    public static LensmorException FromStatus(int status, LensmorRequest request, ApiErrorBody? body, string? headerTraceId, Redactor redactor)
    {
        var traceId = string.IsNullOrEmpty(body?.TraceId) ? headerTraceId : body!.TraceId;
        var apiMessage = string.IsNullOrWhiteSpace(body?.Message) ? "Lensmor answered HTTP " + status + "." : body!.Message!.Trim();
        var suffix = $" (HTTP {status}{(string.IsNullOrEmpty(body?.ErrorKey) ? "" : " " + body!.ErrorKey)}{(string.IsNullOrEmpty(traceId) ? "" : ", traceId " + traceId)}; {request})";
        var message = redactor.Redact(apiMessage.TrimEnd('.') + "." + suffix);
        var target = (object?)request.Target;

        LensmorException Make(string id, LensmorErrorCategory category, bool terminating, string advice) =>
            new(id, category, message, advice, terminating, target, status, traceId, body?.ErrorKey);

        switch (status)
        {
            case 400:
                return Make(ErrorIds.BadRequest, LensmorErrorCategory.InvalidArgument, false,
                    "Lensmor rejected the request as invalid. Correct the parameters named in the message; retrying it unchanged will fail again.");
            case 401:
                return Make(ErrorIds.Unauthorized, LensmorErrorCategory.AuthenticationError, true,
                    "The API key is missing, revoked or wrong. Create or copy a key in Lensmor under Settings > API Keys, then run Connect-Lensmor -ApiKey (Read-Host -AsSecureString).");
            case 402:
                return Make(ErrorIds.PaymentRequired, LensmorErrorCategory.QuotaExceeded, true,
                    "Not enough credits or access for this paid action. It was not retried. Check Get-LensmorBalance and add credits in Lensmor before trying again.");
            case 403:
                return Make(ErrorIds.Forbidden, LensmorErrorCategory.PermissionDenied, false,
                    "This key may not read that resource. Check the id, or use a key of the account that owns it.");
            case 404:
                return Make(ErrorIds.NotFound, LensmorErrorCategory.ObjectNotFound, false,
                    "Check the id (Get-LensmorEvent, Get-LensmorExhibitor or Get-LensmorPersonnel list valid ids). Retrying will not help.");
            case 409:
                return Make(ErrorIds.Conflict, LensmorErrorCategory.ResourceBusy, false,
                    "The target is busy or in a conflicting state (for example an unlock still in progress). Read its state again and retry later.");
            case 429:
                return Make(ErrorIds.RateLimited, LensmorErrorCategory.LimitsExceeded, true,
                    "Lensmor is rate limiting this key. Wait a minute, or lower the request rate, and run the command again.");
            default:
                if (status >= 500)
                {
                    var advice = request.Kind == RequestKind.Paid
                        ? "A paid request is never retried automatically, because the server may have applied it. Check Get-LensmorBalance and the target's state before running it again."
                        : "Lensmor had a server problem and the module's retries are spent. Try again in a few minutes; quote the traceId to Lensmor support if it persists.";
                    return Make(ErrorIds.ServerError, LensmorErrorCategory.ConnectionError, true, advice);
                }

                return Make(ErrorIds.UnexpectedResponse, LensmorErrorCategory.InvalidData, true,
                    "Lensmor answered with a status this module does not know. Quote the traceId to Lensmor support.");
        }
    }

    public static LensmorException OutcomeUnknown(LensmorRequest request, string what, Exception? inner, Redactor redactor) =>
        new(ErrorIds.OutcomeUnknown, LensmorErrorCategory.OperationTimeout,
            redactor.Redact($"{what} after the paid request {request} was sent, so Lensmor may or may not have applied it."),
            "Do not simply run the command again. Check Get-LensmorBalance and the target's state (for an event, Unlock-LensmorEvent -WhatIf shows whether it is already unlocked) first.",
            isTerminating: true, request.Target, inner: inner);

    public static LensmorException Network(LensmorRequest request, string what, bool nothingSent, Exception? inner, Redactor redactor)
    {
        var detail = nothingSent ? " Nothing reached the server, so nothing was charged." : string.Empty;
        return new LensmorException(ErrorIds.ServerError, LensmorErrorCategory.ConnectionError,
            redactor.Redact($"{what} for {request}.{detail}"),
            "Check the network, the proxy (Connect-Lensmor -Proxy) and the base URL (Get-LensmorContext), then try again.",
            isTerminating: true, request.Target, inner: inner);
    }
}
