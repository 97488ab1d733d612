using Lensmor.Core.Hosting;
using Lensmor.Core.Http;
using Lensmor.Core.Model.Wire;
using Lensmor.Core.Session;

namespace Lensmor.Core.Operations;

/// <summary>POST /external/actions/precheck: free, read-only, advisory.</summary>
public static class PrecheckOperation
{
    public static async Task<PrecheckResponseDto> RunAsync(LensmorSession session, ILensmorHost host, string actionType, Dictionary<string, object> parameters, string? target)
    {
        var request = new LensmorRequest(HttpMethod.Post, "external/actions/precheck", RequestKind.Read, target)
        {
            Body = new PrecheckRequestDto { ActionType = actionType, Params = parameters, CallSource = session.CallSourceHeaderValue },
        };
        var response = await session.Client.SendAsync<PrecheckResponseDto>(request, host).ConfigureAwait(false);
        var answer = response.Value;
        host.WriteVerbose($"Precheck {actionType} for {target}: allowed={Flag(answer.Allowed)}, should_charge={Flag(answer.ShouldCharge)}, credits={Credits.Format(answer.Credits)}, reason={answer.ReasonCode ?? "none"}.");
        return answer;
    }

    /// <summary>
    /// What the action should cost. A precheck that refuses (say, for a short balance) reports
    /// should_charge false, yet the price still matters for the message; the list price fills in when
    /// the precheck names none.
    /// </summary>
    public static decimal ExpectedCost(PrecheckResponseDto answer, decimal listPrice)
    {
        if (answer.Allowed != false && answer.ShouldCharge == false)
        {
            return 0;
        }

        return answer.Credits is { } credits && credits > 0 ? credits : listPrice;
    }

    private static string Flag(bool? value) => value is { } v ? (v ? "true" : "false") : "unknown";
}
