using Azure.Data.Tables;
using OnDuty.Core.Alerts;
using OnDuty.Infrastructure.Tables;
using OnDuty.Infrastructure.Tests.Retros;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Tables;

/// <summary>Refused deliveries on Azurite: newest first, each source trimmed to its own <see cref="IDeliveryRefusals.KeptPerSource"/>.</summary>
public sealed class TableDeliveryRefusalsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RecordAsync_MoreThanKept_OldestDeleted_ListNewestFirst_OtherSourceKept()
    {
        var tables = await CountingTables.CreateAsync(azurite.ConnectionString, "refusals");
        var sut = new TableDeliveryRefusals(tables.Tables);
        await sut.RecordAsync(Refusal("grafana", T0.AddMinutes(-1), 0), None);
        for (var i = 0; i < IDeliveryRefusals.KeptPerSource + 2; i++)
        {
            await sut.RecordAsync(Refusal("generic", T0.AddSeconds(i), i), None);
        }

        var generic = await sut.ListAsync("generic", None);
        var rows = new List<TableEntity>();
        await foreach (var row in tables.Tables.AlertGroups.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"refused|generic"}")))
        {
            rows.Add(row);
        }

        Assert.Equal(IDeliveryRefusals.KeptPerSource, generic.Count);
        Assert.Equal(IDeliveryRefusals.KeptPerSource, rows.Count);
        Assert.Equal(Enumerable.Range(2, IDeliveryRefusals.KeptPerSource).Reverse().Select(i => T0.AddSeconds(i)), generic.Select(r => r.At));
        Assert.Equal(["$.alerts: 101 is not a list"], generic[0].Messages);
        Assert.Equal((413, "Body too large", "refused"), (generic[0].Status, generic[0].Title, generic[0].Outcome));
        Assert.Equal(T0.AddMinutes(-1), Assert.Single(await sut.ListAsync("grafana", None)).At);
    }

    [Fact]
    public async Task RecordAsync_TestDeliveryRefused_ListedAsATest_RealOneNot()
    {
        var tables = await CountingTables.CreateAsync(azurite.ConnectionString, "refusaltests");
        var sut = new TableDeliveryRefusals(tables.Tables);
        await sut.RecordAsync(Refusal("grafana", T0, 1), None);
        await sut.RecordAsync(Refusal("grafana", T0.AddSeconds(1), 2) with { Test = true }, None);

        var listed = await sut.ListAsync("grafana", None);

        Assert.Equal([(T0.AddSeconds(1), true), (T0, false)], listed.Select(r => (r.At, r.Test)));
    }

    [Fact]
    public async Task RecordAsync_BodyRefusedAsAWhole_KeepsItsCode_ForThePageToSayInTheReadersLanguage()
    {
        var tables = await CountingTables.CreateAsync(azurite.ConnectionString, "refusalcodes");
        var sut = new TableDeliveryRefusals(tables.Tables);
        var malformed = OnDuty.Core.Common.Refusal.Of("jsonMalformed", ("reason", "'x' is an invalid start of a value."));
        await sut.RecordAsync(Refusal("generic", T0, 1) with { Status = 400, Title = "Invalid alert payload", Problem = malformed }, None);
        await sut.RecordAsync(Refusal("generic", T0.AddSeconds(1), 2), None);

        var listed = await sut.ListAsync("generic", None);

        Assert.Null(listed[0].Problem);
        Assert.Equal(("jsonMalformed", "'x' is an invalid start of a value."), (listed[1].Problem?.Code, listed[1].Problem?.Args["reason"]));
    }

    private static DeliveryRecord Refusal(string source, DateTimeOffset at, int n) => new()
    {
        At = at,
        Source = source,
        Bytes = 9_437_184,
        Outcome = "refused",
        Status = 413,
        Title = "Body too large",
        Messages = [$"$.alerts: {n} is not a list"],
    };
}
