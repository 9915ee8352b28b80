using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Alerts;
using OnDuty.Infrastructure.Tables;
using OnDuty.Infrastructure.Tests.Retros;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Tables;

/// <summary>Webhook receipts on Azurite: kept while a replay could still pass the timestamp check, purged after.</summary>
public sealed class TableWebhookReceiptsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 3, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task PurgeAsync_ReceiptsPastTheReplayWindow_DeletedNewerOnesAndAlertGroupsKept()
    {
        var tables = await CountingTables.CreateAsync(azurite.ConnectionString, "receipts");
        var sut = new TableWebhookReceipts(tables.Tables);
        var window = WebhookReceiptRetention.ReplayWindow;
        await sut.RecordAsync("generic", "msg_old", Now - window - TimeSpan.FromSeconds(1), None);
        await sut.RecordAsync("grafana", "msg_old_too", Now - TimeSpan.FromDays(3), None);
        await sut.RecordAsync("generic", "msg_recent", Now - window + TimeSpan.FromMinutes(1), None);
        await sut.RecordAsync("generic", "msg_now", Now, None);
        var incidents = new TableIncidentRepository(tables.Tables);
        Assert.NotNull(await incidents.TryClaimGroupAsync("generic", "group-1", new OnDuty.Core.Incidents.AlertGroupClaim("INC-2026-0001", Now - TimeSpan.FromDays(3), "claim"), None));

        var purged = await new WebhookReceiptRetention(sut, new FakeTimeProvider(Now)).PurgeAsync(None);

        Assert.Equal(2, purged);
        Assert.False(await sut.SeenAsync("generic", "msg_old", None));
        Assert.False(await sut.SeenAsync("grafana", "msg_old_too", None));
        Assert.True(await sut.SeenAsync("generic", "msg_recent", None));
        Assert.True(await sut.SeenAsync("generic", "msg_now", None));
        Assert.Equal("INC-2026-0001", (await incidents.GetOpenGroupAsync("generic", "group-1", None))!.IncidentId);
        Assert.Equal(0, await new WebhookReceiptRetention(sut, new FakeTimeProvider(Now)).PurgeAsync(None));
    }

    /// <summary>No replay passes later than twice the longest signature age a source may have after the original was applied.</summary>
    [Fact]
    public void ReplayWindow_CoversTwiceTheLongestSignatureAge() =>
        Assert.True(WebhookReceiptRetention.ReplayWindow >= 2 * OnDuty.Core.Incidents.AlertSourceOptions.LongestSignatureAge);
}
