using Microsoft.Extensions.Logging.Abstractions;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Tests.Fakes;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>A duty member replies to a paging text: <c>1</c> acknowledges what waits for them, and OnDuty answers by text.</summary>
public sealed class SmsRepliesTests
{
    private const string Phone = "+819012340000";

    private static NewIncident Details(string title = "決済画面が開かない") => new() { Title = title, Severity = AlertSeverity.Sev1 };

    private static SmsReplies Replies(IncidentHarness h) =>
        new(h.Rotations, h.Service, h.Dispatcher, h.Sms, TestRenderer.Instance, Microsoft.Extensions.Options.Options.Create(h.Options), NullLogger<SmsReplies>.Instance);

    /// <summary>The first member on duty now, given <see cref="Phone"/>; their id.</summary>
    private static async Task<string> DutyMemberWithPhoneAsync(IncidentHarness h)
    {
        var id = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Members[0].Id;
        var stored = (await h.Roster.GetMemberAsync(id, default))!;
        await h.Roster.SaveMemberAsync(stored.Value with { Phone = Phone }, stored.ETag, default);
        return id;
    }

    private static List<OutboxMessage> Answers(IncidentHarness h) => [.. h.Outbox.All.Where(m => m.Topic.StartsWith("sms-reply:", StringComparison.Ordinal))];

    [Theory]
    [InlineData("1")]
    [InlineData(" １ ")]
    [InlineData("OK")]
    [InlineData("ＯＫ。")]
    [InlineData("了解")]
    [InlineData("ack!")]
    public async Task ReplyOne_FromADutyMember_AcknowledgesEveryIncidentWaitingForThem_AndAnswers(string reply)
    {
        var h = await CreateAsync();
        var member = await DutyMemberWithPhoneAsync(h);
        var first = (await h.Service.CreateAsync(Details(), "api", null, default)).Incident.Value.Id;
        var second = (await h.Service.CreateAsync(Details("検索が遅い"), "api", null, default)).Incident.Value.Id;

        Assert.Equal(SmsReplyOutcome.Acknowledged, await Replies(h).HandleAsync("Incoming_1", Phone.TrimStart('+'), reply, default));

        Assert.All(new[] { first, second }, id => Assert.Equal(member, h.IncidentAsync(id).GetAwaiter().GetResult().AcknowledgedBy));
        Assert.Contains(await h.TimelineAsync(first), e => e.Kind == TimelineKind.Acknowledged && e.By == member && e.Message == TimelineTexts.AcknowledgedByText);
        var answer = Assert.Single(Answers(h));
        Assert.Equal(($"sms-reply:Incoming_1:sms:{member}", Phone), (answer.Id, answer.Recipient));
        Assert.Equal($"OnDuty：2件を対応開始にしました（{first}, {second}）。当番の方にも伝えます。", h.Sms.Sent.Last().Message.Text);
        // The others on duty hear who took them, as from the acknowledge-together page.
        Assert.Contains(h.Outbox.All, m => m.Topic.StartsWith("acks:", StringComparison.Ordinal) && m.Channel == Channel.Email);
    }

    [Fact]
    public async Task Redelivered_TheSameTextAgain_ChangesNothingMoreAndAnswersOnce()
    {
        var h = await CreateAsync();
        await DutyMemberWithPhoneAsync(h);
        await h.Service.CreateAsync(Details(), "api", null, default);
        var replies = Replies(h);

        Assert.Equal(SmsReplyOutcome.Acknowledged, await replies.HandleAsync("Incoming_7", Phone, "1", default));
        Assert.Equal(SmsReplyOutcome.NothingWaiting, await replies.HandleAsync("Incoming_7", Phone, "1", default));

        Assert.Single(Answers(h));
        Assert.StartsWith("OnDuty：1件を対応開始にしました", Assert.Single(h.Sms.Sent, s => s.Id.StartsWith("sms-reply:", StringComparison.Ordinal)).Message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownNumber_NothingAcknowledged_NoAnswer()
    {
        var h = await CreateAsync();
        await DutyMemberWithPhoneAsync(h);
        var id = (await h.Service.CreateAsync(Details(), "api", null, default)).Incident.Value.Id;

        Assert.Equal(SmsReplyOutcome.UnknownNumber, await Replies(h).HandleAsync("Incoming_2", "+14255550100", "1", default));
        Assert.Equal(SmsReplyOutcome.UnknownNumber, await Replies(h).HandleAsync("Incoming_3", "not a number", "1", default));

        Assert.Null((await h.IncidentAsync(id)).AcknowledgedBy);
        Assert.Empty(Answers(h));
    }

    [Fact]
    public async Task AnythingElse_AnswersHowToReply_AcknowledgesNothing()
    {
        var h = await CreateAsync();
        await DutyMemberWithPhoneAsync(h);
        var id = (await h.Service.CreateAsync(Details(), "api", null, default)).Incident.Value.Id;

        Assert.Equal(SmsReplyOutcome.Help, await Replies(h).HandleAsync("Incoming_4", Phone, "what is this?", default));

        Assert.Null((await h.IncidentAsync(id)).AcknowledgedBy);
        Assert.Equal("OnDuty：「1」と返信すると、あなたに連絡した未対応の障害をすべて対応開始にします。", h.Sms.Sent.Last().Message.Text);
    }

    /// <summary>
    /// Paged inside a cover for tonight; the cover ended before anyone acknowledged, so the escalation went to the member back on
    /// duty and the replacement left the incident. Their reply to the page they got still acknowledges it as them (before: "nothing
    /// waiting", while the page's link would have worked).
    /// </summary>
    [Fact]
    public async Task ReplyOne_FromSomeonePagedBeforeACoverEnded_StillAcknowledgesAsThem()
    {
        var h = await CreateAsync();
        var pair = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Members.Select(m => m.Id).ToList();
        var replacement = (await h.Roster.ListMembersAsync(default)).First(m => !pair.Contains(m.Value.Id));
        await h.Roster.SaveMemberAsync(replacement.Value with { Phone = Phone }, replacement.ETag, default);
        var from = new DateTimeOffset(2026, 12, 2, 19, 0, 0, TimeSpan.FromHours(9));
        await h.Rotations.AddOverrideAsync("incident-duty", null, pair[0], replacement.Value.Id, "通院", "Liam", "2026-12-02T19:00", "2026-12-02T23:00", default);
        h.MoveTo(from.AddHours(3.5)); // 22:30, inside the cover: the replacement is paged
        var id = (await h.Service.CreateAsync(Details(), "api", null, default)).Incident.Value.Id;
        Assert.Contains(replacement.Value.Id, (await h.IncidentAsync(id)).Assignees.Select(a => a.Id));
        h.Time.Advance(TimeSpan.FromMinutes(61)); // 23:31: the cover is over; the escalation goes to the pair
        await h.Pager.NotifyDueAsync(id, default);
        var escalated = await h.IncidentAsync(id);
        Assert.DoesNotContain(replacement.Value.Id, escalated.Assignees.Select(a => a.Id));
        Assert.Equal([replacement.Value.Id], escalated.PagedBefore);
        var never = (await h.Service.CreateAsync(Details("検索が遅い"), "api", null, default)).Incident.Value.Id; // paged to the pair only

        Assert.Equal(SmsReplyOutcome.Acknowledged, await Replies(h).HandleAsync("Incoming_9", Phone, "1", default));

        Assert.Equal(replacement.Value.Id, (await h.IncidentAsync(id)).AcknowledgedBy);
        Assert.Null((await h.IncidentAsync(never)).AcknowledgedBy);
        Assert.Equal($"OnDuty: you acknowledged 1 incident ({id}). The others on duty are told.", h.Sms.Sent.Last().Message.Text); // in their language
    }

    /// <summary>
    /// Paged inside a cover, taken off by the escalation after it; the incident then resolves unacknowledged and reopens. The
    /// reopened incident pages whoever is on duty now: an old reply of the former replacement must not acknowledge it (review).
    /// </summary>
    [Fact]
    public async Task ReplyOne_FromSomeonePagedBeforeTheIncidentReopened_DoesNotAcknowledgeTheReopenedIncident()
    {
        var h = await CreateAsync();
        var pair = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Members.Select(m => m.Id).ToList();
        var replacement = (await h.Roster.ListMembersAsync(default)).First(m => !pair.Contains(m.Value.Id));
        await h.Roster.SaveMemberAsync(replacement.Value with { Phone = Phone }, replacement.ETag, default);
        await h.Rotations.AddOverrideAsync("incident-duty", null, pair[0], replacement.Value.Id, "通院", "Liam", "2026-12-02T19:00", "2026-12-02T23:00", default);
        h.MoveTo(new DateTimeOffset(2026, 12, 2, 22, 30, 0, TimeSpan.FromHours(9)));
        var id = (await h.Service.CreateAsync(Details(), "api", null, default)).Incident.Value.Id;
        h.Time.Advance(TimeSpan.FromMinutes(61));
        await h.Pager.NotifyDueAsync(id, default);
        Assert.Equal([replacement.Value.Id], (await h.IncidentAsync(id)).PagedBefore);

        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "落ち着いた", null, "sato", null, null, default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Investigating, "再発", null, "sato", null, null, default);
        Assert.Empty((await h.IncidentAsync(id)).PagedBefore);

        Assert.Equal(SmsReplyOutcome.NothingWaiting, await Replies(h).HandleAsync("Incoming_10", Phone, "1", default));
        Assert.Null((await h.IncidentAsync(id)).AcknowledgedBy);
    }

    [Fact]
    public async Task Lead_AcknowledgesOnlyWhatTheEscalationBroughtToTheLeads()
    {
        var h = await CreateAsync();
        var duty = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Members.Select(m => m.Id).ToHashSet();
        var lead = (await h.Roster.ListMembersAsync(default)).First(m => !duty.Contains(m.Value.Id));
        await h.Roster.SaveMemberAsync(lead.Value with { Phone = Phone }, lead.ETag, default);
        h.Options.Leads = [lead.Value.Email];
        var escalated = (await h.Service.CreateAsync(Details(), "api", null, default)).Incident.Value.Id;
        h.Time.Advance(TimeSpan.FromMinutes(6));
        await h.Pager.NotifyDueAsync(escalated, default);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal([2], await h.Pager.NotifyDueAsync(escalated, default));
        var fresh = (await h.Service.CreateAsync(Details("検索が遅い"), "api", null, default)).Incident.Value.Id;

        Assert.Equal(SmsReplyOutcome.Acknowledged, await Replies(h).HandleAsync("Incoming_5", Phone, "1", default));

        Assert.Equal(lead.Value.Id, (await h.IncidentAsync(escalated)).AcknowledgedBy);
        Assert.Null((await h.IncidentAsync(fresh)).AcknowledgedBy); // the duty pair's, not yet the leads'
    }

    /// <summary>
    /// Woken by the page, the partner replies 「1」 after the other on duty acknowledged (trial E): nothing is acknowledged again,
    /// and the answer says who has it — it said only 「すでに誰かが対応中か、復旧済みです」.
    /// </summary>
    [Fact]
    public async Task ReplyOne_AfterThePartnerAcknowledged_NothingAcknowledged_AnswerSaysWhoHasIt()
    {
        var h = await CreateAsync();
        var member = await DutyMemberWithPhoneAsync(h);
        var id = (await h.Service.CreateAsync(Details(), "api", null, default)).Incident.Value.Id;
        var partner = (await h.IncidentAsync(id)).Assignees.First(a => a.Id != member);
        await h.Service.AcknowledgeAsync(id, partner.Id, null, default);

        Assert.Equal(SmsReplyOutcome.NothingWaiting, await Replies(h).HandleAsync("Incoming_11", Phone, "1", default));

        Assert.Equal(partner.Id, (await h.IncidentAsync(id)).AcknowledgedBy);
        var called = partner.Language == OnDuty.Core.Team.Language.Ja ? $"{partner.DisplayName.Split(' ')[0]}さん" : $"{partner.DisplayName}さん";
        Assert.Equal($"OnDuty：あなたの対応を待っている障害はありません。すでに対応中：{id}（{called}）。", h.Sms.Sent.Last().Message.Text);
    }

    /// <summary>
    /// Session 48 (brief F): someone not among its duty members took it — a lead (named by their roster entry), or a name typed
    /// on the acknowledge page (as recorded, its family name with さん) — said with the same words as the call's answer and the
    /// mail (<see cref="IncidentTaker"/>).
    /// </summary>
    [Theory]
    [InlineData(null, null)]
    [InlineData("伊藤 さくら", "伊藤さん")]
    public async Task ReplyOne_AfterSomeoneNotOnDutyAcknowledged_AnswerNamesThemAsEveryChannelDoes(string? typed, string? expected)
    {
        var h = await CreateAsync();
        await DutyMemberWithPhoneAsync(h);
        var id = (await h.Service.CreateAsync(Details(), "api", null, default)).Incident.Value.Id;
        var assignees = (await h.IncidentAsync(id)).Assignees.Select(a => a.Id).ToHashSet();
        var lead = (await h.Roster.ListMembersAsync(default)).First(m => !assignees.Contains(m.Value.Id)).Value;
        await h.Service.AcknowledgeAsync(id, typed ?? lead.Id, null, default);

        Assert.Equal(SmsReplyOutcome.NothingWaiting, await Replies(h).HandleAsync("Incoming_12", Phone, "1", default));

        var called = expected ?? (lead.Language == OnDuty.Core.Team.Language.Ja ? $"{lead.DisplayName.Split(' ')[0]}さん" : $"{lead.DisplayName}さん");
        Assert.Equal($"OnDuty：あなたの対応を待っている障害はありません。すでに対応中：{id}（{called}）。", h.Sms.Sent.Last().Message.Text);
    }

    [Fact]
    public async Task NothingWaiting_Answered()
    {
        var h = await CreateAsync();
        await DutyMemberWithPhoneAsync(h);

        Assert.Equal(SmsReplyOutcome.NothingWaiting, await Replies(h).HandleAsync("Incoming_6", Phone, "1", default));
        Assert.StartsWith("OnDuty：あなたの対応を待っている障害はありません", h.Sms.Sent.Last().Message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PageText_WhenRepliesAreHeard_SaysReplyOne()
    {
        var h = await CreateAsync();
        h.SmsOptions.AcceptReplies = true;
        await DutyMemberWithPhoneAsync(h);
        await h.Service.CreateAsync(Details(), "api", null, default);

        Assert.EndsWith("\n「1」と返信しても対応できます", Assert.Single(h.Sms.Sent).Message.Text, StringComparison.Ordinal);
    }
}
