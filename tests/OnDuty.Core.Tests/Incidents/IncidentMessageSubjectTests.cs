using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>Pages checked against their incident right before each attempt, and their deliveries on its timeline.</summary>
public sealed class IncidentMessageSubjectTests
{
    private static NewIncident Details() => new() { Title = "Checkout down", Severity = AlertSeverity.Sev1 };

    [Fact]
    public async Task Page_RetryingWhenTheIncidentIsAcknowledged_IsCancelledAndNeverReachesAnyoneAgain()
    {
        var h = await CreateAsync();
        var duty = await h.DutyEmailsAsync();
        // Email is down: both duty pages fail and wait for their retry.
        h.Email.Script(new SendResult.Transient("421 try later"), new SendResult.Transient("421 try later"));
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        var id = created.Value.Id;
        Assert.Empty(h.Email.Sent);

        var acker = created.Value.Assignees[0];
        await h.Service.AcknowledgeAsync(id, acker.Id, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(30));
        await h.DrainQueueAsync();
        await h.Dispatcher.RetryDueAsync(default);

        var pages = h.Outbox.All.Where(m => m.Topic == $"incident:{id}:page" && m.Channel == Channel.Email).ToList();
        Assert.Equal(duty.Count, pages.Count);
        Assert.All(pages, m => Assert.Equal(OutboxStatus.Cancelled, m.Status));
        Assert.All(pages, m => Assert.Contains("acknowledged", m.LastError));
        Assert.DoesNotContain(h.Email.Sent, s => s.Id.StartsWith($"incident:{id}:page", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Escalation_QueuedBeforeTheIncidentIsResolved_IsCancelled()
    {
        var h = await CreateAsync();
        h.Queue.Consumer = null; // queue consumers are slow today: nothing is sent until the test drains the queue
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        var id = created.Value.Id;
        h.Time.Advance(h.Options.AckTimeouts.For(AlertSeverity.Sev1) * 2 + TimeSpan.FromSeconds(1));
        await h.Pager.NotifyDueAsync(id, default);

        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "fixed", null, "api", null, null, default);
        await h.DrainQueueAsync();

        var escalations = h.Outbox.All.Where(m => m.Topic.StartsWith($"incident:{id}:escalation:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(escalations);
        Assert.All(escalations, m => Assert.Equal(OutboxStatus.Cancelled, m.Status));
        Assert.All(escalations, m => Assert.Contains("resolved", m.LastError));
        // Only the pair's "resolved, nothing is needed" went (trial 48): no page or escalation about it.
        Assert.All(h.Email.Sent.Where(s => s.Id.StartsWith($"incident:{id}:", StringComparison.Ordinal)), s => Assert.StartsWith($"incident:{id}:resolved:0:email:", s.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Page_EmailGivenUpButTeamsDelivered_TimelineSaysWhichChannelReachedWhom()
    {
        var h = await CreateAsync();
        h.Email.Script(new SendResult.Permanent("550 mailbox unavailable"), new SendResult.Permanent("550 mailbox unavailable"));
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        var id = created.Value.Id;

        var timeline = await h.TimelineAsync(id);

        Assert.Contains(timeline, e => e.Kind == TimelineKind.Delivered && e.Recipients.SequenceEqual(["teams"]) && e.Step == 0);
        var failed = timeline.Where(e => e.Kind == TimelineKind.DeliveryFailed).ToList();
        Assert.Equal(created.Value.Assignees.Select(a => a.Email).Order(), failed.SelectMany(e => e.Recipients).Order());
        Assert.All(failed, e => Assert.Contains("550", e.Message));
        Assert.Single(h.Teams.Cards);
    }

    /// <summary>
    /// A delivery is a timeline fact, not a change of the incident: the record keeps its version, so a PM who opened the
    /// incident before the pages went out saves an edit at that version without a conflict.
    /// </summary>
    [Fact]
    public async Task Page_Delivered_OnTheTimelineWithTheRecordUnchanged()
    {
        var h = await CreateAsync();
        h.Queue.Consumer = null; // nothing is sent until the test drains the queue
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        var id = created.Value.Id;
        var before = await h.Incidents.GetAsync(id, default);

        await h.DrainQueueAsync();

        var timeline = await h.TimelineAsync(id);
        Assert.Equal(created.Value.Assignees.Select(a => a.Email).Order(), timeline.Where(e => e.Kind == TimelineKind.Delivered && e.Recipients[0].Contains('@')).SelectMany(e => e.Recipients).Order());
        var after = await h.Incidents.GetAsync(id, default);
        Assert.Equal(before!.ETag, after!.ETag);
        Assert.Equal(before.Value.Revision, after.Value.Revision);
        var edited = await h.Service.PostUpdateAsync(id, null, "looking into it", new IncidentEdit { Title = "Checkout down for every shopper" }, "Liam", before.ETag, null, default);
        Assert.Equal("Checkout down for every shopper", edited.Value.Title);
    }

    /// <summary>
    /// A page step sent as the send queue's trigger sends it (one queue message naming its emails and card): the deliveries are
    /// recorded together, and the timeline still has one entry per recipient and channel, as when each is sent alone.
    /// </summary>
    [Fact]
    public async Task PageStep_SentAsOneQueueMessage_TimelineHasAnEntryPerRecipientAndChannel()
    {
        var h = await CreateAsync();
        h.Queue.Consumer = null;
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        var id = created.Value.Id;
        var step = Assert.Single(h.Queue.QueueMessages);
        Assert.Equal(created.Value.Assignees.Count + 1, step.Count); // the duty pair's emails and the channel's card

        await h.Dispatcher.SendQueuedAsync(OutboxSignal.Format(step), default);

        var delivered = (await h.TimelineAsync(id)).Where(e => e.Kind == TimelineKind.Delivered).ToList();
        Assert.Equal([.. created.Value.Assignees.Select(a => a.Email).Append("teams").Order(StringComparer.Ordinal)], delivered.SelectMany(e => e.Recipients).Order(StringComparer.Ordinal));
        Assert.All(delivered, e => Assert.Equal((0, 1), (e.Step, e.Recipients.Count)));
        Assert.All(h.Outbox.All.Where(m => m.Topic == $"incident:{id}:page"), m => Assert.Equal(OutboxStatus.Sent, m.Status));
    }

    /// <summary>
    /// A page step's messages are checked side by side: checks that start while a read of the incident is in flight share it
    /// (one read for the step, not one per recipient), and a check after that read has completed reads again, so it sees an
    /// acknowledgement made meanwhile.
    /// </summary>
    [Fact]
    public async Task Checks_StartedWhileAReadIsInFlight_ShareIt_ALaterCheckReadsAgainAndSeesTheAcknowledgement()
    {
        var h = await CreateAsync();
        h.Queue.Consumer = null; // nothing is sent: the test makes the checks itself
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        var id = created.Value.Id;
        var pages = h.Outbox.All.Where(m => m.Topic == $"incident:{id}:page").ToList();
        Assert.True(pages.Count >= 3); // each duty member's email and the Teams card
        var subject = new IncidentMessageSubject(h.Incidents, h.Time);
        var hold = new TaskCompletionSource();
        h.Incidents.HoldRecordReads = hold.Task;
        var before = h.Incidents.RecordReads;

        var checks = pages.Select(p => subject.NoLongerAppliesAsync(p, default)).ToList();
        hold.SetResult();

        Assert.All(await Task.WhenAll(checks), Assert.Null);
        Assert.Equal(before + 1, h.Incidents.RecordReads);
        h.Incidents.HoldRecordReads = null;
        await h.Service.AcknowledgeAsync(id, created.Value.Assignees[0].Id, null, default);
        var afterAck = h.Incidents.RecordReads;
        Assert.Equal($"incident {id} was acknowledged", await subject.NoLongerAppliesAsync(pages[0], default));
        Assert.Equal(afterAck + 1, h.Incidents.RecordReads);
    }

    [Theory]
    [InlineData("incident:INC-20261201-001:help:2", "help", 2, 0)]
    [InlineData("incident:INC-20261201-001:help:1:r1", "help", 1, 1)]
    [InlineData("incident:INC-20261201-001:escalation:3:r2", "escalation", 3, 2)]
    [InlineData("incident:INC-20261201-001:page", "page", 0, 0)]
    public void TryParseTopic_EveryIncidentNoticeKind_ReadsBackWhatTopicWrote(string topic, string kind, int step, int round)
    {
        Assert.True(IncidentNotice.TryParseTopic(topic, out var id, out var notice));

        Assert.Equal("INC-20261201-001", id);
        Assert.Equal((kind, step, round), (notice.Kind, notice.Step, notice.Round));
        Assert.Equal(topic, notice.Topic(id));
    }

    [Fact]
    public async Task Help_QueuedBeforeTheIncidentIsResolved_IsCancelled_ButAnAcknowledgementDoesNotStopIt()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        var id = created.Value.Id;
        await h.Service.AcknowledgeAsync(id, created.Value.Assignees[0].Id, null, default);
        h.Queue.Consumer = null; // nothing is sent until the test drains the queue
        await h.Service.CallForHelpAsync(id, "Liam", "need a DB person", null, default);
        await h.DrainQueueAsync();
        Assert.Contains(h.Email.Sent, s => s.Id.StartsWith($"incident:{id}:help:1:", StringComparison.Ordinal));

        await h.Service.CallForHelpAsync(id, "Liam", "still need one", null, default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "fixed", null, "api", null, null, default);
        await h.DrainQueueAsync();

        var second = h.Outbox.All.Where(m => m.Topic == $"incident:{id}:help:2").ToList();
        Assert.NotEmpty(second);
        Assert.All(second, m => Assert.Equal(OutboxStatus.Cancelled, m.Status));
        Assert.All(second, m => Assert.Contains("resolved", m.LastError));
        Assert.DoesNotContain(h.Email.Sent, s => s.Id.StartsWith($"incident:{id}:help:2:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StepToldTogether_SentWhileAnyListedIncidentWaits_CancelledOnceAllAreAcknowledgedOrResolved()
    {
        var h = await CreateAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await h.Service.CreateAsync(Details(), "api", null, default)).Incident.Value.Id);
        }

        var subject = new IncidentMessageSubject(h.Incidents, h.Time);
        var together = new OutboxMessage
        {
            Id = "escalations:2:0123456789abcdef01234567:email:lead@example.com",
            Channel = Channel.Email,
            Recipient = "lead@example.com",
            Topic = "escalations:2:0123456789abcdef01234567",
            Priority = OutboxPriority.Page,
            About = ids,
        };

        Assert.Null(await subject.NoLongerAppliesAsync(together, default));
        await h.Service.AcknowledgeAsync(ids[0], "sato", null, default);
        await h.Service.PostUpdateAsync(ids[1], IncidentStatus.Resolved, "fixed", null, "api", null, null, default);
        Assert.Null(await subject.NoLongerAppliesAsync(together, default)); // the third still waits

        await h.Service.AcknowledgeAsync(ids[2], "sato", null, default);
        Assert.Equal("all 3 incidents it lists were acknowledged or resolved", await subject.NoLongerAppliesAsync(together, default));
        Assert.Null(await subject.NoLongerAppliesAsync(together with { About = [.. ids, "INC-2026-9999"] }, default)); // one not found: sent

        await subject.SettledAsync(together, "550 mailbox unavailable", default);
        foreach (var id in ids)
        {
            var failed = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.DeliveryFailed);
            Assert.Equal((2, "lead@example.com"), (failed.Step, Assert.Single(failed.Recipients)));
        }
    }
}
