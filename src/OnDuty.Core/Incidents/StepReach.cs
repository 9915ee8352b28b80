namespace OnDuty.Core.Incidents;

/// <summary>Whom an escalation step would tell (<see cref="EscalationPolicy.Reach"/>).</summary>
public enum StepReach
{
    /// <summary>Nobody is configured or on duty for it.</summary>
    Nobody,

    /// <summary>Only people this incident paged already: passed over.</summary>
    NobodyNew,

    /// <summary>At least one person not paged yet: the step goes to all its people.</summary>
    SomeoneNew,
}
