using OnDuty.Core.Retros;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>A rotation's duty report as CSV (a row per member, headers in the team's language), for payroll's spreadsheet.</summary>
public sealed record DutyReportCsvNotice(Language Language, DutyReport Report) : Notice(Language);
