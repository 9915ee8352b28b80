namespace OnDuty.Core.Rotations;

/// <summary>
/// Told when a person's change to a running (announced) shift was saved — a replacement, a swap, a cover, one taken back — so
/// who is on duty may differ from a moment ago. The paging side hands unanswered incidents to the new pair at once
/// (<c>Pager.HandOverUnansweredAsync</c>) instead of at the next escalation run.
/// </summary>
public interface IDutyChangeObserver
{
    /// <summary>Called after the change is stored; never in the way of it (a failure is the observer's to log).</summary>
    Task DutyChangedAsync(string rotationId, CancellationToken cancellationToken);
}
