using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Lensmor.Core.Errors;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Lensmor.Core.Spending;

/// <summary>One target of a saved plan, as the file holds it (see <see cref="PlanTarget"/> for the fields).</summary>
/// <param name="JournalKey">The journal's key for the target's intent, so that its status can be read back.</param>
public sealed record SavedTarget(string Id, string Name, string Action, decimal? ExpectedCredits, string? Reason, string? PriceNote, string? JournalKey)
{
    /// <summary>The gathered ids the target stands for (a contact run's target holds all of its contacts).</summary>
    public IReadOnlyList<string> GatheredIds => Join.Split(Id);
}

/// <summary>
/// A paid run's plan written down (-PlanPath), as JSON a person reads and diffs: the cmdlet and its parameters,
/// each target with its expected credits and precheck reason, the total and balance, the account (base URL and
/// the key's one-way fingerprint, never the key), when it was made and when it expires (UTC), the module version,
/// and a content hash. The hash detects a file changed after it was written; it is not a signature: anyone who
/// can write the file can compute a new one. Trust in a plan comes from who may write where it is kept.
/// </summary>
public sealed partial class SavedPlan
{
    public const string FormatName = "lensmor-plan/1";

    /// <summary>The parameter -MaxCredits is recorded as (<see cref="PlanRequest"/>) and read back by <see cref="DefaultMaxCredits"/>.</summary>
    public const string MaxCreditsParameter = "MaxCredits";

    public static readonly TimeSpan DefaultValidFor = TimeSpan.FromHours(24);
    public static readonly TimeSpan ShortestValidity = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan LongestValidity = TimeSpan.FromDays(366);

    private SavedPlan()
    {
    }

    /// <summary>Where it was read from or written to.</summary>
    public string Path { get; private set; } = string.Empty;

    public string PlanId { get; private set; } = string.Empty;
    public string Cmdlet { get; private set; } = string.Empty;

    /// <summary>The run's parameters that shape what it does (scope, channel, -RetryFailed, page ...), in the cmdlet's order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; private set; } = new List<KeyValuePair<string, string>>();

    /// <summary>Scheme, host and port: "https://platform.lensmor.com".</summary>
    public string BaseUri { get; private set; } = string.Empty;

    /// <summary>The key's prefix and one-way fingerprint: "sk_1a2b3c4d".</summary>
    public string Account { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public string ModuleVersion { get; private set; } = string.Empty;

    /// <summary>The balance when the plan was made; null when the API gave none.</summary>
    public decimal? Balance { get; private set; }

    /// <summary>What the priced targets cost together.</summary>
    public decimal TotalCredits { get; private set; }

    /// <summary>Targets whose price Lensmor does not publish.</summary>
    public int UnpricedTargets { get; private set; }

    /// <summary>The targets to apply, in the order they were gathered.</summary>
    public IReadOnlyList<SavedTarget> Targets { get; private set; } = new List<SavedTarget>();

    /// <summary>Targets that cost nothing when the plan was made (already unlocked): shown for review, never applied.</summary>
    public IReadOnlyList<SavedTarget> Free { get; private set; } = new List<SavedTarget>();

    /// <summary>"sha256:" and the hash of the file's content without this field.</summary>
    public string ContentHash { get; private set; } = string.Empty;

    /// <summary>False when the content no longer matches its hash: the file was edited after it was written.</summary>
    public bool IsIntact { get; private set; } = true;

    /// <summary>The journal's account string: base URL and fingerprint, as the journal and budgets key them.</summary>
    public string JournalAccount => BaseUri + " " + Account;

    /// <summary>A run's parameter as recorded; null when the plan does not name it.</summary>
    public string? Parameter(string name) =>
        Parameters.Where(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Select(p => p.Value).FirstOrDefault();

    /// <summary>
    /// What Invoke-LensmorPlan allows the run to cost when -MaxCredits is not given: the plan's total; for a plan
    /// whose prices are unpublished, the -MaxCredits it was made with (if any), since no total is known.
    /// </summary>
    public decimal? DefaultMaxCredits =>
        UnpricedTargets == 0 ? TotalCredits
        : decimal.TryParse(Parameter(MaxCreditsParameter), NumberStyles.Number, CultureInfo.InvariantCulture, out var max) ? max : null;

    /// <summary>The place of the saved target a re-planned target stands for: the same id, else the one holding all its gathered ids; -1 when none.</summary>
    public int IndexOf(string targetId)
    {
        for (var i = 0; i < Targets.Count; i++)
        {
            if (Targets[i].Id == targetId)
            {
                return i;
            }
        }

        var ids = Join.Split(targetId);
        for (var i = 0; i < Targets.Count; i++)
        {
            var holds = new HashSet<string>(Targets[i].GatheredIds, StringComparer.Ordinal);
            if (ids.Length > 0 && ids.All(holds.Contains))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The plan of a run, as -PlanPath writes it.</summary>
    /// <param name="journalAccount">The session's account string ("https://host sk_1a2b3c4d").</param>
    public static SavedPlan Create(string cmdlet, PlanRequest request, string journalAccount, decimal? balance,
        IEnumerable<(PlanTarget Target, string JournalKey)> targets, IEnumerable<PlanTarget> free, DateTimeOffset now)
    {
        var created = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var (baseUri, account) = BudgetPeriods.SplitAccount(journalAccount);
        var saved = targets.Select(t => From(t.Target, t.JournalKey)).ToList();
        var plan = new SavedPlan
        {
            Path = request.Path,
            PlanId = Guid.NewGuid().ToString("N"),
            Cmdlet = cmdlet,
            Parameters = request.Parameters.ToList(),
            BaseUri = baseUri,
            Account = account,
            CreatedAt = created,
            ExpiresAt = created + request.ValidFor,
            ModuleVersion = Http.LensmorConnection.ModuleVersion,
            Balance = Credits.Normalize(balance),
            TotalCredits = Credits.Normalize(saved.Sum(t => t.ExpectedCredits ?? 0)),
            UnpricedTargets = saved.Count(t => t.ExpectedCredits == null),
            Targets = saved,
            Free = free.Select(t => From(t, null)).ToList(),
        };
        plan.ContentHash = Hash(plan.ToJson());
        return plan;
    }

    /// <summary>Writes the file: indented JSON with "\n" line ends, UTF-8 without a BOM, the same on every system.</summary>
    public void Save(string path)
    {
        var json = ToJson();
        json.Add("contentHash", ContentHash);
        var text = json.ToString(Formatting.Indented).Replace("\r\n", "\n") + "\n";
        try
        {
            File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            throw new LensmorException(ErrorIds.InvalidArgument, LensmorErrorCategory.WriteError,
                $"The plan could not be written to {path}: {e.Message} Nothing was sent and nothing was charged.",
                "Pass a -PlanPath in a folder you can write to.", isTerminating: true, path, inner: e);
        }

        Path = path;
    }

    /// <summary>Whether the plan can be applied now by <paramref name="journalAccount"/> (null: by whoever, for a review without a connection).</summary>
    public PlanValidity Validity(DateTimeOffset now, string? journalAccount) =>
        !IsIntact ? PlanValidity.Edited
        : now >= ExpiresAt ? PlanValidity.Expired
        : journalAccount != null && !string.Equals(journalAccount, JournalAccount, StringComparison.OrdinalIgnoreCase) ? PlanValidity.OtherAccount
        : PlanValidity.Valid;

    /// <summary>Invoke-LensmorPlan's first check, before any request: an edited, expired or other account's plan is refused whole.</summary>
    public void EnsureApplicable(DateTimeOffset now, string journalAccount)
    {
        switch (Validity(now, journalAccount))
        {
            case PlanValidity.Edited:
                throw Refusal(ErrorIds.PlanEdited, LensmorErrorCategory.InvalidData,
                    $"The plan {Path} was changed after it was written: its content no longer matches its hash ({ContentHash}).",
                    "Make the plan again (the same command with -PlanPath) and have it reviewed again: a plan is applied only as it was written.");
            case PlanValidity.Expired:
                throw Refusal(ErrorIds.PlanExpired, LensmorErrorCategory.InvalidOperation,
                    $"The plan {Path} expired at {Utc(ExpiresAt)} (made {Utc(CreatedAt)}).",
                    "Make a new plan: prices and balances change. -PlanExpiresIn sets how long a plan stays valid when it is made.");
            case PlanValidity.OtherAccount:
                var (baseUri, account) = BudgetPeriods.SplitAccount(journalAccount);
                throw Refusal(ErrorIds.PlanAccountMismatch, LensmorErrorCategory.PermissionDenied,
                    $"The plan {Path} is for account {Account} at {BaseUri}, but this session is account {account} at {baseUri}.",
                    "Connect-Lensmor with the key and -BaseUri the plan was made with (Get-LensmorContext shows the connection in use), or make a new plan with this connection.");
        }
    }

    internal static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    private LensmorException Refusal(string errorId, LensmorErrorCategory category, string message, string recommended) =>
        new(errorId, category, message + " Nothing was sent and nothing was charged.", recommended, isTerminating: true, Path);

    private static SavedTarget From(PlanTarget target, string? journalKey) =>
        new(target.Id, target.Name, target.Action, Credits.Normalize(target.ExpectedCredits), target.Reason, target.PriceNote, journalKey);

    /// <summary>What the hash covers: every field but the hash, compact, in the file's order.</summary>
    private static string Hash(JObject content)
    {
        var canonical = (JObject)content.DeepClone();
        canonical.Remove("contentHash");
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes("lensmor-plan\n" + canonical.ToString(Formatting.None)));
        return "sha256:" + string.Concat(hash.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }
}
