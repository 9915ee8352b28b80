namespace OnDuty.Core.Calendar;

/// <summary>One step to bring a calendar in line: <see cref="Desired"/> is null for Cancel, <see cref="Existing"/> null for a first Create.</summary>
public sealed record CalendarChange(CalendarChangeKind Kind, DutyEvent? Desired, CalendarEventRecord? Existing);
