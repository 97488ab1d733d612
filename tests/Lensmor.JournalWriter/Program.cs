using Lensmor.Core.Spending;

namespace Lensmor.JournalWriter;

/// <summary>
/// A separate process appending to a shared intent journal, as several PowerShell sessions would: the
/// cross-process test starts a few of these at once. Usage: Lensmor.JournalWriter &lt;journal&gt; &lt;writer&gt; &lt;count&gt;.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 3 || !int.TryParse(args[2], out var count))
        {
            Console.Error.WriteLine("usage: Lensmor.JournalWriter <journal> <writer> <count>");
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
}
