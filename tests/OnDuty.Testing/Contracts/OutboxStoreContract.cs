using OnDuty.Core.Common;
using OnDuty.Core.Notifications;

namespace OnDuty.Testing.Contracts;

/// <summary>
/// What every <see cref="IOutboxStore"/> does, written once and run against the table adapter on Azurite and against
/// the in-memory fake, so the fake the Core tests lean on cannot be kinder than the store production uses.
/// </summary>
public abstract class OutboxStoreContract : IAsyncLifetime
{
    protected static readonly CancellationToken None = CancellationToken.None;
    protected static readonly DateTimeOffset T0 = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    protected IOutboxStore Sut { get; private set; } = null!;

    /// <summary>A new, empty store.</summary>
    protected abstract Task<IOutboxStore> CreateStoreAsync();

    /// <summary>Another app instance (its own clients) on the storage of <see cref="Sut"/>.</summary>
    protected abstract IOutboxStore SecondInstance();

    public virtual async Task InitializeAsync() => Sut = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A page waiting for a later retry is made due now (its provider is back); attempts and error stay; nothing leased or settled is touched.</summary>
    [Fact]
    public async Task BringForwardAsync_WaitingMessage_IsDueNow_LeasedOrSettledUntouched()
    {
        foreach (var id in new[] { "waiting", "leased", "sent" })
        {
            await Sut.TryEnqueueAsync(NewMessage(id, T0), T0, None);
            await Sut.MarkRetryAsync(id, "SMTP: Connection refused", T0.AddMinutes(2), None);
        }

        var now = T0.AddMinutes(1);
        Assert.Null(await Sut.TryLeaseAsync("waiting", now, now.AddMinutes(1), None)); // not due yet
        await Sut.MarkRetryAsync("leased", "SMTP: Connection refused", now, None);
        Assert.NotNull(await Sut.TryLeaseAsync("leased", now, now.AddMinutes(1), None));
        await Sut.MarkSentAsync("sent", now, None);

        Assert.True(await Sut.BringForwardAsync("waiting", now, None));
        Assert.False(await Sut.BringForwardAsync("leased", now, None));
        Assert.False(await Sut.BringForwardAsync("sent", now, None));
        Assert.False(await Sut.BringForwardAsync("waiting", now, None)); // due already
        Assert.False(await Sut.BringForwardAsync("missing", now, None));

        var stored = (await Sut.GetAsync("waiting", None))!;
        Assert.Equal((now, 1, "SMTP: Connection refused"), (stored.NextAttemptAt, stored.Attempts, stored.LastError));
        Assert.Contains(await Sut.ListDueAsync(now, 10, None), m => m.Id == "waiting");
        Assert.NotNull(await Sut.TryLeaseAsync("waiting", now, now.AddMinutes(1), None));
        Assert.Equal(OutboxStatus.Sent, (await Sut.GetAsync("sent", None))!.Status);
    }

    [Fact]
    public async Task TryEnqueueAsync_New_RoundTripsEveryField()
    {
        var message = new OutboxMessage
        {
            Id = "duty:incident-duty:2026-W50|yamada@example.jp/#?%.",
            Channel = Channel.Teams,
            Recipient = "PM channel",
            RecipientName = "山田 太郎",
            Subject = "今週の障害当番",
            TextBody = "Ann and Bob are on duty.",
            HtmlBody = "<p>Ann and Bob are on duty.</p>",
            CardJson = """{"type":"AdaptiveCard","version":"1.5"}""",
            Topic = "duty:incident-duty:2026-W50",
            Attempts = 0,
            CreatedAt = T0,
            NextAttemptAt = T0.AddMinutes(1),
            LastError = "none yet",
        };

        Assert.True(await Sut.TryEnqueueAsync(message, T0.AddMinutes(2), None));

        Assert.Equal(message, await Sut.GetAsync(message.Id, None));
    }

    [Fact]
    public async Task MarkResentAsync_GivenUpMessage_LinksItsReSend_WhichRoundTripsItsOrigin_AndStaysListedAsFailed()
    {
        var page = new OutboxMessage { Id = "incident:INC-2026-0001:page:email:ito@example.com", Channel = Channel.Email, Recipient = "ito@example.com", Subject = "s", TextBody = "t", Priority = OutboxPriority.Page };
        await Sut.TryEnqueueAsync(page, T0, None);
        await Sut.MarkFailedAsync(page.Id, "SMTP: Connection refused", T0, None);
        var resend = page with { Id = OutboxIds.Resend(page.Id, 1), ResendOf = page.Id, CreatedAt = T0.AddHours(1), NextAttemptAt = T0.AddHours(1) };

        Assert.True(await Sut.TryEnqueueAsync(resend, T0.AddHours(1), None));
        await Sut.MarkResentAsync(page.Id, resend.Id, None);
        await Sut.MarkResentAsync(page.Id, resend.Id, None); // a repeat changes nothing

        Assert.Equal(resend, await Sut.GetAsync(resend.Id, None));
        var failed = await Sut.GetAsync(page.Id, None);
        Assert.Equal((OutboxStatus.Failed, resend.Id, "SMTP: Connection refused"), (failed!.Status, failed.ResentAs, failed.LastError));
        Assert.Equal(resend.Id, Assert.Single(await Sut.ListAsync(OutboxStatus.Failed, 10, None)).ResentAs);
        // Only once, and only a give-up.
        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.MarkResentAsync(page.Id, OutboxIds.Resend(page.Id, 2), None));
        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.MarkResentAsync(resend.Id, OutboxIds.Resend(page.Id, 2), None));
        await Assert.ThrowsAsync<NotFoundException>(() => Sut.MarkResentAsync("nope", "resend:1:nope", None));
    }

    [Fact]
    public async Task TryEnqueueAsync_BlindCopiedBatch_RoundTripsItsRecipientsInOrder()
    {
        var readers = Enumerable.Range(0, 50).Select(i => $"reader{i:00}.with.a.long.name@stakeholders.example").ToList();
        var message = new OutboxMessage
        {
            Id = "incident:INC-2026-0001:notice:1:email:ja:0",
            Channel = Channel.Email,
            Recipient = "stakeholders (ja 1/1, 50 bcc)",
            Bcc = readers,
            Subject = "【障害・調査中】INC-2026-0001 決済画面が開かない",
            TextBody = "第1報",
            CreatedAt = T0,
            NextAttemptAt = T0,
        };

        Assert.True(await Sut.TryEnqueueAsync(message, T0, None));

        var stored = await Sut.GetAsync(message.Id, None);
        Assert.Equal(readers, stored!.Bcc);
        Assert.Equal(message with { Bcc = [] }, stored with { Bcc = [] });
    }

    /// <summary>A step several incidents reached together: the message keeps which incidents it speaks for, in order.</summary>
    [Fact]
    public async Task TryEnqueueAsync_MessageAboutSeveralIncidents_KeepsThemInOrder()
    {
        string[] about = ["INC-2026-0042", "INC-2026-0007", .. Enumerable.Range(100, 998).Select(i => $"INC-2026-{i:0000}")];
        var message = new OutboxMessage
        {
            Id = "escalations:2:0123456789abcdef01234567:email:lead@example.com",
            Channel = Channel.Email,
            Recipient = "lead@example.com",
            Topic = "escalations:2:0123456789abcdef01234567",
            Priority = OutboxPriority.Page,
            About = about,
            Subject = "【SEV1 未応答・エスカレーション2】障害 1000 件",
            CreatedAt = T0,
            NextAttemptAt = T0,
        };

        Assert.True(await Sut.TryEnqueueAsync(message, T0, None));

        var stored = await Sut.GetAsync(message.Id, None);
        Assert.Equal(about, stored!.About);
        Assert.Equal(message with { About = [] }, stored with { About = [] });
    }

    [Fact]
    public async Task TryEnqueueAsync_MinimalMessage_RoundTripsAndIsDue()
    {
        var message = new OutboxMessage { Id = "m1", Channel = Channel.Email, Recipient = "a@example.com" };

        Assert.True(await Sut.TryEnqueueAsync(message, default, None));

        Assert.Equal(message, await Sut.GetAsync("m1", None));
        Assert.Equal(["m1"], (await Sut.ListDueAsync(T0, 10, None)).Select(m => m.Id));
    }

    [Fact]
    public async Task TryEnqueueManyAsync_OneQueuedBefore_QueuesTheOthersAndKeepsTheFirst()
    {
        Assert.Equal(["a", "b"], (await Sut.TryEnqueueManyAsync([NewMessage("a", T0), NewMessage("b", T0)], T0, None)).Select(m => m.Id));

        var queued = await Sut.TryEnqueueManyAsync([NewMessage("b", T0) with { Subject = "second" }, NewMessage("c", T0)], T0, None);

        Assert.Equal(["c"], queued.Select(m => m.Id));
        Assert.NotEqual("second", (await Sut.GetAsync("b", None))!.Subject);
        Assert.NotNull(await Sut.GetAsync("c", None));
    }

    [Fact]
    public async Task TryEnqueueAsync_SameIdTwice_ReturnsFalseAndKeepsFirst()
    {
        var first = NewMessage("notice:ann", T0) with { Subject = "first" };

        Assert.True(await Sut.TryEnqueueAsync(first, T0, None));
        Assert.False(await Sut.TryEnqueueAsync(first with { Subject = "second", NextAttemptAt = T0.AddHours(-1) }, T0, None));

        Assert.Equal("first", (await Sut.GetAsync("notice:ann", None))!.Subject);
        Assert.Single(await Sut.ListAsync(OutboxStatus.Pending, 10, None));
        Assert.Single(await Sut.ListDueAsync(T0, 10, None));
    }

    [Fact]
    public async Task TryEnqueueAsync_AfterSent_ReturnsFalseAndStaysSent()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        await Sut.MarkSentAsync("m1", T0, None);

        Assert.False(await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None));

        Assert.Equal(OutboxStatus.Sent, (await Sut.GetAsync("m1", None))!.Status);
        Assert.Empty(await Sut.ListDueAsync(T0.AddDays(1), 10, None));
    }

    [Fact]
    public async Task TryEnqueueAsync_NotPendingOrBadId_ThrowsAndStoresNothing()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Sut.TryEnqueueAsync(NewMessage("sent", T0) with { Status = OutboxStatus.Sent }, T0, None));
        await Assert.ThrowsAsync<ArgumentException>(() => Sut.TryEnqueueAsync(NewMessage("", T0), T0, None));
        await Assert.ThrowsAsync<ArgumentException>(() => Sut.TryEnqueueAsync(NewMessage(new string('x', OutboxMessage.MaxIdLength + 1), T0), T0, None));

        Assert.Null(await Sut.GetAsync("sent", None));
        Assert.Empty(await Sut.ListDueAsync(T0.AddDays(1), 10, None));
    }

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        Assert.Null(await Sut.GetAsync("nope", None));
    }

    [Fact]
    public async Task ListDueAsync_HonoursNextAttemptAndLease_OldestFirstUpToMax()
    {
        await Sut.TryEnqueueAsync(NewMessage("later", T0.AddMinutes(10)), T0, None);
        await Sut.TryEnqueueAsync(NewMessage("newer", T0.AddMinutes(-1)), T0, None);
        await Sut.TryEnqueueAsync(NewMessage("older-b", T0.AddMinutes(-5)), T0, None);
        await Sut.TryEnqueueAsync(NewMessage("older-a", T0.AddMinutes(-5)), T0, None);
        await Sut.TryEnqueueAsync(NewMessage("oldest", T0.AddMinutes(-9)), T0, None);
        await Sut.TryEnqueueAsync(NewMessage("leased", T0.AddMinutes(-20)), leaseUntil: T0.AddMinutes(3), None);

        Assert.Equal(["oldest", "older-a", "older-b", "newer"], (await Sut.ListDueAsync(T0, 10, None)).Select(m => m.Id));
        Assert.Equal(["oldest", "older-a"], (await Sut.ListDueAsync(T0, 2, None)).Select(m => m.Id));
        Assert.Equal(["leased", "oldest", "older-a", "older-b", "newer"], (await Sut.ListDueAsync(T0.AddMinutes(3), 10, None)).Select(m => m.Id));
        Assert.Equal(6, (await Sut.ListDueAsync(T0.AddMinutes(10), 10, None)).Count);
    }

    [Fact]
    public async Task TryLeaseAsync_TwoInstancesAtOnce_ExactlyOneGetsIt()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        var other = SecondInstance();

        var results = await Task.WhenAll(
            Sut.TryLeaseAsync("m1", T0, T0.AddMinutes(5), None),
            other.TryLeaseAsync("m1", T0, T0.AddMinutes(5), None));

        Assert.Single(results, r => r is not null);
        Assert.Empty(await Sut.ListDueAsync(T0.AddMinutes(1), 10, None));
        Assert.Single(await Sut.ListDueAsync(T0.AddMinutes(5), 10, None));
    }

    /// <summary>
    /// The instance that queued a message takes its lease without reading it first (a store may remember what it wrote):
    /// when another instance leased, retried or sent it meanwhile, that lease must see it.
    /// </summary>
    [Fact]
    public async Task TryLeaseAsync_LeasedByAnotherInstanceSinceThisOneQueuedIt_ReturnsNull()
    {
        await Sut.TryEnqueueManyAsync([NewMessage("m1", T0), NewMessage("m2", T0)], T0, None);

        Assert.NotNull(await SecondInstance().TryLeaseAsync("m1", T0, T0.AddMinutes(5), None));

        Assert.Null(await Sut.TryLeaseAsync("m1", T0.AddMinutes(1), T0.AddMinutes(6), None));
        Assert.NotNull(await Sut.TryLeaseAsync("m2", T0.AddMinutes(1), T0.AddMinutes(6), None));
    }

    /// <inheritdoc cref="TryLeaseAsync_LeasedByAnotherInstanceSinceThisOneQueuedIt_ReturnsNull"/>
    [Fact]
    public async Task TryLeaseAsync_RetriedByAnotherInstanceSinceThisOneQueuedIt_DueAtItsNextAttemptWithTheAttemptCounted()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        var other = SecondInstance();
        Assert.NotNull(await other.TryLeaseAsync("m1", T0, T0.AddMinutes(5), None));
        await other.MarkRetryAsync("m1", "429 Too Many Requests", T0.AddMinutes(2), None);

        Assert.Null(await Sut.TryLeaseAsync("m1", T0.AddMinutes(1), T0.AddMinutes(6), None));
        Assert.NotNull(await Sut.TryLeaseAsync("m1", T0.AddMinutes(2), T0.AddMinutes(7), None));
        var leased = await Sut.GetAsync("m1", None);
        Assert.Equal((1, "429 Too Many Requests"), (leased!.Attempts, leased.LastError));
        await Sut.MarkSentAsync("m1", T0.AddMinutes(3), None);
        Assert.Equal((OutboxStatus.Sent, 2), ((await other.GetAsync("m1", None))!.Status, (await other.GetAsync("m1", None))!.Attempts));
    }

    /// <inheritdoc cref="TryLeaseAsync_LeasedByAnotherInstanceSinceThisOneQueuedIt_ReturnsNull"/>
    [Fact]
    public async Task TryLeaseAsync_SentOrCancelledByAnotherInstanceSinceThisOneQueuedIt_ReturnsNull()
    {
        await Sut.TryEnqueueManyAsync([NewMessage("sent", T0), NewMessage("cancelled", T0)], T0, None);
        var other = SecondInstance();
        await other.MarkSentAsync("sent", T0, None);
        await other.MarkCancelledAsync("cancelled", "incident INC-1 was acknowledged", T0, None);

        Assert.Null(await Sut.TryLeaseAsync("sent", T0.AddMinutes(1), T0.AddMinutes(6), None));
        Assert.Null(await Sut.TryLeaseAsync("cancelled", T0.AddMinutes(1), T0.AddMinutes(6), None));
        Assert.Equal(OutboxStatus.Sent, (await Sut.GetAsync("sent", None))!.Status);
        Assert.Equal(OutboxStatus.Cancelled, (await Sut.GetAsync("cancelled", None))!.Status);
    }

    /// <summary>What the instance that queued and leased a message reads of it is what any other instance reads.</summary>
    [Fact]
    public async Task GetAsync_LeasedByTheInstanceThatQueuedIt_IsWhatAnotherInstanceReads()
    {
        var message = NewMessage("m1", T0) with
        {
            Channel = Channel.Teams,
            RecipientName = "山田 太郎",
            Bcc = ["a@example.com", "b@example.com"],
            HtmlBody = "<p>You are on duty.</p>",
            CardJson = """{"type":"AdaptiveCard","version":"1.5"}""",
            Topic = "incident:INC-2026-0001:page",
            Priority = OutboxPriority.Page,
        };
        await Sut.TryEnqueueAsync(message, T0, None);

        Assert.NotNull(await Sut.TryLeaseAsync("m1", T0, T0.AddMinutes(5), None));
        var leased = await Sut.GetAsync("m1", None);
        var read = await SecondInstance().GetAsync("m1", None);

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(read), System.Text.Json.JsonSerializer.Serialize(leased));
        Assert.Null(await SecondInstance().TryLeaseAsync("m1", T0.AddMinutes(1), T0.AddMinutes(6), None)); // leased for real
        await Sut.MarkSentAsync("m1", T0.AddMinutes(1), None);
        Assert.Equal((OutboxStatus.Sent, 1), ((await SecondInstance().GetAsync("m1", None))!.Status, (await SecondInstance().GetAsync("m1", None))!.Attempts));
    }

    /// <summary>
    /// One queue message's ids leased together: the due and free ones are leased (for real: nobody else takes them), the ones
    /// held elsewhere, not yet due, settled or missing are left out, whoever queued them.
    /// </summary>
    [Fact]
    public async Task TryLeaseManyAsync_SomeHeldSettledOrMissing_LeasesExactlyTheDueAndFreeOnes()
    {
        await Sut.TryEnqueueManyAsync([NewMessage("m1", T0), NewMessage("m2", T0), NewMessage("held", T0), NewMessage("sent", T0), NewMessage("later", T0.AddMinutes(5))], T0, None);
        var other = SecondInstance();
        await other.TryEnqueueAsync(NewMessage("theirs", T0), T0, None);
        Assert.NotNull(await other.TryLeaseAsync("held", T0, T0.AddMinutes(5), None));
        await other.MarkSentAsync("sent", T0, None);

        var leases = await Sut.TryLeaseManyAsync(["m1", "m2", "held", "sent", "later", "theirs", "missing", "m1"], T0.AddSeconds(1), T0.AddMinutes(5), None);

        Assert.Equal(["m1", "m2", "theirs"], leases.Keys.Order(StringComparer.Ordinal));
        Assert.All(leases, l => Assert.Equal((l.Key, T0.AddMinutes(5)), (l.Value.MessageId, l.Value.Until)));
        foreach (var id in new[] { "m1", "m2", "theirs" })
        {
            Assert.Null(await other.TryLeaseAsync(id, T0.AddMinutes(1), T0.AddMinutes(6), None));
            Assert.NotNull(await Sut.RenewLeaseAsync(leases[id], T0.AddMinutes(7), None));
        }

        // Still held by their renewed leases when the other one's lease and the later message's time have come.
        Assert.Equal(["held", "later"], (await other.ListDueAsync(T0.AddMinutes(6), 10, None)).Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.Equal(OutboxStatus.Sent, (await Sut.GetAsync("sent", None))!.Status);
    }

    /// <summary>A lease taken together is lost like one taken alone when another instance retried one of them meanwhile.</summary>
    [Fact]
    public async Task TryLeaseManyAsync_OneRetriedByAnotherInstanceSinceQueued_LeasesTheOthersAndThatOneOnlyWhenDue()
    {
        await Sut.TryEnqueueManyAsync([NewMessage("m1", T0), NewMessage("m2", T0)], T0, None);
        var other = SecondInstance();
        Assert.NotNull(await other.TryLeaseAsync("m2", T0, T0.AddSeconds(1), None));
        await other.MarkRetryAsync("m2", "429 Too Many Requests", T0.AddMinutes(2), None);

        var leases = await Sut.TryLeaseManyAsync(["m1", "m2"], T0.AddSeconds(1), T0.AddMinutes(5), None);

        Assert.Equal(["m1"], leases.Keys);
        Assert.Equal((1, "429 Too Many Requests"), ((await Sut.GetAsync("m2", None))!.Attempts, (await Sut.GetAsync("m2", None))!.LastError));
        Assert.Equal(["m2"], (await Sut.TryLeaseManyAsync(["m1", "m2"], T0.AddMinutes(2), T0.AddMinutes(7), None)).Keys);
    }

    /// <summary>
    /// Deliveries recorded together are each what <see cref="IOutboxStore.MarkSentAsync"/> or
    /// <see cref="IOutboxStore.MarkAcceptedAsync"/> would record; one another instance cancelled meanwhile keeps its record and is
    /// named; recording again is a no-op.
    /// </summary>
    [Fact]
    public async Task MarkSentManyAsync_SentAcceptedAndOneCancelledElsewhere_RecordsEachAsAloneAndNamesTheCancelledOne()
    {
        await Sut.TryEnqueueManyAsync([NewMessage("m1", T0), NewMessage("m2", T0), NewMessage("m3", T0)], T0, None);
        var leases = await Sut.TryLeaseManyAsync(["m1", "m2", "m3"], T0, T0.AddMinutes(5), None);
        Assert.Equal(3, leases.Count);
        foreach (var id in new[] { "m1", "m2", "m3" })
        {
            Assert.NotNull(await Sut.GetAsync(id, None));
        }

        await SecondInstance().MarkCancelledAsync("m3", "incident INC-2026-0001 was acknowledged", T0.AddSeconds(5), None);
        OutboxDelivery[] deliveries =
        [
            new("m1", T0.AddSeconds(10)),
            new("m2", T0.AddSeconds(11), "acs-op-2", T0.AddMinutes(2)),
            new("m3", T0.AddSeconds(12)),
        ];

        Assert.Equal(["m3"], await Sut.MarkSentManyAsync(deliveries, None));
        Assert.Equal(["m3"], await Sut.MarkSentManyAsync(deliveries, None));

        var other = SecondInstance();
        var m1 = await other.GetAsync("m1", None);
        var m2 = await other.GetAsync("m2", None);
        Assert.Equal((OutboxStatus.Sent, T0.AddSeconds(10), 1), (m1!.Status, m1.SentAt, m1.Attempts));
        Assert.Equal((OutboxStatus.Sent, T0.AddSeconds(11), 1), (m2!.Status, m2.SentAt, m2.Attempts));
        Assert.Equal(OutboxStatus.Cancelled, (await other.GetAsync("m3", None))!.Status);
        Assert.Empty(await other.ListDueAsync(T0.AddDays(1), 10, None));
        Assert.Equal([new PendingConfirmation("m2", "acs-op-2", T0.AddSeconds(11), T0.AddMinutes(2))], await other.ListToConfirmAsync(T0.AddMinutes(2), 10, None));
        Assert.Equal(["m1", "m2"], (await other.ListAsync(OutboxStatus.Sent, 10, None)).Select(m => m.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TryLeaseAsync_LeasedNotDueOrMissing_ReturnsFalse()
    {
        await Sut.TryEnqueueAsync(NewMessage("leased", T0), T0.AddMinutes(5), None);
        await Sut.TryEnqueueAsync(NewMessage("future", T0.AddMinutes(5)), T0, None);

        Assert.Null(await Sut.TryLeaseAsync("leased", T0, T0.AddMinutes(10), None));
        Assert.Null(await Sut.TryLeaseAsync("future", T0, T0.AddMinutes(10), None));
        Assert.Null(await Sut.TryLeaseAsync("missing", T0, T0.AddMinutes(10), None));
        Assert.NotNull(await Sut.TryLeaseAsync("leased", T0.AddMinutes(5), T0.AddMinutes(10), None));
        Assert.NotNull(await Sut.TryLeaseAsync("future", T0.AddMinutes(5), T0.AddMinutes(10), None));
    }

    [Fact]
    public async Task TryLeaseAsync_RetryNotYetDue_ReturnsFalseUntilNextAttempt()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        await Sut.MarkRetryAsync("m1", "429", T0.AddMinutes(2), None);

        Assert.Null(await Sut.TryLeaseAsync("m1", T0.AddMinutes(1), T0.AddMinutes(5), None));
        Assert.NotNull(await Sut.TryLeaseAsync("m1", T0.AddMinutes(2), T0.AddMinutes(5), None));
    }

    [Fact]
    public async Task TryLeaseAsync_SentOrFailed_ReturnsFalse()
    {
        await Sut.TryEnqueueAsync(NewMessage("sent", T0), T0, None);
        await Sut.TryEnqueueAsync(NewMessage("failed", T0), T0, None);
        await Sut.MarkSentAsync("sent", T0, None);
        await Sut.MarkFailedAsync("failed", "550", T0, None);

        Assert.Null(await Sut.TryLeaseAsync("sent", T0.AddDays(1), T0.AddDays(2), None));
        Assert.Null(await Sut.TryLeaseAsync("failed", T0.AddDays(1), T0.AddDays(2), None));
    }

    [Fact]
    public async Task MarkSentAsync_Pending_RecordsSentOnceAndLeavesDueIndex()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0.AddMinutes(1), None);
        await Sut.TryLeaseAsync("m1", T0.AddMinutes(1), T0.AddMinutes(2), None);

        await Sut.MarkSentAsync("m1", T0.AddSeconds(90), None);
        await Sut.MarkSentAsync("m1", T0.AddSeconds(95), None);

        var stored = await Sut.GetAsync("m1", None);
        Assert.Equal(OutboxStatus.Sent, stored!.Status);
        Assert.Equal(T0.AddSeconds(90), stored.SentAt);
        Assert.Equal(1, stored.Attempts);
        Assert.Empty(await Sut.ListDueAsync(T0.AddDays(1), 10, None));
        Assert.Empty(await Sut.ListAsync(OutboxStatus.Pending, 10, None));
        Assert.Equal(["m1"], (await Sut.ListAsync(OutboxStatus.Sent, 10, None)).Select(m => m.Id));
    }

    [Fact]
    public async Task MarkAcceptedAsync_Pending_SentAndListedForItsStatusCheckUntilSettled()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        await Sut.TryEnqueueAsync(NewMessage("m2", T0), T0, None);

        await Sut.MarkAcceptedAsync("m1", T0.AddSeconds(5), "op-1", T0.AddMinutes(1), None);
        await Sut.MarkAcceptedAsync("m2", T0.AddSeconds(6), "op-2", T0.AddMinutes(2), None);
        await Sut.MarkAcceptedAsync("m1", T0.AddSeconds(9), "op-1", T0.AddMinutes(9), None); // a repeated call changes nothing

        var stored = await Sut.GetAsync("m1", None);
        Assert.Equal(OutboxStatus.Sent, stored!.Status);
        Assert.Equal(T0.AddSeconds(5), stored.SentAt);
        Assert.Equal(1, stored.Attempts);
        Assert.Empty(await Sut.ListDueAsync(T0.AddDays(1), 10, None));
        Assert.Empty(await Sut.ListToConfirmAsync(T0.AddSeconds(59), 10, None));
        Assert.Equal([new PendingConfirmation("m1", "op-1", T0.AddSeconds(5), T0.AddMinutes(1))], await Sut.ListToConfirmAsync(T0.AddMinutes(1), 10, None));
        Assert.Equal(["m1", "m2"], (await Sut.ListToConfirmAsync(T0.AddDays(1), 10, None)).Select(c => c.MessageId));
        Assert.Equal(["m1"], (await Sut.ListToConfirmAsync(T0.AddDays(1), 1, None)).Select(c => c.MessageId));

        await Sut.DeferConfirmationAsync("m1", T0.AddMinutes(5), None);
        Assert.Equal(["m2", "m1"], (await Sut.ListToConfirmAsync(T0.AddDays(1), 10, None)).Select(c => c.MessageId));

        await Sut.SettleConfirmationAsync("m1", null, T0.AddMinutes(5), None);
        await SecondInstance().SettleConfirmationAsync("m1", null, T0.AddMinutes(5), None);
        Assert.Equal(["m2"], (await Sut.ListToConfirmAsync(T0.AddDays(1), 10, None)).Select(c => c.MessageId));
        Assert.Equal(OutboxStatus.Sent, (await Sut.GetAsync("m1", None))!.Status);
        Assert.Empty(await Sut.ListAsync(OutboxStatus.Failed, 10, None));
    }

    /// <summary>
    /// A provider's later report (an ACS email bounce) names only its own id: the message accepted under it is found from any
    /// instance, whether it was recorded alone or with others in one write, after it failed too, and no longer once purged.
    /// </summary>
    [Fact]
    public async Task FindByProviderIdAsync_AcceptedAloneOrTogether_FoundFromAnyInstanceUntilPurged()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        await Sut.MarkAcceptedAsync("m1", T0.AddSeconds(5), "op-1", T0.AddMinutes(1), None);
        await Sut.TryEnqueueManyAsync([NewMessage("m2", T0), NewMessage("m3", T0), NewMessage("m4", T0)], T0, None);
        Assert.Equal(3, (await Sut.TryLeaseManyAsync(["m2", "m3", "m4"], T0, T0.AddMinutes(5), None)).Count);
        foreach (var id in new[] { "m2", "m3", "m4" })
        {
            Assert.NotNull(await Sut.GetAsync(id, None));
        }

        Assert.Empty(await Sut.MarkSentManyAsync([new("m2", T0.AddSeconds(6), "op-2", T0.AddMinutes(2)), new("m3", T0.AddSeconds(6), "op-3", T0.AddMinutes(2)), new("m4", T0.AddSeconds(6))], None));
        // Done at once under a provider id (an ACS operation found Succeeded on a retry): findable, no status check owed.
        await Sut.TryEnqueueAsync(NewMessage("m5", T0), T0, None);
        await Sut.MarkDeliveredAsync("m5", T0.AddSeconds(7), "op-5", None);

        var other = SecondInstance();
        Assert.Equal(("m1", "m2", "m3", "m5"), (
            (await other.FindByProviderIdAsync("op-1", None))?.Id, (await other.FindByProviderIdAsync("op-2", None))?.Id,
            (await other.FindByProviderIdAsync("op-3", None))?.Id, (await other.FindByProviderIdAsync("op-5", None))?.Id));
        Assert.Equal(OutboxStatus.Sent, (await other.FindByProviderIdAsync("op-2", None))!.Status);
        Assert.Equal(OutboxStatus.Sent, (await other.FindByProviderIdAsync("op-5", None))!.Status);
        Assert.DoesNotContain(await other.ListToConfirmAsync(T0.AddDays(1), 10, None), c => c.MessageId == "m5");
        Assert.Null(await other.FindByProviderIdAsync("m4", None));
        Assert.Null(await other.FindByProviderIdAsync("op-9", None));

        await Sut.SettleConfirmationAsync("m1", "not delivered to a@example.com (Bounced)", T0.AddMinutes(3), None);
        Assert.Equal(OutboxStatus.Failed, (await other.FindByProviderIdAsync("op-1", None))!.Status);

        Assert.Equal(4, await Sut.PurgeSentAsync(T0.AddDays(1), 10, None));
        Assert.Null(await other.FindByProviderIdAsync("op-5", None));
        Assert.Null(await other.FindByProviderIdAsync("op-2", None));
        Assert.Null(await other.FindByProviderIdAsync("op-3", None));
        Assert.Equal("m1", (await other.FindByProviderIdAsync("op-1", None))?.Id);
    }

    /// <summary>
    /// More accepted messages recorded together than one transaction holds (four rows each: 25 to a transaction), then more
    /// purged than one purge batch holds: every one is sent, findable by its provider's id, and gone with its provider row.
    /// </summary>
    [Fact]
    public async Task MarkSentManyAsync_MoreThanATransactionHolds_EachFindable_ThenPurgedWithTheirProviderRows()
    {
        var ids = Enumerable.Range(0, 60).Select(i => $"m{i:00}").ToList();
        await Sut.TryEnqueueManyAsync([.. ids.Select(id => NewMessage(id, T0))], T0, None);
        Assert.Equal(60, (await Sut.TryLeaseManyAsync(ids, T0, T0.AddMinutes(5), None)).Count);
        foreach (var id in ids)
        {
            Assert.NotNull(await Sut.GetAsync(id, None));
        }

        Assert.Empty(await Sut.MarkSentManyAsync([.. ids.Select(id => new OutboxDelivery(id, T0.AddSeconds(5), "op-" + id, T0.AddMinutes(1)))], None));

        var other = SecondInstance();
        foreach (var id in ids)
        {
            Assert.Equal((id, OutboxStatus.Sent), ((await other.FindByProviderIdAsync("op-" + id, None))?.Id, (await other.GetAsync(id, None))!.Status));
        }

        Assert.Equal(60, (await other.ListToConfirmAsync(T0.AddDays(1), 100, None)).Count);
        Assert.Equal(60, await Sut.PurgeSentAsync(T0.AddDays(1), 100, None));
        foreach (var id in ids)
        {
            Assert.Null(await other.FindByProviderIdAsync("op-" + id, None));
        }
    }

    [Fact]
    public async Task SettleConfirmationAsync_WithAnError_FailedAndListedOnce()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        await Sut.MarkAcceptedAsync("m1", T0.AddSeconds(5), "op-1", T0.AddMinutes(1), None);

        await Sut.SettleConfirmationAsync("m1", "ACS email operation op-1 Failed: suppressed", T0.AddMinutes(2), None);
        await SecondInstance().SettleConfirmationAsync("m1", "ACS email operation op-1 Failed: suppressed", T0.AddMinutes(3), None);

        var failed = Assert.Single(await Sut.ListAsync(OutboxStatus.Failed, 10, None));
        Assert.Equal("m1", failed.Id);
        Assert.Equal(OutboxStatus.Failed, failed.Status);
        Assert.Equal("ACS email operation op-1 Failed: suppressed", failed.LastError);
        Assert.Empty(await Sut.ListToConfirmAsync(T0.AddDays(1), 10, None));
        Assert.Empty(await Sut.ListAsync(OutboxStatus.Sent, 10, None));
    }

    /// <summary>
    /// A message sent outright (no status check owed) that the provider later reports undelivered (an SMS delivery report):
    /// failed and listed as such, once however often it is reported.
    /// </summary>
    [Fact]
    public async Task SettleConfirmationAsync_SentWithoutACheckOwed_WithAnError_FailedAndListedOnce()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        await Sut.MarkSentAsync("m1", T0.AddSeconds(5), None);

        await Sut.SettleConfirmationAsync("m1", "not delivered (Failed: blocked)", T0.AddMinutes(2), None);
        await SecondInstance().SettleConfirmationAsync("m1", "not delivered (Failed: blocked)", T0.AddMinutes(3), None);

        var failed = Assert.Single(await Sut.ListAsync(OutboxStatus.Failed, 10, None));
        Assert.Equal(("m1", "not delivered (Failed: blocked)"), (failed.Id, failed.LastError));
        Assert.Empty(await Sut.ListAsync(OutboxStatus.Sent, 10, None));
        Assert.Empty(await Sut.ListToConfirmAsync(T0.AddDays(1), 10, None));
    }

    [Fact]
    public async Task MarkSentAsync_AfterFailed_ThrowsConcurrencyAndStaysFailed()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        await Sut.MarkFailedAsync("m1", "550", T0, None);

        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.MarkSentAsync("m1", T0.AddMinutes(1), None));

        var stored = await Sut.GetAsync("m1", None);
        Assert.Equal(OutboxStatus.Failed, stored!.Status);
        Assert.Null(stored.SentAt);
        Assert.Equal(1, stored.Attempts);
    }

    /// <summary>
    /// A sender reads the message, then another instance settles it before the sender's own settling write: that write must
    /// decide on the message as it is now (a store that remembers what it read, to save a read, must notice it changed).
    /// </summary>
    [Fact]
    public async Task MarkSentAsync_AnotherInstanceCancelledItAfterThisOneReadIt_ThrowsConcurrencyAndStaysCancelled()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        Assert.Equal(OutboxStatus.Pending, (await Sut.GetAsync("m1", None))!.Status);

        await SecondInstance().MarkCancelledAsync("m1", "incident INC-1 was acknowledged", T0.AddMinutes(1), None);

        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.MarkSentAsync("m1", T0.AddMinutes(2), None));
        var stored = await Sut.GetAsync("m1", None);
        Assert.Equal(OutboxStatus.Cancelled, stored!.Status);
        Assert.Null(stored.SentAt);
        Assert.Equal(["m1"], (await SecondInstance().ListAsync(OutboxStatus.Cancelled, 10, None)).Select(m => m.Id));
    }

    [Fact]
    public async Task MarkRetryAsync_AnotherInstanceCountedAnAttemptAfterThisOneReadIt_CountsBoth()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        await Sut.GetAsync("m1", None);

        await SecondInstance().MarkRetryAsync("m1", "429 Too Many Requests", T0.AddMinutes(1), None);
        await Sut.MarkRetryAsync("m1", "503 Service Unavailable", T0.AddMinutes(3), None);

        var stored = await SecondInstance().GetAsync("m1", None);
        Assert.Equal(2, stored!.Attempts);
        Assert.Equal("503 Service Unavailable", stored.LastError);
        Assert.Equal(T0.AddMinutes(3), stored.NextAttemptAt);
    }

    [Fact]
    public async Task MarkSentAsync_SentByAnotherInstanceAfterThisOneReadIt_IsANoOpAndCountsOneAttempt()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        await Sut.GetAsync("m1", None);

        await SecondInstance().MarkSentAsync("m1", T0.AddMinutes(1), None);
        await Sut.MarkSentAsync("m1", T0.AddMinutes(2), None);

        var stored = await Sut.GetAsync("m1", None);
        Assert.Equal(OutboxStatus.Sent, stored!.Status);
        Assert.Equal(T0.AddMinutes(1), stored.SentAt);
        Assert.Equal(1, stored.Attempts);
    }

    [Fact]
    public async Task MarkAsync_Missing_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Sut.MarkSentAsync("nope", T0, None));
        await Assert.ThrowsAsync<NotFoundException>(() => Sut.MarkRetryAsync("nope", "503", T0, None));
        await Assert.ThrowsAsync<NotFoundException>(() => Sut.MarkFailedAsync("nope", "550", T0, None));
    }

    [Fact]
    public async Task MarkRetryAsync_Leased_CountsAttemptAndFreesMessageAtNextAttempt()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0.AddMinutes(30), None);

        await Sut.MarkRetryAsync("m1", "429 Too Many Requests", T0.AddMinutes(2), None);
        await Sut.MarkRetryAsync("m1", "503 Service Unavailable", T0.AddMinutes(4), None);

        var stored = await Sut.GetAsync("m1", None);
        Assert.Equal(OutboxStatus.Pending, stored!.Status);
        Assert.Equal(2, stored.Attempts);
        Assert.Equal("503 Service Unavailable", stored.LastError);
        Assert.Equal(T0.AddMinutes(4), stored.NextAttemptAt);
        Assert.Empty(await Sut.ListDueAsync(T0.AddMinutes(3), 10, None));
        Assert.Equal(["m1"], (await Sut.ListDueAsync(T0.AddMinutes(4), 10, None)).Select(m => m.Id));
        Assert.NotNull(await Sut.TryLeaseAsync("m1", T0.AddMinutes(4), T0.AddMinutes(5), None));
    }

    [Fact]
    public async Task MarkRetryAsync_AfterSentOrFailed_ThrowsConcurrency()
    {
        await Sut.TryEnqueueAsync(NewMessage("sent", T0), T0, None);
        await Sut.TryEnqueueAsync(NewMessage("failed", T0), T0, None);
        await Sut.MarkSentAsync("sent", T0, None);
        await Sut.MarkFailedAsync("failed", "550", T0, None);

        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.MarkRetryAsync("sent", "late", T0.AddMinutes(1), None));
        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.MarkRetryAsync("failed", "late", T0.AddMinutes(1), None));

        Assert.Equal(OutboxStatus.Sent, (await Sut.GetAsync("sent", None))!.Status);
        Assert.Equal(1, (await Sut.GetAsync("sent", None))!.Attempts);
        Assert.Equal(OutboxStatus.Failed, (await Sut.GetAsync("failed", None))!.Status);
        Assert.Empty(await Sut.ListDueAsync(T0.AddDays(1), 10, None));
    }

    [Fact]
    public async Task MarkFailedAsync_Pending_GivesUpOnceAndListsNewestFirst()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        await Sut.TryEnqueueAsync(NewMessage("m2", T0), T0, None);
        await Sut.TryEnqueueAsync(NewMessage("m3", T0), T0, None);

        await Sut.MarkFailedAsync("m2", "550 mailbox unavailable", T0.AddMinutes(1), None);
        await Sut.MarkFailedAsync("m1", "400 bad address", T0.AddMinutes(2), None);
        await Sut.MarkFailedAsync("m1", "again", T0.AddMinutes(3), None);

        var failed = await Sut.ListAsync(OutboxStatus.Failed, 10, None);
        Assert.Equal(["m1", "m2"], failed.Select(m => m.Id));
        Assert.All(failed, m => Assert.Equal(OutboxStatus.Failed, m.Status));
        Assert.Equal("400 bad address", failed[0].LastError);
        Assert.Equal(1, failed[0].Attempts);
        Assert.Equal(["m1"], (await Sut.ListAsync(OutboxStatus.Failed, 1, None)).Select(m => m.Id));
        Assert.Equal(["m3"], (await Sut.ListDueAsync(T0.AddDays(1), 10, None)).Select(m => m.Id));
        Assert.Equal(["m3"], (await Sut.ListAsync(OutboxStatus.Pending, 10, None)).Select(m => m.Id));
        Assert.Null(await Sut.TryLeaseAsync("m1", T0.AddDays(1), T0.AddDays(2), None));
    }

    [Fact]
    public async Task MarkFailedAsync_AfterSent_ThrowsConcurrencyAndStaysSent()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        await Sut.MarkSentAsync("m1", T0, None);

        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.MarkFailedAsync("m1", "late", T0.AddMinutes(1), None));

        Assert.Equal(OutboxStatus.Sent, (await Sut.GetAsync("m1", None))!.Status);
        Assert.Empty(await Sut.ListAsync(OutboxStatus.Failed, 10, None));
    }

    [Fact]
    public async Task ListAsync_ByStatus_NewestFirstAndMax()
    {
        for (var i = 1; i <= 3; i++)
        {
            await Sut.TryEnqueueAsync(NewMessage($"p{i}", T0) with { CreatedAt = T0.AddMinutes(i) }, T0, None);
            await Sut.TryEnqueueAsync(NewMessage($"s{i}", T0), T0, None);
            await Sut.MarkSentAsync($"s{i}", T0.AddMinutes(10 - i), None);
        }

        Assert.Equal(["p3", "p2", "p1"], (await Sut.ListAsync(OutboxStatus.Pending, 10, None)).Select(m => m.Id));
        Assert.Equal(["p3"], (await Sut.ListAsync(OutboxStatus.Pending, 1, None)).Select(m => m.Id));
        Assert.Equal(["s1", "s2"], (await Sut.ListAsync(OutboxStatus.Sent, 2, None)).Select(m => m.Id));
        Assert.Empty(await Sut.ListAsync(OutboxStatus.Failed, 10, None));
    }

    [Fact]
    public async Task RenewLeaseAsync_HolderRenews_AnotherHolderAfterExpiryCannotBeRenewedByTheFirst()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        var first = await Sut.TryLeaseAsync("m1", T0, T0.AddMinutes(1), None);

        var renewed = await Sut.RenewLeaseAsync(first!, T0.AddMinutes(2), None);
        Assert.Equal(T0.AddMinutes(2), renewed!.Until);
        Assert.Null(await Sut.TryLeaseAsync("m1", T0.AddSeconds(90), T0.AddMinutes(3), None));
        Assert.Empty(await Sut.ListDueAsync(T0.AddSeconds(90), 10, None));

        // The holder stalls past its lease; another sender takes the message; the first can no longer renew.
        var second = await Sut.TryLeaseAsync("m1", T0.AddMinutes(2), T0.AddMinutes(3), None);
        Assert.NotNull(second);
        Assert.Null(await Sut.RenewLeaseAsync(renewed, T0.AddMinutes(4), None));
        Assert.NotNull(await Sut.RenewLeaseAsync(second!, T0.AddMinutes(4), None));
    }

    [Fact]
    public async Task RenewLeaseAsync_MessageSettled_ReturnsNull()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        var lease = await Sut.TryLeaseAsync("m1", T0, T0.AddMinutes(1), None);
        await Sut.MarkSentAsync("m1", T0, None);

        Assert.Null(await Sut.RenewLeaseAsync(lease!, T0.AddMinutes(2), None));
    }

    [Fact]
    public async Task MarkCancelledAsync_Pending_LeavesDueIndexAndListsAsCancelled()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0) with { Priority = OutboxPriority.Page }, T0, None);
        await Sut.TryEnqueueAsync(NewMessage("m2", T0), T0, None);

        await Sut.MarkCancelledAsync("m1", "incident INC-2026-0001 was acknowledged", T0.AddMinutes(1), None);
        await Sut.MarkCancelledAsync("m1", "again", T0.AddMinutes(2), None);

        var cancelled = Assert.Single(await Sut.ListAsync(OutboxStatus.Cancelled, 10, None));
        Assert.Equal("m1", cancelled.Id);
        Assert.Equal(OutboxPriority.Page, cancelled.Priority);
        Assert.Equal("incident INC-2026-0001 was acknowledged", cancelled.LastError);
        Assert.Equal(0, cancelled.Attempts);
        Assert.Equal(["m2"], (await Sut.ListDueAsync(T0.AddDays(1), 10, None)).Select(m => m.Id));
        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.MarkSentAsync("m1", T0, None));
    }

    [Fact]
    public async Task PurgeSentAsync_DeletesOnlySentMessagesOlderThanTheCutoff()
    {
        for (var i = 0; i < 130; i++)
        {
            await Sut.TryEnqueueAsync(NewMessage($"old{i:000}", T0), T0, None);
            await Sut.MarkSentAsync($"old{i:000}", T0.AddDays(-40), None);
        }

        await Sut.TryEnqueueAsync(NewMessage("recent", T0), T0, None);
        await Sut.MarkSentAsync("recent", T0.AddDays(-1), None);
        await Sut.TryEnqueueAsync(NewMessage("failed", T0), T0, None);
        await Sut.MarkFailedAsync("failed", "550", T0.AddDays(-40), None);
        await Sut.TryEnqueueAsync(NewMessage("pending", T0), T0, None);

        Assert.Equal(120, await Sut.PurgeSentAsync(T0.AddDays(-30), 120, None));
        Assert.Equal(10, await Sut.PurgeSentAsync(T0.AddDays(-30), 120, None));
        Assert.Equal(0, await Sut.PurgeSentAsync(T0.AddDays(-30), 120, None));

        Assert.Equal(["recent"], (await Sut.ListAsync(OutboxStatus.Sent, 1000, None)).Select(m => m.Id));
        Assert.NotNull(await Sut.GetAsync("failed", None));
        Assert.NotNull(await Sut.GetAsync("pending", None));
        Assert.Null(await Sut.GetAsync("old000", None));
    }

    /// <summary>
    /// Late pages: pending pages queued at or before the time asked, oldest first, whether waiting for a retry (the due row
    /// rewritten) or held by a sender; not normal messages, not newer pages, not pages sent or given up.
    /// </summary>
    [Fact]
    public async Task ListLatePagesAsync_PendingPagesQueuedBefore_OldestFirstThroughRetriesUntilSettled()
    {
        var page = OutboxPriority.Page;
        await Sut.TryEnqueueAsync(NewMessage("page-retried", T0) with { Priority = page, CreatedAt = T0.AddMinutes(1) }, T0, None);
        await Sut.TryEnqueueAsync(NewMessage("page-oldest", T0) with { Priority = page }, T0, None);
        await Sut.TryEnqueueAsync(NewMessage("weekly", T0), T0, None);
        await Sut.TryEnqueueAsync(NewMessage("page-new", T0) with { Priority = page, CreatedAt = T0.AddMinutes(9) }, T0, None);
        await Sut.TryEnqueueAsync(NewMessage("page-sent", T0) with { Priority = page }, T0, None);
        await Sut.TryEnqueueAsync(NewMessage("page-failed", T0) with { Priority = page }, T0, None);
        Assert.NotNull(await Sut.GetAsync("page-retried", None)); // read before its retry is recorded, as a sender does
        await Sut.MarkRetryAsync("page-retried", "503 Service Unavailable", T0.AddMinutes(12), None);
        Assert.NotNull(await Sut.TryLeaseAsync("page-oldest", T0.AddMinutes(1), T0.AddMinutes(20), None));
        await Sut.MarkSentAsync("page-sent", T0.AddMinutes(1), None);
        await Sut.MarkFailedAsync("page-failed", "550 no such mailbox", T0.AddMinutes(1), None);

        var late = await SecondInstance().ListLatePagesAsync(T0.AddMinutes(5), 10, None);

        Assert.Equal(["page-oldest", "page-retried"], late.Select(m => m.Id));
        Assert.Equal((1, "503 Service Unavailable"), (late[1].Attempts, late[1].LastError));
        Assert.Equal(["page-oldest"], (await Sut.ListLatePagesAsync(T0.AddMinutes(5), 1, None)).Select(m => m.Id));

        await Sut.MarkSentAsync("page-retried", T0.AddMinutes(12), None);
        Assert.Equal(["page-oldest"], (await Sut.ListLatePagesAsync(T0.AddMinutes(8), 10, None)).Select(m => m.Id));
    }

    /// <summary>
    /// Every way a message turns failed indexes it under its one recipient (an address ignoring case, a number as stored), in
    /// the write that marks it failed: listed by that recipient the latest failure first, from any instance; a channel post, a
    /// bcc batch, a message sent and one failed before <c>since</c> are not.
    /// </summary>
    [Fact]
    public async Task ListFailedToAsync_FailedEachWay_ListedByItsRecipientLatestFirst_OthersNot()
    {
        const string Phone = "+819012345678";
        await Sut.TryEnqueueAsync(NewMessage("ann-given-up", T0) with { Recipient = "Ann@Example.com" }, T0, None);
        await Sut.MarkFailedAsync("ann-given-up", "550 mailbox unavailable", T0.AddMinutes(1), None);
        await Sut.TryEnqueueAsync(NewMessage("ann-text", T0) with { Channel = Channel.Sms, Recipient = Phone }, T0, None);
        await Sut.MarkSentAsync("ann-text", T0.AddSeconds(5), None);
        await Sut.SettleConfirmationAsync("ann-text", "not delivered (Failed: blocked)", T0.AddMinutes(2), None);
        await Sut.TryEnqueueAsync(NewMessage("ann-bounced", T0), T0, None);
        await Sut.MarkAcceptedAsync("ann-bounced", T0.AddSeconds(5), "op-1", T0.AddMinutes(1), None);
        await Sut.SettleConfirmationAsync("ann-bounced", "not delivered to ann@example.com (Bounced)", T0.AddMinutes(3), None);
        await Sut.TryEnqueueAsync(NewMessage("ann-call", T0) with { Channel = Channel.Voice, Recipient = Phone }, T0, None);
        Assert.NotNull(await Sut.GetAsync("ann-call", None)); // read to be sent, as a sender does
        await Sut.MarkFailedAsync("ann-call", "no answer", T0.AddMinutes(4), None);
        await Sut.TryEnqueueAsync(NewMessage("ann-earlier", T0) with { CreatedAt = T0.AddDays(-9) }, T0, None);
        await Sut.MarkFailedAsync("ann-earlier", "550", T0.AddDays(-8), None);
        await Sut.TryEnqueueAsync(NewMessage("ann-sent", T0), T0, None);
        await Sut.MarkSentAsync("ann-sent", T0.AddMinutes(5), None);
        await Sut.TryEnqueueAsync(NewMessage("bob", T0) with { Recipient = "bob@example.com" }, T0, None);
        await Sut.MarkFailedAsync("bob", "550", T0.AddMinutes(6), None);
        await Sut.TryEnqueueAsync(NewMessage("card", T0) with { Channel = Channel.Teams, Recipient = "teams" }, T0, None);
        await Sut.MarkFailedAsync("card", "webhook gone", T0.AddMinutes(7), None);
        await Sut.TryEnqueueAsync(NewMessage("notice", T0) with { Recipient = "stakeholders (ja 1/1, 1 bcc)", Bcc = ["ann@example.com"] }, T0, None);
        await Sut.MarkFailedAsync("notice", "quota", T0.AddMinutes(8), None);

        var other = SecondInstance();
        var ann = await other.ListFailedToAsync(["ANN@example.com", Phone], T0, 10, None);

        Assert.Equal(["ann-call", "ann-bounced", "ann-text", "ann-given-up"], ann.Select(m => m.Id));
        Assert.All(ann, m => Assert.Equal(OutboxStatus.Failed, m.Status));
        Assert.Equal(await Sut.GetAsync("ann-bounced", None), ann[1]);
        Assert.Equal(["ann-bounced", "ann-given-up"], (await other.ListFailedToAsync(["ann@example.com"], T0, 10, None)).Select(m => m.Id));
        Assert.Equal(["ann-call", "ann-text"], (await other.ListFailedToAsync([Phone], T0, 10, None)).Select(m => m.Id));
        Assert.Equal(["ann-call", "ann-bounced"], (await other.ListFailedToAsync(["ann@example.com", Phone], T0.AddMinutes(3), 10, None)).Select(m => m.Id));
        Assert.Equal(["ann-call", "ann-bounced"], (await other.ListFailedToAsync(["ann@example.com", Phone], T0, 2, None)).Select(m => m.Id));
        Assert.Equal("ann-earlier", (await other.ListFailedToAsync(["ann@example.com"], T0.AddDays(-30), 10, None))[^1].Id);
        Assert.Equal(["bob"], (await other.ListFailedToAsync(["bob@example.com"], T0, 10, None)).Select(m => m.Id));
        Assert.Empty(await other.ListFailedToAsync(["teams", "stakeholders (ja 1/1, 1 bcc)", "carol@example.com"], T0.AddDays(-30), 10, None));
    }

    /// <summary>
    /// A failure reported again, from another instance, or by another way once failed, is indexed once: listed once, and one
    /// entry each to purge.
    /// </summary>
    [Fact]
    public async Task ListFailedToAsync_FailureRepeated_IndexedOnce()
    {
        var other = SecondInstance();
        await Sut.TryEnqueueAsync(NewMessage("given-up", T0), T0, None);
        Assert.NotNull(await other.GetAsync("given-up", None));
        await Sut.MarkFailedAsync("given-up", "550", T0.AddMinutes(1), None);
        await Sut.MarkFailedAsync("given-up", "550", T0.AddMinutes(2), None);
        await other.MarkFailedAsync("given-up", "550", T0.AddMinutes(3), None); // it read the message while it was pending
        await Sut.SettleConfirmationAsync("given-up", "Bounced", T0.AddMinutes(4), None);
        await Sut.TryEnqueueAsync(NewMessage("bounced", T0), T0, None);
        await Sut.MarkAcceptedAsync("bounced", T0.AddSeconds(5), "op-1", T0.AddMinutes(1), None);
        await Sut.SettleConfirmationAsync("bounced", "not delivered to ann@example.com (Bounced)", T0.AddMinutes(5), None);
        await other.SettleConfirmationAsync("bounced", "not delivered to ann@example.com (Bounced)", T0.AddMinutes(6), None);
        await Sut.SettleConfirmationAsync("bounced", "ACS email operation op-1 Failed", T0.AddMinutes(7), None);

        Assert.Equal(["bounced", "given-up"], (await Sut.ListFailedToAsync(["ann@example.com"], T0, 10, None)).Select(m => m.Id));
        Assert.Equal(2, await Sut.PurgeFailedToAsync(T0.AddDays(1), 100, None));
    }

    /// <summary>Many newer failures to other people (an outage of a channel) neither hide nor crowd out one's own older one.</summary>
    [Fact]
    public async Task ListFailedToAsync_SixtyNewerFailuresToOthers_StillListsTheOlderOwnOne()
    {
        await Sut.TryEnqueueAsync(NewMessage("ann", T0), T0, None);
        await Sut.MarkFailedAsync("ann", "550", T0, None);
        var others = Enumerable.Range(0, 60).Select(i => NewMessage($"bob-{i:00}", T0) with { Recipient = "bob@example.com" }).ToList();
        await Sut.TryEnqueueManyAsync(others, T0, None);
        foreach (var (message, i) in others.Select((m, i) => (m, i)))
        {
            await Sut.MarkFailedAsync(message.Id, "503", T0.AddMinutes(1 + i), None);
        }

        Assert.Equal(["ann"], (await SecondInstance().ListFailedToAsync(["ann@example.com"], T0.AddDays(-30), 50, None)).Select(m => m.Id));
        Assert.Equal(50, (await SecondInstance().ListFailedToAsync(["bob@example.com"], T0.AddDays(-30), 50, None)).Count);
    }

    /// <summary>
    /// Recipients a key cannot hold as they are (characters keys forbid, the separator, a long address) and ids too long
    /// escaped: each still listed by its own recipient alone.
    /// </summary>
    [Fact]
    public async Task ListFailedToAsync_RecipientsAndIdsAKeyCannotHoldAsTheyAre_ListedByTheirOwnRecipient()
    {
        var longer = new string('x', 300);
        var cases = new (string Id, string Recipient)[]
        {
            ("odd", "o/d#d?|%q@example.com"),
            ("long-a", longer + "@a.example"),
            ("long-b", longer + "@b.example"),
            (new string('/', 150) + "slashes", "ann@example.com"),
        };
        foreach (var (id, recipient) in cases)
        {
            await Sut.TryEnqueueAsync(NewMessage(id, T0) with { Recipient = recipient }, T0, None);
            await Sut.MarkFailedAsync(id, "550", T0.AddMinutes(1), None);
        }

        foreach (var (id, recipient) in cases)
        {
            Assert.Equal([id], (await SecondInstance().ListFailedToAsync([recipient.ToUpperInvariant()], T0, 10, None)).Select(m => m.Id));
        }

        Assert.Empty(await Sut.ListFailedToAsync(["o/d#d?"], T0, 10, None));
    }

    /// <summary>
    /// Entries of failures before the cutoff are purged, more than a transaction holds, batch by batch; the messages stay
    /// failed, and later failures stay listed.
    /// </summary>
    [Fact]
    public async Task PurgeFailedToAsync_FailuresBeforeTheCutoff_ForgottenInBatches_MessagesStayFailed()
    {
        var old = Enumerable.Range(0, 105).Select(i => NewMessage($"old{i:000}", T0)).ToList();
        await Sut.TryEnqueueManyAsync(old.Take(50).ToList(), T0, None);
        await Sut.TryEnqueueManyAsync(old.Skip(50).ToList(), T0, None);
        foreach (var message in old)
        {
            await Sut.MarkFailedAsync(message.Id, "550", T0.AddDays(-40), None);
        }

        await Sut.TryEnqueueAsync(NewMessage("recent", T0), T0, None);
        await Sut.MarkFailedAsync("recent", "550", T0.AddDays(-36), None);

        Assert.Equal(100, await Sut.PurgeFailedToAsync(T0.AddDays(-37), 100, None));
        Assert.Equal(5, await SecondInstance().PurgeFailedToAsync(T0.AddDays(-37), 100, None));
        Assert.Equal(0, await Sut.PurgeFailedToAsync(T0.AddDays(-37), 100, None));

        Assert.Equal(["recent"], (await Sut.ListFailedToAsync(["ann@example.com"], T0.AddDays(-60), 200, None)).Select(m => m.Id));
        Assert.Equal(106, (await Sut.ListAsync(OutboxStatus.Failed, 1000, None)).Count);
    }

    /// <summary>
    /// Ids up to the longest a message may have, plain or full of characters a key escapes to three: each is queued, read,
    /// leased, given up and listed failed (rows under every prefix, the longest included).
    /// </summary>
    [Fact]
    public async Task Ids_UpToTheLongest_KeyUnsafeToo_GoThroughEveryRow()
    {
        string[] ids =
        [
            new string('x', 500),
            new string('x', 508),
            new string('x', OutboxMessage.MaxIdLength),
            "topic:email:" + new string('/', 200) + "@example.com",
            "topic:email:" + string.Concat(Enumerable.Repeat("a|b%c#", 80)),
        ];
        foreach (var id in ids)
        {
            Assert.True(await Sut.TryEnqueueAsync(NewMessage(id, T0), T0, None), $"{id.Length} characters");
            Assert.Equal(id, (await Sut.GetAsync(id, None))?.Id);
            Assert.NotNull(await Sut.TryLeaseAsync(id, T0, T0.AddMinutes(5), None));
            await Sut.MarkFailedAsync(id, "550 no such user", T0.AddMinutes(1), None);
            Assert.Equal(OutboxStatus.Failed, (await Sut.GetAsync(id, None))?.Status);
        }

        Assert.Equal(ids.Order(StringComparer.Ordinal), (await Sut.ListAsync(OutboxStatus.Failed, 100, None)).Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.Equal(ids.Length, (await Sut.ListFailedToAsync(["ann@example.com"], T0, 100, None)).Count);
    }

    protected static OutboxMessage NewMessage(string id, DateTimeOffset nextAttemptAt) => new()
    {
        Id = id,
        Channel = Channel.Email,
        Recipient = "ann@example.com",
        Subject = "Duty",
        TextBody = "You are on duty.",
        CreatedAt = T0,
        NextAttemptAt = nextAttemptAt,
    };
}
