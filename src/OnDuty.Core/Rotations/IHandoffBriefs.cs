namespace OnDuty.Core.Rotations;

/// <summary>
/// The handoff brief of the incident rotation's current shift (open incidents, retros owed, maintenance, heartbeats): sent
/// to each member of the announced pair once per shift. A member who joins the pair mid-shift (a sick PM replaced) is told
/// right after the change is announced, not at the timer's next run.
/// </summary>
public interface IHandoffBriefs
{
    /// <summary>Queues the briefs the current shift's members have not had; returns how many were queued.</summary>
    Task<int> BriefAsync(CancellationToken cancellationToken);
}
