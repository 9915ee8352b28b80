namespace OnDuty.Core.Incidents;

/// <summary>
/// The alerts of an incident as a delivery would leave them, with what the fold would count (<see cref="AlertIntake.TrackedAfter"/>).
/// </summary>
/// <param name="After">Every tracked alert after the delivery, the unlisted alerts' entry included.</param>
/// <param name="Fired">Alerts it fires: new to the incident, or firing again after they resolved (not stale).</param>
/// <param name="Resolved">Listed alerts it resolves (firing before).</param>
/// <param name="UnlistedResolved">It lists every alert after some were left out: the unlisted alerts' entry resolves.</param>
/// <param name="Stale">Firings that started before the resolve recorded for them: a timeline row each, nothing fires.</param>
/// <param name="Changes">Alert state changes in all (fired, resolved, the unlisted alerts' entry).</param>
/// <param name="Reopens">The incident is resolved and the delivery fires (a firing that is not stale, or unlisted alerts): it reopens.</param>
internal sealed record AlertsAfterDelivery(
    IReadOnlyCollection<TrackedAlert> After, int Fired, int Resolved, bool UnlistedResolved, int Stale, int Changes, bool Reopens)
{
    /// <summary>It resolves an alert (only such a delivery resolves an incident).</summary>
    public bool Resolves => Resolved > 0 || UnlistedResolved;
}
