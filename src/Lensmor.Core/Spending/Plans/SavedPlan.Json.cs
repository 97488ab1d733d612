using System.Globalization;
using Lensmor.Core.Errors;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Lensmor.Core.Spending;

/// <summary>The plan file's JSON: written field by field in a fixed order, read back with every field checked.</summary>
public sealed partial class SavedPlan
{
    /// <summary>Reads a plan file. A file that is missing, not JSON or not a plan is LensmorPlanUnreadable; an edited one reads with <see cref="IsIntact"/> false.</summary>
    public static SavedPlan Load(string path)
    {
        if (!File.Exists(path))
        {
            throw Unreadable(path, $"There is no plan file {path}.", LensmorErrorCategory.ObjectNotFound, null);
        }

        JObject json;
        try
        {
            using var reader = new JsonTextReader(new StringReader(File.ReadAllText(path)))
            {
                DateParseHandling = DateParseHandling.None,
                FloatParseHandling = FloatParseHandling.Decimal,
            };
            json = JObject.Load(reader);
        }
        catch (Exception e) when (e is JsonException || e is IOException || e is UnauthorizedAccessException)
        {
            throw Unreadable(path, $"The plan file {path} cannot be read as JSON: {e.Message}", LensmorErrorCategory.InvalidData, e);
        }

        if ((string?)json["format"] != FormatName)
        {
            throw Unreadable(path, $"{path} is not a Lensmor plan (its format is '{(string?)json["format"] ?? "(none)"}', not '{FormatName}').", LensmorErrorCategory.InvalidData, null);
        }

        try
        {
            var plan = new SavedPlan
            {
                Path = path,
                PlanId = Text(json, "planId"),
                Cmdlet = Text(json, "cmdlet"),
                Parameters = (json["parameters"] as JObject ?? new JObject()).Properties().Select(p => new KeyValuePair<string, string>(p.Name, (string?)p.Value ?? string.Empty)).ToList(),
                BaseUri = Text(json, "baseUri"),
                Account = Text(json, "account"),
                CreatedAt = Time(json, "createdAt"),
                ExpiresAt = Time(json, "expiresAt"),
                ModuleVersion = (string?)json["moduleVersion"] ?? string.Empty,
                Balance = Credits.Normalize((decimal?)json["balance"]),
                TotalCredits = Credits.Normalize((decimal?)json["totalCredits"] ?? 0),
                UnpricedTargets = (int?)json["unpricedTargets"] ?? 0,
                Targets = ReadTargets(json["targets"]),
                Free = ReadTargets(json["free"]),
                ContentHash = (string?)json["contentHash"] ?? string.Empty,
            };
            plan.IsIntact = plan.ContentHash == Hash(json);
            return plan;
        }
        catch (Exception e) when (e is FormatException || e is ArgumentException || e is InvalidCastException || e is OverflowException)
        {
            throw Unreadable(path, $"The plan file {path} has a field that is missing or malformed ({e.Message}); was it edited?", LensmorErrorCategory.InvalidData, e);
        }
    }

    /// <summary>The file's content without its hash, in the order a reviewer reads it.</summary>
    private JObject ToJson() => new()
    {
        ["format"] = FormatName,
        ["planId"] = PlanId,
        ["cmdlet"] = Cmdlet,
        ["parameters"] = new JObject(Parameters.Select(p => new JProperty(p.Key, p.Value))),
        ["baseUri"] = BaseUri,
        ["account"] = Account,
        ["createdAt"] = Timestamps.Iso(CreatedAt).ToString(),
        ["expiresAt"] = Timestamps.Iso(ExpiresAt).ToString(),
        ["moduleVersion"] = ModuleVersion,
        ["balance"] = Number(Balance),
        ["totalCredits"] = Number(TotalCredits),
        ["unpricedTargets"] = UnpricedTargets,
        ["targets"] = new JArray(Targets.Select(ToJson)),
        ["free"] = new JArray(Free.Select(ToJson)),
    };

    private static JObject ToJson(SavedTarget target)
    {
        var json = new JObject
        {
            ["id"] = target.Id,
            ["name"] = target.Name,
            ["action"] = target.Action,
            ["expectedCredits"] = Number(target.ExpectedCredits),
        };
        if (target.Reason != null)
        {
            json["reason"] = target.Reason;
        }

        if (target.PriceNote != null)
        {
            json["priceNote"] = target.PriceNote;
        }

        if (target.JournalKey != null)
        {
            json["journalKey"] = target.JournalKey;
        }

        return json;
    }

    private static List<SavedTarget> ReadTargets(JToken? array) =>
        (array as JArray ?? new JArray()).Select(t => new SavedTarget(
            Text(t, "id"), Text(t, "name"), (string?)t["action"] ?? string.Empty, (decimal?)t["expectedCredits"],
            (string?)t["reason"], (string?)t["priceNote"], (string?)t["journalKey"])).ToList();

    /// <summary>A whole number of credits as 2000, not 2000.0: the file reads as the prompts do.</summary>
    private static JToken Number(decimal? credits) =>
        credits is not { } c ? JValue.CreateNull()
        : c == decimal.Truncate(c) && Math.Abs(c) < long.MaxValue ? new JValue((long)c)
        : new JValue(c);

    private static string Text(JToken json, string name) =>
        (string?)json[name] is { Length: > 0 } value ? value : throw new FormatException($"'{name}' is missing");

    private static DateTimeOffset Time(JToken json, string name) =>
        DateTimeOffset.ParseExact(Text(json, name), "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static LensmorException Unreadable(string path, string message, LensmorErrorCategory category, Exception? inner) =>
        new(ErrorIds.PlanUnreadable, category, message + " Nothing was sent and nothing was charged.",
            "Pass the path of a plan file written by a paid cmdlet's -PlanPath (Get-LensmorPlan reads it).", isTerminating: true, path, inner: inner);
}
