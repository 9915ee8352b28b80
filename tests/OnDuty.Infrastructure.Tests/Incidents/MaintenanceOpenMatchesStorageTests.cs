using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Maintenance;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Tables;
using OnDuty.Infrastructure.Tests.Rotations;
using OnDuty.Messages;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Incidents;

/// <summary>
/// Maintenance windows over incidents open before them, on Azurite's tables (session 30 left <c>openMatches</c> untested on
/// storage): by default they are listed and go on paging; with <c>holdOpen</c> they are held, what was stored says so, and ending
/// the window pages them at once.
/// </summary>
public sealed class MaintenanceOpenMatchesStorageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    // Tuesday 2026-12-01 10:00 in Tokyo.
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    private static AlertNotification Payments(string group, string key) => new()
    {
        Source = AlertSource.Alertmanager,
        GroupKey = group,
        Status = AlertStatus.Firing,
        Title = $"Group {group}",
        Severity = AlertSeverity.Sev2,
        Alerts =
        [
            new AlertInstance
            {
                DedupKey = key,
                Status = AlertStatus.Firing,
                Severity = AlertSeverity.Sev2,
                Summary = $"{key} is firing",
                Labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["service"] = "payments", ["env"] = "prod" },
            },
        ],
    };

    private static MaintenanceRequest Window(DateTimeOffset now, bool holdOpen) => new()
    {
        Title = "決済DBの移行",
        To = now + TimeSpan.FromHours(2),
        Sources = ["alertmanager"],
        Labels = new Dictionary<string, string> { ["service"] = "payments" },
        HoldOpen = holdOpen,
    };

    [Fact]
    public async Task OpenMatches_ByDefault_ListedAndStillPaging_WithHoldOpen_HeldAndPagedAtOnceWhenEndedEarly()
    {
        var time = new FakeTimeProvider(T0);
        await using var services = Build(time, AzuriteFixture.UniquePrefix("mwopen"));
        await services.GetRequiredService<StorageInitializer>().EnsureTablesAsync(default);
        await SeedAsync(services);
        var intake = services.GetRequiredService<AlertIntake>();
        var maintenance = services.GetRequiredService<MaintenanceService>();
        var incidents = services.GetRequiredService<IncidentService>();
        var pager = services.GetRequiredService<Pager>();
        var outbox = services.GetRequiredService<IOutboxStore>();
        var id = (await intake.IntakeAsync(Payments("pay", "checkout-5xx"), default)).IncidentId!;
        Assert.Equal(0, (await incidents.GetAsync(id, default)).Incident.Value.NotifiedStep);
        time.Advance(TimeSpan.FromMinutes(5));

        // The default: listed (POST's answer and a later read), a row stored, not held.
        var plain = await maintenance.PlanAsync(Window(time.GetUtcNow(), holdOpen: false), "sato", default);
        Assert.Equal([(id, false)], plain.OpenMatches.Select(m => (m.Id, m.Held)));
        Assert.Equal([id], (await maintenance.OpenMatchesAsync([plain.Value], default))[plain.Value.Id].Select(m => m.Id));
        var stored = await incidents.GetAsync(id, default);
        Assert.Null(stored.Incident.Value.PagesHeldBy);
        Assert.Single(stored.Timeline, e => e.Kind == TimelineKind.MaintenanceNotHeld);
        await maintenance.EndAsync(plain.Value.Id, "sato", default);

        // holdOpen: held while it runs, as stored and as the open list reads it.
        var held = await maintenance.PlanAsync(Window(time.GetUtcNow(), holdOpen: true), "suzuki", default);
        Assert.True((await maintenance.GetAsync(held.Value.Id, default)).Value.HoldOpen);
        Assert.Equal([(id, true)], held.OpenMatches.Select(m => (m.Id, m.Held)));
        stored = await incidents.GetAsync(id, default);
        Assert.Equal((held.Value.Id, (int?)0), (stored.Incident.Value.PagesHeldBy, stored.Incident.Value.PagesHeldFromStep));
        Assert.Equal(("suzuki", $"pages held while maintenance {held.Value.Id}: 決済DBの移行 runs, as suzuki asked (open before it)"),
            Assert.Single(stored.Timeline, e => e.Kind == TimelineKind.PagesHeld) is var row ? (row.By, row.Message) : default);
        Assert.Equal([id], await maintenance.HoldingAsync(held.Value.Id, default));
        Assert.Empty((await maintenance.OpenMatchesAsync([held.Value], default))[held.Value.Id]);

        // SEV2's timeout passes twice within the window: nothing goes out.
        time.Advance(TimeSpan.FromMinutes(70));
        Assert.Equal(0, await pager.EscalateOpenIncidentsAsync(default));
        Assert.Equal(0, (await incidents.GetAsync(id, default)).Incident.Value.NotifiedStep);

        // Ended early: step 1 at once, recorded in the outbox.
        var (_, released) = await maintenance.EndAsync(held.Value.Id, "suzuki", default);
        Assert.Equal([id], released);
        stored = await incidents.GetAsync(id, default);
        Assert.Equal(1, stored.Incident.Value.NotifiedStep);
        Assert.False(stored.Incident.Value.PagesHeldAt(time.GetUtcNow()));
        Assert.Contains(await outbox.ListAsync(OutboxStatus.Pending, 100, default), m => m.Id.StartsWith($"incident:{id}:escalation:1:", StringComparison.Ordinal));
    }

    private static Task SeedAsync(IServiceProvider services) =>
        StaggeredPairRotation.SeedAsync(services, "incident-duty", StaggeredPairRotation.FourJapaneseMembers);

    private ServiceProvider Build(FakeTimeProvider time, string prefix)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Email:Provider"] = "Smtp",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:From"] = "onduty@onduty.example",
            ["Incidents:AckTokenSecret"] = Convert.ToBase64String(new byte[32]),
            ["Incidents:RotationId"] = "incident-duty",
            ["Incidents:Leads:0"] = "lead@onduty.example",
            ["Incidents:OrganisationList"] = "pm@onduty.example",
            ["Team:Language"] = "ja",
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = prefix,
            ["Storage:MaxRetries"] = "0",
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
        };
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton<TimeProvider>(time);
        services.AddLogging();
        services.AddOnDutyCore();
        services.AddOnDutyInfrastructure();
        services.AddOnDutyMessages();
        services.AddSingleton<IOutboxQueue, NoSignals>();
        return services.BuildServiceProvider();
    }

    private sealed class NoSignals : IOutboxQueue
    {
        public Task SignalAsync(IReadOnlyList<string> messageIds, OutboxPriority priority, TimeSpan delay, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
