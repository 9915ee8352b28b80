using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Tables;
using OnDuty.Messages;
using OnDuty.Testing;
using static OnDuty.Testing.AlertmanagerBody;

namespace OnDuty.Infrastructure.Tests.Incidents;

/// <summary>
/// Trial 31b H1, H2 and M2 on real tables (Azurite), with two app instances as an HA Alertmanager pair reaches them: groups
/// OnDuty cannot fully see never resolve on what they list, stale firings (a peer's late delivery) never reopen nor open, and a
/// delivery refused as too large opens one incident however many instances refuse at once. And repeats an instance committed
/// to its inbox and died before applying are applied by the other's sweep, in either stored form.
/// </summary>
public sealed class AlertIntakeStaleAndUnlistedTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Started = T0.AddMinutes(-10);

    private readonly FakeTimeProvider _time = new(T0);
    private readonly string _prefix = AzuriteFixture.UniquePrefix("stale31b");

    /// <summary>t3_parallel.py "rbf": the resolve reaches one instance first (no incident), the stale firing the other.</summary>
    [Fact]
    public async Task ResolveBeforeFiring_AcrossInstances_TheStaleFiringOpensNothing()
    {
        await using var a = await BuildAsync();
        await using var b = await BuildAsync();

        var resolve = await a.GetRequiredService<AlertIntake>().IntakeAsync(Alertmanager("g-rbf", ("r-1", "resolved", Started, T0)), default);
        var stale = await b.GetRequiredService<AlertIntake>().IntakeAsync(Alertmanager("g-rbf", ("r-1", "firing", Started, null)), default);

        Assert.Equal(AlertIntakeOutcome.Ignored, resolve.Outcome);
        Assert.Equal((AlertIntakeOutcome.Stale, null), (stale.Outcome, stale.IncidentId));
        Assert.Empty(await b.GetRequiredService<IIncidentRepository>().ListOpenIdsAsync(default));
    }

    /// <summary>t7_stale.py and t6_race.py: open, resolve on one instance, the peer's late firing on the other: no reopen, no 【再発】.</summary>
    [Fact]
    public async Task ResolvedThenThePeersLateFiring_OnAnotherInstance_IsStale_ARealFiringReopens()
    {
        await using var a = await BuildAsync();
        await using var b = await BuildAsync();
        var id = (await a.GetRequiredService<AlertIntake>().IntakeAsync(Alertmanager("g-ha", ("s-1", "firing", Started, null)), default)).IncidentId!;
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(AlertIntakeOutcome.Resolved, (await a.GetRequiredService<AlertIntake>().IntakeAsync(Alertmanager("g-ha", ("s-1", "resolved", Started, _time.GetUtcNow())), default)).Outcome);
        _time.Advance(TimeSpan.FromSeconds(1));

        var stale = await b.GetRequiredService<AlertIntake>().IntakeAsync(Alertmanager("g-ha", ("s-1", "firing", Started, null)), default);

        var repository = b.GetRequiredService<IIncidentRepository>();
        Assert.Equal((AlertIntakeOutcome.Stale, id), (stale.Outcome, stale.IncidentId));
        var incident = (await repository.GetAsync(id, default))!.Value;
        Assert.False(incident.IsOpen);
        Assert.Equal(0, incident.ReopenCount);
        Assert.Contains(await repository.GetTimelineAsync(id, default), t => t.Kind == TimelineKind.AlertRepeated && t.Message == TimelineTexts.StaleFiring);

        var real = await b.GetRequiredService<AlertIntake>().IntakeAsync(Alertmanager("g-ha", ("s-1", "firing", _time.GetUtcNow(), null)), default);
        Assert.Equal((AlertIntakeOutcome.Reopened, id), (real.Outcome, real.IncidentId));
    }

    /// <summary>
    /// t9_trunc.py with an HA pair: parallel first firings of a truncated group on both instances open one incident; its listed
    /// alerts resolving (still truncated) leave it open; the group resolved with every alert listed resolves it.
    /// </summary>
    [Fact]
    public async Task TruncatedGroup_ParallelFirstFirings_OneIncident_StaysOpenUntilResolvedWithEveryAlertListed()
    {
        await using var a = await BuildAsync();
        await using var b = await BuildAsync();
        var firing = Alertmanager("g-trunc", ("db-0", "firing", Started, null), ("db-1", "firing", Started, null)) with { TruncatedAlerts = 5 };

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? a : b).GetRequiredService<AlertIntake>().IntakeAsync(firing, default)));
        var id = Assert.Single(results.Select(r => r.IncidentId).Distinct());
        Assert.Single(results, r => r.Outcome == AlertIntakeOutcome.Opened);

        var listedResolved = Alertmanager("g-trunc", ("db-0", "resolved", Started, T0), ("db-1", "resolved", Started, T0)) with { Status = AlertStatus.Firing, TruncatedAlerts = 5 };
        var folded = await Task.WhenAll(a.GetRequiredService<AlertIntake>().IntakeAsync(listedResolved, default), b.GetRequiredService<AlertIntake>().IntakeAsync(listedResolved, default));

        var repository = a.GetRequiredService<IIncidentRepository>();
        Assert.All(folded, r => Assert.Equal((AlertIntakeOutcome.Folded, id), (r.Outcome, r.IncidentId)));
        Assert.True((await repository.GetAsync(id!, default))!.Value.IsOpen);
        Assert.Equal(AlertStatus.Firing, (await repository.GetAlertsAsync(id!, default)).Single(t => t.Value.DedupKey == AlertIntake.UnlistedAlertsKey).Value.Status);

        var all = await b.GetRequiredService<AlertIntake>().IntakeAsync(Alertmanager("g-trunc", ("db-0", "resolved", Started, T0), ("db-1", "resolved", Started, T0)), default);
        Assert.Equal((AlertIntakeOutcome.Resolved, id), (all.Outcome, all.IncidentId));
        Assert.False((await repository.GetAsync(id!, default))!.Value.IsOpen);
    }

    /// <summary>Both instances refuse a too-large delivery at once: one incident says so, and it pages.</summary>
    [Fact]
    public async Task RefusedTooLarge_OnBothInstancesAtOnce_OneIncident()
    {
        await using var a = await BuildAsync();
        await using var b = await BuildAsync();

        var refused = new RefusedDelivery(AlertSource.Alertmanager, RefusalCause.TooLarge, T0, ["too large"], Bytes: 9_437_184, Limit: 8_388_608);
        var results = await Task.WhenAll(
            a.GetRequiredService<RefusedDeliveries>().RefusedAsync(refused, default),
            b.GetRequiredService<RefusedDeliveries>().RefusedAsync(refused, default));

        var id = Assert.Single(results.Select(r => r.IncidentId).Distinct())!;
        var incident = (await a.GetRequiredService<IIncidentRepository>().GetAsync(id, default))!.Value;
        Assert.Equal("Alertmanager からの通知が大きすぎて読めませんでした（9.4 MB）", incident.Title);
        // The refusal is stored as data beside the texts (every reader's title, text and rows are worded from it): it reads back whole.
        Assert.Equal((AlertSource.Alertmanager, RefusalCause.TooLarge, T0, 9_437_184L, 8_388_608), (incident.Refusal!.Source, incident.Refusal.Cause, incident.Refusal.At, incident.Refusal.Bytes, incident.Refusal.Limit));
        Assert.Equal(["too large"], incident.Refusal.Problems);
        var alert = Assert.Single(await a.GetRequiredService<IIncidentRepository>().GetAlertsAsync(id, default)).Value;
        Assert.Equal((RefusalCause.TooLarge, 9_437_184L), (alert.Refusal!.Cause, alert.Refusal.Bytes));
        var timeline = await a.GetRequiredService<IIncidentRepository>().GetTimelineAsync(id, default);
        Assert.Equal(RefusalCause.TooLarge, Assert.Single(timeline, t => t.Kind == TimelineKind.Opened).Refusal!.Cause);
        Assert.True(incident.IsOpen);
        Assert.Equal([id], await a.GetRequiredService<IIncidentRepository>().ListOpenIdsAsync(default));
    }
    /// <summary>
    /// Instances died between committing repeats to their inboxes and applying them: one left a row its group commit's two
    /// repeats share, one (of the builds before 12-06) a row of one. Another instance's sweep applies each repeat once, after
    /// they are old enough, and empties the inbox: a repeat answered 202 is never lost.
    /// </summary>
    [Fact]
    public async Task RepeatsLeftInADeadInstancesInbox_EitherStoredForm_AppliedOnceByTheSweep()
    {
        await using var a = await BuildAsync();
        var firing = Alertmanager("g-dead", ("d-1", "firing", Started, null));
        var id = (await a.GetRequiredService<AlertIntake>().IntakeAsync(firing, default)).IncidentId!;
        var repository = a.GetRequiredService<IIncidentRepository>();
        var version = (await repository.GetAsync(id, default))!.Value.AlertVersion;
        var json = JsonSerializer.Serialize(firing, new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } });
        InboxDelivery Left(string inbox, int n) => new()
        {
            Inbox = inbox,
            Id = $"{T0.AddSeconds(n).UtcTicks:D19}|{n:D12}",
            IncidentId = id,
            AlertVersion = version,
            AcceptedAt = T0.AddSeconds(n),
            Notification = json,
        };
        var shared = await a.GetRequiredService<IAlertInbox>().AppendAsync([Left("dead-new", 1), Left("dead-new", 2)], default);
        Assert.Equal(2, shared.Count(d => d.Row == shared[0].Id));
        var old = Left("dead-old", 3);
        await a.GetRequiredService<OnDutyTables>().AlertGroups.AddEntityAsync(new TableEntity("inbox|dead-old", old.Id)
        {
            ["IncidentId"] = old.IncidentId,
            ["AlertVersion"] = old.AlertVersion,
            ["AcceptedAt"] = old.AcceptedAt,
            ["Notification"] = old.Notification,
        });
        var repeated = (await repository.GetTimelineAsync(id, default)).Count(t => t.Kind == TimelineKind.AlertRepeated);
        await using var b = await BuildAsync();
        var sweep = b.GetRequiredService<AlertIntake>();
        Assert.Equal(0, await sweep.SweepInboxAsync(default)); // not yet: their instances may still be applying them

        _time.Advance(TimeSpan.FromMinutes(3));

        Assert.Equal(3, await sweep.SweepInboxAsync(default));
        Assert.Equal(repeated + 3, (await repository.GetTimelineAsync(id, default)).Count(t => t.Kind == TimelineKind.AlertRepeated));
        Assert.Empty(await b.GetRequiredService<IAlertInbox>().ListAcceptedBeforeAsync(_time.GetUtcNow().AddDays(1), 1000, default));
        Assert.Equal(0, await sweep.SweepInboxAsync(default));
    }

    /// <summary>One app instance on the shared tables (its own memory of firing groups and its own inbox).</summary>
    private async Task<ServiceProvider> BuildAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Email:Provider"] = "Smtp",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:From"] = "onduty@onduty.example",
            ["Incidents:AckTokenSecret"] = Convert.ToBase64String(new byte[32]),
            ["Incidents:Leads:0"] = "leads@onduty.example",
            ["Incidents:OrganisationList"] = "pm@onduty.example",
            ["Team:PublicBaseUrl"] = "https://onduty.example",
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = _prefix,
            ["Storage:MaxRetries"] = "0",
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
        };
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddOnDutyCore();
        services.AddOnDutyInfrastructure();
        services.AddOnDutyMessages();
        services.AddSingleton<IOutboxQueue>(new NoSignals());
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<StorageInitializer>().EnsureTablesAsync(default);
        return provider;
    }

    private sealed class NoSignals : IOutboxQueue
    {
        public Task SignalAsync(IReadOnlyList<string> messageIds, OutboxPriority priority, TimeSpan delay, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
