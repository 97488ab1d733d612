using System.Text.Json;

namespace Lensmor.Sandbox;

internal sealed partial class SandboxApi
{
    private static readonly string[] PrecheckActionTypeEnum =
    {
        "query_event_personnel", "unlock_event_contacts", "unlock_event_visitors", "unlock_event_full_access",
        "unlock_contact_emails", "unlock_contact_phones", "search_exhibitor_events", "others",
    };

    /// <summary>POST /external/actions/precheck: advisory, never charges; 400 for an action type outside the enum.</summary>
    private SandboxResult Precheck(SandboxCall c)
    {
        // The contract's ActionPrecheckRequest.action_type is an enum: a schema-validating API refuses the rest.
        var actionType = c.BEnum("action_type", PrecheckActionTypeEnum, required: true)!;
        var p = c.B("params") ?? throw SandboxCall.Invalid("params is required.");
        if (p.ValueKind != JsonValueKind.Object) throw SandboxCall.Invalid("params must be an object.");

        string? Str(string name) => p.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

        var balance = _ledger.TotalBalance;
        var detail = new Dictionary<string, object?>();
        bool allowed; bool shouldCharge; decimal credits; string reason; string biz;

        SandboxResult Answer() => SandboxResult.Ok(200, new
        {
            ok = true,
            action_type = actionType,
            allowed,
            should_charge = shouldCharge,
            credits = (int)credits,
            reason_code = reason,
            biz_code = biz,
            detail,
        });

        void Verdict(decimal cost, bool alreadyDone = false)
        {
            credits = alreadyDone ? 0 : cost;
            if (alreadyDone) { allowed = true; shouldCharge = false; reason = "already_unlocked"; }
            else if (cost > balance) { allowed = false; shouldCharge = false; reason = "insufficient_balance"; }
            else { allowed = true; shouldCharge = cost > 0; reason = "ok"; }
        }

        allowed = false; shouldCharge = false; credits = 0; reason = "ok"; biz = "";

        int? ResolveEvent()
        {
            var id = Str("event_id") ?? Str("id") ?? Str("eventId");
            detail["event_id"] = id;
            if (string.IsNullOrEmpty(id) || id.Length > 100) { reason = "invalid_subject"; return null; }
            var e = SandboxWorld.TryEventIndex(id);
            if (e == null) reason = "not_found";
            return e;
        }

        switch (actionType)
        {
            case "query_event_personnel":
                {
                    biz = "";
                    var e = ResolveEvent();
                    if (e == null) return Answer();
                    var full = _world.UnlockedEvents.Contains(e.Value);
                    detail["access_mode"] = full ? "full" : "preview";
                    detail["preview_limit"] = full ? null : SandboxWorld.PreviewLimit;
                    detail["unlock_action_type"] = full ? null : "unlock_event_contacts";
                    detail["unlock_credits"] = full ? null : (int)EventUnlockCredits;
                    allowed = true; reason = "ok";
                    return Answer();
                }
            case "unlock_event_contacts":
                {
                    biz = "Event Unlock - API";
                    var e = ResolveEvent();
                    if (e == null) return Answer();
                    Verdict(EventUnlockCredits, _world.UnlockedEvents.Contains(e.Value));
                    return Answer();
                }
            case "unlock_event_visitors":
                {
                    biz = "Event Visitor Unlock - API";
                    var e = ResolveEvent();
                    if (e == null) return Answer();
                    var ev = _world.Event(e.Value);
                    detail["has_visitors"] = ev.HasVisitors;
                    detail["base_unlocked"] = _world.UnlockedEvents.Contains(e.Value);
                    if (_world.VisitorUnlockedEvents.Contains(e.Value)) { Verdict(VisitorUnlockCredits, true); return Answer(); }
                    if (!_world.UnlockedEvents.Contains(e.Value) || !ev.HasVisitors)
                    {
                        allowed = false; shouldCharge = false; credits = VisitorUnlockCredits; reason = "state_conflict";
                        return Answer();
                    }
                    Verdict(VisitorUnlockCredits);
                    return Answer();
                }
            case "unlock_event_full_access":
                {
                    biz = "Event Full Access Unlock - API";
                    var e = ResolveEvent();
                    if (e == null) return Answer();
                    var ev = _world.Event(e.Value);
                    var needBase = !_world.UnlockedEvents.Contains(e.Value);
                    var needVisitors = ev.HasVisitors && !_world.VisitorUnlockedEvents.Contains(e.Value);
                    detail["event_credits"] = needBase ? (int)EventUnlockCredits : 0;
                    detail["visitor_credits"] = needVisitors ? (int)VisitorUnlockCredits : 0;
                    detail["visitor_skipped"] = !ev.HasVisitors;
                    var cost = (needBase ? EventUnlockCredits : 0) + (needVisitors ? VisitorUnlockCredits : 0);
                    Verdict(cost, cost == 0);
                    return Answer();
                }
            case "unlock_contact_emails":
            case "unlock_contact_phones":
                {
                    var phone = actionType == "unlock_contact_phones";
                    biz = phone ? "Contact Phone Unlock - API" : "Contact Email Unlock - API";
                    var e = ResolveEvent();
                    if (e == null) return Answer();
                    if (!p.TryGetProperty("personnel_ids", out var idsEl) || idsEl.ValueKind != JsonValueKind.Array || idsEl.GetArrayLength() == 0)
                    {
                        reason = "invalid_subject";
                        return Answer();
                    }
                    var ids = idsEl.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() ?? "" : x.GetRawText()).ToList();
                    if (ids.Count > 100)
                    {
                        reason = "exceed_max_unlock_limit";
                        detail["max_unlock_limit"] = 100;
                        return Answer();
                    }
                    var plan = PlanContactUnlock(e.Value, ids, phone);
                    var unit = phone ? PhoneCredits : EmailCredits;
                    detail["personnel_count"] = plan.Distinct.Count;
                    detail["chargeable_count"] = plan.Chargeable.Count;
                    detail["unit_credits"] = (int)unit;
                    detail["skipped_detail"] = plan.SkippedDetail();
                    if (plan.Chargeable.Count == 0)
                    {
                        allowed = false; shouldCharge = false; credits = 0;
                        reason = plan.AlreadyUnlocked.Count == plan.Distinct.Count ? "already_unlocked"
                            : plan.Unlocking.Count > 0 && plan.Unlocking.Count + plan.AlreadyUnlocked.Count == plan.Distinct.Count ? "unlock_in_progress"
                            : "no_contacts_available";
                        if (reason == "already_unlocked") allowed = true;
                        return Answer();
                    }
                    Verdict(unit * plan.Chargeable.Count);
                    return Answer();
                }
            case "search_exhibitor_events":
                {
                    biz = "Exhibitor Search - API";
                    var name = Str("company_name");
                    detail["company_name"] = name;
                    if (string.IsNullOrEmpty(name) || name.Length > 200) { reason = "invalid_subject"; return Answer(); }
                    var count = MatchEventsByCompany(name, null).Count;
                    detail["matched_event_count"] = count;
                    if (count == 0) { allowed = true; shouldCharge = false; credits = 0; reason = "ok"; return Answer(); }
                    Verdict(CompanySearchCredits);
                    return Answer();
                }
            case "others":
                allowed = true; shouldCharge = false; credits = 0; reason = "ok";
                return Answer();
            default:
                allowed = false; shouldCharge = false; credits = 0; reason = "unsupported_action";
                return Answer();
        }
    }
}
