using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>The internal status page: open incidents and those resolved in the last days, newest first.</summary>
public sealed record StatusPageNotice(Language Language, IReadOnlyList<StatusBoardEntry> Incidents, string TimeZone, DateTimeOffset Now) : Notice(Language);
