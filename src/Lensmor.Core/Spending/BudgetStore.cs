using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace Lensmor.Core.Spending;

/// <summary>
/// &lt;journal&gt;.budgets.json: the budgets set per account, and the reservations of paid runs in progress. Small;
/// read and rewritten whole (atomically, owner-only) under the journal's lock.
/// </summary>
internal sealed class BudgetStore
{
    /// <summary>How long a reservation made on another machine (a journal on a share) counts: its process cannot be checked from here.</summary>
    public static readonly TimeSpan RemoteReservationLease = TimeSpan.FromHours(24);

    private static readonly JsonSerializerSettings Settings = new()
    {
        DateParseHandling = DateParseHandling.DateTimeOffset,
        Formatting = Formatting.Indented,
        Converters = { new StringEnumConverter() },
    };

    [JsonProperty("budgets")] public List<StoredBudget> Budgets { get; set; } = new();
    [JsonProperty("reservations")] public List<Reservation> Reservations { get; set; } = new();

    public static BudgetStore Load(string path)
    {
        if (!File.Exists(path))
        {
            return new BudgetStore();
        }

        try
        {
            return JsonConvert.DeserializeObject<BudgetStore>(File.ReadAllText(path), Settings) ?? new BudgetStore();
        }
        catch (JsonException e)
        {
            throw new Errors.LensmorException(Errors.ErrorIds.JournalUnavailable, Errors.LensmorErrorCategory.InvalidData,
                $"The Lensmor budget file {path} cannot be read: {e.Message} Nothing was sent and nothing was charged.",
                "Fix or delete the file (then set the budgets again with Set-LensmorBudget).", isTerminating: true, path, inner: e);
        }
    }

    public void Save(string path) => JournalFiles.WriteAtomically(path, JsonConvert.SerializeObject(this, Settings));

    /// <summary>
    /// Forgets reservations whose run can no longer settle them: on this machine, its process has ended (or its
    /// id now belongs to another process); from another machine, it is older than <see cref="RemoteReservationLease"/>.
    /// </summary>
    public bool DropDead(DateTimeOffset now)
    {
        var before = Reservations.Count;
        Reservations.RemoveAll(r => !r.IsLive(now));
        return Reservations.Count != before;
    }

    public sealed class StoredBudget
    {
        [JsonProperty("account")] public string Account { get; set; } = string.Empty;
        [JsonProperty("period")] public BudgetPeriod Period { get; set; }
        [JsonProperty("credits")] public decimal Credits { get; set; }
        [JsonProperty("setAt")] public DateTimeOffset SetAt { get; set; }
    }

    public sealed class Reservation
    {
        [JsonProperty("id")] public string Id { get; set; } = string.Empty;
        [JsonProperty("account")] public string Account { get; set; } = string.Empty;

        /// <summary>What the run still holds: its total, less what it reported settled.</summary>
        [JsonProperty("credits")] public decimal Credits { get; set; }
        [JsonProperty("at")] public DateTimeOffset At { get; set; }
        [JsonProperty("host")] public string Machine { get; set; } = string.Empty;
        [JsonProperty("pid")] public int ProcessId { get; set; }
        [JsonProperty("processStart")] public DateTimeOffset? ProcessStart { get; set; }

        public bool IsFrom(string machine, int processId) =>
            ProcessId == processId && string.Equals(Machine, machine, StringComparison.OrdinalIgnoreCase);

        public bool IsLive(DateTimeOffset now) =>
            string.Equals(Machine, Environment.MachineName, StringComparison.OrdinalIgnoreCase)
                ? JournalAttempts.ProcessIsAlive(ProcessId, ProcessStart)
                : now - At < RemoteReservationLease;
    }
}
