namespace Lensmor.Core.Hosting;

public sealed class LensmorProgress
{
    public LensmorProgress(int activityId, string activity, string status, int percentComplete = -1, bool completed = false)
    {
        ActivityId = activityId;
        Activity = activity;
        Status = status;
        PercentComplete = percentComplete;
        Completed = completed;
    }

    public int ActivityId { get; }
    public string Activity { get; }
    public string Status { get; }
    public int PercentComplete { get; }
    public bool Completed { get; }
}
