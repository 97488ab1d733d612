using System.Collections.Concurrent;
using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;

namespace Lensmor.Core.Tests.Support;

/// <summary>A host that answers every confirmation the same way and keeps every call.</summary>
public sealed class RecordingHost : FakeHost
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

    public override CancellationToken CancellationToken { get; }
    public override bool IsWhatIf { get; }
    public override bool IsDebugEnabled { get; }

    /// <summary>Runs when a prompt is shown, before it is answered: another client acting in between.</summary>
    public Action? OnPrompt { get; set; }

    public ConcurrentQueue<(string Target, string Action)> Prompts { get; } = new();
    public ConcurrentQueue<object> Objects { get; } = new();
    public ConcurrentQueue<LensmorException> Errors { get; } = new();
    public ConcurrentQueue<string> Verbose { get; } = new();
    public ConcurrentQueue<string> Debug { get; } = new();
    public ConcurrentQueue<string> Warnings { get; } = new();
    public ConcurrentQueue<object> Information { get; } = new();

    /// <summary>Each information record with its tags (PSHOST: the console shows it, as it shows Write-Host).</summary>
    public ConcurrentQueue<(object Data, string[] Tags)> InformationRecords { get; } = new();
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

    public override void WriteInformation(object data, params string[] tags)
    {
        InformationRecords.Enqueue((data, tags));
        base.WriteInformation(data, tags);
    }

    public override bool ShouldProcess(string target, string action)
    {
        OnPrompt?.Invoke();
        base.ShouldProcess(target, action);
        return answer;
    }

    protected override void OnCall(HostCall call, object payload)
    {
        switch (call)
        {
            case HostCall.Prompt: Prompts.Enqueue(((string, string))payload); break;
            case HostCall.Object: Objects.Enqueue(payload); break;
            case HostCall.Error: Errors.Enqueue((LensmorException)payload); break;
            case HostCall.Verbose: Verbose.Enqueue((string)payload); break;
            case HostCall.Debug: Debug.Enqueue((string)payload); break;
            case HostCall.Warning: Warnings.Enqueue((string)payload); break;
            case HostCall.Information: Information.Enqueue(payload); break;
            case HostCall.HostLine: HostLines.Enqueue((string)payload); break;
            case HostCall.Progress: Progress.Enqueue((LensmorProgress)payload); break;
            case HostCall.TotalCount: TotalCounts.Enqueue((long)payload); break;
        }
    }
}
