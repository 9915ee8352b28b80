using System.Globalization;
using System.Text;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;

namespace OnDuty.Messages;

/// <summary>
/// The incident report's rows as CSV (RFC 4180: CRLF, fields quoted where they must be), times in the team's time zone as
/// <c>yyyy-MM-dd HH:mm</c> so a spreadsheet reads them as times. A field that a spreadsheet would take for a formula
/// (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or carriage return first: an alert title can be anything) starts with an
/// apostrophe, so opening the file runs nothing.
/// </summary>
public sealed partial class NoticeRenderer
{
    private static readonly string[] CsvColumns =
    [
        "Id", "Title", "Severity", "MaxSeverity", "Status", "Source", "Detected", "Acknowledged", "AckMinutes", "Resolved", "ResolveMinutes",
        "EscalationStep", "Reopened", "MergedInto", "Areas", "Retro", "FinalReport",
    ];

    private static string IncidentReportCsv(IncidentReportCsvNotice n)
    {
        var p = Phrases.For(n.Language);
        var zone = TimeZones.TryFind(n.List.TimeZone, out var z) ? z : TimeZoneInfo.Utc;
        var csv = new StringBuilder();
        Row(csv, CsvColumns.Select(c => p[$"Report.Csv.{c}"]));
        foreach (var i in n.List.Incidents)
        {
            var incident = i.Incident;
            // The retro's state and the final report as the report's page and JSON say them (IncidentReportCalculator.RowOf).
            var row = n.List.Rows.GetValueOrDefault(incident.Id);
            Row(csv,
            [
                incident.Id,
                ShownTitle(incident, p),
                incident.Severity.ToString().ToUpperInvariant(),
                IncidentReportCalculator.MaxSeverity(i).ToString().ToUpperInvariant(),
                p[$"Status.{incident.Status}"],
                incident.Source,
                CsvTime(incident.DetectedAt, zone),
                CsvTime(IncidentReportCalculator.FirstAcknowledged(i), zone),
                CsvNumber(IncidentReportCalculator.AckMinutes(i)),
                incident.IsOpen ? "" : CsvTime(incident.ResolvedAt, zone),
                CsvNumber(IncidentReportCalculator.ResolveMinutes(i)),
                (i.Timeline.Where(e => e.Kind == TimelineKind.Escalated).Select(e => e.Step).Max() ?? 0).ToString(CultureInfo.InvariantCulture),
                incident.ReopenCount.ToString(CultureInfo.InvariantCulture),
                incident.MergedInto ?? "",
                incident.Confidential ? "" : string.Join("; ", incident.AffectedAreas),
                row is null ? "" : CsvRetro(row, p),
                row?.FinalReportSentAt is { } sent ? TimeZoneInfo.ConvertTime(sent, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : row is { FinalReportOwed: true } ? p["Report.Csv.FinalReportOwed"] : "",
            ]);
        }

        return csv.ToString();
    }

    /// <summary>
    /// 記入済み, 遅れて記入 (first saved after its due day), 期限超過, 未記入（期限内）, 復旧後に記入 for an open SEV1–SEV2, or "" where none
    /// is owed or written: the page's words, so the file tells an overdue retro from one not due yet.
    /// </summary>
    private static string CsvRetro(ReportIncidentRow row, Phrases p) =>
        row.RetroLate ? p["Report.Retro.WrittenLate"] : row.Retro == ReportRetroStatus.NotNeeded ? "" : p[$"Report.Retro.{row.Retro}"];

    private static void Row(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.AppendJoin(',', fields.Select(CsvField));
        csv.Append("\r\n");
    }

    private static string CsvField(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string CsvTime(DateTimeOffset? at, TimeZoneInfo zone) =>
        at is { } t ? TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";

    private static string CsvNumber(double? value) => value?.ToString("0.#", CultureInfo.InvariantCulture) ?? "";
}
