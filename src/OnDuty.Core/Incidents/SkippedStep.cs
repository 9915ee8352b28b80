namespace OnDuty.Core.Incidents;

/// <summary>An escalation step passed over, and why (kept as data on the timeline).</summary>
public sealed record SkippedStep(int Step, string Reason)
{
    public const string NobodyToPage = "nobody to page";

    public const string Overdue = "overdue: a later step was due (catching up after downtime)";
}
