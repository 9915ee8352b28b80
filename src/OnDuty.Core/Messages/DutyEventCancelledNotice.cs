using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>The comment sent with a cancelled Outlook duty event (plain text).</summary>
public sealed record DutyEventCancelledNotice(Language Language, string Week) : Notice(Language);
