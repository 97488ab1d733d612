using Lensmor.Core.Model.Wire;
using Newtonsoft.Json;

namespace Lensmor;

/// <summary>The answer of POST /external/actions/precheck: would this action be allowed, and what would it cost. Advisory.</summary>
public sealed class ActionCheck
{
    public string ActionType { get; set; } = string.Empty;
    public bool? Allowed { get; set; }
    public bool? ShouldCharge { get; set; }
    public decimal? Credits { get; set; }
    public string? ReasonCode { get; set; }
    public string? BizCode { get; set; }

    /// <summary>The action-specific detail object as compact JSON ("{}" when absent).</summary>
    public string Detail { get; set; } = "{}";

    public static ActionCheck From(PrecheckResponseDto dto, string requestedActionType) => new()
    {
        ActionType = string.IsNullOrEmpty(dto.ActionType) ? requestedActionType : dto.ActionType!,
        Allowed = dto.Allowed,
        ShouldCharge = dto.ShouldCharge,
        Credits = dto.Credits,
        ReasonCode = dto.ReasonCode,
        BizCode = dto.BizCode,
        Detail = dto.Detail?.ToString(Formatting.None) ?? "{}",
    };

    public override string ToString() => $"{ActionType}: {(Allowed == true ? "allowed" : Allowed == false ? "not allowed" : "unknown")}, {Lensmor.Core.Credits.Format(Credits)} credits";
}
