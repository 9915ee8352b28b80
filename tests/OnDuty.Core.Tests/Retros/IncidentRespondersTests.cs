using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Retros;

public sealed class IncidentRespondersTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    private static readonly IReadOnlyList<Member> Roster = TeamData.Members();

    private static AssignedMember Assigned(string id) => AssignedMember.From(Roster.Single(m => m.Id == id));

    /// <summary>
    /// Monitoring opens it and pages the pair (yamada, sato); the lead (tanaka, paged at step 2) acknowledges and posts, emma calls
    /// for help from a link that named her address, sato resolves. 対応者 are those who acted, by first action, each once; yamada,
    /// paged and silent, is listed apart; the lead's page, the channel, OnDuty and the JSON API's stand-in are nobody's action.
    /// </summary>
    [Fact]
    public void Of_WhoActedByFirstAction_ThePagedAndSilentApart()
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev1 }, [Assigned("yamada"), Assigned("sato")], "alert:alertmanager", T0);
        incident.RecordNotified(0, ["yamada@example.com", "sato@example.com", "teams"], T0);
        incident.RecordNotified(2, ["tanaka@example.com"], T0.AddMinutes(10));
        incident.Acknowledge("tanaka", T0.AddMinutes(11));
        incident.PostUpdate(IncidentStatus.Identified, "原因は決済代行", "tanaka", T0.AddMinutes(15));
        incident.PostUpdate(null, "tool note", "api", T0.AddMinutes(16));
        incident.CallForHelp("Emma@Example.com", T0.AddMinutes(20), "手伝ってください");
        incident.PostUpdate(null, "見ています", "emma", T0.AddMinutes(21));
        incident.Resolve("sato", T0.AddMinutes(40));

        var responders = IncidentResponders.Of(incident, incident.PendingTimeline, Roster);

        Assert.Equal(["tanaka", "emma", "sato"], responders.Acted);
        Assert.Equal(["yamada"], responders.PagedOnly);
        Assert.Equal(["yamada", "sato"], responders.Paged); // sato acted too; the lead's step-2 page is not the duty pair's
    }

    /// <summary>A person who opened it by hand acted first; a name typed on a list's link is a responder as typed.</summary>
    [Fact]
    public void Of_OpenedByHandAndATypedName_BothResponders_NobodyPagedApartWhenAllActed()
    {
        var incident = Incident.Open("INC-2026-0002", new NewIncident { Title = "Login errors", Severity = AlertSeverity.Sev2 }, [Assigned("yamada")], "sato", T0);
        incident.RecordNotified(0, ["yamada@example.com"], T0);
        incident.Acknowledge("鈴木 一郎", T0.AddMinutes(3));
        incident.PostUpdate(null, "確認中", "yamada", T0.AddMinutes(5));

        var responders = IncidentResponders.Of(incident, incident.PendingTimeline, Roster);

        Assert.Equal(["sato", "鈴木 一郎", "yamada"], responders.Acted);
        Assert.Empty(responders.PagedOnly);
    }

    /// <summary>
    /// The pages record a duty member's acknowledgement by member id and their updates, edits and resolves by their signed-in
    /// display name (spaced or not): one person, listed once and not also as paged-and-silent; a quiet correction is an action.
    /// </summary>
    [Fact]
    public void Of_AMemberRecordedByIdAndByDisplayName_OnePerson_AndACorrectionCounts()
    {
        var incident = Incident.Open("INC-2026-0003", new NewIncident { Title = "Search slow", Severity = AlertSeverity.Sev3 }, [Assigned("yamada"), Assigned("sato")], "alert:grafana", T0);
        incident.RecordNotified(0, ["yamada@example.com", "sato@example.com"], T0);
        incident.Acknowledge("yamada", T0.AddMinutes(2));
        incident.PostUpdate(IncidentStatus.Identified, "原因を確認しました", "山田 太郎", T0.AddMinutes(5));
        incident.Correct(new IncidentEdit { Title = "Search very slow" }, "佐藤花子", T0.AddMinutes(8));
        incident.Resolve("山田太郎", T0.AddMinutes(30));

        var responders = IncidentResponders.Of(incident, incident.PendingTimeline, Roster);

        Assert.Equal(["yamada", "sato"], responders.Acted);
        Assert.Empty(responders.PagedOnly);
    }

    /// <summary>
    /// Trial 53: sato acknowledged it on her last evening of duty; after the handoff emma took it over and carried it until
    /// monitoring resolved it. emma worked it (対応者 and the load report's 対応した障害), though all she did was take it over;
    /// the time to acknowledge is still from the first acknowledgement, sato's, 3 minutes after detection.
    /// </summary>
    [Fact]
    public void Of_TheMemberWhoTookItOver_IsAResponder_TheTimeToAcknowledgeStaysTheFirst()
    {
        var incident = Incident.Open("INC-2026-0004", new NewIncident { Title = "Export slow", Severity = AlertSeverity.Sev3 }, [Assigned("yamada"), Assigned("sato")], "alert:grafana", T0);
        incident.RecordNotified(0, ["yamada@example.com", "sato@example.com"], T0);
        incident.Acknowledge("sato", T0.AddMinutes(3));
        incident.TakeOver("emma", T0.AddHours(14), from: null, out var changed);
        incident.Resolve("alert:grafana", T0.AddHours(16));

        var responders = IncidentResponders.Of(incident, incident.PendingTimeline, Roster);

        Assert.True(changed);
        Assert.Equal(["sato", "emma"], responders.Acted);
        Assert.Equal(["yamada"], responders.PagedOnly);
        Assert.Equal(3, IncidentReportCalculator.AckMinutes(new ReportIncident(incident, [.. incident.PendingTimeline], null)));
    }
}
