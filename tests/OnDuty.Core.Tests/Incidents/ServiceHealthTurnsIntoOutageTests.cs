using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Alerts;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// An Azure issue announced as planned maintenance (it opened a SEV4 incident that pages nobody) whose later communication, under
/// the same trackingId, is of a class that pages: the incident pages from now, at the severity the parser gives, step 0 at once.
/// </summary>
public sealed class ServiceHealthTurnsIntoOutageTests
{
    [Theory]
    [InlineData("Incident")]
    [InlineData("ActionRequired")]
    [InlineData("Security")]
    [InlineData("SomethingNew")]
    public async Task MaintenanceThenAPagingClass_PagesTheDutyPairNow_AtTheParsedSeverity(string incidentType)
    {
        var h = await CreateAsync();
        var duty = await h.DutyEmailsAsync();

        var planned = await h.Intake.IntakeAsync(Communication("Planned", "m0", "Maintenance", "Sev4"), default);
        await h.DrainQueueAsync();
        var id = planned.IncidentId!;
        Assert.Empty(h.OutboxIds(id));
        Assert.Equal("Maintenance", (await h.IncidentAsync(id)).PagesNobodyFor);

        h.Time.Advance(TimeSpan.FromHours(2));
        var outage = Communication("Active", "m1", incidentType, "Sev1");
        Assert.True(outage.Severity < AlertSeverity.Sev4);
        var turned = await h.Intake.IntakeAsync(outage, default);
        await h.DrainQueueAsync();

        Assert.Equal(id, turned.IncidentId);
        var incident = await h.IncidentAsync(id);
        Assert.Null(incident.PagesNobodyFor);
        Assert.Equal(outage.Severity, incident.Severity);
        Assert.Equal(0, incident.NotifiedStep);
        Assert.Equal(h.Time.GetUtcNow(), incident.EscalationStart);
        Assert.Equal(duty, h.Email.Sent.Select(s => s.Message.To).Order(StringComparer.Ordinal));
        Assert.All(h.OutboxIds(id), m => Assert.Contains(":page:", m, StringComparison.Ordinal));
        var timeline = await h.TimelineAsync(id);
        Assert.Contains(timeline, t => t.Kind == TimelineKind.PagesReleased && t.Message == $"pages go out: Azure Service Health Maintenance is now {incidentType}");
        Assert.Contains(timeline, t => t.Kind == TimelineKind.SeverityRaised);
        Assert.Contains(timeline, t => t.Kind == TimelineKind.Notified);
    }

    [Fact]
    public async Task MaintenanceThenMaintenanceAgain_StillPagesNobody()
    {
        var h = await CreateAsync();
        var planned = await h.Intake.IntakeAsync(Communication("Planned", "m0", "Maintenance", "Sev4"), default);
        h.Time.Advance(TimeSpan.FromHours(2));
        await h.Intake.IntakeAsync(Communication("InProgress", "m1", "Maintenance", "Sev1"), default);
        await h.DrainQueueAsync();

        var incident = await h.IncidentAsync(planned.IncidentId!);
        Assert.Equal("Maintenance", incident.PagesNobodyFor);
        Assert.Equal(AlertSeverity.Sev4, incident.Severity);
        Assert.Equal(-1, incident.NotifiedStep);
        Assert.Empty(h.OutboxIds(planned.IncidentId!));
        Assert.Empty(h.Email.Sent);
    }

    /// <summary>
    /// A PM acknowledged the announcement (planned maintenance, a health advisory) and the issue turns into an outage: that
    /// acknowledgement was of a notice, not of an outage. The acknowledgement no longer covers it, the pair is paged from step 0 at
    /// once, and escalation goes on from there while nobody takes the outage (before: 呼び出し：なし and nobody paged, ever).
    /// </summary>
    [Theory]
    [InlineData("Maintenance", "Planned")]
    [InlineData("Information", "Active")]
    public async Task AnnouncementAPmAcknowledged_ThenAnOutage_PagesThePairFromStepZero_TheAcknowledgementDoesNotCarryOver(string announced, string stage)
    {
        var h = await CreateAsync();
        var duty = await h.DutyEmailsAsync();
        var opened = await h.Intake.IntakeAsync(Communication(stage, "m0", announced, "Sev4"), default);
        await h.DrainQueueAsync();
        var id = opened.IncidentId!;
        await h.Service.AcknowledgeAsync(id, "yamada", null, default);
        var acknowledged = await h.IncidentAsync(id);
        Assert.Equal(("yamada", announced), (acknowledged.AcknowledgedBy, acknowledged.PagesNobodyFor));
        bool Page(string messageId) => messageId.StartsWith($"incident:{id}:page:", StringComparison.Ordinal);
        Assert.DoesNotContain(h.Email.Sent, s => Page(s.Id));

        h.Time.Advance(TimeSpan.FromHours(1));
        var outage = Communication("Active", "m1", "Incident", "Sev1");
        var turned = await h.Intake.IntakeAsync(outage, default);
        await h.Intake.DrainAsync(default);
        await h.DrainQueueAsync();

        Assert.Equal(id, turned.IncidentId);
        var incident = await h.IncidentAsync(id);
        Assert.Null(incident.PagesNobodyFor);
        Assert.False(incident.IsAcknowledged);
        Assert.Null(incident.AcknowledgedBy);
        Assert.Equal(outage.Severity, incident.Severity);
        Assert.Equal(0, incident.NotifiedStep);
        Assert.Equal(h.Time.GetUtcNow(), incident.EscalationStart);
        Assert.Equal(duty, h.Email.Sent.Where(s => Page(s.Id)).Select(s => s.Message.To).Order(StringComparer.Ordinal));
        var row = Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.PagesReleased);
        Assert.Equal($"pages go out: Azure Service Health {announced} is now Incident; the acknowledgement of the notice does not carry over", row.Message);

        // Nobody takes the outage: escalation goes on as for any incident, step 1 after the severity's ack timeout.
        h.Time.Advance(h.Options.AckTimeouts.For(incident.Severity));
        Assert.Equal([1], await h.Pager.NotifyDueAsync(id, default));
    }

    [Fact]
    public void PagesFromNow_PagingAlready_ChangesNothing()
    {
        var at = new DateTimeOffset(2026, 12, 3, 4, 0, 0, TimeSpan.Zero);
        var paging = Incident.Open("INC-2026-0001", new NewIncident { Title = "t", Severity = AlertSeverity.Sev4, StartedAt = at }, [], "alert:azure-monitor", at);
        Assert.False(paging.PagesFromNow("Incident", AlertSeverity.Sev1, "alert:azure-monitor", at, new AckTimeouts()));
        Assert.Equal(AlertSeverity.Sev4, paging.Severity);
    }

    [Theory]
    [InlineData("Maintenance", "Incident", "計画メンテナンスとして届いた Azure の通知が障害に変わりました。当番を呼び出します", "An Azure planned maintenance notice is now an outage: the duty members are paged now")]
    [InlineData("Information", "Security", "正常性の勧告として届いた Azure の通知がセキュリティ勧告に変わりました。当番を呼び出します", "An Azure health advisory notice is now a security advisory: the duty members are paged now")]
    [InlineData("Maintenance", "unknown", "計画メンテナンスとして届いた Azure の通知が種類の書かれていない通知に変わりました。当番を呼び出します", "An Azure planned maintenance notice is now a notice of no stated class: the duty members are paged now")]
    public void PagesFromNowRow_ReadsInJapaneseAndEnglish(string was, string now, string ja, string en)
    {
        var at = new DateTimeOffset(2026, 12, 3, 4, 0, 0, TimeSpan.Zero);
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "t", Severity = AlertSeverity.Sev4, StartedAt = at }, [], "alert:azure-monitor", at);
        Assert.True(incident.PageNobody(was, "alert:azure-monitor", at));
        Assert.True(incident.PagesFromNow(now, AlertSeverity.Sev2, "alert:azure-monitor", at.AddHours(1), new AckTimeouts()));

        var row = Assert.Single(incident.PendingTimeline, t => t.Kind == TimelineKind.PagesReleased);
        Assert.Equal(ja, OnDuty.Messages.TimelineText.For(row.Kind, row.Message, Language.Ja));
        Assert.Equal(en, OnDuty.Messages.TimelineText.For(row.Kind, row.Message, Language.En));
        Assert.Null(incident.PagesNobodyFor);
        Assert.Equal(AlertSeverity.Sev2, incident.Severity);
        Assert.Equal(0, EscalationPolicy.DueStep(incident, at.AddHours(1), new AckTimeouts()));
    }

    [Theory]
    [InlineData(Language.Ja, "計画メンテナンスとして届いた Azure の通知が障害に変わりました。お知らせへの対応開始は引き継がず、当番を呼び出します")]
    [InlineData(Language.En, "An Azure planned maintenance notice is now an outage: the acknowledgement of the notice does not carry over, and the duty members are paged now")]
    public void PagesFromNowRow_Acknowledged_SaysTheAcknowledgementDoesNotCarryOver(Language language, string text)
    {
        var at = new DateTimeOffset(2026, 12, 3, 4, 0, 0, TimeSpan.Zero);
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "t", Severity = AlertSeverity.Sev4, StartedAt = at }, [], "alert:azure-monitor", at);
        Assert.True(incident.PageNobody("Maintenance", "alert:azure-monitor", at));
        Assert.True(incident.Acknowledge("sato", at.AddMinutes(5)));
        Assert.True(incident.PagesFromNow("Incident", AlertSeverity.Sev2, "alert:azure-monitor", at.AddHours(1), new AckTimeouts()));

        var row = Assert.Single(incident.PendingTimeline, t => t.Kind == TimelineKind.PagesReleased);
        Assert.Equal(text, OnDuty.Messages.TimelineText.For(row.Kind, row.Message, language));
        Assert.Equal((null, null, false), (incident.AcknowledgedBy, incident.AcknowledgedAt, incident.IsAcknowledged));
        Assert.Equal(0, EscalationPolicy.DueStep(incident, at.AddHours(1), new AckTimeouts()));
    }

    /// <summary>The planned-maintenance sample as communication <paramref name="communicationId"/> of its issue.</summary>
    private static AlertNotification Communication(string stage, string communicationId, string incidentType, string severity) =>
        AlertSamples.ParseOk(AlertSources.AzureMonitor, AlertSamples.Mutate("azure-monitor-service-health-maintenance-planned.json", root =>
        {
            var essentials = root["data"]!["essentials"]!;
            essentials["alertId"] = $"/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.AlertsManagement/alerts/{communicationId}";
            essentials["severity"] = severity;
            var properties = root["data"]!["alertContext"]!["properties"]!;
            properties["stage"] = stage;
            properties["incidentType"] = incidentType;
        }));
}
