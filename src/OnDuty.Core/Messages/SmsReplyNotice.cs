using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>OnDuty's text answering a member's reply: what their reply acknowledged, that nothing was waiting, or how to reply.</summary>
public sealed record SmsReplyNotice(Language Language, SmsReplyKind Kind, IReadOnlyList<string> IncidentIds) : Notice(Language)
{
    /// <summary>
    /// <see cref="SmsReplyKind.NothingWaiting"/>: the open incidents they were paged about that another person has acknowledged,
    /// newest first — the partner who replies 「1」 after the other took it is told who did.
    /// </summary>
    public IReadOnlyList<SmsReplyTaken> Taken { get; init; } = [];
}

/// <summary>An open incident someone else took: its id and who (<see cref="Incidents.IncidentTaker"/>, as every channel names them).</summary>
public sealed record SmsReplyTaken(string IncidentId, Incidents.IncidentTaker By);

public enum SmsReplyKind
{
    Acknowledged,
    NothingWaiting,
    Help,
}
