using OnDuty.Core.Alerts;

namespace OnDuty.Core.Incidents;

/// <summary>The stored form of an <see cref="Incident"/>: every field, nothing computed.</summary>
public sealed record IncidentSnapshot
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public required AlertSeverity Severity { get; init; }

    public required IncidentStatus Status { get; init; }

    public string Source { get; init; } = Incident.ManualSource;

    public string? GroupKey { get; init; }

    /// <inheritdoc cref="Incident.JoinedGroups"/>
    public IReadOnlyList<string> JoinedGroups { get; init; } = [];

    /// <inheritdoc cref="Incident.MergedGroups"/>
    public IReadOnlyList<HeldGroup>? MergedGroups { get; init; }

    /// <inheritdoc cref="Incident.MergedIncidents"/>
    public IReadOnlyList<string>? MergedIncidents { get; init; }

    /// <inheritdoc cref="Incident.MergedInto"/>
    public string? MergedInto { get; init; }

    /// <summary><inheritdoc cref="Incident.MergeTakings"/> Null: none (and on records stored before 12-06).</summary>
    public IReadOnlyList<MergeTaking>? MergeTakings { get; init; }

    /// <inheritdoc cref="Incident.StatusBeforeMerge"/>
    public IncidentStatus? StatusBeforeMerge { get; init; }

    /// <inheritdoc cref="Incident.UnmergedFrom"/>
    public string? UnmergedFrom { get; init; }

    /// <inheritdoc cref="Incident.MergingInto"/>
    public string? MergingInto { get; init; }

    /// <inheritdoc cref="Incident.MergingInto"/>
    public DateTimeOffset? MergingSince { get; init; }

    public IReadOnlyList<string> AffectedAreas { get; init; } = [];

    public IReadOnlyList<string> Platforms { get; init; } = [];

    public string? UserImpact { get; init; }

    public string? Workaround { get; init; }

    /// <inheritdoc cref="Incident.Cause"/>
    public string? Cause { get; init; }

    /// <inheritdoc cref="Incident.NextSteps"/>
    public string? NextSteps { get; init; }

    /// <inheritdoc cref="Incident.BridgeUrl"/>
    public string? BridgeUrl { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset DetectedAt { get; init; }

    /// <inheritdoc cref="Incident.OpenedBy"/>
    public string? OpenedBy { get; init; }

    /// <inheritdoc cref="Incident.OpenedVia"/>
    public string? OpenedVia { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    public string? AcknowledgedBy { get; init; }

    /// <inheritdoc cref="Incident.AcknowledgedFrom"/>
    public string? AcknowledgedFrom { get; init; }

    /// <inheritdoc cref="Incident.TakenOverAt"/>
    public DateTimeOffset? TakenOverAt { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>When it was closed, kept apart from a recovery time a person gave (<see cref="Incident.ClosedAt"/>); null on records stored before.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    public IReadOnlyList<AssignedMember> Assignees { get; init; } = [];

    /// <inheritdoc cref="Incident.PagedBefore"/>
    public IReadOnlyList<string> PagedBefore { get; init; } = [];

    /// <inheritdoc cref="Incident.LeadsOnLeave"/>
    public IReadOnlyList<string> LeadsOnLeave { get; init; } = [];

    /// <summary>-1 before the first page, 0 once the duty members were paged, then the escalation step reached.</summary>
    public int NotifiedStep { get; init; } = -1;

    /// <summary>
    /// False between recording <see cref="NotifiedStep"/> and having its messages in the outbox; the next escalation run
    /// queues them again (a no-op for those already there). True for records stored before this existed.
    /// </summary>
    public bool StepQueued { get; init; } = true;

    /// <summary>When the ack timeout started counting: detection, or the last reopen.</summary>
    public DateTimeOffset EscalationClockFrom { get; init; }

    public int ReopenCount { get; init; }

    /// <inheritdoc cref="Incident.AlertVersion"/>
    public long AlertVersion { get; init; }

    /// <summary><inheritdoc cref="Incident.ResolveVersion"/> Null for records stored before it existed: read as <see cref="AlertVersion"/>.</summary>
    public long? ResolveVersion { get; init; }

    /// <summary>How often a person called the PM organisation for help (numbers each call's messages).</summary>
    public int HelpCalls { get; init; }
    /// <summary>Telling stakeholders; records stored before it existed read as nothing told yet.</summary>
    public IncidentComms Comms { get; init; } = new();

    /// <summary>Numbers the stored versions (1 on create, one more on each write); 0 for records stored before it existed.</summary>
    public long Revision { get; init; }

    /// <summary>What a person last said (opened, updated, resolved or reopened it); null when nobody has.</summary>
    public PersonUpdate? LastPersonUpdate { get; init; }

    /// <summary>False for records stored before <see cref="LastPersonUpdate"/> existed: only their timeline knows it.</summary>
    public bool LastPersonUpdateKnown { get; init; }

    /// <inheritdoc cref="Incident.TextPurgedAt"/>
    public DateTimeOffset? TextPurgedAt { get; init; }

    /// <inheritdoc cref="Incident.PagesHeldUntil"/>
    public DateTimeOffset? PagesHeldUntil { get; init; }

    /// <inheritdoc cref="Incident.PagesHeldBy"/>
    public string? PagesHeldBy { get; init; }

    /// <inheritdoc cref="Incident.PagesHeldFor"/>
    public string? PagesHeldFor { get; init; }

    /// <inheritdoc cref="Incident.PagesHeldFromStep"/>
    public int? PagesHeldFromStep { get; init; }

    /// <inheritdoc cref="Incident.PagesNobodyFor"/>
    public string? PagesNobodyFor { get; init; }

    /// <inheritdoc cref="Incident.AcknowledgedVia"/>
    public string? AcknowledgedVia { get; init; }

    /// <inheritdoc cref="Incident.Refusal"/>
    public RefusedDelivery? Refusal { get; init; }

    /// <inheritdoc cref="Incident.ClosedBy"/>
    public string? ClosedBy { get; init; }

    /// <inheritdoc cref="Incident.SeverityBy"/>
    public string? SeverityBy { get; init; }

    /// <inheritdoc cref="Incident.ReopenedOverPerson"/>
    public bool ReopenedOverPerson { get; init; }

    /// <inheritdoc cref="Incident.RecoveredTold"/>
    public bool RecoveredTold { get; init; }

    /// <inheritdoc cref="Incident.DeclaredMergedIn"/> Null (rows stored before 12-05, and false) reads as false.
    public bool? DeclaredMergedIn { get; init; }

    /// <inheritdoc cref="Incident.Confidential"/> Null (rows stored before 12-07, and false) reads as false.
    public bool? Confidential { get; init; }

    /// <inheritdoc cref="Incident.OfficerMailOwed"/>
    public OwedOfficerMail? OfficerMailOwed { get; init; }

    /// <inheritdoc cref="Incident.CommsLead"/>
    public string? CommsLead { get; init; }

    /// <inheritdoc cref="Incident.CommsLeadAt"/>
    public DateTimeOffset? CommsLeadAt { get; init; }

    /// <inheritdoc cref="Incident.CommsLeadCount"/> Null (rows stored before 12-07, and none) reads as 0.
    public int? CommsLeadCount { get; init; }

    /// <inheritdoc cref="Incident.MaxSeverity"/>
    public AlertSeverity? MaxSeverity { get; init; }

    /// <inheritdoc cref="Incident.LastReopenedAt"/>
    public DateTimeOffset? LastReopenedAt { get; init; }

    /// <summary><inheritdoc cref="Incident.MonitoringTitle"/></summary>
    public string? MonitoringTitle { get; init; }

    /// <summary><inheritdoc cref="Incident.RaisedRounds"/> Null (0) on records stored before 12-04.</summary>
    public int? RaisedRounds { get; init; }

    /// <inheritdoc cref="Incident.RaisedOverToolAck"/>
    public string? RaisedOverToolAck { get; init; }

    /// <inheritdoc cref="Incident.StepToldBeforeHandOver"/>
    public bool? StepToldBeforeHandOver { get; init; }

    /// <inheritdoc cref="Incident.PagesTogether"/>
    public IReadOnlyList<PagesTogether>? PagesTogether { get; init; }

    /// <inheritdoc cref="Incident.SnoozedUntil"/>
    public DateTimeOffset? SnoozedUntil { get; init; }

    /// <inheritdoc cref="Incident.SnoozedBy"/>
    public string? SnoozedBy { get; init; }

    /// <inheritdoc cref="Incident.AckRenewedAt"/>
    public DateTimeOffset? AckRenewedAt { get; init; }

    /// <inheritdoc cref="Incident.AckExpiredAt"/>
    public DateTimeOffset? AckExpiredAt { get; init; }

    /// <summary><inheritdoc cref="Incident.AckExpiries"/> Null (0) on records stored before 12-07.</summary>
    public int? AckExpiries { get; init; }

    /// <inheritdoc cref="Incident.AckLapsedRound"/>
    public int? AckLapsedRound { get; init; }

    /// <inheritdoc cref="Incident.AckLapsedBy"/>
    public string? AckLapsedBy { get; init; }

    /// <summary><inheritdoc cref="Incident.PersonalCallsRound"/> Null on records stored before 12-07 (nobody rung by their own rule).</summary>
    public int? PersonalCallsRound { get; init; }

    /// <inheritdoc cref="Incident.PersonalCalled"/>
    public IReadOnlyList<string>? PersonalCalled { get; init; }
}
