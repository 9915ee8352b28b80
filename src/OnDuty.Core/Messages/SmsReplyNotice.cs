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

/// <summary>An open incident someone else took: its id, who (a member's roster name, else the name as recorded) and their language.</summary>
public sealed record SmsReplyTaken(string IncidentId, string By, Language? ByLanguage);

public enum SmsReplyKind
{
    Acknowledged,
    NothingWaiting,
    Help,
}
