using Microsoft.Extensions.Logging.Abstractions;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Incidents;
using OnDuty.Messages;

namespace OnDuty.Core.Tests.Notifications;

/// <summary>
/// A page given up (its provider refused it) is sent again once the cause is fixed: same recipient and content under a new id
/// linked to the old one, never a second copy of one pending or sent, on the incident's timeline; a first page to someone no
/// longer on duty goes to them and to the pair on duty now; health stops counting a give-up once its re-send was delivered.
/// </summary>
public sealed class OutboxResenderTests
{
    private const string Refused = "SMTP 550: 5.1.1 mailbox unavailable";

    private static OutboxResender CreateSut(IncidentHarness h) =>
        new(h.Outbox, h.Dispatcher, h.Incidents, h.Time, NullLogger<OutboxResender>.Instance, () => h.Pager);

    /// <summary>An incident whose two first-page emails were both given up (the mail server refused them): (harness, id, the pair's addresses).</summary>
    private static async Task<(IncidentHarness H, string Id, List<string> Pair)> BothPagesGivenUpAsync()
    {
        var h = await IncidentHarness.CreateAsync();
        h.Email.Script(new SendResult.Permanent(Refused), new SendResult.Permanent(Refused));
        var id = (await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev3 }, "api", null, default)).Incident.Value.Id;
        await h.DrainQueueAsync();
        Assert.Empty(h.Email.Sent);
        return (h, id, await h.DutyEmailsAsync());
    }

    [Fact]
    public async Task ResendAsync_GivenUpPage_QueuesTheSameMailUnderANewLinkedId_DeliveredOnce_AndTheTimelineSaysSo()
    {
        var (h, id, pair) = await BothPagesGivenUpAsync();
        var oldId = $"incident:{id}:page:email:{pair[0]}";
        var old = (await h.Outbox.GetAsync(oldId, default))!;
        h.Queue.Consumer = null; // sent when the test drains the queue

        var done = await CreateSut(h).ResendAsync(oldId, "ito", default);

        Assert.Equal($"resend:1:{oldId}", done.Resent.Id);
        Assert.Equal((OutboxStatus.Pending, oldId), (done.Resent.Status, done.Resent.ResendOf));
        Assert.Empty(done.DutyPagedToo);
        Assert.Equal(done.Resent.Id, (await h.Outbox.GetAsync(oldId, default))!.ResentAs);
        Assert.Equal(OutboxStatus.Failed, (await h.Outbox.GetAsync(oldId, default))!.Status);

        await h.DrainQueueAsync();
        var sent = Assert.Single(h.Email.Sent);
        Assert.Equal((done.Resent.Id, pair[0], old.Subject, old.TextBody, old.HtmlBody), (sent.Id, sent.Message.To, sent.Message.Subject, sent.Message.TextBody, sent.Message.HtmlBody));
        Assert.Equal(OutboxStatus.Sent, (await h.Outbox.GetAsync(done.Resent.Id, default))!.Status);

        var timeline = await h.TimelineAsync(id);
        var row = Assert.Single(timeline, e => e.Kind == TimelineKind.Resent);
        Assert.Equal(("ito", $"email page resent to {pair[0]} (last time: {Refused})"), (row.By, row.Message));
        Assert.Equal($"{pair[0]} への呼び出し（メール）を再送しました（前回：{Refused}）", TimelineText.For(row.Kind, row.Message, Language.Ja));
        Assert.Equal($"page (email) re-sent to {pair[0]} (last time: {Refused})", TimelineText.For(row.Kind, row.Message, Language.En));
        // Its delivery is on the timeline as any page's.
        Assert.Contains(timeline, e => e.Kind == TimelineKind.Delivered && e.Recipients.Contains(pair[0]) && e.Step == 0);
    }

    [Fact]
    public async Task ResendAsync_WhilePendingThenSent_Refused409NamingTheState_NothingSentTwice()
    {
        var (h, id, pair) = await BothPagesGivenUpAsync();
        var oldId = $"incident:{id}:page:email:{pair[0]}";
        var sut = CreateSut(h);
        h.Queue.Consumer = null; // the queue message waits: the re-send stays pending
        var first = await sut.ResendAsync(oldId, "ito", default);

        var pending = await Assert.ThrowsAsync<ConflictException>(() => sut.ResendAsync(oldId, "ito", default));
        Assert.Equal("status", pending.Field);
        Assert.StartsWith("pending:", pending.Reason, StringComparison.Ordinal);
        Assert.Contains(first.Resent.Id, pending.Reason, StringComparison.Ordinal);
        // Asking about the re-send itself says the same.
        Assert.StartsWith("pending:", (await Assert.ThrowsAsync<ConflictException>(() => sut.ResendAsync(first.Resent.Id, "ito", default))).Reason, StringComparison.Ordinal);

        await h.DrainQueueAsync();
        var sent = await Assert.ThrowsAsync<ConflictException>(() => sut.ResendAsync(oldId, "ito", default));
        Assert.StartsWith("sent:", sent.Reason, StringComparison.Ordinal);
        Assert.Single(h.Email.Sent);
        Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.Resent);
        await Assert.ThrowsAsync<NotFoundException>(() => sut.ResendAsync("incident:nope:page:email:x@example.com", "ito", default));
    }

    [Fact]
    public async Task ResendAsync_ReSendGivenUpToo_SendsAgainAsTheSecond()
    {
        var (h, id, pair) = await BothPagesGivenUpAsync();
        var oldId = $"incident:{id}:page:email:{pair[0]}";
        var sut = CreateSut(h);
        h.Email.Script(new SendResult.Permanent(Refused));
        var first = await sut.ResendAsync(oldId, "ito", default);
        await h.DrainQueueAsync();
        Assert.Equal(OutboxStatus.Failed, (await h.Outbox.GetAsync(first.Resent.Id, default))!.Status);

        var second = await sut.ResendAsync(oldId, "ito", default);

        Assert.Equal(($"resend:2:{oldId}", first.Resent.Id), (second.Resent.Id, second.Resent.ResendOf));
        await h.DrainQueueAsync();
        Assert.Equal(second.Resent.Id, Assert.Single(h.Email.Sent).Id);
    }

    /// <summary>
    /// One walk of the re-send chain for the re-send itself, the incident page's buttons and 「届かなかった連絡」: the latest re-send,
    /// stopped at the reads allowed, and a sent re-send purged since named as such.
    /// </summary>
    [Fact]
    public async Task LatestAsync_FollowsTheResendsWithinTheReadsAllowed_AndNamesOnePurgedSinceItWasSent()
    {
        var (h, id, pair) = await BothPagesGivenUpAsync();
        var oldId = $"incident:{id}:page:email:{pair[0]}";
        var sut = CreateSut(h);
        h.Email.Script(new SendResult.Permanent(Refused));
        var first = await sut.ResendAsync(oldId, "ito", default);
        await h.DrainQueueAsync();
        var second = await sut.ResendAsync(oldId, "ito", default);
        var old = (await h.Outbox.GetAsync(oldId, default))!;

        Assert.Equal((second.Resent.Id, 2, (string?)null), await ChainAsync(old, int.MaxValue));
        Assert.Equal((first.Resent.Id, 1, (string?)null), await ChainAsync(old, 1));
        Assert.Equal((oldId, 0, (string?)null), await ChainAsync(old, 0));

        await h.DrainQueueAsync(); // the second re-send is delivered, then purged with the sent ones
        h.Time.Advance(TimeSpan.FromDays(1));
        Assert.True(await h.Outbox.PurgeSentAsync(h.Time.GetUtcNow(), 10, default) > 0);
        Assert.Equal((first.Resent.Id, 2, second.Resent.Id), await ChainAsync(old, int.MaxValue));
        var refused = await Assert.ThrowsAsync<ConflictException>(() => sut.ResendAsync(oldId, "ito", default));
        Assert.Contains($"re-sent as '{second.Resent.Id}', which was sent and has since been purged", refused.Reason, StringComparison.Ordinal);

        async Task<(string, int, string?)> ChainAsync(OutboxMessage message, int maxReads) =>
            await sut.LatestAsync(message, maxReads, default) is var c ? (c.Latest.Id, c.Reads, c.Purged) : default;
    }

    [Fact]
    public async Task ResendAsync_PageOfAnAcknowledgedIncident_Refused409_NothingQueued()
    {
        var (h, id, pair) = await BothPagesGivenUpAsync();
        await h.Service.AcknowledgeAsync(id, (await h.IncidentAsync(id)).Assignees[0].Id, null, default);
        var sent = h.Email.Sent.Count;

        var refused = await Assert.ThrowsAsync<ConflictException>(() => CreateSut(h).ResendAsync($"incident:{id}:page:email:{pair[0]}", "ito", default));

        Assert.Equal("incident", refused.Field);
        Assert.Contains("acknowledged", refused.Reason, StringComparison.Ordinal);
        Assert.Null((await h.Outbox.GetAsync($"incident:{id}:page:email:{pair[0]}", default))!.ResentAs);
        await h.DrainQueueAsync();
        Assert.Equal(sent, h.Email.Sent.Count);
    }

    [Fact]
    public async Task ResendAsync_FirstPageOfSomeoneNoLongerOnDuty_GoesToThemAndThePairOnDutyNow_AndSaysSo()
    {
        var (h, id, _) = await BothPagesGivenUpAsync();
        var shift = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Current!;
        await h.RotationStore.TryFreezeShiftAsync("incident-duty", new FrozenShift { ShiftStart = shift.StartDate, Week = shift.Week, Members = shift.MemberIds, Status = FrozenShiftStatus.Announced }, default);
        var sick = shift.MemberIds[0];
        var replacement = new[] { "yamada", "sato", "emma", "tanaka" }.First(m => !shift.MemberIds.Contains(m));
        await h.Rotations.AddOverrideAsync("incident-duty", shift.Week, sick, replacement, "sick", default);

        var done = await CreateSut(h).ResendAsync($"incident:{id}:page:email:{sick}@example.com", "ito", default);
        await h.DrainQueueAsync();

        Assert.Contains(replacement, done.DutyPagedToo.Select(m => m.Id));
        var to = h.Email.Sent.Select(s => s.Message.To).Order(StringComparer.Ordinal).ToList();
        // The person asked for (the re-send is not dropped as off duty), and the replacement; the partner's give-up is not sent twice.
        Assert.Equal(new[] { $"{sick}@example.com", $"{replacement}@example.com" }.Order(StringComparer.Ordinal), to);
        var row = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.Resent);
        Assert.EndsWith($"; no longer on duty, so the pair on duty now was paged too: {string.Join(", ", done.DutyPagedToo.Select(m => m.Id))}", row.Message, StringComparison.Ordinal);
        Assert.Contains("当番から外れているため、今の当番（", TimelineText.For(row.Kind, row.Message, Language.Ja), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResendIncidentAsync_EveryGivenUpMessageOfTheIncident_ReSentOnce()
    {
        var (h, id, pair) = await BothPagesGivenUpAsync();
        var sut = CreateSut(h);

        var done = await sut.ResendIncidentAsync(id, "ito", default);
        await h.DrainQueueAsync();

        Assert.Equal(pair.Select(a => $"resend:1:incident:{id}:page:email:{a}").Order(StringComparer.Ordinal), done.Resent.Select(r => r.Resent.Id).Order(StringComparer.Ordinal));
        Assert.Equal(pair, h.Email.Sent.Select(s => s.Message.To).Order(StringComparer.Ordinal));
        // Again: nothing left to re-send.
        Assert.Empty((await sut.ResendIncidentAsync(id, "ito", default)).Resent);
        await Assert.ThrowsAsync<NotFoundException>(() => sut.ResendIncidentAsync("INC-1999-0001", "ito", default));
    }

    [Fact]
    public async Task OutboxFailuresCheck_GivenUpPageReSentAndDelivered_NoLongerDegraded_WhilePendingStill()
    {
        var (h, id, pair) = await BothPagesGivenUpAsync();
        var check = new OutboxFailuresCheck(h.Outbox);
        var sut = CreateSut(h);
        Assert.StartsWith("2 messages given up", await check.CheckAsync(default), StringComparison.Ordinal);

        h.Queue.Consumer = null;
        await sut.ResendIncidentAsync(id, "ito", default);
        Assert.StartsWith("2 messages given up", await check.CheckAsync(default), StringComparison.Ordinal);

        await h.DrainQueueAsync();
        Assert.Null(await check.CheckAsync(default));
        Assert.Equal(2, (await h.Outbox.ListAsync(OutboxStatus.Failed, 10, default)).Count(m => m.ResentAs is not null));
    }

    [Fact]
    public async Task ResendableAsync_TheGiveUpsOnTheTimeline_UntilReSent()
    {
        var (h, id, pair) = await BothPagesGivenUpAsync();
        var sut = CreateSut(h);

        var rows = await sut.ResendableAsync(await h.Service.GetAsync(id, default), default);
        Assert.Equal(pair.Select(a => $"incident:{id}:page:email:{a}").Order(StringComparer.Ordinal), rows.Select(r => r.MessageId).Order(StringComparer.Ordinal));

        await sut.ResendAsync(rows[0].MessageId, "ito", default);
        await h.DrainQueueAsync();
        Assert.Equal(rows[1].MessageId, Assert.Single(await sut.ResendableAsync(await h.Service.GetAsync(id, default), default)).MessageId);
    }

    /// <summary>
    /// A mail outage (trial 36 M4): the PM team's announcement given up, then, a minute later, an incident's two first pages:
    /// (harness, incident id, the pair's addresses in order, the announcement's id).
    /// </summary>
    private static async Task<(IncidentHarness H, string Id, List<string> Pair, string Announcement)> OutageAsync()
    {
        var h = await IncidentHarness.CreateAsync();
        h.Email.Script(new SendResult.Permanent(Refused), new SendResult.Permanent(Refused), new SendResult.Permanent(Refused));
        const string announcement = "announcement:2026-12-01:pm-team";
        await h.Dispatcher.EnqueueAsync(
            [new OutboxMessage { Id = announcement, Channel = Channel.Email, Recipient = "pm-team@example.com", Subject = "【お知らせ】12月の当番表", TextBody = "当番表を更新しました。", Topic = "announcement:2026-12-01" }],
            default);
        await h.DrainQueueAsync();
        h.MoveTo(h.Time.GetUtcNow().AddMinutes(1));
        var id = (await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev3 }, "api", null, default)).Incident.Value.Id;
        await h.DrainQueueAsync();
        Assert.Empty(h.Email.Sent);
        Assert.Equal(3, (await h.Outbox.ListAsync(OutboxStatus.Failed, 10, default)).Count);
        h.Queue.Consumer = null; // the re-sends are sent when the test drains the queue
        return (h, id, [.. (await h.DutyEmailsAsync()).Order(StringComparer.Ordinal)], announcement);
    }

    [Fact]
    public async Task ResendAllAsync_PagesAndAnAnnouncementGivenUp_EachReSentOnce_PagesFirst_APressAgainQueuesNone()
    {
        var (h, id, pair, announcement) = await OutageAsync();
        var sut = CreateSut(h);

        var first = await sut.ResendAllAsync("ito", null, default);

        // The pages first (though the announcement is older), each under the id its give-up's gives it.
        Assert.Equal(
            [$"resend:1:incident:{id}:page:email:{pair[0]}", $"resend:1:incident:{id}:page:email:{pair[1]}", $"resend:1:{announcement}"],
            first.Resent.Select(r => r.Resent.Id));
        Assert.Empty(first.Skipped);
        Assert.Equal(first.Resent.Select(r => r.Resent.Id), h.Queue.Signals.Select(s => s.Id)); // queued in that order
        Assert.Equal([OutboxPriority.Page, OutboxPriority.Page, OutboxPriority.Normal], h.Queue.Signals.Select(s => s.Priority));

        // Pressed again (the re-sends pending): none queued, none even tried.
        var second = await sut.ResendAllAsync("sato", null, default);
        Assert.Empty(second.Resent);
        Assert.Empty(second.Skipped);

        await h.DrainQueueAsync();
        Assert.Equal(first.Resent.Select(r => r.Resent.Id).Order(StringComparer.Ordinal), h.Email.Sent.Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["pm-team@example.com", .. pair], h.Email.Sent.Select(m => m.Message.To).Order(StringComparer.Ordinal));

        // Delivered now: a third press finds nothing either; the incident's timeline says who re-sent its two pages.
        Assert.Empty((await sut.ResendAllAsync("ito", null, default)).Resent);
        Assert.Equal(3, h.Email.Sent.Count);
        Assert.Equal(["ito", "ito"], (await h.TimelineAsync(id)).Where(e => e.Kind == TimelineKind.Resent).Select(e => e.By));
    }

    [Fact]
    public async Task ResendAllAsync_TwoPmsAtOnce_EachMessageQueuedOnce()
    {
        var (h, _, _, _) = await OutageAsync();
        var ito = CreateSut(h);
        var sato = CreateSut(h);

        var both = await Task.WhenAll(Task.Run(() => ito.ResendAllAsync("ito", null, default)), Task.Run(() => sato.ResendAllAsync("sato", null, default)));

        var queued = both.SelectMany(b => b.Resent).Select(r => r.Resent.Id).ToList();
        Assert.Equal(3, queued.Count);
        Assert.Equal(3, queued.Distinct().Count());
        await h.DrainQueueAsync();
        Assert.Equal(3, h.Email.Sent.Count);
        Assert.Equal(3, h.Email.Sent.Select(m => m.Message.To).Distinct().Count());
    }

    [Fact]
    public async Task ResendAllAsync_AGiveUpAndItsFailedReSend_ReSentOnceAsTheNext_OneChannelOnly_AndAPageOfAnAcknowledgedIncidentSkipped()
    {
        var (h, id, pair, announcement) = await OutageAsync();
        var sut = CreateSut(h);
        h.Email.Script(new SendResult.Permanent(Refused));
        await sut.ResendAsync(announcement, "ito", default);
        await h.DrainQueueAsync();
        Assert.Empty(h.Email.Sent);

        // Teams only: nothing of these.
        Assert.Empty((await sut.ResendAllAsync("ito", Channel.Teams, default)).Resent);

        // The announcement and its failed re-send are both listed: one message, re-sent as the second. The incident was acknowledged
        // meanwhile: its pages no longer apply, said as the single button says it.
        await h.Service.AcknowledgeAsync(id, (await h.IncidentAsync(id)).Assignees[0].Id, null, default);
        var done = await sut.ResendAllAsync("ito", Channel.Email, default);

        Assert.Equal([$"resend:2:{announcement}"], done.Resent.Select(r => r.Resent.Id));
        Assert.Equal(pair.Select(a => $"incident:{id}:page:email:{a}"), done.Skipped.Select(s => s.Id));
        Assert.All(done.Skipped, s => Assert.Contains("its pages no longer apply", s.Reason, StringComparison.Ordinal));
        await h.DrainQueueAsync();
        Assert.Equal($"resend:2:{announcement}", Assert.Single(h.Email.Sent, m => m.Id.StartsWith("resend:", StringComparison.Ordinal)).Id); // beside the acknowledgement's notices
    }

    [Fact]
    public void ToResend_CountsAChainOnce_LeavesThePendingSentAndPurged_PagesFirstThenOldest()
    {
        var at = IncidentHarness.T0;
        OutboxMessage Failed(string id, DateTimeOffset created, OutboxPriority priority = OutboxPriority.Normal, string? resentAs = null) =>
            new() { Id = id, Channel = Channel.Email, Recipient = "x@example.com", Status = OutboxStatus.Failed, CreatedAt = created, Priority = priority, ResentAs = resentAs };
        var old = Failed("a", at);
        var page = Failed("p", at.AddMinutes(5), OutboxPriority.Page);
        var chainHead = Failed("c", at.AddMinutes(1), resentAs: "resend:1:c");
        var chainTail = Failed("resend:1:c", at.AddMinutes(2));
        var pending = Failed("d", at, resentAs: "resend:1:d");
        var purged = Failed("e", at, resentAs: "resend:1:e");

        var picked = OutboxResender.ToResend(
        [
            (page, new ResendChain(page, 0, null)),
            (chainTail, new ResendChain(chainTail, 0, null)),
            (chainHead, new ResendChain(chainTail, 1, null)),
            (pending, new ResendChain(pending with { Id = "resend:1:d", Status = OutboxStatus.Pending, ResentAs = null }, 1, null)),
            (purged, new ResendChain(purged, 1, "resend:1:e")),
            (old, new ResendChain(old, 0, null)),
        ]);

        Assert.Equal(["p", "a", "resend:1:c"], picked.Select(m => m.Id));
        Assert.Empty(OutboxResender.ToResend([(page, new ResendChain(page, 0, null))], Channel.Sms));
    }

    [Fact]
    public void OutboxIds_Resend_RoundTrips_AndKeepsThePhoneMemberReadable()
    {
        Assert.Equal(("incident:INC-1:page:sms:ito", 3), OutboxIds.ResendOf(OutboxIds.Resend("incident:INC-1:page:sms:ito", 3)));
        Assert.Equal(("incident:INC-1:page:sms:ito", 0), OutboxIds.ResendOf("incident:INC-1:page:sms:ito"));
        Assert.Equal("ito", OutboxIds.PhoneMember(OutboxIds.Resend("incident:INC-1:page:sms:ito", 1)));
    }
}
