using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Tests.Fakes;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Incidents;

/// <summary>
/// Trial 31b M1: one Azure issue (Service Health, tracking id T31B-SH1) as Azure sends it, one activity-log alert per communication,
/// each with its own alertId and always "Fired": Active → an update → Resolved → the Resolved one redelivered, parsed from the
/// documented sample and taken in on Azurite's tables. One incident, titled as Azure titles the issue, paged once; the update's text
/// on its timeline; resolved by the Resolved communication.
/// </summary>
public sealed class ServiceHealthIntakeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 4, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(T0);
    private readonly RecordingEmailSender _email = new();
    private readonly SignalledIds _queue = new();

    [Fact]
    public async Task ServiceHealthIssue_ActiveUpdateResolved_OneIncidentPagedOnce_UpdateOnTheTimeline_Resolved()
    {
        await using var services = await AppAsync("svchealth");
        var intake = services.GetRequiredService<AlertIntake>();
        var repository = services.GetRequiredService<IIncidentRepository>();

        var active = await intake.IntakeAsync(Communication("Active", "c0", "<p>We are investigating errors for <b>Storage</b> in Japan East.</p>"), default);
        await SendSignalledAsync(services);
        _time.Advance(TimeSpan.FromMinutes(30));
        var update = await intake.IntakeAsync(Communication("Active", "c1", "<p>Mitigation &amp; recovery in progress.</p>"), default);
        await intake.DrainAsync(default);
        _time.Advance(TimeSpan.FromMinutes(30));
        var resolved = await intake.IntakeAsync(Communication("Resolved", "c2", "<p>Storage in Japan East has recovered.</p>"), default);
        var again = await intake.IntakeAsync(Communication("Resolved", "c2", "<p>Storage in Japan East has recovered.</p>"), default);
        await SendSignalledAsync(services);

        Assert.Equal(
            [AlertIntakeOutcome.Opened, AlertIntakeOutcome.Folded, AlertIntakeOutcome.Resolved],
            new[] { active.Outcome, update.Outcome, resolved.Outcome });
        var id = active.IncidentId!;
        Assert.All(new[] { update.IncidentId, resolved.IncidentId }, i => Assert.Equal(id, i));
        Assert.NotEqual(AlertIntakeOutcome.Opened, again.Outcome);

        var stored = (await repository.GetAsync(id, default))!.Value;
        Assert.False(stored.IsOpen);
        Assert.Equal("Storage degradation in Japan East", stored.Title);
        var tracked = Assert.Single(await repository.GetAlertsAsync(id, default)).Value;
        Assert.Equal(AlertStatus.Resolved, tracked.Status);

        var timeline = await repository.GetTimelineAsync(id, default);
        Assert.Contains(timeline, t => t.Kind == TimelineKind.AlertFired && t.Message == "Active: We are investigating errors for Storage in Japan East.");
        Assert.Contains(timeline, t => t.Kind == TimelineKind.AlertRepeated && t.Message == "Active: Mitigation & recovery in progress.");
        Assert.Contains(timeline, t => t.Kind == TimelineKind.AlertResolved && t.Message == "Resolved: Storage in Japan East has recovered.");

        // Paged once (the leads, nobody being on duty); every mail is about this one incident.
        var pages = _email.Sent.Where(s => !s.Id.Contains(":recovered:", StringComparison.Ordinal)).ToList();
        var page = Assert.Single(pages);
        Assert.StartsWith($"incident:{id}:", page.Id, StringComparison.Ordinal);
        Assert.Contains("Storage degradation in Japan East", page.Message.Subject, StringComparison.Ordinal);
        Assert.Contains("T31B-SH1", page.Message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Storage (Japan East)", page.Message.TextBody, StringComparison.Ordinal);
        Assert.Contains("We are investigating errors for Storage in Japan East.", page.Message.TextBody, StringComparison.Ordinal);
        Assert.All(_email.Sent, s => Assert.StartsWith($"incident:{id}:", s.Id, StringComparison.Ordinal));
    }

    /// <summary>
    /// Planned maintenance as Azure announces it (the sample: Planned, then InProgress, then Complete): one SEV4 incident, listed and
    /// on its timeline as paging nobody, never paged (not at its opening, not by the escalation run hours later), resolved by Complete.
    /// </summary>
    [Fact]
    public async Task ServiceHealthPlannedMaintenance_PlannedInProgressComplete_OneSev4IncidentPagingNobody_ResolvedOnComplete()
    {
        await using var services = await AppAsync("svcmaint");
        var intake = services.GetRequiredService<AlertIntake>();
        var repository = services.GetRequiredService<IIncidentRepository>();
        var pager = services.GetRequiredService<Pager>();

        var planned = await intake.IntakeAsync(Maintenance("Planned", "m0"), default);
        await SendSignalledAsync(services);
        _time.Advance(TimeSpan.FromHours(3));
        Assert.Equal(0, await pager.EscalateOpenIncidentsAsync(default));
        var started = await intake.IntakeAsync(Maintenance("InProgress", "m1"), default);
        await intake.DrainAsync(default);
        await SendSignalledAsync(services);
        var id = planned.IncidentId!;
        var during = (await repository.GetAsync(id, default))!.Value;
        _time.Advance(TimeSpan.FromHours(3));
        await pager.EscalateOpenIncidentsAsync(default);
        var complete = await intake.IntakeAsync(Maintenance("Complete", "m2"), default);
        await SendSignalledAsync(services);

        Assert.Equal([AlertIntakeOutcome.Opened, AlertIntakeOutcome.Resolved], new[] { planned.Outcome, complete.Outcome });
        Assert.Equal(id, started.IncidentId);
        Assert.Equal(id, complete.IncidentId);
        Assert.True(during.IsOpen);
        Assert.Equal(AlertSeverity.Sev4, during.Severity);
        Assert.Equal("Maintenance", during.PagesNobodyFor);
        Assert.Equal(-1, during.NotifiedStep);
        Assert.Equal("Planned maintenance: Azure SQL Database - Japan East", during.Title);

        var stored = (await repository.GetAsync(id, default))!.Value;
        Assert.False(stored.IsOpen);
        Assert.Equal(-1, stored.NotifiedStep);
        var timeline = await repository.GetTimelineAsync(id, default);
        Assert.Contains(timeline, t => t.Kind == TimelineKind.NotPaged && t.Message == "pages nobody: Azure Service Health Maintenance");
        Assert.DoesNotContain(timeline, t => t.Kind is TimelineKind.Escalated or TimelineKind.Notified or TimelineKind.Delivered);

        // Nobody paged, at any step, so nobody is owed a "recovered" notice either: no mail of this incident at all.
        Assert.Empty(_email.Sent);
    }

    /// <summary>A security advisory is no announcement: it pages (README's table; no business-hours notion to defer it to).</summary>
    [Fact]
    public async Task ServiceHealthSecurityAdvisory_Pages()
    {
        await using var services = await AppAsync("svcsec");
        var intake = services.GetRequiredService<AlertIntake>();

        var opened = await intake.IntakeAsync(Maintenance("Active", "s0", incidentType: "Security"), default);
        await SendSignalledAsync(services);

        Assert.Equal(AlertIntakeOutcome.Opened, opened.Outcome);
        var stored = (await services.GetRequiredService<IIncidentRepository>().GetAsync(opened.IncidentId!, default))!.Value;
        Assert.Null(stored.PagesNobodyFor);
        Assert.True(stored.NotifiedStep >= 0, "paged (the leads: nobody is on duty here)");
        Assert.Contains(_email.Sent, s => s.Id.StartsWith($"incident:{opened.IncidentId}:", StringComparison.Ordinal));
    }

    /// <summary>
    /// Planned maintenance whose next communication under the same trackingId is an outage (incidentType Incident, Sev1): the
    /// SEV4 incident that paged nobody pages from now, at the severity parsed (Azure's Sev1), with a timeline row saying why; stored so on Azurite.
    /// </summary>
    [Fact]
    public async Task ServiceHealthMaintenanceTurnsIntoAnOutage_PagesFromNow_AtTheParsedSeverity()
    {
        await using var services = await AppAsync("svcturn");
        var intake = services.GetRequiredService<AlertIntake>();
        var repository = services.GetRequiredService<IIncidentRepository>();

        var planned = await intake.IntakeAsync(Maintenance("Planned", "t0"), default);
        await SendSignalledAsync(services);
        Assert.Empty(_email.Sent);
        _time.Advance(TimeSpan.FromHours(1));
        var outage = Maintenance("Active", "t1", incidentType: "Incident", severity: "Sev1");
        var turned = await intake.IntakeAsync(outage, default);
        await intake.DrainAsync(default);
        await SendSignalledAsync(services);

        var id = planned.IncidentId!;
        Assert.Equal(id, turned.IncidentId);
        var stored = (await repository.GetAsync(id, default))!.Value;
        Assert.True(stored.IsOpen);
        Assert.Null(stored.PagesNobodyFor);
        Assert.True(outage.Severity < AlertSeverity.Sev4);
        Assert.Equal(outage.Severity, stored.Severity);
        Assert.True(stored.NotifiedStep >= 0, "paged (the leads: nobody is on duty here)");
        Assert.Equal(_time.GetUtcNow(), stored.EscalationStart);
        var timeline = await repository.GetTimelineAsync(id, default);
        Assert.Contains(timeline, t => t.Kind == TimelineKind.PagesReleased && t.Message == "pages go out: Azure Service Health Maintenance is now Incident");
        Assert.Contains(timeline, t => t.Kind == TimelineKind.SeverityRaised);
        Assert.NotEmpty(_email.Sent);
        Assert.All(_email.Sent, s => Assert.StartsWith($"incident:{id}:", s.Id, StringComparison.Ordinal));
    }

    /// <summary>
    /// The same, after a PM acknowledged the maintenance: that acknowledgement was of a notice, not of the outage. Stored on Azurite
    /// without it and without pagesNobody, paged from step 0 (the leads: nobody is on duty here), the timeline saying why.
    /// </summary>
    [Fact]
    public async Task ServiceHealthMaintenanceAcknowledgedTurnsIntoAnOutage_TheAcknowledgementDoesNotCarryOver_PagesFromNow()
    {
        await using var services = await AppAsync("svcturnack");
        var intake = services.GetRequiredService<AlertIntake>();
        var repository = services.GetRequiredService<IIncidentRepository>();

        var planned = await intake.IntakeAsync(Maintenance("Planned", "a0"), default);
        var id = planned.IncidentId!;
        await services.GetRequiredService<IncidentService>().AcknowledgeAsync(id, "sato", null, default);
        await SendSignalledAsync(services);
        Assert.Equal("sato", (await repository.GetAsync(id, default))!.Value.AcknowledgedBy);
        Assert.Empty(_email.Sent);

        _time.Advance(TimeSpan.FromHours(1));
        var turned = await intake.IntakeAsync(Maintenance("Active", "a1", incidentType: "Incident", severity: "Sev1"), default);
        await intake.DrainAsync(default);
        await SendSignalledAsync(services);

        Assert.Equal(id, turned.IncidentId);
        var stored = (await repository.GetAsync(id, default))!.Value;
        Assert.True(stored.IsOpen);
        Assert.Null(stored.PagesNobodyFor);
        Assert.Null(stored.AcknowledgedBy);
        Assert.Null(stored.AcknowledgedAt);
        Assert.True(stored.NotifiedStep >= 0, "paged (the leads: nobody is on duty here)");
        Assert.Equal(_time.GetUtcNow(), stored.EscalationStart);
        var timeline = await repository.GetTimelineAsync(id, default);
        Assert.Contains(timeline, t => t.Kind == TimelineKind.PagesReleased && t.Message == TimelineTexts.PagesFromNowAcknowledged.Replace("{0}", "Maintenance", StringComparison.Ordinal).Replace("{1}", "Incident", StringComparison.Ordinal));
        Assert.NotEmpty(_email.Sent);
        Assert.All(_email.Sent, s => Assert.StartsWith($"incident:{id}:", s.Id, StringComparison.Ordinal));
    }

    /// <summary>The app on Azurite's tables prefixed <paramref name="prefix"/>: the leads paged (nobody on duty), this test's clock, queue and mail.</summary>
    private Task<ServiceProvider> AppAsync(string prefix) =>
        new AzuriteApp(azurite, prefix)
            .WithEscalation("pm@onduty.example", "leads@onduty.example")
            .With("Team:PublicBaseUrl", "https://onduty.example")
            .WithTime(_time)
            .WithQueue(_queue)
            .WithEmail(_email)
            .BuildAsync();

    /// <summary>The planned-maintenance sample as communication <paramref name="communicationId"/> at <paramref name="stage"/>.</summary>
    private AlertNotification Maintenance(string stage, string communicationId, string incidentType = "Maintenance", string? severity = null)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Alerts", "Samples", "azure-monitor-service-health-maintenance-planned.json")))!.AsObject();
        var essentials = root["data"]!["essentials"]!;
        essentials["alertId"] = $"/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.AlertsManagement/alerts/{communicationId}";
        essentials["firedDateTime"] = _time.GetUtcNow().ToString("O");
        if (severity is not null)
        {
            essentials["severity"] = severity;
        }

        var properties = root["data"]!["alertContext"]!["properties"]!;
        properties["stage"] = stage;
        properties["incidentType"] = incidentType;
        var parsed = AlertParser.Parse(AlertSources.AzureMonitor, root.ToJsonString());
        Assert.True(parsed.IsSuccess, parsed.ToString());
        return parsed.Notification;
    }

    /// <summary>The documented sample, as the communication <paramref name="communicationId"/> of issue T31B-SH1 at <paramref name="stage"/>.</summary>
    private AlertNotification Communication(string stage, string communicationId, string html)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Alerts", "Samples", "azure-monitor-service-health-active.json")))!.AsObject();
        var essentials = root["data"]!["essentials"]!;
        essentials["alertId"] = $"/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.AlertsManagement/alerts/{communicationId}";
        essentials["firedDateTime"] = _time.GetUtcNow().ToString("O");
        essentials["severity"] = "Sev1";
        var context = root["data"]!["alertContext"]!;
        var properties = context["properties"]!;
        properties["trackingId"] = "T31B-SH1";
        properties["stage"] = stage;
        context["status"] = stage;
        properties["title"] = "Storage degradation in Japan East";
        properties["communication"] = html;
        properties["impactedServices"] = JsonNode.Parse("""[{"ImpactedRegions":[{"RegionName":"Japan East"}],"ServiceName":"Storage"}]""");
        properties["impactMitigationTime"] = _time.GetUtcNow().ToString("O");
        var parsed = AlertParser.Parse(AlertSources.AzureMonitor, root.ToJsonString());
        Assert.True(parsed.IsSuccess, parsed.ToString());
        return parsed.Notification;
    }

    private async Task SendSignalledAsync(IServiceProvider services)
    {
        var dispatcher = services.GetRequiredService<OutboxDispatcher>();
        while (_queue.Ids.TryDequeue(out var id))
        {
            await dispatcher.SendAsync(id, default);
        }
    }

    /// <summary>The send queue: what was signalled, for the test to send in its own time.</summary>
    private sealed class SignalledIds : IOutboxQueue
    {
        public ConcurrentQueue<string> Ids { get; } = new();

        public Task SignalAsync(IReadOnlyList<string> messageIds, OutboxPriority priority, TimeSpan delay, CancellationToken cancellationToken)
        {
            foreach (var id in messageIds)
            {
                Ids.Enqueue(id);
            }

            return Task.CompletedTask;
        }
    }
}
