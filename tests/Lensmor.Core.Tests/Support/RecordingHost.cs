using System.Collections.Concurrent;
using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;

namespace Lensmor.Core.Tests.Support;

/// <summary>A host that answers every confirmation the same way and keeps every call.</summary>
public sealed class RecordingHost : ILensmorHost
{
    private readonly bool answer;

    public RecordingHost(bool answer = true, bool whatIf = false, bool debug = true, CancellationToken token = default)
    {
        this.answer = answer && !whatIf;
        IsWhatIf = whatIf;
        IsDebugEnabled = debug;
        CancellationToken = token;
    }

    public static RecordingHost Yes() => new(answer: true);
    public static RecordingHost WhatIf() => new(answer: false, whatIf: true);
    public static RecordingHost No() => new(answer: false);

    public CancellationToken CancellationToken { get; }
    public bool IsWhatIf { get; }
    public bool IsDebugEnabled { get; }

    public ConcurrentQueue<(string Target, string Action)> Prompts { get; } = new();
    public ConcurrentQueue<object> Objects { get; } = new();
    public ConcurrentQueue<LensmorException> Errors { get; } = new();
    public ConcurrentQueue<string> Verbose { get; } = new();
    public ConcurrentQueue<string> Debug { get; } = new();
    public ConcurrentQueue<string> Warnings { get; } = new();
    public ConcurrentQueue<object> Information { get; } = new();
    public ConcurrentQueue<string> HostLines { get; } = new();
    public ConcurrentQueue<LensmorProgress> Progress { get; } = new();
    public ConcurrentQueue<long> TotalCounts { get; } = new();

    public IEnumerable<T> Output<T>() => Objects.OfType<T>();

    /// <summary>Everything the user could see, as text: for secret-hygiene assertions.</summary>
    public IEnumerable<string> AllText() =>
        Prompts.SelectMany(p => new[] { p.Target, p.Action })
            .Concat(Objects.Select(o => Newtonsoft.Json.JsonConvert.SerializeObject(o)))
            .Concat(Errors.Select(e => e.ToString() + e.RecommendedAction))
            .Concat(Verbose).Concat(Debug).Concat(Warnings)
            .Concat(Information.Select(i => Newtonsoft.Json.JsonConvert.SerializeObject(i) + i))
            .Concat(HostLines)
            .Concat(Progress.Select(p => p.Activity + p.Status));

    public bool ShouldProcess(string target, string action)
    {
        Prompts.Enqueue((target, action));
        return answer;
    }

    public void WriteObject(object item) => Objects.Enqueue(item);
    public void WriteError(LensmorException error) => Errors.Enqueue(error);
    public void WriteVerbose(string message) => Verbose.Enqueue(message);
    public void WriteDebug(string message) => Debug.Enqueue(message);
    public void WriteWarning(string message) => Warnings.Enqueue(message);
    public void WriteInformation(object data, params string[] tags) => Information.Enqueue(data);
    public void WriteHostLine(string message) => HostLines.Enqueue(message);
    public void WriteProgress(LensmorProgress progress) => Progress.Enqueue(progress);
    public void WriteTotalCount(long total) => TotalCounts.Enqueue(total);
}
