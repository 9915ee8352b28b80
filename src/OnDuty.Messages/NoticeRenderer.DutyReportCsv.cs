using System.Globalization;
using System.Text;
using OnDuty.Core.Messages;

namespace OnDuty.Messages;

/// <summary>
/// The duty report (当番実績) as CSV, the incident report's way (RFC 4180, formula-looking fields defused): a row per member who
/// held duty, hours to a tenth, the holiday dates as <c>yyyy-MM-dd</c> joined by "; " so payroll can check them.
/// </summary>
public sealed partial class NoticeRenderer
{
    private static readonly string[] DutyCsvColumns =
    [
        "MemberId", "Name", "DutyDays", "HolidayDutyDays", "DutyHours", "Pages", "PagesOutOfHours", "IncidentsPaged", "Acknowledged", "HolidayDates",
    ];

    private static string DutyReportCsv(DutyReportCsvNotice n)
    {
        var p = Phrases.For(n.Language);
        var csv = new StringBuilder();
        Row(csv, DutyCsvColumns.Select(c => p[$"DutyReport.Csv.{c}"]));
        foreach (var m in n.Report.Members)
        {
            Row(csv,
            [
                m.MemberId,
                m.DisplayName,
                m.DutyDays.ToString(CultureInfo.InvariantCulture),
                m.HolidayDutyDays.ToString(CultureInfo.InvariantCulture),
                m.DutyHours.ToString("0.0", CultureInfo.InvariantCulture),
                m.Pages.ToString(CultureInfo.InvariantCulture),
                m.PagesOutOfHours.ToString(CultureInfo.InvariantCulture),
                m.IncidentsPaged.ToString(CultureInfo.InvariantCulture),
                m.Acknowledged.ToString(CultureInfo.InvariantCulture),
                string.Join("; ", m.HolidayDays.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
            ]);
        }

        return csv.ToString();
    }
}
