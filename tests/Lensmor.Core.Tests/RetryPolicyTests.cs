using Lensmor.Core.Errors;
using Lensmor.Core.Http;

namespace Lensmor.Core.Tests;

/// <summary>
/// The retry policy LensmorClient asks after every failed attempt, on its own: a paid request is never sent
/// again unless Lensmor answered 429; reads are retried after 5xx, no answer and unreadable bodies, up to the limit.
/// </summary>
public class RetryPolicyTests
{
    private static readonly RetrySettings Settings = new() { MaxRetries = 3, BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1), MaxRetryAfter = TimeSpan.FromSeconds(30) };

    public static TheoryData<string> FailuresOtherThan429 => new()
    {
        "timeout", "connection refused", "unreadable body", "500", "502", "503", "400", "402", "404", "409",
    };

    private static AttemptFailure Failure(string name) => name switch
    {
        "timeout" => AttemptFailure.NoAnswer("No answer within 60 s", new TaskCanceledException(), neverConnected: false),
        "connection refused" => AttemptFailure.NoAnswer("The connection failed (refused)", new HttpRequestException(), neverConnected: true),
        "unreadable body" => AttemptFailure.UnreadableBody("Lensmor answered HTTP 200 with a body that could not be read", 200, "t-1", new InvalidDataException()),
        _ => AttemptFailure.ErrorStatus(int.Parse(name), null, "t-1", null),
    };

    [Theory]
    [MemberData(nameof(FailuresOtherThan429))]
    public void A_paid_request_is_never_sent_again_after_anything_but_a_429(string failure)
    {
        var policy = new RetryPolicy(Settings);

        for (var attempt = 0; attempt < 5; attempt++)
        {
            Assert.Null(policy.After(RequestKind.Paid, attempt, Failure(failure)));
        }
    }

    [Fact]
    public void A_429_is_waited_out_for_paid_requests_and_reads_alike_as_Retry_After_asks()
    {
        var policy = new RetryPolicy(Settings);
        var throttled = AttemptFailure.ErrorStatus(429, null, null, TimeSpan.FromSeconds(7));

        foreach (var kind in new[] { RequestKind.Paid, RequestKind.Read })
        {
            var step = policy.After(kind, 0, throttled);
            Assert.NotNull(step);
            Assert.True(step!.RateLimited);
            Assert.Equal(TimeSpan.FromSeconds(7), step.Wait);
            Assert.Null(policy.After(kind, Settings.MaxRetries, throttled));
        }

        Assert.Equal(TimeSpan.FromSeconds(1), policy.After(RequestKind.Paid, 0, AttemptFailure.ErrorStatus(429, null, null, null))!.Wait);
        Assert.Null(policy.After(RequestKind.Paid, 0, AttemptFailure.ErrorStatus(429, null, null, TimeSpan.FromSeconds(31))));
    }

    [Theory]
    [InlineData("timeout", true)]
    [InlineData("connection refused", true)]
    [InlineData("unreadable body", true)]
    [InlineData("500", true)]
    [InlineData("503", true)]
    [InlineData("400", false)]
    [InlineData("404", false)]
    [InlineData("409", false)]
    public void A_read_is_retried_after_a_server_or_network_failure_with_a_growing_jittered_wait_until_the_limit(string failure, bool retried)
    {
        var policy = new RetryPolicy(Settings);

        for (var attempt = 0; attempt < Settings.MaxRetries; attempt++)
        {
            var step = policy.After(RequestKind.Read, attempt, Failure(failure));
            Assert.Equal(retried, step != null);
            if (step != null)
            {
                var ceiling = Math.Min(1000, 100 * Math.Pow(2, attempt));
                Assert.False(step.RateLimited);
                Assert.InRange(step.Wait.TotalMilliseconds, ceiling / 2, ceiling);
            }
        }

        Assert.Null(policy.After(RequestKind.Read, Settings.MaxRetries, Failure(failure)));
    }

    [Fact]
    public void A_paid_request_that_is_not_tried_again_says_whether_it_may_have_been_applied()
    {
        var paid = new LensmorRequest(HttpMethod.Post, "external/events/1/unlock", RequestKind.Paid, "1");
        var read = new LensmorRequest(HttpMethod.Get, "external/events/1", RequestKind.Read, "1");
        var redactor = new Redactor("sk_test_key");

        Assert.Equal(ErrorIds.OutcomeUnknown, Failure("timeout").ToError(paid, 1, redactor).ErrorId);
        Assert.Equal(ErrorIds.OutcomeUnknown, Failure("unreadable body").ToError(paid, 1, redactor).ErrorId);
        var refused = Failure("connection refused").ToError(paid, 1, redactor);
        Assert.Equal(ErrorIds.ServerError, refused.ErrorId);
        Assert.Contains("Nothing reached the server", refused.Message);
        Assert.Contains("gave up after 4 attempts", Failure("timeout").ToError(read, 4, redactor).Message);
        Assert.Equal(ErrorIds.UnexpectedResponse, Failure("unreadable body").ToError(read, 4, redactor).ErrorId);
        Assert.Equal(ErrorIds.PaymentRequired, Failure("402").ToError(paid, 1, redactor).ErrorId);
    }
}
