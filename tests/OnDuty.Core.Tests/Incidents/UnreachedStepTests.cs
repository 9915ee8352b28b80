using Microsoft.Extensions.Logging.Abstractions;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using OnDuty.Messages;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// A step that reached nobody (every person's email given up or bounced, no text or call through) does not wait out the
/// acknowledgement timeout: the next step is due at once, and the next escalation run sends it.
/// </summary>
public sealed class UnreachedStepTests
{
    private static NewIncident Details(AlertSeverity severity = AlertSeverity.Sev2) => new() { Title = "決済画面が開かない", Severity = severity };

    private static EmailDeliveryReports Reports(IncidentHarness h) => h.EmailReports();

    private static async Task<(IncidentHarness H, string Id, List<string> Pair)> DeclaredAsync(AlertSeverity severity = AlertSeverity.Sev2)
    {
        var h = await CreateAsync();
        h.Email.AcceptAs = id => "op:" + id;
        var id = (await h.Service.CreateAsync(Details(severity), "sato", null, default)).Incident.Value.Id;
        await h.DrainQueueAsync();
        return (h, id, await h.DutyEmailsAsync());
    }

    /// <summary>The emails of <paramref name="topic"/> (e.g. <c>incident:X:page</c>), one per address.</summary>
    private static List<OutboxMessage> Emails(IncidentHarness h, string topic) =>
        [.. h.Outbox.All.Where(m => m.Topic == topic && m.Channel == Channel.Email)];

    [Fact]
    public async Task BothPagesBounce_TheNextStepIsDueAtOnce_AndBouncingAgainReachesTheLeads()
    {
        var (h, id, pair) = await DeclaredAsync();
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));

        var firstPages = Emails(h, $"incident:{id}:page");
        Assert.Equal(2, firstPages.Count);
        foreach (var page in firstPages)
        {
            Assert.True(await Reports(h).HeardAsync("op:" + page.Id, page.Recipient, "Bounced", "550 5.1.1 unknown user", h.Time.GetUtcNow(), default));
        }

        var unreached = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.Unreached);
        Assert.Equal((0, "nobody was reached at step 0: step 1 is due now"), (unreached.Step, unreached.Message));
        Assert.Equal("最初の呼び出しが誰にも届かなかったため、エスカレーション1段階目を今すぐ送ります", TimelineText.For(unreached.Kind, unreached.Message, Language.Ja));

        // No time passes: the next run sends step 1 (SEV2 would otherwise wait 15 minutes).
        Assert.Equal(1, await h.Pager.EscalateOpenIncidentsAsync(default));
        await h.DrainQueueAsync();
        var again = Emails(h, $"incident:{id}:escalation:1");
        Assert.Equal(pair, again.Select(m => m.Recipient).Order(StringComparer.Ordinal));

        // The same addresses bounce again: the leads (step 2) are paged at once too.
        foreach (var page in again)
        {
            await Reports(h).HeardAsync("op:" + page.Id, page.Recipient, "Suppressed", null, h.Time.GetUtcNow(), default);
        }

        Assert.Equal("エスカレーション1段階目が誰にも届かなかったため、2段階目を今すぐ送ります",
            TimelineText.For(TimelineKind.Unreached, (await h.TimelineAsync(id)).Last(e => e.Kind == TimelineKind.Unreached).Message, Language.Ja));
        Assert.Equal(1, await h.Pager.EscalateOpenIncidentsAsync(default));
        await h.DrainQueueAsync();
        Assert.Equal(["lead@example.com"], Emails(h, $"incident:{id}:escalation:2").Select(m => m.Recipient));
        Assert.Equal(2, (await h.IncidentAsync(id)).NotifiedStep);

        // From there the clock runs as usual: step 3 a full timeout after step 2 came due.
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
        h.Time.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await h.Pager.EscalateOpenIncidentsAsync(default));
    }

    [Fact]
    public async Task OneBouncesTheOtherIsDelivered_TheStepReachedSomeone_NothingMovesEarly()
    {
        var (h, id, _) = await DeclaredAsync();
        var pages = Emails(h, $"incident:{id}:page");

        await Reports(h).HeardAsync("op:" + pages[0].Id, pages[0].Recipient, "Bounced", "550", h.Time.GetUtcNow(), default);
        await Reports(h).HeardAsync("op:" + pages[1].Id, pages[1].Recipient, "Delivered", null, h.Time.GetUtcNow(), default);

        Assert.DoesNotContain(await h.TimelineAsync(id), e => e.Kind == TimelineKind.Unreached);
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
    }

    [Fact]
    public async Task PagesGivenUpBySmtp_ReachedNobody_TheTeamsCardIsNoPerson()
    {
        var h = await CreateAsync();
        h.Email.Script(new SendResult.Permanent("550 5.1.1 mailbox unavailable"), new SendResult.Permanent("550 5.1.1 mailbox unavailable"));
        var id = (await h.Service.CreateAsync(Details(), "sato", null, default)).Incident.Value.Id;
        await h.DrainQueueAsync();

        var timeline = await h.TimelineAsync(id);
        Assert.Equal(2, timeline.Count(e => e.Kind == TimelineKind.DeliveryFailed && e.Step == 0));
        Assert.Contains(timeline, e => e.Kind == TimelineKind.Delivered && e.Recipients.SequenceEqual(["teams"]));
        Assert.Single(timeline, e => e.Kind == TimelineKind.Unreached && e.Step == 0);
        Assert.Equal(1, await h.Pager.EscalateOpenIncidentsAsync(default));
    }

    [Fact]
    public async Task AcknowledgedBeforeTheBounces_NothingMoves()
    {
        var (h, id, _) = await DeclaredAsync();
        await h.Service.AcknowledgeAsync(id, "sato", null, default);

        foreach (var page in Emails(h, $"incident:{id}:page"))
        {
            await Reports(h).HeardAsync("op:" + page.Id, page.Recipient, "Bounced", "550", h.Time.GetUtcNow(), default);
        }

        Assert.DoesNotContain(await h.TimelineAsync(id), e => e.Kind == TimelineKind.Unreached);
        h.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
    }

    [Fact]
    public async Task ATextReachedAMember_EmailsBouncingDoNotMoveTheStep()
    {
        var h = await CreateAsync();
        h.Email.AcceptAs = id => "op:" + id;
        await h.PhonesForDutyAsync(withPhone: 1);
        var id = (await h.Service.CreateAsync(Details(AlertSeverity.Sev1), "sato", null, default)).Incident.Value.Id;
        await h.DrainQueueAsync();
        Assert.Contains(await h.TimelineAsync(id), e => e.Kind == TimelineKind.Delivered && e.Step == 0 && e.Recipients[0].StartsWith('+'));

        foreach (var page in Emails(h, $"incident:{id}:page"))
        {
            await Reports(h).HeardAsync("op:" + page.Id, page.Recipient, "Bounced", "550", h.Time.GetUtcNow(), default);
        }

        Assert.DoesNotContain(await h.TimelineAsync(id), e => e.Kind == TimelineKind.Unreached);
    }

    /// <summary>The incident reopened and paged again; the first round's bounces arrive late: they are recorded, and move nothing.</summary>
    [Fact]
    public async Task LateBouncesOfAnEarlierRound_MoveNothing()
    {
        var (h, id, _) = await DeclaredAsync();
        var firstRound = Emails(h, $"incident:{id}:page");
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "直った", null, "sato", null, null, default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Investigating, "再発", null, "sato", null, null, default);
        await h.DrainQueueAsync();
        Assert.Equal(2, Emails(h, $"incident:{id}:page:r1").Count);

        foreach (var page in firstRound)
        {
            Assert.True(await Reports(h).HeardAsync("op:" + page.Id, page.Recipient, "Bounced", "550", h.Time.GetUtcNow(), default));
        }

        Assert.DoesNotContain(await h.TimelineAsync(id), e => e.Kind == TimelineKind.Unreached);
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
    }

    /// <summary>
    /// After a reopen both duty members are paged again and ACS takes both emails. A's first-round email then bounces late,
    /// and B's second-round one bounces: A's second-round email was not reported undelivered, so the step reached someone.
    /// </summary>
    [Fact]
    public async Task LateBounceOfAnEarlierRoundThenABounceOfThisRound_TheOtherWasReachedInThisRound_NothingMoves()
    {
        var (h, id, _) = await DeclaredAsync();
        var firstRound = Emails(h, $"incident:{id}:page");
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "直った", null, "sato", null, null, default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Investigating, "再発", null, "sato", null, null, default);
        await h.DrainQueueAsync();
        var secondRound = Emails(h, $"incident:{id}:page:r1");
        Assert.Equal(2, secondRound.Count);

        var a = firstRound[0];
        var b = secondRound.Single(m => !string.Equals(m.Recipient, a.Recipient, StringComparison.OrdinalIgnoreCase));
        Assert.True(await Reports(h).HeardAsync("op:" + a.Id, a.Recipient, "Bounced", "550 late", h.Time.GetUtcNow(), default));
        Assert.True(await Reports(h).HeardAsync("op:" + b.Id, b.Recipient, "Bounced", "550", h.Time.GetUtcNow(), default));

        var timeline = await h.TimelineAsync(id);
        Assert.Equal([0, 1], timeline.Where(e => e.Kind == TimelineKind.DeliveryFailed).Select(e => e.Round));
        Assert.DoesNotContain(timeline, e => e.Kind == TimelineKind.Unreached);
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
    }

    /// <summary>Both emails bounce while both texts are still being retried (ACS answered 429): they may yet get through, so nothing moves.</summary>
    [Fact]
    public async Task TextsStillRetrying_TheStepIsNotDeclaredUnreached()
    {
        var h = await CreateAsync();
        h.Email.AcceptAs = id => "op:" + id;
        await h.PhonesForDutyAsync(withPhone: 2);
        h.Sms.Script(new SendResult.Transient("ACS sms answered 429"), new SendResult.Transient("ACS sms answered 429"));
        var id = (await h.Service.CreateAsync(Details(AlertSeverity.Sev1), "sato", null, default)).Incident.Value.Id;
        await h.DrainQueueAsync();
        Assert.Equal(2, h.Outbox.All.Count(m => m.Topic == $"incident:{id}:page" && m.Channel == Channel.Sms && m.Status == OutboxStatus.Pending));

        var pages = Emails(h, $"incident:{id}:page");
        Assert.Equal(2, pages.Count);
        foreach (var page in pages)
        {
            Assert.True(await Reports(h).HeardAsync("op:" + page.Id, page.Recipient, "Suppressed", null, h.Time.GetUtcNow(), default));
        }

        Assert.DoesNotContain(await h.TimelineAsync(id), e => e.Kind == TimelineKind.Unreached);
    }

    /// <summary>
    /// The leads' step to a lead configured by address who is a roster member with a number: their mail bounces while their text
    /// is still being retried (ACS answered 429). It may yet get through, so the step is not declared unreached — as for a duty
    /// member's text (before, a lead's texts were not looked at: the leads' step moved on at the bounce).
    /// </summary>
    [Fact]
    public async Task ALeadsTextStillRetrying_TheLeadsStepIsNotDeclaredUnreached()
    {
        var h = await CreateAsync();
        h.Email.AcceptAs = id => "op:" + id;
        var duty = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Members.Select(m => m.Id).ToList();
        var lead = new[] { "yamada", "sato", "emma", "tanaka" }.First(m => !duty.Contains(m));
        h.Options.Leads = [$"{lead}@example.com"];
        var member = (await h.Roster.GetMemberAsync(lead, default))!;
        await h.Roster.SaveMemberAsync(member.Value with { Phone = "+819011112222" }, member.ETag, default);
        var id = (await h.Service.CreateAsync(Details(AlertSeverity.Sev1), "sato", null, default)).Incident.Value.Id;
        await h.DrainQueueAsync();

        h.Time.Advance(TimeSpan.FromMinutes(10));
        h.Sms.Script(new SendResult.Transient("ACS sms answered 429"));
        Assert.Equal(1, await h.Pager.EscalateOpenIncidentsAsync(default));
        await h.DrainQueueAsync();
        var text = Assert.Single(h.Outbox.All, m => m.Topic == $"incident:{id}:escalation:2" && m.Channel == Channel.Sms);
        Assert.Equal(($"incident:{id}:escalation:2:sms:{lead}", OutboxStatus.Pending), (text.Id, text.Status));
        Assert.Equal([new PagedMember($"{lead}@example.com", lead, "+819011112222")],
            (await h.TimelineAsync(id)).Single(e => e.Kind == TimelineKind.Escalated && e.Step == 2).Members!);

        var mail = Assert.Single(Emails(h, $"incident:{id}:escalation:2"));
        Assert.True(await Reports(h).HeardAsync("op:" + mail.Id, mail.Recipient, "Bounced", "550 5.1.1 unknown user", h.Time.GetUtcNow(), default));

        Assert.DoesNotContain(await h.TimelineAsync(id), e => e.Kind == TimelineKind.Unreached);
    }

    /// <summary>
    /// Pages were held by a maintenance window that ended. If it ended before the clock last started (a reopen since), the
    /// record keeps when pages were held. If it set the clock (it ended 2 minutes ago), it gives way. Either way the next
    /// step is due now.
    /// </summary>
    [Theory]
    [InlineData(180, 5, true)]
    [InlineData(2, 2, false)]
    public void EscalateUnreached_AfterAHold_TheNextStepIsDueNow_TheHoldKeptUnlessItSetTheClock(int heldEndedMinutesAgo, int clockMinutesAgo, bool kept)
    {
        var now = T0.AddHours(5);
        var heldUntil = now.AddMinutes(-heldEndedMinutesAgo);
        var record = Incident.Open("INC-2026-0007", Details(), [], "sato", T0).ToSnapshot() with
        {
            NotifiedStep = 0, StepQueued = true, PagesHeldUntil = heldUntil, PagesHeldBy = "mw-1", EscalationClockFrom = now.AddMinutes(-clockMinutesAgo),
        };
        var incident = Incident.Restore(record);
        var timeouts = new AckTimeouts();
        Assert.Equal(0, EscalationPolicy.DueStep(incident, now, timeouts));

        Assert.True(incident.EscalateUnreached(0, now, timeouts));

        Assert.Equal(1, EscalationPolicy.DueStep(incident, now, timeouts));
        Assert.Equal(kept ? heldUntil : null, incident.PagesHeldUntil);
    }

    [Fact]
    public void Reached_TheLatestWordPerAddressCounts_AndAStepStillSettlingIsReached()
    {
        var t0 = T0;
        TimelineEntry Sent(int step) => new() { At = t0, Kind = step == 0 ? TimelineKind.Notified : TimelineKind.Escalated, By = "system", Step = step, Recipients = ["a@x.jp", "b@x.jp", "teams"] };
        TimelineEntry Entry(int step, string who, bool ok, int second) => new() { At = t0.AddSeconds(second), Kind = ok ? TimelineKind.Delivered : TimelineKind.DeliveryFailed, By = "system", Step = step, Recipients = [who] };

        // Accepted, then bounced: failed. One still unsettled: reached (not declared early).
        Assert.True(Incident.Reached([Sent(0), Entry(0, "a@x.jp", true, 1), Entry(0, "a@x.jp", false, 2)], 0));
        Assert.False(Incident.Reached([Sent(0), Entry(0, "a@x.jp", true, 1), Entry(0, "a@x.jp", false, 2), Entry(0, "B@x.jp", false, 3), Entry(0, "teams", true, 1)], 0));
        // Another step's deliveries say nothing of this one.
        Assert.True(Incident.Reached([Sent(0), Sent(1), Entry(0, "a@x.jp", false, 2), Entry(0, "b@x.jp", false, 2), Entry(1, "a@x.jp", true, 3)], 1));
        Assert.False(Incident.Reached([Sent(0), Sent(1), Entry(0, "a@x.jp", false, 2), Entry(0, "b@x.jp", false, 2)], 0));
        // A text or call that got through to anyone of the step counts.
        Assert.True(Incident.Reached([Sent(0), Entry(0, "a@x.jp", false, 2), Entry(0, "b@x.jp", false, 2), Entry(0, "+819012345678", true, 3)], 0));
        // No record of the step (or nobody but the channel): nothing to decide.
        Assert.True(Incident.Reached([Entry(0, "a@x.jp", false, 2)], 0));
    }
}
