using OnDuty.Core.Alerts;
using OnDuty.Core.Calendar;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>The incident report's CSV: a row per incident, RFC 4180 quoting, times in the team's zone, and no formulas from titles.</summary>
public sealed class IncidentReportCsvTests
{
    private static DateTimeOffset J(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.FromHours(9));

    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    /// <summary>The list as the service gives it on Wed 2 Dec: each row's retro and final report stated as the report states them.</summary>
    private static IncidentReportList Listed(ReportIncident[] incidents, DateOnly? today = null) =>
        new(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), "Asia/Tokyo", false, incidents)
        {
            Rows = incidents.ToDictionary(i => i.Incident.Id, i => IncidentReportCalculator.RowOf(i, Tokyo, new WorkingCalendar("JP", []), 3, null, today ?? new DateOnly(2026, 12, 2))),
        };

    private static ReportIncident Make(string id, string title, AlertSeverity severity, DateTimeOffset detected, DateTimeOffset? resolved, TimelineEntry[] timeline, RetroContent? retro = null, string? mergedInto = null, IncidentComms? comms = null) =>
        new(Incident.Restore(new IncidentSnapshot
        {
            Id = id,
            Title = title,
            Severity = severity,
            Status = resolved is null ? IncidentStatus.Identified : IncidentStatus.Resolved,
            Source = "alertmanager",
            DetectedAt = detected,
            StartedAt = detected,
            ResolvedAt = resolved,
            AffectedAreas = ["決済", "ログイン"],
            MergedInto = mergedInto,
            Comms = comms ?? new IncidentComms(),
        }), timeline, retro);

    private static IncidentReportList List() => Listed(
    [
        Make("INC-2026-0001", "決済が遅い, \"時々\"", AlertSeverity.Sev2, J(2, 10), J(2, 11, 30),
        [
            new() { At = J(2, 10, 5), Kind = TimelineKind.Escalated, Step = 1 },
            new() { At = J(2, 10, 7), Kind = TimelineKind.Acknowledged },
            new() { At = J(2, 10, 20), Kind = TimelineKind.SeverityLowered, Message = "severity lowered from SEV1 to SEV2" },
            new() { At = J(2, 11, 30), Kind = TimelineKind.Resolved },
        ]),
        Make("INC-2026-0002", "=HYPERLINK(\"http://x\",\"click\")", AlertSeverity.Sev1, J(3, 23, 59), J(4, 0, 29), [], new RetroContent { Summary = "s" }),
        Make("INC-2026-0003", "-2+3", AlertSeverity.Sev3, J(4, 9), null, []),
    ]);

    [Fact]
    public void Csv_Japanese_HeadersRowsAndQuoting()
    {
        var csv = TestRenderer.Instance.Text(new IncidentReportCsvNotice(Language.Ja, List()));
        var lines = csv.Split("\r\n");

        Assert.Equal("障害ID,タイトル,重大度,最大重大度,状態,発生源,検知日時,初回対応開始日時,対応開始まで（分）,復旧日時,発生から復旧まで（分）,エスカレーション段階,再オープン回数,統合先,影響領域,振り返り,最終報", lines[0]);
        // Resolved Mon 2 Nov, its retro due Fri 6 Nov (3 Nov is 文化の日) and not written on 2 Dec: 期限超過, not a bare 未記入 (trial 55).
        Assert.Equal("INC-2026-0001,\"決済が遅い, \"\"時々\"\"\",SEV2,SEV1,復旧済み,alertmanager,2026-11-02 10:00,2026-11-02 10:07,7,2026-11-02 11:30,90,1,0,,決済; ログイン,期限超過,", lines[1]);
        Assert.Equal("INC-2026-0002,\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",SEV1,SEV1,復旧済み,alertmanager,2026-11-03 23:59,,,2026-11-04 00:29,30,0,0,,決済; ログイン,記入済み,", lines[2]);
        Assert.Equal("INC-2026-0003,'-2+3,SEV3,SEV3,原因特定,alertmanager,2026-11-04 09:00,,,,,0,0,,決済; ログイン,,", lines[3]);
        Assert.Equal("", lines[4]);
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public void Csv_English_HeadersInEnglish_TimesStillInTheTeamsZone()
    {
        var csv = TestRenderer.Instance.Text(new IncidentReportCsvNotice(Language.En, List()));

        Assert.StartsWith("Incident,Title,Severity,Highest severity,Status,Source,Detected,First acknowledged,Minutes to acknowledge,Resolved,Minutes from start to resolved,Escalation step reached,Reopened,Merged into,Affected areas,Retro,Final report\r\n", csv, StringComparison.Ordinal);
        Assert.Contains(",2026-11-03 23:59,", csv, StringComparison.Ordinal);
        Assert.Contains(",written,\r\n", csv, StringComparison.Ordinal);
        Assert.Contains(",overdue,\r\n", csv, StringComparison.Ordinal);
    }

    /// <summary>
    /// A lead's quarter review (trial 55): the CSV's 振り返り said 未記入 for a retro overdue and one not due yet alike and 記入済み for one
    /// written weeks late, and had no 最終報 column: which retros were late, and which told stakeholders still wait for a final report.
    /// </summary>
    [Fact]
    public void Csv_RetroStatesAndFinalReport_AsTheReportSaysThem()
    {
        var told = new IncidentComms { ToldAudiences = ["executives"] };
        var list = Listed(
        [
            // Resolved Mon 2 Nov: due Fri 6 Nov (3 Nov is 文化の日), first saved Tue 10 Nov: 遅れて記入; told, retro written, no final report: 未送信.
            Make("INC-2026-0011", "late", AlertSeverity.Sev1, J(2, 10), J(2, 11), [], new RetroContent { Summary = "s" }, comms: told) with { RetroWrittenAt = J(10, 9) },
            // Resolved Tue 3 Nov: due Fri 6 Nov, first saved Wed 4 Nov; its final report went on 9 Nov 01:00 JST.
            Make("INC-2026-0012", "on time", AlertSeverity.Sev2, J(3, 10), J(3, 11), [], new RetroContent { Summary = "s" },
                comms: told with { FinalReport = new SentFinalReport(J(9, 1), "sato", ["executives"], 3) }) with { RetroWrittenAt = J(4, 9) },
            // Resolved Mon 30 Nov: due Thu 3 Dec, not written on Wed 2 Dec: 未記入（期限内）; no final report owed before the retro.
            Make("INC-2026-0013", "pending", AlertSeverity.Sev2, J(30, 10), J(30, 11), [], comms: told),
        ]);

        var lines = TestRenderer.Instance.Text(new IncidentReportCsvNotice(Language.Ja, list)).Split("\r\n");

        Assert.EndsWith(",遅れて記入,未送信", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",記入済み,2026-11-09", lines[2], StringComparison.Ordinal);
        Assert.EndsWith(",未記入（期限内）,", lines[3], StringComparison.Ordinal);
    }
}
