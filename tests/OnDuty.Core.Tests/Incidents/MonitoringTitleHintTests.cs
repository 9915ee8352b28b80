using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Core.Tests.Messages;
using static OnDuty.Core.Tests.Alerts.AlertSamples;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Brief boardstorm, 3: the stakeholder notice of an incident monitoring opened carries the alert's name as its subject until a
/// person renames it. Beside the title field of the incident page's form, while the title is still monitoring's, a hint says so
/// (never blocking); once a person has renamed it, and for one a person declared, the field has its usual hint alone.
/// </summary>
public sealed class MonitoringTitleHintTests
{
    private static async Task<string> TitleHintAsync(IncidentHarness h, string id, Language language)
    {
        var page = TestRenderer.Instance.Page(new IncidentWorkPageNotice(
            language, await h.Service.GetAsync(id, default), "W/\"etag\"", new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", h.Time.GetUtcNow()) { RequestId = "req-1" });
        var start = page.IndexOf("<small id=\"details-title-hint\">", StringComparison.Ordinal);
        Assert.True(start >= 0, "no hint beside the title field");
        return page[(start + "<small id=\"details-title-hint\">".Length)..page.IndexOf("</small>", start, StringComparison.Ordinal)];
    }

    [Theory]
    [InlineData(Language.Ja, "関係者にはこの件名で届きます。わかりやすい件名に変えてから送ってください。何が起きているかを短く（例：決済画面が開かない）。", "何が起きているかを短く（例：決済画面が開かない）。")]
    [InlineData(Language.En, "Stakeholders get this as the subject. Change it to words they understand before you send. What is broken", "What is broken, in a few words")]
    public async Task WorkPage_TitleStillMonitorings_HintedBesideTheField_UntilAPersonRenamesIt(Language language, string hinted, string usual)
    {
        var h = await IncidentHarness.CreateAsync();
        var id = (await h.Intake.IntakeAsync(EventsV2Trigger("Datadog"), default)).IncidentId!;
        var opened = (await h.Service.GetAsync(id, default)).Incident.Value;
        Assert.Equal(("Checkout 5xx over 5%", true), (opened.MonitoringTitle, opened.TitleFromMonitoring));

        Assert.StartsWith(hinted, await TitleHintAsync(h, id, language), StringComparison.Ordinal);

        await h.Service.PostUpdateAsync(id, null, null, new IncidentEdit { Title = "決済の一部が失敗する" }, "sato", null, null, default);
        var renamed = await TitleHintAsync(h, id, language);
        Assert.DoesNotContain(hinted.Trim(), renamed, StringComparison.Ordinal);
        Assert.StartsWith(usual, renamed, StringComparison.Ordinal);
        Assert.Equal("Checkout 5xx over 5%", (await h.Service.GetAsync(id, default)).Incident.Value.MonitoringTitle);
    }

    [Fact]
    public void Declared_ByAPerson_HasNoMonitoringTitle_AndARecordStoredBeforeReadsWithout()
    {
        var declared = Incident.Open("INC-2027-0001", new NewIncident { Title = "PostgresPrimaryDown", Severity = AlertSeverity.Sev1 }, [], "sato", NoticeSamples.Now);
        Assert.Null(declared.MonitoringTitle);
        Assert.False(declared.TitleFromMonitoring);

        var old = Incident.Restore(Incident.Open("INC-2027-0002", new NewIncident { Title = "PostgresPrimaryDown", Severity = AlertSeverity.Sev1 }, [], "alert:grafana", NoticeSamples.Now).ToSnapshot() with { MonitoringTitle = null });
        Assert.False(old.TitleFromMonitoring);
        var kept = Incident.Restore(Incident.Open("INC-2027-0003", new NewIncident { Title = "PostgresPrimaryDown", Severity = AlertSeverity.Sev1 }, [], "alert:grafana", NoticeSamples.Now).ToSnapshot());
        Assert.True(kept.TitleFromMonitoring);
    }
}
