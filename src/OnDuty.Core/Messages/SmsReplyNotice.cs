using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>OnDuty's text answering a member's reply: what their reply acknowledged, that nothing was waiting, or how to reply.</summary>
public sealed record SmsReplyNotice(Language Language, SmsReplyKind Kind, IReadOnlyList<string> IncidentIds) : Notice(Language);

public enum SmsReplyKind
{
    Acknowledged,
    NothingWaiting,
    Help,
}
