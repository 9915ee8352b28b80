using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Testing;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// The handoff brief's open incidents: since when users are affected, not only since the declaration (trial 31a, L8) — said as when it
/// began and when it was detected (「原因特定。10:40 発生（検知 11:00）」), not 「原因特定、10:40 から」, which reads as the status's time.
/// </summary>
public sealed class HandoffBriefOpenLineTests
{
    private static readonly DateTimeOffset Declared = new(2026, 12, 3, 21, 44, 0, TimeSpan.FromHours(9));

    private static string Brief(Language language, Incident open) =>
        TestRenderer.Instance.Email(new HandoffBriefNotice(language, new HandoffBrief("Incident duty", "障害当番", "2026-W49", new DateOnly(2026, 12, 7), [open], [], [], []), "Asia/Tokyo", new DateOnly(2026, 12, 4))).Text;

    [Theory]
    [InlineData(Language.Ja, "原因特定。2026/12/02 21:40 発生（検知 2026/12/03 21:44）")]
    [InlineData(Language.En, "Identified. Began 2 Dec 2026 21:40 (detected 3 Dec 2026 21:44)")]
    public void OpenIncident_ImpactBeforeDetection_SinceTheStartWithTheDetectionBeside(Language language, string said)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev1, StartedAt = Declared.AddDays(-1).AddMinutes(-4) }, [], "sato", Declared);
        incident.PostUpdate(IncidentStatus.Identified, "原因特定", "ito", Declared.AddMinutes(3));

        Assert.Contains(said, Brief(language, incident), StringComparison.Ordinal);
    }

    [Fact]
    public void OpenIncident_StartedAtDetection_SinceTheDetectionAlone()
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev1 }, [], "sato", Declared);

        var text = Brief(Language.Ja, incident);

        Assert.Contains("調査中。2026/12/03 21:44 検知\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("（検知", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Only a monitoring tool acknowledged it, nobody on duty did (a tool may do so within seconds, before its page reached anyone):
    /// the open line says so instead of 「対応者：Datadog」, and so does the line of last week's incident, resolved.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "監視ツール（Datadog）が受付済み・当番は未確認。調査中。2026/12/03 21:44 検知", "復旧済み。監視ツール（Datadog）が受付済み・当番は未確認")]
    [InlineData(Language.En, "Acknowledged only in the monitoring tool (Datadog), not by the duty members. Investigating. Detected 3 Dec 2026 21:44",
        "Resolved. Acknowledged only in the monitoring tool (Datadog), not by the duty members")]
    public void OnlyAToolAcknowledged_OpenAndLastWeeksLinesSayTheDutyMembersHaveNot(Language language, string openLine, string lastWeekLine)
    {
        var open = Incident.Open("INC-2026-0002", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev2 }, [], "alert:pagerduty", Declared);
        open.Acknowledge("alert:pagerduty", Declared.AddSeconds(5), via: "Datadog");
        var lastWeek = Incident.Open("INC-2026-0001", new NewIncident { Title = "ログインが遅い", Severity = AlertSeverity.Sev3 }, [], "alert:pagerduty", Declared.AddDays(-2));
        lastWeek.Acknowledge("alert:pagerduty", Declared.AddDays(-2).AddSeconds(5), via: "Datadog");
        lastWeek.PostUpdate(IncidentStatus.Resolved, null, "alert:pagerduty", Declared.AddDays(-2).AddMinutes(4));

        var text = TestRenderer.Instance.Email(new HandoffBriefNotice(language,
            new HandoffBrief("Incident duty", "障害当番", "2026-W49", new DateOnly(2026, 12, 7), [open], [], [], [lastWeek]), "Asia/Tokyo", new DateOnly(2026, 12, 4))).Text;

        Assert.Contains($"INC-2026-0002 SEV2 決済が一部失敗 — {openLine}", text, StringComparison.Ordinal);
        Assert.Contains($"INC-2026-0001 SEV3 ログインが遅い — {lastWeekLine}", text, StringComparison.Ordinal);
    }
    /// <summary>
    /// Session 52, the handoff with an incident open: 田中 (going off duty) took the SEV2 and posted the last update; the incoming pair
    /// read who holds it, when it was last updated and when the stakeholders expect the next update — past due already, said so.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "対応者：田中さん（当番外）。調査中。2026/12/07 08:30 検知。最終更新 2026/12/07 08:40、関係者への次回の更新予定 2026/12/07 09:40（期限超過）")]
    [InlineData(Language.En, "Acknowledged by 田中 一郎 (off duty now). Investigating. Detected 7 Dec 2026 08:30. Last update 7 Dec 2026 08:40; next update to stakeholders due 7 Dec 2026 09:40 (overdue)")]
    public void OpenIncident_TakenByTheOutgoingMember_SaysTheLastUpdateAndTheNextOneDue(Language language, string said)
    {
        var opened = new DateTimeOffset(2026, 12, 7, 8, 30, 0, TimeSpan.FromHours(9));
        var incident = Incident.Open("INC-2026-0003", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev2 }, [], "alert:alertmanager", opened);
        incident.Acknowledge("tanaka", opened.AddMinutes(5));
        incident.PostUpdate(IncidentStatus.Investigating, "調査中です", "tanaka", opened.AddMinutes(10));
        incident.IssueStakeholderNotice(opened.AddMinutes(10)); // as the service does for an update by a person
        var tanaka = new Member { Id = "tanaka", DisplayName = "田中 一郎", Email = "tanaka@example.com", Language = Language.Ja, TimeZone = TestZones.Tokyo };
        var brief = new HandoffBrief("Incident duty", "障害当番", "2026-W50", new DateOnly(2026, 12, 13), [incident], [], [], [])
        {
            MadeAt = opened.AddMinutes(90),
            OnDuty = ["ito", "liam"],
            Roster = new Dictionary<string, Member> { ["tanaka"] = tanaka },
            StakeholderPromises = new Dictionary<string, DateTimeOffset> { ["INC-2026-0003"] = opened.AddMinutes(70) },
        };

        var text = TestRenderer.Instance.Email(new HandoffBriefNotice(language, brief, "Asia/Tokyo", new DateOnly(2026, 12, 7))).Text;

        Assert.Equal($"- INC-2026-0003 SEV2 決済が一部失敗 — {said}", text.Split('\n').Single(l => l.StartsWith("- INC-2026-0003 ", StringComparison.Ordinal)));
    }

    /// <summary>No promise known (the stakeholders not told yet, or no interval for the severity): the last update alone.</summary>
    [Fact]
    public void OpenIncident_UpdatedButNothingPromised_SaysTheLastUpdateAlone()
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev1 }, [], "sato", Declared);
        incident.PostUpdate(IncidentStatus.Identified, "原因特定", "ito", Declared.AddMinutes(3));
        incident.IssueStakeholderNotice(Declared.AddMinutes(3));

        Assert.Contains("原因特定。2026/12/03 21:44 検知。最終更新 2026/12/03 21:47\n", Brief(Language.Ja, incident), StringComparison.Ordinal);
    }
}
