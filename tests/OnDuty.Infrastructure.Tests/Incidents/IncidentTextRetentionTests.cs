using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;
using OnDuty.Infrastructure.Tables;
using OnDuty.Infrastructure.Tests.Retros;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Incidents;

/// <summary>
/// <see cref="IncidentTextRetention"/> on Azurite: an incident resolved longer ago than <c>Retention__IncidentText</c> keeps
/// what makes its history count and loses every free text, in every row that held it; newer and open ones keep theirs.
/// </summary>
public sealed class IncidentTextRetentionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Retention = TimeSpan.FromDays(730);

    private const string Impact = "決済画面が開かない（顧客A社から問い合わせ）";
    private const string Workaround = "アプリを再起動すると開ける";
    private const string Update = "10:05 のリリースを切り戻し中";
    private const string Cause = "決済代行の証明書の期限切れ";
    private const string NextSteps = "証明書の期限を監視する";
    private const string Description = "p99 latency of checkout above 2 s on pod checkout-7f9";

    [Fact]
    public async Task PurgeAsync_ResolvedLongerAgoThanTheRetention_FreeTextGoneEverywhereFactsKept()
    {
        var tables = await CountingTables.CreateAsync(azurite.ConnectionString, "inctext");
        var repository = new TableIncidentRepository(tables.Tables);
        await SeedAsync(repository, "INC-2026-0001", resolveAt: T0.AddHours(2));
        await SeedAsync(repository, "INC-2026-0002", resolveAt: T0.AddDays(700));
        await SeedAsync(repository, "INC-2026-0003", resolveAt: null);
        var old = (await repository.GetAsync("INC-2026-0001", None))!.Value;
        var time = new FakeTimeProvider(T0.AddHours(2) + Retention + TimeSpan.FromMinutes(1));

        var purged = await CreateSut(repository, time).PurgeAsync(None);

        Assert.Equal(1, purged);

        // Gone: in the record, its list summaries, the timeline and the alerts — no row of the incident holds any of it.
        var record = (await repository.GetAsync("INC-2026-0001", None))!.Value;
        Assert.Null(record.UserImpact);
        Assert.Null(record.Workaround);
        Assert.Null(record.Cause);
        Assert.Null(record.NextSteps);
        Assert.Null(record.LastPersonUpdate!.Message);
        Assert.Equal(time.GetUtcNow(), record.TextPurgedAt);
        Assert.Empty(await RowsHoldingTextAsync(tables.Tables.Incidents, "INC-2026-0001"));
        Assert.Empty(await RowsHoldingTextAsync(tables.Tables.IncidentIndex, null, "INC-2026-0001"));
        Assert.Empty(await RowsHoldingTextAsync(tables.Tables.IncidentBoard, null, "INC-2026-0001"));
        Assert.All(await repository.GetTimelineAsync("INC-2026-0001", None), e => Assert.Null(e.Message));
        var alert = Assert.Single(await repository.GetAlertsAsync("INC-2026-0001", None)).Value;
        Assert.Null(alert.Description);
        Assert.Empty(alert.Labels);
        Assert.Empty(alert.Links);

        // Kept: what the history is counted and read by.
        Assert.Equal((old.Title, old.Severity, old.Status, old.DetectedAt, old.AcknowledgedAt, old.ResolvedAt), (record.Title, record.Severity, record.Status, record.DetectedAt, record.AcknowledgedAt, record.ResolvedAt));
        Assert.Equal(old.Assignees.Select(a => a.Id), record.Assignees.Select(a => a.Id));
        Assert.Equal(old.AffectedAreas, record.AffectedAreas);
        Assert.Equal(4, (await repository.GetTimelineAsync("INC-2026-0001", None)).Count);
        Assert.Equal(("disk-full", "Checkout latency high", AlertStatus.Firing), (alert.DedupKey, alert.Summary, alert.Status));
        var summary = (await repository.ListYearAsync(2026, 10, null, None)).Items.Single(i => i.Id == "INC-2026-0001");
        Assert.Equal((old.Title, (DateTimeOffset?)time.GetUtcNow()), (summary.Title, summary.TextPurgedAt));

        // Resolved within the retention, or still open: everything kept.
        Assert.NotEmpty(await RowsHoldingTextAsync(tables.Tables.Incidents, "INC-2026-0002"));
        Assert.Equal(Impact, (await repository.GetAsync("INC-2026-0002", None))!.Value.UserImpact);
        Assert.Equal(Impact, (await repository.GetAsync("INC-2026-0003", None))!.Value.UserImpact);
        Assert.Equal(Description, Assert.Single(await repository.GetAlertsAsync("INC-2026-0003", None)).Value.Description);

        // A second run finds nothing left to do.
        Assert.Equal(0, await CreateSut(repository, time).PurgeAsync(None));
    }

    [Fact]
    public async Task PurgeAsync_StoppedAfterTheRowsBeforeTheRecord_TheNextRunFinishes()
    {
        var tables = await CountingTables.CreateAsync(azurite.ConnectionString, "inctexthalf");
        var repository = new TableIncidentRepository(tables.Tables);
        await SeedAsync(repository, "INC-2026-0001", resolveAt: T0.AddHours(2));
        var time = new FakeTimeProvider(T0.AddHours(2) + Retention + TimeSpan.FromMinutes(1));
        await repository.RewriteRowsAsync("INC-2026-0001", e => e.WithoutText(), a => a.WithoutDetails(), None); // then a crash

        Assert.Equal(1, await CreateSut(repository, time).PurgeAsync(None));

        Assert.Empty(await RowsHoldingTextAsync(tables.Tables.Incidents, "INC-2026-0001"));
    }

    private static IncidentTextRetention CreateSut(IIncidentRepository repository, TimeProvider time) =>
        new(repository, time, Options.Create(new RetentionOptions { IncidentText = Retention }), Options.Create(new IncidentOptions()));

    /// <summary>An incident as people and monitoring leave it: impact and workaround, an update, an alert with its details.</summary>
    private static async Task SeedAsync(TableIncidentRepository repository, string id, DateTimeOffset? resolveAt)
    {
        var incident = Incident.Open(id, new NewIncident { Title = $"{id} checkout down", Severity = AlertSeverity.Sev2, UserImpact = Impact, Workaround = Workaround, AffectedAreas = ["checkout"] },
            [new AssignedMember("sato", "佐藤 花子", "sato@example.com", Language.Ja)], "sato", T0);
        Assert.NotNull(await repository.TryCreateAsync(incident, None));
        await repository.MutateAsync(id, i => i.Acknowledge("sato", T0.AddMinutes(3)), None);
        await repository.MutateAsync(id, i =>
        {
            i.PostUpdate(IncidentStatus.Identified, Update, "sato", T0.AddMinutes(10), new IncidentEdit { Cause = Cause, NextSteps = NextSteps });
            return true;
        }, None);
        var current = (await repository.GetAsync(id, None))!;
        current.Value.RecordAlertStateChange();
        var alert = new TrackedAlert
        {
            DedupKey = "disk-full", Status = AlertStatus.Firing, Severity = AlertSeverity.Sev2, Summary = "Checkout latency high", FirstFiredAt = T0,
            Description = Description, Labels = [new("pod", "checkout-7f9")], Links = [new AlertLink(AlertLinkKinds.Link, new Uri("https://grafana.example/d/checkout"), "Dashboard")],
        };
        Assert.NotNull(await repository.TrySaveAlertsAsync(current.Value, current.ETag, [alert], [], None));
        if (resolveAt is { } at)
        {
            await repository.MutateAsync(id, i => i.Resolve("sato", at), None);
        }
    }

    private static async Task<List<string>> RowsHoldingTextAsync(TableClient table, string? partition, string? rowKey = null)
    {
        var rows = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(cancellationToken: None))
        {
            if ((partition is null || row.PartitionKey == partition) && (rowKey is null || row.RowKey.Contains(rowKey, StringComparison.Ordinal))
                && row.Select(p => p.Value).OfType<string>().Any(v => new[] { Impact, Workaround, Update, Cause, NextSteps, Description, "checkout-7f9", "grafana.example" }.Any(t => v.Contains(t, StringComparison.Ordinal))))
            {
                rows.Add($"{row.PartitionKey}/{row.RowKey}");
            }
        }

        return rows;
    }
}
