using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>The handoff brief's open incidents: since when users are affected, not only since the declaration (trial 31a, L8).</summary>
public sealed class HandoffBriefOpenLineTests
{
    private static readonly DateTimeOffset Declared = new(2026, 12, 3, 21, 44, 0, TimeSpan.FromHours(9));

    private static string Brief(Language language, Incident open) =>
        TestRenderer.Instance.Email(new HandoffBriefNotice(language, new HandoffBrief("Incident duty", "障害当番", "2026-W49", new DateOnly(2026, 12, 7), [open], [], [], []), "Asia/Tokyo", new DateOnly(2026, 12, 4))).Text;

    [Theory]
    [InlineData(Language.Ja, "原因特定、2026/12/02 21:40 から（検知 2026/12/03 21:44）")]
    [InlineData(Language.En, "since 2 Dec 2026 21:40 (detected 3 Dec 2026 21:44)")]
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

        Assert.Contains("2026/12/03 21:44 から", text, StringComparison.Ordinal);
        Assert.DoesNotContain("（検知", text, StringComparison.Ordinal);
    }
}
