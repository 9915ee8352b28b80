namespace OnDuty.Core.Incidents;

public enum DraftStatus
{
    /// <summary>Generated, or saved but not yet approved by PR/CS.</summary>
    Draft,

    Approved,
}
