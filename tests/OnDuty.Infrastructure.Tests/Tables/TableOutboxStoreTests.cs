using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Tables;
using OnDuty.Testing;
using OnDuty.Testing.Contracts;

namespace OnDuty.Infrastructure.Tests.Tables;

/// <summary>The outbox contract on Azurite, plus what only the table layout has (long texts split across properties, size limits).</summary>
public class TableOutboxStoreTests(AzuriteFixture azurite) : OutboxStoreContract, IClassFixture<AzuriteFixture>
{
    private readonly List<TablesHarness> _harnesses = [];

    private TablesHarness _harness = null!;

    protected override async Task<IOutboxStore> CreateStoreAsync()
    {
        _harness = await TablesHarness.CreateAsync(azurite.ConnectionString, "outbox");
        _harnesses.Add(_harness);
        return _harness.Outbox;
    }

    protected override IOutboxStore SecondInstance()
    {
        var other = TablesHarness.OnTablesOf(_harness, azurite.ConnectionString);
        _harnesses.Add(other);
        return other.Outbox;
    }

    public override async Task DisposeAsync()
    {
        foreach (var harness in _harnesses)
        {
            await harness.DisposeAsync();
        }
    }

    /// <summary>
    /// The provider row is written in the sending transaction and purged with its message; a message accepted before provider
    /// rows were kept (its row missing) is still purged, the others of its batch with it.
    /// </summary>
    [Fact]
    public async Task ProviderRow_InTheSentTransaction_PurgedWithItsMessage_EvenBesideOneWithoutIt()
    {
        var store = _harness.Outbox;
        foreach (var id in new[] { "a", "b", "c" })
        {
            await store.TryEnqueueAsync(new OutboxMessage { Id = id, Channel = Channel.Email, Recipient = $"{id}@example.com", Subject = "s", TextBody = "t" }, T0, default);
            await store.MarkAcceptedAsync(id, T0, $"op-{id}", T0.AddMinutes(1), default);
        }

        var row = (await _harness.Tables.Outbox.GetEntityAsync<TableEntity>("outbox", OutboxRows.Key(TableOutboxStore.ProviderPrefix, "op-a"))).Value;
        Assert.Equal(("a", T0), (row.GetString("Id"), row.GetDateTimeOffset("SentAt")));
        await _harness.Tables.Outbox.DeleteEntityAsync("outbox", OutboxRows.Key(TableOutboxStore.ProviderPrefix, "op-b")); // as written before this change

        Assert.Equal(3, await store.PurgeSentAsync(T0.AddDays(1), 10, default));

        var left = _harness.Tables.Outbox.QueryAsync<TableEntity>(e => e.PartitionKey == "outbox", select: ["RowKey"]);
        var keys = new List<string>();
        await foreach (var e in left)
        {
            keys.Add(e.RowKey);
        }

        Assert.DoesNotContain(keys, k => k.StartsWith(TableOutboxStore.ProviderPrefix, StringComparison.Ordinal) || k.StartsWith(TableOutboxStore.MessagePrefix, StringComparison.Ordinal));
    }

    /// <summary>
    /// A delivery report naming an id no provider row is kept under (longer than a key holds, or not plain) finds nothing: an
    /// Event Grid post with a 1,100-character messageId was a 500 (the provider row's key could not be made).
    /// </summary>
    [Theory]
    [InlineData(1_100, "x")]
    [InlineData(1, "a/b#c?d|e")]
    public async Task FindByProviderIdAsync_IdNoProviderRowIsKeptUnder_Null(int repeat, string part)
    {
        var providerId = string.Concat(Enumerable.Repeat(part, repeat));

        Assert.Null(await _harness.Outbox.FindByProviderIdAsync(providerId, default));
    }

    /// <summary>A sender settles the message it has just read with one transaction at the version it read: no second read.</summary>
    [Fact]
    public async Task MarkSentAsync_AfterThisInstanceReadTheMessage_OneRequest()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        var tap = new StorageTap();
        await using var sender = TablesHarness.Tapped(_harness, azurite.ConnectionString, tap);
        Assert.Equal(OutboxStatus.Pending, (await sender.Outbox.GetAsync("m1", None))!.Status);

        var (_, requests) = await tap.RecordAsync(async () =>
        {
            await sender.Outbox.MarkAcceptedAsync("m1", T0.AddMinutes(1), "op-1", T0.AddMinutes(2), None);
            return true;
        });

        var settle = Assert.Single(requests);
        Assert.True(settle.IsBatch);
        var stored = await Sut.GetAsync("m1", None);
        Assert.Equal((OutboxStatus.Sent, 1), (stored!.Status, stored.Attempts));
        Assert.Equal(["m1"], (await Sut.ListToConfirmAsync(T0.AddMinutes(2), 10, None)).Select(p => p.MessageId));
    }

    /// <summary>
    /// The instance that queued a page step's messages leases each with one write and reads nothing before sending it: the
    /// lease at the due row's version of the queuing proves the message is as queued.
    /// </summary>
    [Fact]
    public async Task TryLeaseThenGet_MessagesThisInstanceQueued_OneRequestEach()
    {
        var tap = new StorageTap();
        await using var sender = TablesHarness.Tapped(_harness, azurite.ConnectionString, tap);
        await sender.Outbox.TryEnqueueManyAsync([NewMessage("m1", T0), NewMessage("m2", T0)], T0, None);

        var (messages, requests) = await tap.RecordAsync(async () =>
        {
            var read = new List<OutboxMessage?>();
            foreach (var id in new[] { "m1", "m2" })
            {
                Assert.NotNull(await sender.Outbox.TryLeaseAsync(id, T0, T0.AddMinutes(5), None));
                read.Add(await sender.Outbox.GetAsync(id, None));
            }

            return read;
        });

        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal("PATCH", r.Method));
        Assert.Equal(["m1", "m2"], messages.Select(m => m!.Id));
        Assert.Equal(NewMessage("m1", T0), messages[0]);

        // Leased for real: another instance finds both held.
        Assert.Null(await Sut.TryLeaseAsync("m1", T0.AddMinutes(1), T0.AddMinutes(6), None));
        Assert.Null(await Sut.TryLeaseAsync("m2", T0.AddMinutes(1), T0.AddMinutes(6), None));
    }

    /// <summary>
    /// A page step's messages queued by this instance are leased in one transaction, read from memory, and recorded sent in
    /// one transaction: two storage requests for the two, where one by one took four.
    /// </summary>
    [Fact]
    public async Task LeaseGetAndMarkSentMany_MessagesThisInstanceQueued_OneTransactionToLeaseAndOneToRecord()
    {
        var tap = new StorageTap();
        await using var sender = TablesHarness.Tapped(_harness, azurite.ConnectionString, tap);
        await sender.Outbox.TryEnqueueManyAsync([NewMessage("m1", T0), NewMessage("m2", T0)], T0, None);

        var (leases, leasing) = await tap.RecordAsync(() => sender.Outbox.TryLeaseManyAsync(["m1", "m2"], T0, T0.AddMinutes(5), None));
        var (read, reading) = await tap.RecordAsync(async () => new[] { await sender.Outbox.GetAsync("m1", None), await sender.Outbox.GetAsync("m2", None) });
        var (settledOtherwise, recording) = await tap.RecordAsync(() => sender.Outbox.MarkSentManyAsync([new("m1", T0.AddSeconds(1)), new("m2", T0.AddSeconds(1), "op-2", T0.AddMinutes(1))], None));

        Assert.Equal(["m1", "m2"], leases.Keys.Order(StringComparer.Ordinal));
        Assert.True(Assert.Single(leasing).IsBatch);
        Assert.Empty(reading);
        Assert.Equal([NewMessage("m1", T0), NewMessage("m2", T0)], read.Select(m => m!));
        Assert.Empty(settledOtherwise);
        Assert.True(Assert.Single(recording).IsBatch);
        Assert.Null(await SecondInstance().TryLeaseAsync("m1", T0.AddMinutes(1), T0.AddMinutes(6), None)); // sent, for every instance
        Assert.Equal([(OutboxStatus.Sent, 1), (OutboxStatus.Sent, 1)], [.. (await Task.WhenAll(Sut.GetAsync("m1", None), Sut.GetAsync("m2", None))).Select(m => (m!.Status, m.Attempts))]);
        Assert.Equal(["m2"], (await Sut.ListToConfirmAsync(T0.AddMinutes(1), 10, None)).Select(p => p.MessageId));
    }

    /// <summary>
    /// Due rows written before rows carried a priority are read to see whether they are pages. Older ones that turn out to be
    /// normal mail must not use up the count: the health check would read "no late pages" while pages wait behind them.
    /// </summary>
    [Fact]
    public async Task ListLatePagesAsync_OlderRowsWithoutPriorityThatAreNormalMail_DoNotHideThePages()
    {
        for (var i = 0; i < 3; i++)
        {
            var id = $"weekly-{i}";
            Assert.True(await Sut.TryEnqueueAsync(NewMessage(id, T0), T0, None));
            var due = (await _harness.Tables.Outbox.GetEntityAsync<TableEntity>("outbox", OutboxRows.Key(TableOutboxStore.DuePrefix, id))).Value;
            due.Remove("Priority");
            await _harness.Tables.Outbox.UpdateEntityAsync(due, due.ETag, TableUpdateMode.Replace);
        }

        Assert.True(await Sut.TryEnqueueAsync(NewMessage("page", T0) with { Priority = OutboxPriority.Page, CreatedAt = T0.AddMinutes(1) }, T0, None));

        Assert.Equal(["page"], (await SecondInstance().ListLatePagesAsync(T0.AddMinutes(5), 2, None)).Select(m => m.Id));
        Assert.Equal(["page"], (await SecondInstance().ListLatePagesAsync(T0.AddMinutes(5), 1, None)).Select(m => m.Id));
    }

    /// <summary>
    /// A failure costs one row more, in the transaction that marks it failed: a sender giving up the message it read still makes
    /// one request. The row names the message and its recipient as the message has it.
    /// </summary>
    [Fact]
    public async Task MarkFailedAsync_AfterThisInstanceReadTheMessage_OneRequestWithTheRecipientRow()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0) with { Recipient = "Ann@Example.com" }, T0, None);
        var tap = new StorageTap();
        await using var sender = TablesHarness.Tapped(_harness, azurite.ConnectionString, tap);
        Assert.NotNull(await sender.Outbox.GetAsync("m1", None));

        var (_, requests) = await tap.RecordAsync(async () =>
        {
            await sender.Outbox.MarkFailedAsync("m1", "550", T0.AddMinutes(1), None);
            return true;
        });

        Assert.True(Assert.Single(requests).IsBatch);
        var row = Assert.Single(await RowsAsync(TableOutboxStore.FailedToPrefix));
        Assert.Equal(OutboxRows.FailedToKey("ann@example.com", T0.AddMinutes(1), "m1"), row.RowKey);
        Assert.StartsWith("failedto|ann@example.com|", row.RowKey, StringComparison.Ordinal);
        Assert.Equal(("m1", "Ann@Example.com", T0.AddMinutes(1)), (row.GetString("Id"), row.GetString("Recipient"), row.GetDateTimeOffset("FailedAt")));
    }

    /// <summary>
    /// Failures written before the index by recipient existed are still listed, with the indexed ones, latest first and once,
    /// read as the pages read them before (the team's newest 50 failed); once an instance finds none of those in the window,
    /// its reads are the recipient's own rows alone.
    /// </summary>
    [Fact]
    public async Task ListFailedToAsync_FailuresFromBeforeTheIndex_ListedUntilNoneIsInTheWindow()
    {
        foreach (var (id, recipient, minutes) in new[] { ("ann-1", "ann@example.com", 1), ("bob", "bob@example.com", 2), ("ann-2", "Ann@example.com", 3) })
        {
            await Sut.TryEnqueueAsync(NewMessage(id, T0) with { Recipient = recipient }, T0, None);
            await Sut.MarkFailedAsync(id, "550", T0.AddMinutes(minutes), None);
        }

        // As the store wrote failures before this index: no recipient row, no ByRecipient on the failed row.
        foreach (var row in await RowsAsync(TableOutboxStore.FailedToPrefix))
        {
            await _harness.Tables.Outbox.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        foreach (var row in await RowsAsync(TableOutboxStore.FailedPrefix))
        {
            row.Remove("ByRecipient");
            await _harness.Tables.Outbox.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
        }

        await Sut.TryEnqueueAsync(NewMessage("ann-3", T0), T0, None);
        await Sut.MarkFailedAsync("ann-3", "550", T0.AddMinutes(4), None);

        Assert.Equal(["ann-3", "ann-2", "ann-1"], (await SecondInstance().ListFailedToAsync(["ann@example.com"], T0, 10, None)).Select(m => m.Id));
        Assert.Equal(["ann-3", "ann-2"], (await SecondInstance().ListFailedToAsync(["ann@example.com"], T0, 2, None)).Select(m => m.Id));
        Assert.Equal(["bob"], (await SecondInstance().ListFailedToAsync(["bob@example.com"], T0, 10, None)).Select(m => m.Id));

        var tap = new StorageTap();
        await using var reader = TablesHarness.Tapped(_harness, azurite.ConnectionString, tap);
        var (first, looked) = await tap.RecordAsync(() => reader.Outbox.ListFailedToAsync(["ann@example.com"], T0.AddMinutes(4), 10, None));
        var (again, read) = await tap.RecordAsync(() => reader.Outbox.ListFailedToAsync(["ann@example.com"], T0.AddMinutes(4), 10, None));

        Assert.Equal(["ann-3"], first.Select(m => m.Id));
        Assert.Equal(["ann-3"], again.Select(m => m.Id));
        Assert.Equal(3, looked.Count); // the recipient's rows, the failed rows of the window (none from before), the message
        Assert.Equal(2, read.Count); // the recipient's rows, the message
    }

    /// <summary>Erasing a person deletes the messages addressed to them, and their failures' rows in the index by recipient with them.</summary>
    [Fact]
    public async Task EraseAsync_Recipient_DeletesTheirRowsInTheIndexByRecipient()
    {
        var longer = new string('x', 300) + "@example.com"; // hashed in the key: found by its Recipient
        foreach (var (id, recipient) in new[] { ("ann", "Ann@example.com"), ("long", longer), ("bob", "bob@example.com") })
        {
            await Sut.TryEnqueueAsync(NewMessage(id, T0) with { Recipient = recipient }, T0, None);
            await Sut.MarkFailedAsync(id, "550", T0.AddMinutes(1), None);
        }

        var erasure = _harness.Services.GetRequiredService<OnDuty.Core.Team.IPersonalDataStore>();
        await erasure.EraseAsync(new OnDuty.Core.Team.ErasureSubject("member-1", ["ann@example.com"]), None);
        await erasure.EraseAsync(new OnDuty.Core.Team.ErasureSubject("member-2", [longer]), None);

        Assert.Equal(["bob"], (await RowsAsync(TableOutboxStore.FailedToPrefix)).Select(r => r.GetString("Id")));
        Assert.Empty(await Sut.ListFailedToAsync(["ann@example.com", longer], T0, 10, None));
    }

    private async Task<List<TableEntity>> RowsAsync(string prefix)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _harness.Tables.Outbox.QueryAsync<TableEntity>(e => e.PartitionKey == "outbox"))
        {
            if (row.RowKey.StartsWith(prefix, StringComparison.Ordinal))
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    [Fact]
    public async Task TryEnqueueAsync_100KbHtmlBody_RoundTripsAcrossProperties()
    {
        // Emoji (surrogate pairs) throughout, so chunk boundaries land on pairs.
        var html = new StringBuilder("<html><body>");
        for (var i = 0; html.Length < 100_000; i++)
        {
            html.Append("<p>障害 ").Append(i).Append(" 🚨🔥</p>");
        }

        html.Append("</body></html>");
        var message = NewMessage("big", T0) with { HtmlBody = html.ToString(), TextBody = new string('x', 40_000), CardJson = "{}" };

        Assert.True(await Sut.TryEnqueueAsync(message, T0, None));

        var stored = await Sut.GetAsync("big", None);
        Assert.Equal(message.HtmlBody, stored!.HtmlBody);
        Assert.Equal(message.TextBody, stored.TextBody);
        Assert.Equal(message, stored);
        var raw = await _harness.Tables.Outbox.GetEntityAsync<TableEntity>("outbox", "msg|big");
        Assert.True(raw.Value.ContainsKey("HtmlBody_3"));
        Assert.All(raw.Value.Select(p => p.Value).OfType<string>(), s => Assert.True(s.Length <= 32_000));
    }

    [Fact]
    public async Task TryEnqueueAsync_BodiesOver900Kb_ThrowsValidationAndStoresNothing()
    {
        var message = NewMessage("huge", T0) with { HtmlBody = new string('h', 400_000), TextBody = new string('t', 70_000) };

        var ex = await Assert.ThrowsAsync<ValidationException>(() => Sut.TryEnqueueAsync(message, T0, None));

        Assert.Contains("900 KB", ex.Errors["body"][0]);
        Assert.Null(await Sut.GetAsync("huge", None));
        Assert.Empty(await Sut.ListDueAsync(T0, 10, None));
    }

    [Fact]
    public async Task MarkRetryAsync_LongError_IsTruncated()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);

        await Sut.MarkRetryAsync("m1", new string('e', 100_000), T0.AddMinutes(1), None);

        Assert.InRange((await Sut.GetAsync("m1", None))!.LastError!.Length, 1000, 8_001);
    }
}
