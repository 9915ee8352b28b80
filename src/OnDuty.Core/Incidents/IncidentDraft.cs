using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

/// <summary>
/// What users are told about an incident, for PR and customer support to review in one language: the notice, the
/// workaround, and answers to the questions customers will ask. OnDuty generates it from the incident and keeps what people
/// saved; it never publishes or sends it.
/// </summary>
public sealed record IncidentDraft
{
    public const int MaxNoticeLength = 8000;
    public const int MaxTextLength = 4000;
    public const int MaxQuestions = 20;
    public const int MaxQuestionLength = 500;

    public required Language Language { get; init; }

    public required string CustomerNotice { get; init; }

    public required string Workaround { get; init; }

    public IReadOnlyList<DraftQuestion> Faq { get; init; } = [];

    public DraftStatus Status { get; init; } = DraftStatus.Draft;

    /// <summary>Who approved it (for PR/CS), when <see cref="Status"/> is approved.</summary>
    public string? ApprovedBy { get; init; }

    public DateTimeOffset? ApprovedAt { get; init; }

    /// <summary>Who saved it last; null while it is only generated.</summary>
    public string? SavedBy { get; init; }

    public DateTimeOffset? SavedAt { get; init; }

    /// <summary>
    /// The incident's status when this text was saved (and approved): the state it was written for. Null while only generated,
    /// and in drafts saved before OnDuty recorded it (those are not taken as stale).
    /// </summary>
    public IncidentStatus? SavedInStatus { get; init; }

    /// <summary>
    /// Whether the incident has gone from open to resolved, or back, since this text was saved (approved while 調査中, then
    /// 復旧済み): the approval was of a text for an outage going on, or over, so PR/CS should review it. A change between open
    /// states (調査中 → 原因特定) leaves it valid: the text tells customers of the same ongoing outage. False while generated and
    /// when the state is not known.
    /// </summary>
    public bool IsStaleFor(IncidentStatus current) =>
        SavedInStatus is { } saved && (saved == IncidentStatus.Resolved) != (current == IncidentStatus.Resolved);

    /// <summary>
    /// What the text was generated from when it was saved (and approved): a hash per input (<see cref="DraftInputs"/>). Null while
    /// only generated, and in drafts saved before OnDuty recorded it (those go stale on the status alone, <see cref="IsStaleFor"/>).
    /// </summary>
    public IReadOnlyDictionary<string, string>? Inputs { get; init; }

    /// <summary>
    /// The inputs (<see cref="DraftInputs.Names"/>) that changed in <paramref name="incident"/> since this text was saved: the
    /// workaround, user impact, areas, title… (not the severity: no draft says it) — the approval was of a text about another state of the incident, so PR/CS
    /// should review it. Empty while generated, and when nothing it is generated from changed.
    /// </summary>
    public IReadOnlyList<string> StaleBecause(Incident incident) =>
        Inputs is { } inputs ? DraftInputs.Changed(inputs, DraftInputs.Of(incident))
        : IsStaleFor(incident.Status) ? ["status"]
        : [];
}
