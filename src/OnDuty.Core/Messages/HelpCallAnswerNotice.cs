using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// What a help call says after the member pressed 1: that the person who asked is told and the incident page is in their mail — or,
/// when the incident was resolved meanwhile (<see cref="Resolved"/>), that it is and nothing was recorded.
/// </summary>
public sealed record HelpCallAnswerNotice(Language Language, bool Resolved) : Notice(Language);
