using OnDuty.Core.Retros;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>The incidents of a report's range as CSV (a row each, headers in the reader's language), for a spreadsheet.</summary>
public sealed record IncidentReportCsvNotice(Language Language, IncidentReportList List) : Notice(Language);
