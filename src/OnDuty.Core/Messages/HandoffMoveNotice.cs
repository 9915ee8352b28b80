using OnDuty.Core.Calendar;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// "The handoff moved to … because …" as one line of text (the API's <c>handoffMoved</c> text, feeds), its time in the rotation's
/// <paramref name="TimeZone"/> and said with it (「10:00（JST）」).
/// </summary>
public sealed record HandoffMoveNotice(Language Language, HandoffMove Move, TimeOnly HandoffTime, string TimeZone) : Notice(Language);
