using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>The read-only schedule page of a rotation's coming shifts, as of <see cref="Now"/>.</summary>
public sealed record SchedulePageNotice(Language Language, RotationSchedule Schedule, DateTimeOffset Now) : Notice(Language);
