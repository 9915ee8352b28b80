namespace OnDuty.Core.Incidents;

public enum AlertIntakeOutcome
{
    /// <summary>A new incident was opened and the duty members paged.</summary>
    Opened,

    /// <summary>Folded into the open incident: timeline rows, no new incident, no new page.</summary>
    Folded,

    /// <summary>
    /// A new group joined an open incident of the same source by alert grouping (<see cref="AlertSourceOptions.GroupWindow"/>):
    /// its alerts are tracked there, nobody is paged again.
    /// </summary>
    Grouped,

    /// <summary>The group's incident resolved within the reopen window and was reopened.</summary>
    Reopened,

    /// <summary>Every alert of the incident resolved, so the incident did.</summary>
    Resolved,

    /// <summary>Only resolves for a group with no open incident: nothing to do.</summary>
    Ignored,

    /// <summary>
    /// Every firing alert of the delivery started before the resolve OnDuty recorded for it (a late delivery, such as from the
    /// lagging peer of an Alertmanager HA pair): a timeline row at most, no reopen, no new incident, no page.
    /// </summary>
    Stale,

    /// <summary>The sender acknowledged the group's open incident (PagerDuty acknowledge): escalation stopped.</summary>
    Acknowledged,

    /// <summary>
    /// Every alert of the incident resolved, but a person runs it (<see cref="Incident.RunByPerson"/>: declared by a person, or set
    /// to 経過観察中 by one): it stays open, a timeline row says so and the person on it is asked to resolve it if it is over.
    /// </summary>
    AlertsResolved,
}
