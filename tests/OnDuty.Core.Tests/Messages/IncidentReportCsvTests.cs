using OnDuty.Core.Alerts;
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

    private static ReportIncident Make(string id, string title, AlertSeverity severity, DateTimeOffset detected, DateTimeOffset? resolved, TimelineEntry[] timeline, RetroContent? retro = null, string? mergedInto = null) =>
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
        }), timeline, retro);

    private static IncidentReportList List() => new(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), "Asia/Tokyo", false,
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

        Assert.Equal("障害ID,タイトル,重大度,最大重大度,状態,発生源,検知日時,初回対応開始日時,対応開始まで（分）,復旧日時,発生から復旧まで（分）,エスカレーション段階,再オープン回数,統合先,影響領域,振り返り", lines[0]);
        Assert.Equal("INC-2026-0001,\"決済が遅い, \"\"時々\"\"\",SEV2,SEV1,復旧済み,alertmanager,2026-11-02 10:00,2026-11-02 10:07,7,2026-11-02 11:30,90,1,0,,決済; ログイン,未記入", lines[1]);
        Assert.Equal("INC-2026-0002,\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",SEV1,SEV1,復旧済み,alertmanager,2026-11-03 23:59,,,2026-11-04 00:29,30,0,0,,決済; ログイン,記入済み", lines[2]);
        Assert.Equal("INC-2026-0003,'-2+3,SEV3,SEV3,原因特定,alertmanager,2026-11-04 09:00,,,,,0,0,,決済; ログイン,", lines[3]);
        Assert.Equal("", lines[4]);
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public void Csv_English_HeadersInEnglish_TimesStillInTheTeamsZone()
    {
        var csv = TestRenderer.Instance.Text(new IncidentReportCsvNotice(Language.En, List()));

        Assert.StartsWith("Incident,Title,Severity,Highest severity,Status,Source,Detected,First acknowledged,Minutes to acknowledge,Resolved,Minutes from start to resolved,Escalation step reached,Reopened,Merged into,Affected areas,Retro\r\n", csv, StringComparison.Ordinal);
        Assert.Contains(",2026-11-03 23:59,", csv, StringComparison.Ordinal);
        Assert.Contains(",written\r\n", csv, StringComparison.Ordinal);
    }
}
