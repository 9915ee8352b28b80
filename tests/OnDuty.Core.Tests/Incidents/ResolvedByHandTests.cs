using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Trial 48: one of the pair acknowledged an incident and later resolved it by hand; the partner had heard 対応開始 and then
/// nothing. Now everyone else its pages reached is told who resolved it, when, what they wrote, and that nothing is asked of them.
/// </summary>
public sealed class ResolvedByHandTests
{
    private const string Said = "設定を戻して復旧しました。原因は設定変更の誤りです。";

    private static AlertNotification Firing() => Notification("g1", Alert("err", severity: AlertSeverity.Sev2));

    /// <summary>The mails saying it was resolved (the channel's card: <see cref="ResolvedCards"/>).</summary>
    private static List<OutboxMessage> Resolved(IncidentHarness h, string id) =>
        [.. h.Outbox.All.Where(m => m.Channel != Channel.Teams && m.Topic.StartsWith($"incident:{id}:resolved:", StringComparison.Ordinal)).OrderBy(m => m.Id, StringComparer.Ordinal)];

    private static List<OutboxMessage> ResolvedCards(IncidentHarness h, string id) =>
        [.. h.Outbox.All.Where(m => m.Channel == Channel.Teams && m.Topic.StartsWith($"incident:{id}:resolved:", StringComparison.Ordinal))];

    private static bool Ja(AssignedMember m) => m.Language == OnDuty.Core.Team.Language.Ja;

    /// <summary>How a notice names <paramref name="who"/> to <paramref name="reader"/>: 「田中さん」 to a Japanese reader, else the display name.</summary>
    private static string Called(AssignedMember who, AssignedMember reader) =>
        Ja(reader) ? (Ja(who) ? who.DisplayName.Split(' ')[0] : who.DisplayName) + "さん" : who.DisplayName;

    [Fact]
    public async Task AcknowledgerResolves_PartnerToldWhoWhenWhatAndThatNothingIsNeeded()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Firing(), default)).IncidentId!;
        var pair = (await h.IncidentAsync(id)).Assignees;
        var (taker, partner) = (pair[0], pair[1]);
        await h.Service.AcknowledgeAsync(id, taker.Id, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(20));

        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, Said, null, taker.Id, null, null, default);

        // The partner: not the one who resolved it.
        Assert.Equal([$"incident:{id}:resolved:0:email:{partner.Email}"], Resolved(h, id).Select(m => m.Id));
        await h.DrainQueueAsync();
        var mail = Assert.Single(h.Email.Sent, s => s.Id.StartsWith($"incident:{id}:resolved:", StringComparison.Ordinal)).Message;
        Assert.Equal(partner.Email, mail.To);
        if (Ja(partner))
        {
            Assert.Equal($"【SEV2 復旧済み】{id} Group g1", mail.Subject);
            Assert.Contains($"{Called(taker, partner)}が 2026年12月1日(火) 10:20（JST）に「復旧済み」にしました。あなたの対応は不要です。\n", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains($"復旧の報告：{Said}\n", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains("復旧：2026年12月1日(火) 10:20（JST）\n", mail.TextBody, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal($"[SEV2 resolved] {id}: Group g1", mail.Subject);
            Assert.Contains($"{taker.DisplayName} resolved it at Tue 1 Dec 2026 10:20 (JST). Nothing more is needed from you.\n", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains($"What they wrote: {Said}\n", mail.TextBody, StringComparison.Ordinal);
        }

        // No audience for SEV2 here: the mail does not claim the stakeholders were sent anything.
        Assert.DoesNotContain("関係者には", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("stakeholders", mail.TextBody, StringComparison.Ordinal);
    }

    /// <summary>Stakeholders were told it started: the partner reads that the resolving update went to them as the recovery notice.</summary>
    [Fact]
    public async Task AcknowledgerResolves_StakeholdersTold_PartnerReadsTheyWereSentIt()
    {
        var h = await CreateAsync(comms: c =>
        {
            c.Audiences["execs"] = new OnDuty.Core.Comms.AudienceOptions { Members = ["ceo@example.com"], Language = "ja" };
            c.BySeverity.Sev2 = ["execs"];
        });
        var id = (await h.Intake.IntakeAsync(Firing(), default)).IncidentId!;
        var pair = (await h.IncidentAsync(id)).Assignees;
        await h.Service.AcknowledgeAsync(id, pair[0].Id, null, default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Investigating, "調査中です。", null, pair[0].Id, null, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(20));

        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, Said, null, pair[0].Id, null, null, default);

        var mail = Assert.Single(Resolved(h, id));
        Assert.Contains(Ja(pair[1]) ? "あなたの対応は不要です。関係者には、この更新が復旧のお知らせとして送られています。" : "Nothing more is needed from you. The stakeholders were sent that update as the recovery notice.",
            mail.TextBody, StringComparison.Ordinal);
    }

    /// <summary>Reopened by monitoring and resolved by hand again: told again, under the second close's ids; a repeat sends nothing twice.</summary>
    [Fact]
    public async Task ResolvedReopenedResolvedAgain_ToldOncePerClose()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Firing(), default)).IncidentId!;
        var pair = (await h.IncidentAsync(id)).Assignees;
        await h.Service.AcknowledgeAsync(id, pair[0].Id, null, default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, Said, null, pair[0].Id, null, "close-1", default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, Said, null, pair[0].Id, null, "close-1", default);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(AlertIntakeOutcome.Reopened, (await h.Intake.IntakeAsync(Firing(), default)).Outcome);
        await h.Service.AcknowledgeAsync(id, pair[1].Id, null, default);

        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, Said, null, pair[1].Id, null, null, default);

        Assert.Equal([$"incident:{id}:resolved:0:email:{pair[1].Email}", $"incident:{id}:resolved:1:email:{pair[0].Email}"], Resolved(h, id).Select(m => m.Id));
    }

    /// <summary>A script resolved it through the API without a name: both of the pair are told, and nobody is called 「apiさん」.</summary>
    [Fact]
    public async Task ResolvedThroughTheApiWithoutAName_BothToldWithoutAName()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Firing(), default)).IncidentId!;
        var pair = (await h.IncidentAsync(id)).Assignees;
        h.Time.Advance(TimeSpan.FromMinutes(20));

        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, Said, null, "api", null, null, default);

        var mails = Resolved(h, id);
        Assert.Equal([.. pair.Select(a => a.Email.ToLowerInvariant()).Order(StringComparer.Ordinal)], mails.Select(m => m.Recipient.ToLowerInvariant()).Order(StringComparer.Ordinal));
        Assert.All(mails, m => Assert.Contains(
            m.Subject.StartsWith('【') ? "2026年12月1日(火) 10:20（JST）に API（名前の指定なし）から「復旧済み」にされました。あなたの対応は不要です。\n"
                : "It was resolved at Tue 1 Dec 2026 10:20 (JST) through the API (no name given). Nothing more is needed from you.\n",
            m.TextBody, StringComparison.Ordinal));
    }

    /// <summary>The partner resolves one that came back before the mail went: "nothing is needed" is dropped, not sent.</summary>
    [Fact]
    public async Task ReopenedBeforeTheMailWent_NotSent()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Firing(), default)).IncidentId!;
        var pair = (await h.IncidentAsync(id)).Assignees;
        await h.Service.AcknowledgeAsync(id, pair[0].Id, null, default);
        h.Queue.Consumer = null; // nothing is sent until the test drains the queue
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, Said, null, pair[0].Id, null, null, default);
        Assert.Single(Resolved(h, id));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(AlertIntakeOutcome.Reopened, (await h.Intake.IntakeAsync(Firing(), default)).Outcome);

        await h.DrainQueueAsync();

        Assert.DoesNotContain(h.Email.Sent, s => s.Id.StartsWith($"incident:{id}:resolved:", StringComparison.Ordinal));
        var dropped = Assert.Single(Resolved(h, id));
        Assert.Equal((OutboxStatus.Cancelled, $"incident {id} reopened"), (dropped.Status, dropped.LastError));
    }
    /// <summary>
    /// Resolved through the API while the pages still waited in the send queue: nobody heard of it, so nobody is told it is over,
    /// and the pages are dropped unsent.
    /// </summary>
    [Fact]
    public async Task ResolvedBeforeAnyPageWent_NobodyTold_PagesDropped()
    {
        var h = await CreateAsync();
        h.Queue.Consumer = null; // the send queue falls behind: nothing is sent until the test drains it
        var id = (await h.Intake.IntakeAsync(Firing(), default)).IncidentId!;
        var pair = (await h.IncidentAsync(id)).Assignees;
        h.Time.Advance(TimeSpan.FromMinutes(2));

        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, Said, null, "api", null, null, default);

        Assert.Empty(Resolved(h, id));
        await h.DrainQueueAsync();
        Assert.DoesNotContain(h.Email.Sent, s => pair.Any(a => Member.SameAddress(a.Email, s.Message.To)));
        var pages = h.Outbox.All.Where(m => m.Id.StartsWith($"incident:{id}:page", StringComparison.Ordinal) && m.Channel == Channel.Email).ToList();
        Assert.NotEmpty(pages);
        Assert.All(pages, m => Assert.Equal(OutboxStatus.Cancelled, m.Status));
    }

    /// <summary>
    /// The partner's mailbox refused the page for now (it waits to be retried) and the other of the pair, whose page arrived,
    /// resolved it by hand: the partner never heard of it, so is not told it is over.
    /// </summary>
    [Fact]
    public async Task PartnersPageNotYetDelivered_PartnerNotTold()
    {
        var h = await CreateAsync();
        var duty = await h.DutyEmailsAsync();
        h.Email.FullMailbox = duty[1];
        var id = (await h.Intake.IntakeAsync(Firing(), default)).IncidentId!;
        await h.DrainQueueAsync();
        var pair = (await h.IncidentAsync(id)).Assignees;
        var (resolver, partner) = Member.SameAddress(pair[0].Email, duty[1]) ? (pair[1], pair[0]) : (pair[0], pair[1]);
        Assert.Contains(h.Email.Sent, s => s.Message.To == resolver.Email);
        Assert.DoesNotContain(h.Email.Sent, s => s.Message.To == partner.Email);
        h.Time.Advance(TimeSpan.FromMinutes(3));

        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, Said, null, resolver.Id, null, null, default);

        Assert.Empty(Resolved(h, id));
    }

    /// <summary>The partner's page arrived too: the same resolve tells them (the filter above drops only those never reached).</summary>
    [Fact]
    public async Task PartnersPageDelivered_PartnerTold()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Firing(), default)).IncidentId!;
        await h.DrainQueueAsync();
        var pair = (await h.IncidentAsync(id)).Assignees;
        h.Time.Advance(TimeSpan.FromMinutes(3));

        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, Said, null, pair[0].Id, null, null, default);

        Assert.Equal([$"incident:{id}:resolved:0:email:{pair[1].Email}"], Resolved(h, id).Select(m => m.Id));
    }

    /// <summary>
    /// Escalation reached the lead's step, but that page still waited in the queue when one of the pair resolved it: the partner,
    /// whom a page reached, is told; the lead, whom none did, is not, and the lead's page is dropped unsent.
    /// </summary>
    [Fact]
    public async Task LeadsPageStillQueuedAtTheResolve_PartnerTold_LeadNot()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Firing(), default)).IncidentId!;
        await h.DrainQueueAsync();
        for (var n = 0; n < 12 && (await h.IncidentAsync(id)).NotifiedStep < 1; n++)
        {
            h.Time.Advance(TimeSpan.FromMinutes(5));
            await h.Pager.EscalateOpenIncidentsAsync(default);
            await h.DrainQueueAsync();
        }

        h.Queue.Consumer = null; // the send queue falls behind from here
        for (var n = 0; n < 12 && (await h.IncidentAsync(id)).NotifiedStep < 2; n++)
        {
            h.Time.Advance(TimeSpan.FromMinutes(5));
            await h.Pager.EscalateOpenIncidentsAsync(default);
        }

        Assert.Equal(2, (await h.IncidentAsync(id)).NotifiedStep);
        Assert.Contains(h.Outbox.All, m => m.Recipient == "lead@example.com" && m.Status == OutboxStatus.Pending);
        var pair = (await h.IncidentAsync(id)).Assignees;

        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, Said, null, pair[0].Id, null, null, default);

        Assert.Equal([$"incident:{id}:resolved:0:email:{pair[1].Email}"], Resolved(h, id).Select(m => m.Id));
        await h.DrainQueueAsync();
        Assert.DoesNotContain(h.Email.Sent, s => s.Message.To == "lead@example.com");
        Assert.All(h.Outbox.All.Where(m => m.Recipient == "lead@example.com"), m => Assert.Equal(OutboxStatus.Cancelled, m.Status));
    }
    /// <summary>
    /// Trial 58: the channel showed the page and 【SEV2 対応開始】 (「状態 調査中」), and no audience was told (none for SEV2 here), so no
    /// stakeholder notice went to the channel either: the last card there said 調査中 for good. It gets the resolved card — who
    /// resolved it, when, that nothing is needed, what they wrote — once, however often the resolve is repeated.
    /// </summary>
    [Fact]
    public async Task NoAudienceTold_ChannelHadThePage_ChannelGetsTheResolvedCardOnce()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Firing(), default)).IncidentId!;
        await h.DrainQueueAsync();
        var pair = (await h.IncidentAsync(id)).Assignees;
        await h.Service.AcknowledgeAsync(id, pair[0].Id, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(20));

        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, Said, null, pair[0].Id, null, "close", default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, Said, null, pair[0].Id, null, "close", default);
        await h.DrainQueueAsync();

        var card = Assert.Single(ResolvedCards(h, id));
        Assert.Equal($"incident:{id}:resolved:0:teams", card.Id);
        Assert.Equal(OutboxStatus.Sent, card.Status);
        var texts = OnDuty.Testing.CardTexts.Plain(card.CardJson!);
        Assert.Equal($"【SEV2 復旧済み】{id} Group g1", texts[0]);
        var called = Ja(pair[0]) ? pair[0].DisplayName.Split(' ')[0] + "さん" : pair[0].DisplayName; // the channel reads Japanese
        Assert.Contains($"{called}が 2026年12月1日(火) 10:20（JST）に「復旧済み」にしました。あなたの対応は不要です。", texts);
        Assert.Contains(texts, t => t.Contains(Said, StringComparison.Ordinal));
        // Nobody is called to it: a resolved card mentions nobody.
        Assert.Empty(OnDuty.Testing.CardTexts.Markdown(card.CardJson!));
    }

    /// <summary>The stakeholders were told: the channel hears the resolve from their notice (posted there too), not from a second card.</summary>
    [Fact]
    public async Task StakeholdersTold_ChannelGetsTheirNoticeNotASecondCard()
    {
        var h = await CreateAsync(comms: c =>
        {
            c.Audiences["execs"] = new OnDuty.Core.Comms.AudienceOptions { Members = ["ceo@example.com"], Language = "ja" };
            c.BySeverity.Sev2 = ["execs"];
        });
        var id = (await h.Intake.IntakeAsync(Firing(), default)).IncidentId!;
        await h.DrainQueueAsync();
        var pair = (await h.IncidentAsync(id)).Assignees;
        await h.Service.AcknowledgeAsync(id, pair[0].Id, null, default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Investigating, "調査中です。", null, pair[0].Id, null, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(20));

        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, Said, null, pair[0].Id, null, null, default);

        Assert.Empty(ResolvedCards(h, id));
        Assert.Contains(h.Outbox.All, m => m.Channel == Channel.Teams && m.Topic.StartsWith($"incident:{id}:notice:", StringComparison.Ordinal) && m.Subject.Contains("復旧済み", StringComparison.Ordinal));
    }

    /// <summary>
    /// Session 59 (the channel reader's leftovers): the resolve is the first notice the executives get, and storage fails as it is
    /// queued — its rows (<paramref name="markFails"/> false) or the record saying it was queued (true). The request fails, the notice
    /// stays owed, and the update cadence timer queues it later. The channel hears the resolve once — from the notice, not also from a
    /// 【復旧済み】 card of its own posted while no audience had been told —, and the partner is told it was resolved all the same
    /// (before, a failed notice left them untold for good: the timer and a repeat queue only the notice).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task NoticeFailsToQueueOnTheResolve_ChannelHearsItOnce_PartnerStillTold(bool markFails)
    {
        var h = await CreateAsync(comms: c =>
        {
            c.Audiences["execs"] = new OnDuty.Core.Comms.AudienceOptions { Members = ["ceo@example.com"], Language = "ja" };
            c.BySeverity.Sev2 = ["execs"];
        });
        var id = (await h.Intake.IntakeAsync(Firing(), default)).IncidentId!;
        await h.DrainQueueAsync();
        var pair = (await h.IncidentAsync(id)).Assignees;
        await h.Service.AcknowledgeAsync(id, pair[0].Id, null, default);
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromMinutes(20));
        var failed = false;
        var storage = new OnDuty.Core.Common.DependencyUnavailableException("Table Storage", new IOException("connection reset"));
        if (markFails)
        {
            h.Incidents.FailSave = i => !failed && i.Id == id && i.Comms.ToldAudiences.Count > 0 && (failed = true) ? storage : null;
        }
        else
        {
            h.Outbox.BeforeEnqueue = m =>
            {
                if (!failed && m.Topic.StartsWith($"incident:{id}:notice:", StringComparison.Ordinal))
                {
                    failed = true;
                    throw storage;
                }
            };
        }

        await Assert.ThrowsAsync<OnDuty.Core.Common.DependencyUnavailableException>(() =>
            h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, Said, null, pair[0].Id, null, null, default));
        Assert.True(failed);
        h.Outbox.BeforeEnqueue = null;
        h.Incidents.FailSave = null;
        Assert.False((await h.IncidentAsync(id)).IsOpen);
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Nudger.NudgeOpenIncidentsAsync(default);
        await h.DrainQueueAsync();

        // The channel: the page, 対応開始, and one card of the resolve — the executives' notice (第1報, 復旧済み).
        var cards = h.Outbox.All.Where(m => m.Channel == Channel.Teams && m.Topic.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.Empty(ResolvedCards(h, id));
        var notice = Assert.Single(cards, m => m.Topic.StartsWith($"incident:{id}:notice:", StringComparison.Ordinal));
        Assert.Contains("復旧済み", notice.Subject, StringComparison.Ordinal);
        Assert.Equal(OutboxStatus.Sent, notice.Status);
        Assert.Single(h.Email.Sent, s => s.Message.Bcc.Contains("ceo@example.com"));
        // The partner: told who resolved it, once.
        Assert.Equal([$"incident:{id}:resolved:0:email:{pair[1].Email}"], Resolved(h, id).Select(m => m.Id));
        Assert.Single(h.Email.Sent, s => s.Id.StartsWith($"incident:{id}:resolved:", StringComparison.Ordinal) && s.Message.To == pair[1].Email);
    }

    /// <summary>No Teams channel set up: no card.</summary>
    [Fact]
    public async Task NoChannel_NoCard()
    {
        var h = await CreateAsync(teams: false);
        var id = (await h.Intake.IntakeAsync(Firing(), default)).IncidentId!;
        await h.DrainQueueAsync();
        var pair = (await h.IncidentAsync(id)).Assignees;
        await h.Service.AcknowledgeAsync(id, pair[0].Id, null, default);

        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, Said, null, pair[0].Id, null, null, default);

        Assert.Empty(ResolvedCards(h, id));
        Assert.Single(Resolved(h, id));
    }
}
