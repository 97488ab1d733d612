using Lensmor.Core.Errors;
using Lensmor.Core.Spending;

namespace Lensmor.JournalWriter;

/// <summary>
/// A separate process sharing an intent journal, as several PowerShell sessions would: the cross-process tests
/// start a few of these at once.
/// <list type="bullet">
/// <item>Lensmor.JournalWriter &lt;journal&gt; &lt;writer&gt; &lt;count&gt;: appends count records.</item>
/// <item>Lensmor.JournalWriter reserve &lt;journal&gt; &lt;account&gt; &lt;credits&gt; &lt;start-file&gt; &lt;hold-ms&gt; [crash]: waits
/// until start-file exists, reserves credits against the account's budgets, holds the reservation for hold-ms (or,
/// when it is negative, until start-file.release exists), then releases it (or, with crash, exits without releasing,
/// as a process that dies would). It prints ready, then reserved or refused. Exit code 0 when reserved, 3 when
/// refused (LensmorBudgetExceeded), 2 on bad usage.</item>
/// </list>
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length >= 6 && args[0] == "reserve" && decimal.TryParse(args[3], System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var credits) && int.TryParse(args[5], out var holdMs))
        {
            return Reserve(new IntentJournal(args[1]), args[2], credits, args[4], holdMs, crash: args.Length > 6 && args[6] == "crash");
        }

        if (args.Length != 3 || !int.TryParse(args[2], out var count))
        {
            Console.Error.WriteLine("usage: Lensmor.JournalWriter <journal> <writer> <count> | reserve <journal> <account> <credits> <start-file> <hold-ms> [crash]");
            return 2;
        }

        var journal = new IntentJournal(args[0]);
        for (var i = 0; i < count; i++)
        {
            journal.Append(new JournalRecord
            {
                Id = $"{args[1]}-{i}",
                Key = "cross-process-" + i,
                State = JournalRecord.Sent,
                At = DateTimeOffset.UtcNow,
                Targets = new string('x', 300),
                ProcessId = Environment.ProcessId,
                Machine = Environment.MachineName,
            });
        }

        return 0;
    }

    private static int Reserve(IntentJournal journal, string account, decimal credits, string startFile, int holdMs, bool crash)
    {
        Console.WriteLine("ready");
        Console.Out.Flush();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(startFile) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(2);
        }

        BudgetReservation reservation;
        try
        {
            reservation = new BudgetBook(journal).Reserve(account, credits);
        }
        catch (LensmorException e) when (e.ErrorId == ErrorIds.BudgetExceeded)
        {
            Console.WriteLine("refused: " + e.Message);
            return 3;
        }

        Console.WriteLine("reserved " + reservation.Held);
        Console.Out.Flush();
        if (holdMs < 0)
        {
            // Hold until told: the parent writes <start-file>.release once every process has tried.
            while (!File.Exists(startFile + ".release") && DateTime.UtcNow < deadline.AddMinutes(2))
            {
                Thread.Sleep(10);
            }
        }
        else
        {
            Thread.Sleep(holdMs);
        }

        if (crash)
        {
            Environment.Exit(0); // no release: the reservation is left behind, as a process that died would leave it
        }

        reservation.Dispose();
        return 0;
    }
}
