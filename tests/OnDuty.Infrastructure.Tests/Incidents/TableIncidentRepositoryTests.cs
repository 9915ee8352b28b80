using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;
using OnDuty.Infrastructure.Tables;
using OnDuty.Infrastructure.Tests.Tables;
using OnDuty.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace OnDuty.Infrastructure.Tests.Incidents;

public sealed class TableIncidentRepositoryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    private static Incident NewIncident(string id) =>
        Incident.Open(id, new NewIncident { Title = "Checkout / down #1?", Severity = AlertSeverity.Sev1, Source = "alertmanager", GroupKey = "{}:{a=\"b\"}" },
            [new AssignedMember("sato", "佐藤 花子", "sato@example.com", Language.Ja)], "alert:alertmanager", T0);

    private async Task<(TablesHarness Harness, IIncidentRepository Repository)> CreateSutAsync()
    {
        var harness = await TablesHarness.CreateAsync(azurite.ConnectionString, "inc");
        return (harness, harness.Services.GetRequiredService<IIncidentRepository>());
    }

    [Fact]
    public async Task AllocateId_Parallel_NeverTheSameTwice()
    {
        var (harness, repository) = await CreateSutAsync();
        await using var _ = harness;
        var ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => repository.AllocateIdAsync(2026, CancellationToken.None)));
        Assert.Equal(20, ids.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 20).Select(n => $"INC-2026-{n:D4}"), ids.Order());
    }

    [Fact]
    public async Task CreateSaveAndRead_RoundTripsRecordAndTimeline()
    {
        var (harness, repository) = await CreateSutAsync();
        await using var _ = harness;
        var incident = NewIncident("INC-2026-0001");
        Assert.NotNull(await repository.TryCreateAsync(incident, CancellationToken.None));
        Assert.Null(await repository.TryCreateAsync(NewIncident("INC-2026-0001"), CancellationToken.None));

        var loaded = (await repository.GetAsync("INC-2026-0001", CancellationToken.None))!;
        Assert.Equal("Checkout / down #1?", loaded.Value.Title);
        loaded.Value.Acknowledge("sato", T0.AddMinutes(1));
        var etag = await repository.SaveAsync(loaded.Value, loaded.ETag, "ack-key", CancellationToken.None);
        Assert.NotEqual(loaded.ETag, etag);

        var stale = (await repository.GetAsync("INC-2026-0001", CancellationToken.None))!;
        stale.Value.PostUpdate(null, "note", "emma", T0.AddMinutes(2));
        await Assert.ThrowsAsync<ConcurrencyException>(() => repository.SaveAsync(stale.Value, loaded.ETag, null, CancellationToken.None));
        Assert.True(await repository.HasRequestKeyAsync("INC-2026-0001", "ack-key", CancellationToken.None));

        var timeline = await repository.GetTimelineAsync("INC-2026-0001", CancellationToken.None);
        Assert.Equal([TimelineKind.Opened, TimelineKind.Acknowledged], timeline.Select(t => t.Kind));
    }

    [Fact]
    public async Task AppendTimeline_StormOfFiftyParallelRepeats_EveryRowKept()
    {
        var (harness, repository) = await CreateSutAsync();
        await using var _ = harness;
        await repository.TryCreateAsync(NewIncident("INC-2026-0001"), CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => repository.AppendTimelineAsync("INC-2026-0001",
            [new TimelineEntry { At = T0, Kind = TimelineKind.AlertRepeated, AlertKey = "fp/1", Message = $"#{i}" }], CancellationToken.None)));
        var timeline = await repository.GetTimelineAsync("INC-2026-0001", CancellationToken.None);
        Assert.Equal(50, timeline.Count(t => t.Kind == TimelineKind.AlertRepeated));
        Assert.Equal(50, timeline.Where(t => t.Kind == TimelineKind.AlertRepeated).Select(t => t.Message).Distinct().Count());
    }

    [Fact]
    public async Task ClaimGroup_ParallelFirstFirings_ExactlyOneWins()
    {
        var (harness, repository) = await CreateSutAsync();
        await using var _ = harness;
        var key = "{}/{severity=\"critical\"}:{alertname=\"ProbeFailure\"}";
        var wins = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            repository.TryClaimGroupAsync("alertmanager", key, new AlertGroupClaim(null, T0, $"claim-{i}"), CancellationToken.None)));
        Assert.Single(wins, w => w);

        var claim = (await repository.GetOpenGroupAsync("alertmanager", key, CancellationToken.None))!;
        Assert.True(await repository.TryUpdateGroupAsync("alertmanager", key, claim with { IncidentId = "INC-2026-0001" }, CancellationToken.None));
        Assert.False(await repository.TryUpdateGroupAsync("alertmanager", key, claim with { IncidentId = "INC-2026-0002" }, CancellationToken.None));

        await repository.CloseGroupAsync("alertmanager", key, "INC-2026-0001", T0.AddMinutes(9), CancellationToken.None);
        Assert.Null(await repository.GetOpenGroupAsync("alertmanager", key, CancellationToken.None));
        Assert.Equal(new LastAlertGroupIncident("INC-2026-0001", T0.AddMinutes(9)), await repository.GetLastGroupAsync("alertmanager", key, CancellationToken.None));
    }

    [Fact]
    public async Task TrySaveAlerts_OnAStaleRecord_NothingWrittenAndTheVersionBumpedOnce()
    {
        var (harness, repository) = await CreateSutAsync();
        await using var _ = harness;
        await repository.TryCreateAsync(NewIncident("INC-2026-0001"), CancellationToken.None);
        var alert = new TrackedAlert { DedupKey = "/subscriptions/x/alerts/#1?", Status = AlertStatus.Firing, Severity = AlertSeverity.Sev1, Summary = "down" };
        var entry = new TimelineEntry { At = T0, Kind = TimelineKind.AlertFired };
        var first = (await repository.GetAsync("INC-2026-0001", CancellationToken.None))!;
        var second = (await repository.GetAsync("INC-2026-0001", CancellationToken.None))!;

        first.Value.RecordAlertStateChange();
        Assert.NotNull(await repository.TrySaveAlertsAsync(first.Value, first.ETag, [alert], [entry], CancellationToken.None));
        second.Value.RecordAlertStateChange();
        second.Value.Resolve("alert:alertmanager", T0.AddMinutes(1), "every alert resolved");
        Assert.Null(await repository.TrySaveAlertsAsync(second.Value, second.ETag, [alert with { Status = AlertStatus.Resolved }], [entry], CancellationToken.None));

        var stored = Assert.Single(await repository.GetAlertsAsync("INC-2026-0001", CancellationToken.None));
        Assert.Equal(alert, stored.Value);
        var record = (await repository.GetAsync("INC-2026-0001", CancellationToken.None))!.Value;
        Assert.True(record.IsOpen);
        Assert.Equal(1, record.AlertVersion);
        Assert.Single(await repository.GetTimelineAsync("INC-2026-0001", CancellationToken.None), t => t.Kind == TimelineKind.AlertFired);
    }
}
