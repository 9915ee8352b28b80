using OnDuty.Core.Retros;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// The duty report (当番実績) as a page: a month or a quarter, a row per member with a totals row, the CSV of the same days, and
/// a line when holiday duty or out-of-hours pages fell on one member (<see cref="DutyFairness"/>).
/// </summary>
public sealed record DutyReportPageNotice(Language Language, DutyReport Report) : Notice(Language);
