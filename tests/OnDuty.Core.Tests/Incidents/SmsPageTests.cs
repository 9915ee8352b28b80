using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>Pages by SMS: a duty member with a phone number gets each page and escalation step as a text message too.</summary>
public sealed class SmsPageTests
{
    private static NewIncident Details(AlertSeverity severity = AlertSeverity.Sev1, string title = "決済画面が開かない") => new() { Title = title, Severity = severity };

    private static List<OutboxMessage> Texts(IncidentHarness h) => [.. h.Outbox.All.Where(m => m.Channel == Channel.Sms)];

    [Fact]
    public async Task FirstPage_MemberWithAPhone_GetsOneTextWithTheSubjectAndTheirOwnAckLink_TheOtherNone()
    {
        var h = await CreateAsync();
        var phones = await h.PhonesForDutyAsync();
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        var id = created.Value.Id;

        var (memberId, phone) = phones.Single();
        var text = Assert.Single(Texts(h));
        Assert.Equal($"incident:{id}:page:sms:{memberId}", text.Id);
        Assert.Equal(phone, text.Recipient);
        Assert.Equal(OutboxPriority.Page, text.Priority);

        var sent = Assert.Single(h.Sms.Sent);
        Assert.Equal(phone, sent.Message.To);
        Assert.Equal(text.Id, sent.Id);
        var lines = sent.Message.Text.Split('\n');
        Assert.Equal($"【SEV1 障害】{id} 決済画面が開かない", lines[0]);
        Assert.StartsWith($"対応します：{Pager.DefaultBaseUrl}/api/ack/", lines[1], StringComparison.Ordinal);

        // The link acknowledges as that member: the same token their page email carries.
        var email = h.Email.Sent.Single(e => e.Id == $"incident:{id}:page:email:{memberId}@example.com");
        Assert.Contains(lines[1]["対応します：".Length..], email.Message.TextBody, StringComparison.Ordinal);

        // The delivery is on the timeline, with the channel.
        Assert.Contains(await h.TimelineAsync(id), e => e.Kind == TimelineKind.Delivered && e.Message == $"sms reached {phone}");
    }

    [Fact]
    public async Task LongTitle_IsCutShortInTheText_NotInTheEmail()
    {
        var h = await CreateAsync();
        await h.PhonesForDutyAsync();
        var title = string.Concat(Enumerable.Repeat("決済画面が開かない、", 20));
        var (created, _) = await h.Service.CreateAsync(Details(title: title), "api", null, default);

        var sent = Assert.Single(h.Sms.Sent).Message.Text;
        Assert.DoesNotContain(title, sent, StringComparison.Ordinal);
        Assert.Contains(title[..39] + "…", sent, StringComparison.Ordinal);
        Assert.True(sent.Split('\n')[0].Length < 80, sent);
        Assert.Contains(h.Email.Sent, e => e.Message.Subject.Contains(title, StringComparison.Ordinal));
        Assert.Equal(created.Value.Title, title);
    }

    [Fact]
    public async Task AcknowledgedBeforeTheTextWentOut_TheTextIsCancelled()
    {
        var h = await CreateAsync();
        var phones = await h.PhonesForDutyAsync();
        h.Sms.Script(new SendResult.Transient("ACS sms answered 503"));
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        var id = created.Value.Id;
        Assert.Equal(1, h.Sms.Attempts);
        Assert.Empty(h.Sms.Sent);

        await h.Service.AcknowledgeAsMemberAsync(id, phones.Keys.Single(), null, default);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.DrainQueueAsync();
        await h.Dispatcher.RetryDueAsync(default);

        Assert.Empty(h.Sms.Sent);
        Assert.Equal(OutboxStatus.Cancelled, Assert.Single(Texts(h)).Status);
    }

    [Fact]
    public async Task Escalation_TheDutyMembersStepIsTextedAgain_LeadsAndTheListAreNot()
    {
        var h = await CreateAsync();
        var phones = await h.PhonesForDutyAsync(withPhone: 2);
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        var id = created.Value.Id;
        Assert.Equal(2, h.Sms.Sent.Count);

        h.Time.Advance(TimeSpan.FromMinutes(6)); // past SEV1's first ack timeout
        Assert.Equal([1], await h.Pager.NotifyDueAsync(id, default));
        Assert.Equal(phones.Keys.Select(m => $"incident:{id}:escalation:1:sms:{m}").Order(StringComparer.Ordinal),
            Texts(h).Where(t => t.Topic.EndsWith(":escalation:1", StringComparison.Ordinal)).Select(t => t.Id).Order(StringComparer.Ordinal));
        Assert.All(h.Sms.Sent.Skip(2), s => Assert.Contains("未応答・エスカレーション1", s.Message.Text, StringComparison.Ordinal));

        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal([2], await h.Pager.NotifyDueAsync(id, default));
        Assert.Equal(4, Texts(h).Count); // the leads are paged by email: no text for step 2
    }

    /// <summary>
    /// The lead's text at step 2 says why it comes to them, as their mail does: it comes to them as the lead, and the pair (named,
    /// family name with さん) has not answered for two ack timeouts. The pair's own texts (steps 0 and 1) never say it.
    /// </summary>
    [Fact]
    public async Task Escalation_StepTwoTextToALead_SaysItComesToThemAsTheLead_AndWhoseSilenceForHowLong()
    {
        var h = await CreateAsync();
        var duty = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Members.Select(m => m.Id).ToHashSet();
        var lead = (await h.Roster.ListMembersAsync(default)).First(m => !duty.Contains(m.Value.Id));
        await h.Roster.SaveMemberAsync(lead.Value with { Phone = "+819099990000", Language = OnDuty.Core.Team.Language.Ja }, lead.ETag, default);
        h.Options.Leads = [lead.Value.Email];
        await h.PhonesForDutyAsync();
        var id = (await h.Service.CreateAsync(Details(), "api", null, default)).Incident.Value.Id;
        h.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal([1], await h.Pager.NotifyDueAsync(id, default));
        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal([2], await h.Pager.NotifyDueAsync(id, default));

        var pair = string.Join("・", (await h.IncidentAsync(id)).Assignees.Select(a => a.DisplayName.Split(' ')[0] + "さん"));
        var toLead = Assert.Single(h.Sms.Sent, s => s.Message.To == "+819099990000").Message.Text.Split('\n');
        Assert.Equal($"リーダー宛てです。当番（{pair}）から10分以上応答がありません。", toLead[1]);
        Assert.StartsWith("対応します：", toLead[2], StringComparison.Ordinal);
        Assert.All(h.Sms.Sent.Where(s => s.Message.To != "+819099990000"), s => Assert.DoesNotContain("リーダー宛て", s.Message.Text, StringComparison.Ordinal));
    }

    /// <summary>
    /// Two incidents reaching step 2 in the same run: the lead's one text about both says, as the single one does, that it comes to
    /// them as the lead and whose silence for how long (the same pair on both, named).
    /// </summary>
    [Fact]
    public async Task Escalation_StepTwoTogether_TheLeadsOneText_SaysItComesToThemAsTheLead_AndWhoseSilence()
    {
        var h = await CreateAsync();
        var duty = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Members.Select(m => m.Id).ToHashSet();
        var lead = (await h.Roster.ListMembersAsync(default)).First(m => !duty.Contains(m.Value.Id));
        await h.Roster.SaveMemberAsync(lead.Value with { Phone = "+819099990000", Language = OnDuty.Core.Team.Language.Ja }, lead.ETag, default);
        h.Options.Leads = [lead.Value.Email];
        var ids = new[]
        {
            (await h.Service.CreateAsync(Details(), "api", null, default)).Incident.Value.Id,
            (await h.Service.CreateAsync(Details() with { Title = "カード決済ができない" }, "api", null, default)).Incident.Value.Id,
        };
        h.Time.Advance(TimeSpan.FromMinutes(6));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.Pager.EscalateOpenIncidentsAsync(default);

        var together = Assert.Single(Texts(h), t => t.Topic.StartsWith("escalations:2:", StringComparison.Ordinal));
        Assert.Equal(ids.Order(StringComparer.Ordinal), together.About.Order(StringComparer.Ordinal));
        var pair = string.Join("・", (await h.IncidentAsync(ids[0])).Assignees.Select(a => a.DisplayName.Split(' ')[0] + "さん"));
        var lines = Assert.Single(h.Sms.Sent, s => s.Message.To == "+819099990000").Message.Text.Split('\n');
        Assert.StartsWith("【SEV", lines[0], StringComparison.Ordinal);
        Assert.Equal($"リーダー宛てです。当番（{pair}）から10分以上応答がありません。", lines[1]);
        Assert.StartsWith("まとめて対応します：", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Escalation_ALeadOnTheRosterWithANumber_IsTextedAtStepTwo()
    {
        var h = await CreateAsync();
        var duty = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Members.Select(m => m.Id).ToHashSet();
        var lead = (await h.Roster.ListMembersAsync(default)).First(m => !duty.Contains(m.Value.Id));
        await h.Roster.SaveMemberAsync(lead.Value with { Phone = "+819099990000" }, lead.ETag, default);
        h.Options.Leads = [lead.Value.Email, "other-lead@example.com"];
        var id = (await h.Service.CreateAsync(Details(), "api", null, default)).Incident.Value.Id;
        Assert.Empty(Texts(h)); // nobody on duty has a number

        h.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal([1], await h.Pager.NotifyDueAsync(id, default));
        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal([2], await h.Pager.NotifyDueAsync(id, default));

        var text = Assert.Single(Texts(h));
        Assert.Equal(($"incident:{id}:escalation:2:sms:{lead.Value.Id}", "+819099990000"), (text.Id, text.Recipient)); // as the member, not the address
        Assert.Contains(lead.Value.Language == OnDuty.Core.Team.Language.En ? "escalation 2" : "未応答・エスカレーション2", Assert.Single(h.Sms.Sent).Message.Text, StringComparison.Ordinal); // in their language
    }

    [Fact]
    public async Task Escalation_ANumberAddedAfterTheIncidentOpened_IsTexted_OneTakenOffIsNot()
    {
        var h = await CreateAsync();
        var phones = await h.PhonesForDutyAsync(); // the first member has one when it opens, the second does not
        var id = (await h.Service.CreateAsync(Details(), "api", null, default)).Incident.Value.Id;
        var duty = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Members.Select(m => m.Id).ToList();
        var (had, added) = (duty[0], duty[1]);
        Assert.Equal([had], phones.Keys);

        foreach (var (member, phone) in new[] { (had, (string?)null), (added, "+819055550000") })
        {
            var stored = (await h.Roster.GetMemberAsync(member, default))!;
            await h.Roster.SaveMemberAsync(stored.Value with { Phone = phone }, stored.ETag, default);
        }

        h.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal([1], await h.Pager.NotifyDueAsync(id, default));

        var step1 = Texts(h).Where(t => t.Topic.EndsWith(":escalation:1", StringComparison.Ordinal)).ToList();
        Assert.Equal(($"incident:{id}:escalation:1:sms:{added}", "+819055550000"), (Assert.Single(step1).Id, step1[0].Recipient));
    }

    [Fact]
    public async Task Severities_OnlyTheListedOnesAreTexted_EmailAndTeamsPageAsEver()
    {
        var h = await CreateAsync();
        h.SmsOptions.Severities = "sev1, SEV2";
        await h.PhonesForDutyAsync();
        var minor = (await h.Service.CreateAsync(Details(AlertSeverity.Sev3), "api", null, default)).Incident.Value.Id;
        Assert.Empty(Texts(h));
        Assert.Contains(h.OutboxIds(minor), i => i.Contains(":page:email:", StringComparison.Ordinal));

        var major = (await h.Service.CreateAsync(Details(AlertSeverity.Sev2), "api", null, default)).Incident.Value.Id;
        Assert.StartsWith($"incident:{major}:page:sms:", Assert.Single(Texts(h)).Id, StringComparison.Ordinal);
    }

    /// <summary>
    /// The last text before the quiet window says where pages go meanwhile: by email, and Teams only where a channel is set up
    /// (session 44 reader pass: a team without one was told 「メールと Teams」).
    /// </summary>
    [Theory]
    [InlineData(true, "（この後15分間は SMS を送らず、メールと Teams でお知らせします。まとめて対応します：{0}/api/status/ack）")]
    [InlineData(false, "（この後15分間は SMS を送らず、メールでお知らせします。まとめて対応します：{0}/api/status/ack）")]
    public async Task Budget_AStormTextsAMemberAtMostTheLimit_TheLastSaysSo_EmailPagesEveryOne(bool teams, string quiet)
    {
        var h = await CreateAsync(teams: teams);
        h.SmsOptions.MaxTextsPerMember = 3;
        var phones = await h.PhonesForDutyAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await h.Service.CreateAsync(Details(title: $"障害 {i}"), "api", null, default)).Incident.Value.Id);
            h.Time.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(ids[..3].Select(id => $"incident:{id}:page:sms:{phones.Keys.Single()}"), Texts(h).Select(t => t.Id).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("分間は SMS を送らず", h.Sms.Sent.First().Message.Text, StringComparison.Ordinal);
        Assert.EndsWith(string.Format(System.Globalization.CultureInfo.InvariantCulture, quiet, Pager.DefaultBaseUrl), h.Sms.Sent.Last().Message.Text, StringComparison.Ordinal);
        Assert.All(ids, id => Assert.Contains(h.OutboxIds(id), o => o.Contains(":page:email:", StringComparison.Ordinal)));

        // Once the window has passed, pages text again.
        h.Time.Advance(TimeSpan.FromMinutes(15));
        var later = (await h.Service.CreateAsync(Details(title: "障害 later"), "api", null, default)).Incident.Value.Id;
        Assert.Contains(Texts(h), t => t.Id == $"incident:{later}:page:sms:{phones.Keys.Single()}");
    }

    [Theory]
    [InlineData(-1, "00:15:00", "Sms__MaxTextsPerMember")]
    [InlineData(10, "00:00:30", "Sms__TextWindow")]
    [InlineData(10, "2.00:00:00", "Sms__TextWindow")]
    public void SmsOptions_BudgetOutOfRange_IsNamedAtStart(int max, string window, string setting)
    {
        var errors = new SmsOptions { MaxTextsPerMember = max, TextWindow = TimeSpan.Parse(window, System.Globalization.CultureInfo.InvariantCulture) }
            .Validate(new System.ComponentModel.DataAnnotations.ValidationContext(new object())).ToList();
        Assert.StartsWith(setting, Assert.Single(errors).ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeliveryReport_NotDelivered_GoesOnTheIncidentsTimeline_UnknownTagOnlyLogged()
    {
        var h = await CreateAsync();
        var phones = await h.PhonesForDutyAsync();
        var id = (await h.Service.CreateAsync(Details(), "api", null, default)).Incident.Value.Id;
        var text = Assert.Single(Texts(h));
        var reports = new SmsDeliveryReports(h.Outbox, [new IncidentMessageSubject(h.Incidents, h.Time)], h.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<SmsDeliveryReports>.Instance);

        Assert.True(await reports.FailedAsync(text.Id, "Outgoing_1", "Failed", "Blocked by the carrier", default));
        Assert.False(await reports.FailedAsync("incident:INC-1999-0001:page:sms:nobody", "Outgoing_2", "Failed", null, default));
        Assert.False(await reports.FailedAsync(null, "Outgoing_3", "Failed", null, default));

        var failed = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.DeliveryFailed);
        Assert.Equal($"sms gave up on {phones.Values.Single()}: not delivered (Failed: Blocked by the carrier)", failed.Message);
        Assert.Equal(0, failed.Step);
        var row = (await h.Outbox.GetAsync(text.Id, default))!;
        Assert.Equal((OutboxStatus.Failed, "not delivered (Failed: Blocked by the carrier)"), (row.Status, row.LastError));
    }

    [Fact]
    public async Task NoProvider_NothingIsQueuedForSms()
    {
        var h = await CreateAsync();
        h.Sms.Enabled = false;
        await h.PhonesForDutyAsync(withPhone: 2);
        await h.Service.CreateAsync(Details(), "api", null, default);
        Assert.Empty(Texts(h));
        Assert.Equal(0, h.Sms.Attempts);
    }

    [Fact]
    public async Task Storm_HeldFirstPagesToldTogether_OneTextPerMemberWithTheAckTogetherLink()
    {
        var h = await CreateAsync(o => o.StormPages = 1);
        var phones = await h.PhonesForDutyAsync();
        var first = (await h.Service.CreateAsync(Details(), "api", null, default)).Incident.Value.Id;
        h.Time.Advance(TimeSpan.FromSeconds(5));
        var held = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            held.Add((await h.Intake.IntakeAsync(Notification($"g{i}", Alert($"cpu{i}", severity: AlertSeverity.Sev2)), default)).IncidentId!);
        }

        Assert.Single(h.Sms.Sent); // the first page only: the rest are held
        h.Time.Advance(TimeSpan.FromSeconds(30));
        await h.Pager.EscalateOpenIncidentsAsync(default);

        var together = Texts(h).Where(t => t.Topic.StartsWith("escalations:0:", StringComparison.Ordinal)).ToList();
        var text = Assert.Single(together);
        Assert.Equal(held.Order(StringComparer.Ordinal), text.About.Order(StringComparer.Ordinal));
        Assert.EndsWith($":sms:{phones.Keys.Single()}", text.Id, StringComparison.Ordinal);
        var sent = h.Sms.Sent.Last().Message.Text;
        Assert.StartsWith("【SEV2 障害3件】", sent, StringComparison.Ordinal);
        Assert.EndsWith($"まとめて対応します：{Pager.DefaultBaseUrl}/api/status/ack", sent, StringComparison.Ordinal);
        Assert.DoesNotContain(first, text.About);

        // Each of them on the timeline as reached by SMS.
        foreach (var id in held)
        {
            Assert.Contains(await h.TimelineAsync(id), e => e.Kind == TimelineKind.Delivered && e.Message == $"sms reached {phones.Values.Single()}");
        }
    }

    [Theory]
    [InlineData("+81 90-1234-5678", "+819012345678")]
    [InlineData("+1 (425) 555-0100", "+14255550100")]
    [InlineData("+44.20.7946.0958", "+442079460958")]
    [InlineData("090-1234-5678", null)]
    [InlineData("+0 90 1234 5678", null)]
    [InlineData("+81 90 1234 5678 ext 2", null)]
    [InlineData("+1234567", null)]
    [InlineData("+1234567890123456", null)]
    [InlineData("", null)]
    public void PhoneNumber_ReadsE164WrittenWithSeparators_RefusesNationalNumbers(string text, string? expected)
    {
        Assert.Equal(expected, PhoneNumber.Normalize(text));
        Assert.Equal(expected is not null && expected == text, PhoneNumber.IsValid(text));
    }

    [Fact]
    public void Member_PhoneNotE164_IsRefusedNamingTheField()
    {
        var member = Fakes.TeamData.Member("sato", "佐藤 花子") with { Phone = "090-1234-5678" };
        var error = Assert.Throws<OnDuty.Core.Common.ValidationException>(member.Validate);
        Assert.Contains("phone", error.Errors.Keys);
        (member with { Phone = "+819012345678" }).Validate();
    }

    [Theory]
    [InlineData("sev1,sev2", AlertSeverity.Sev2, true)]
    [InlineData("sev1,sev2", AlertSeverity.Sev3, false)]
    [InlineData("", AlertSeverity.Sev4, true)]
    [InlineData(null, AlertSeverity.Sev4, true)]
    public void SmsOptions_Covers(string? severities, AlertSeverity severity, bool covered) =>
        Assert.Equal(covered, new SmsOptions { Severities = severities }.Covers(severity));

    [Fact]
    public void SmsOptions_AnUnknownSeverity_IsNamedAtStart()
    {
        var errors = new SmsOptions { Severities = "sev1,critical" }.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(new object())).ToList();
        Assert.Contains("'critical'", Assert.Single(errors).ErrorMessage, StringComparison.Ordinal);
    }
}
