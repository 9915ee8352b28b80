using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Pages by phone call: an escalation nobody acknowledged rings the phones of the people it reaches; pressing 1 acknowledges as
/// the member called; a call nobody took goes on the timeline.
/// </summary>
public sealed class VoicePageTests
{
    private static NewIncident Details(AlertSeverity severity = AlertSeverity.Sev1, string title = "決済画面が開かない") => new() { Title = title, Severity = severity };

    private static async Task<IncidentHarness> CallingAsync(Action<IncidentOptions>? configure = null)
    {
        var h = await CreateAsync(configure);
        h.VoiceOptions.Enabled = true;
        return h;
    }

    private static List<OutboxMessage> Calls(IncidentHarness h) => [.. h.Outbox.All.Where(m => m.Channel == Channel.Voice)];

    /// <summary>A SEV1 declared and not acknowledged past its first ack timeout: step 1 rang; the incident and its one call.</summary>
    private static async Task<(string Id, OutboxMessage Call)> EscalatedCallAsync(IncidentHarness h)
    {
        var id = (await h.Service.CreateAsync(Details(), "api", null, default)).Incident.Value.Id;
        h.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal([1], await h.Pager.NotifyDueAsync(id, default));
        return (id, Assert.Single(Calls(h)));
    }

    [Fact]
    public async Task FirstPage_DoesNotRing_TheFirstEscalationRingsEachDutyMemberWithANumber()
    {
        var h = await CallingAsync();
        var phones = await h.PhonesForDutyAsync(withPhone: 2);
        var id = (await h.Service.CreateAsync(Details(), "api", null, default)).Incident.Value.Id;
        Assert.Empty(Calls(h));
        Assert.Equal(2, h.Sms.Sent.Count); // the first page is texted

        h.Time.Advance(TimeSpan.FromMinutes(6)); // past SEV1's first ack timeout
        Assert.Equal([1], await h.Pager.NotifyDueAsync(id, default));

        Assert.Equal(
            phones.Keys.Select(m => $"incident:{id}:escalation:1:voice:{m}").Order(StringComparer.Ordinal),
            Calls(h).Select(c => c.Id).Order(StringComparer.Ordinal));
        Assert.All(Calls(h), c => Assert.Equal(OutboxPriority.Page, c.Priority));
        Assert.Equal(phones.Values.Order(StringComparer.Ordinal), h.Voice.Placed.Select(p => p.Call.To).Order(StringComparer.Ordinal));
        var call = h.Voice.Placed.First().Call;
        Assert.Equal(Language.Ja, call.Language);
        Assert.Equal($"OnDuty からの呼び出しです。重大度 1 の障害、{id}、決済画面が開かない。まだ誰も応答していません。対応する場合は 1 を押してください。", call.Text);
        Assert.DoesNotContain("http", call.Text, StringComparison.Ordinal);

        // Each call placed is on the timeline, with the channel.
        var timeline = await h.TimelineAsync(id);
        Assert.All(phones.Values, phone => Assert.Contains(timeline, e => e.Kind == TimelineKind.Delivered && e.Message == $"call reached {phone}"));
    }

    [Fact]
    public async Task Off_NothingRings_AndFromStepZero_TheFirstPageRings()
    {
        var off = await CreateAsync();
        await off.PhonesForDutyAsync();
        var id = (await off.Service.CreateAsync(Details(), "api", null, default)).Incident.Value.Id;
        off.Time.Advance(TimeSpan.FromMinutes(6));
        await off.Pager.NotifyDueAsync(id, default);
        Assert.Empty(Calls(off));
        Assert.Empty(off.Voice.Placed);

        var now = await CallingAsync();
        now.VoiceOptions.FromStep = 0;
        var phones = await now.PhonesForDutyAsync();
        var first = (await now.Service.CreateAsync(Details(), "api", null, default)).Incident.Value.Id;
        Assert.Equal($"incident:{first}:page:voice:{phones.Keys.Single()}", Assert.Single(Calls(now)).Id);
    }

    [Fact]
    public async Task Severities_OnlyTheListedOnesRing()
    {
        var h = await CallingAsync();
        h.VoiceOptions.Severities = "sev1";
        h.VoiceOptions.FromStep = 0;
        await h.PhonesForDutyAsync();
        await h.Service.CreateAsync(Details(AlertSeverity.Sev2), "api", null, default);
        Assert.Empty(Calls(h));
        Assert.Single(h.Sms.Sent); // texted all the same

        var major = (await h.Service.CreateAsync(Details(AlertSeverity.Sev1), "api", null, default)).Incident.Value.Id;
        Assert.StartsWith($"incident:{major}:page:voice:", Assert.Single(Calls(h)).Id, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Escalation_ALeadOnTheRosterWithANumber_IsCalledAtStepTwo_TheOrganisationListNever()
    {
        var h = await CallingAsync();
        var duty = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Members.Select(m => m.Id).ToHashSet();
        var lead = (await h.Roster.ListMembersAsync(default)).First(m => !duty.Contains(m.Value.Id));
        await h.Roster.SaveMemberAsync(lead.Value with { Phone = "+819099990000" }, lead.ETag, default);
        h.Options.Leads = [lead.Value.Email];
        var id = (await h.Service.CreateAsync(Details(), "api", null, default)).Incident.Value.Id;

        for (var step = 1; step <= 3; step++)
        {
            h.Time.Advance(TimeSpan.FromMinutes(5.5));
            Assert.Equal([step], await h.Pager.NotifyDueAsync(id, default));
        }

        var call = Assert.Single(Calls(h));
        Assert.Equal(($"incident:{id}:escalation:2:voice:{lead.Value.Id}", "+819099990000"), (call.Id, call.Recipient));

        // The lead, configured by address, pressing 1 acknowledges as the member they are, not as an address.
        Assert.Equal(CallKeyOutcome.Acknowledged, (await h.VoiceAnswers.KeyPressedAsync(call.Id, "1", default))!.Outcome);
        Assert.Equal(lead.Value.Id, (await h.Incidents.GetAsync(id, default))!.Value.AcknowledgedBy);
    }

    [Fact]
    public async Task AcknowledgedBeforeTheCallWentOut_TheCallIsCancelled()
    {
        var h = await CallingAsync();
        var phones = await h.PhonesForDutyAsync();
        var id = (await h.Service.CreateAsync(Details(), "api", null, default)).Incident.Value.Id;
        h.Voice.Script(new SendResult.Transient("Twilio answered 503"));
        h.Time.Advance(TimeSpan.FromMinutes(6));
        await h.Pager.NotifyDueAsync(id, default);
        Assert.Equal(1, h.Voice.Attempts);

        await h.Service.AcknowledgeAsMemberAsync(id, phones.Keys.Single(), null, default);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.DrainQueueAsync();
        await h.Dispatcher.RetryDueAsync(default);

        Assert.Empty(h.Voice.Placed);
        Assert.Equal(OutboxStatus.Cancelled, Assert.Single(Calls(h)).Status);
    }

    [Fact]
    public async Task Budget_AMemberIsCalledAtMostTheLimit_TextsAndEmailGoOn()
    {
        var h = await CallingAsync();
        h.VoiceOptions.FromStep = 0;
        h.VoiceOptions.MaxCallsPerMember = 2;
        var phones = await h.PhonesForDutyAsync();
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await h.Service.CreateAsync(Details(title: $"障害 {i}"), "api", null, default)).Incident.Value.Id);
            h.Time.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(ids[..2].Select(id => $"incident:{id}:page:voice:{phones.Keys.Single()}"), Calls(h).Select(c => c.Id).Order(StringComparer.Ordinal));
        Assert.Equal(4, h.Sms.Sent.Count);

        h.Time.Advance(TimeSpan.FromMinutes(15));
        var later = (await h.Service.CreateAsync(Details(title: "障害 later"), "api", null, default)).Incident.Value.Id;
        Assert.Contains(Calls(h), c => c.Id == $"incident:{later}:page:voice:{phones.Keys.Single()}");
    }

    [Fact]
    public async Task PressingOne_AcknowledgesAsTheMemberCalled_ByPhoneCall_AndSaysSo()
    {
        var h = await CallingAsync();
        var phones = await h.PhonesForDutyAsync();
        var (id, call) = await EscalatedCallAsync(h);

        var answer = await h.VoiceAnswers.KeyPressedAsync(call.Id, "1", default);

        Assert.NotNull(answer);
        Assert.Equal(CallKeyOutcome.Acknowledged, answer.Outcome);
        Assert.Equal([id], answer.Acknowledged);
        Assert.Equal(Language.Ja, answer.Language);
        Assert.Equal($"1件を対応開始にしました。{id}。当番の方にも伝えます。ありがとうございました。", answer.Speech);
        var stored = (await h.Incidents.GetAsync(id, default))!.Value;
        Assert.Equal(phones.Keys.Single(), stored.AcknowledgedBy);
        Assert.Contains(await h.TimelineAsync(id), e => e.Kind == TimelineKind.Acknowledged && e.Message == TimelineTexts.AcknowledgedByCall);

        // Pressed again (Twilio posts once per key press): nothing more to acknowledge.
        var again = await h.VoiceAnswers.KeyPressedAsync(call.Id, "1", default);
        Assert.Equal(CallKeyOutcome.NothingWaiting, again!.Outcome);
        Assert.Equal("あなたの対応を待っている障害はありません。すでに誰かが対応中か、復旧済みです。ありがとうございました。", again.Speech);
    }

    /// <summary>
    /// The escalation calls both on duty at 03:12; the other presses 1 first (trial E). Pressing 1 then acknowledges nothing and
    /// says who has it — it said only 「すでに誰かが対応中か、復旧済みです」.
    /// </summary>
    [Fact]
    public async Task PressingOne_AfterThePartnerAcknowledged_SaysWhoHasIt()
    {
        var h = await CallingAsync();
        var phones = await h.PhonesForDutyAsync();
        var (id, call) = await EscalatedCallAsync(h);
        var partner = (await h.Incidents.GetAsync(id, default))!.Value.Assignees.First(a => a.Id != phones.Keys.Single());
        await h.Service.AcknowledgeAsync(id, partner.Id, null, default);

        var answer = await h.VoiceAnswers.KeyPressedAsync(call.Id, "1", default);

        Assert.Equal(CallKeyOutcome.NothingWaiting, answer!.Outcome);
        Assert.Empty(answer.Acknowledged);
        var called = partner.Language == Language.Ja ? $"{partner.DisplayName.Split(' ')[0]}さん" : $"{partner.DisplayName}さん";
        Assert.Equal($"あなたの対応を待っている障害はありません。{called}が対応を開始しています。ありがとうございました。", answer.Speech);
        Assert.Equal(partner.Id, (await h.Incidents.GetAsync(id, default))!.Value.AcknowledgedBy);
    }

    /// <summary>
    /// Session 48 (brief F): someone not among its duty members took it — a lead from the incident page (named by their roster
    /// entry), or a name typed on the acknowledge page (as recorded, its family name with さん). Pressing 1 says who has it, as
    /// the SMS answer and the mail name them — it said only 「あなたの対応を待っている障害はありません」.
    /// </summary>
    [Theory]
    [InlineData(null, null)]
    [InlineData("伊藤 さくら", "伊藤さん")]
    public async Task PressingOne_AfterSomeoneNotOnDutyAcknowledged_SaysWhoHasIt_AsTheSmsAnswerDoes(string? typed, string? expected)
    {
        var h = await CallingAsync();
        await h.PhonesForDutyAsync();
        var (id, call) = await EscalatedCallAsync(h);
        var assignees = (await h.Incidents.GetAsync(id, default))!.Value.Assignees.Select(a => a.Id).ToHashSet();
        var lead = (await h.Roster.ListMembersAsync(default)).First(m => !assignees.Contains(m.Value.Id)).Value;
        await h.Service.AcknowledgeAsync(id, typed ?? lead.Id, null, default);

        var answer = await h.VoiceAnswers.KeyPressedAsync(call.Id, "1", default);

        Assert.Equal(CallKeyOutcome.NothingWaiting, answer!.Outcome);
        var called = expected ?? (lead.Language == Language.Ja ? $"{lead.DisplayName.Split(' ')[0]}さん" : $"{lead.DisplayName}さん");
        Assert.Equal($"あなたの対応を待っている障害はありません。{called}が対応を開始しています。ありがとうございました。", answer.Speech);
    }

    [Fact]
    public async Task AnotherKey_AsksAgainWithTheCallsOwnWords_AcknowledgesNothing()
    {
        var h = await CallingAsync();
        await h.PhonesForDutyAsync();
        var (id, call) = await EscalatedCallAsync(h);

        var answer = await h.VoiceAnswers.KeyPressedAsync(call.Id, "9", default);

        Assert.Equal(CallKeyOutcome.AskAgain, answer!.Outcome);
        Assert.Equal(call.TextBody, answer.Speech);
        Assert.False((await h.Incidents.GetAsync(id, default))!.Value.IsAcknowledged);
        Assert.Null(await h.VoiceAnswers.KeyPressedAsync("incident:nope:escalation:1:voice:x", "1", default));
        Assert.Null(await h.VoiceAnswers.KeyPressedAsync(Assert.Single(h.Outbox.All, m => m.Channel == Channel.Sms && m.Topic.EndsWith(":escalation:1", StringComparison.Ordinal)).Id, "1", default));
    }

    [Theory]
    [InlineData("no-answer", "call to {0} was not answered (no-answer)")]
    [InlineData("busy", "call to {0} was not answered (busy)")]
    [InlineData("failed", "call to {0} was not answered (failed)")]
    [InlineData("completed", "call to {0} ended without 1 pressed (completed)")]
    [InlineData("canceled", null)]
    public async Task CallEnded_WithoutAnAcknowledgement_IsOnTheTimeline(string status, string? said)
    {
        var h = await CallingAsync();
        var phones = await h.PhonesForDutyAsync();
        var (id, call) = await EscalatedCallAsync(h);
        var before = (await h.TimelineAsync(id)).Count;

        Assert.Equal(said is not null, await h.VoiceAnswers.CallEndedAsync(call.Id, status, default));

        var added = (await h.TimelineAsync(id)).Skip(before).ToList();
        if (said is null)
        {
            Assert.Empty(added);
        }
        else
        {
            var entry = Assert.Single(added);
            Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, said, phones.Values.Single()), entry.Message);
            Assert.Equal((1, status == "completed" ? TimelineKind.Delivered : TimelineKind.DeliveryFailed), (entry.Step, entry.Kind));
        }

        // Escalation goes on regardless: nobody acknowledged.
        Assert.False((await h.Incidents.GetAsync(id, default))!.Value.IsAcknowledged);
    }

    [Fact]
    public async Task CallEnded_AfterOneWasPressed_AddsNothing()
    {
        var h = await CallingAsync();
        await h.PhonesForDutyAsync();
        var (id, call) = await EscalatedCallAsync(h);
        await h.VoiceAnswers.KeyPressedAsync(call.Id, "1", default);
        var before = (await h.TimelineAsync(id)).Count;

        Assert.False(await h.VoiceAnswers.CallEndedAsync(call.Id, "completed", default));
        Assert.Equal(before, (await h.TimelineAsync(id)).Count);
    }

    [Fact]
    public async Task Storm_HeldPagesToldTogether_OneCallPerMember_PressingOneAcknowledgesThemAll()
    {
        var h = await CallingAsync(o => o.StormPages = 1);
        h.VoiceOptions.FromStep = 0;
        var phones = await h.PhonesForDutyAsync();
        var first = (await h.Service.CreateAsync(Details(), "api", null, default)).Incident.Value.Id;
        h.Time.Advance(TimeSpan.FromSeconds(5));
        var held = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            held.Add((await h.Intake.IntakeAsync(Notification($"g{i}", Alert($"cpu{i}", severity: AlertSeverity.Sev2)), default)).IncidentId!);
        }

        h.Time.Advance(TimeSpan.FromSeconds(30));
        await h.Pager.EscalateOpenIncidentsAsync(default);

        var together = Assert.Single(Calls(h), c => c.Topic.StartsWith("escalations:0:", StringComparison.Ordinal));
        Assert.Equal(held.Order(StringComparer.Ordinal), together.About.Order(StringComparer.Ordinal));
        Assert.EndsWith($":voice:{phones.Keys.Single()}", together.Id, StringComparison.Ordinal);
        Assert.StartsWith("OnDuty からの呼び出しです。まだ誰も応答していない障害が3件あります。最も重大なものは、重大度 2 の障害、", together.TextBody, StringComparison.Ordinal);

        var answer = await h.VoiceAnswers.KeyPressedAsync(together.Id, "1", default);
        Assert.Equal(held.Order(StringComparer.Ordinal), answer!.Acknowledged);
        foreach (var id in held)
        {
            Assert.Equal(phones.Keys.Single(), (await h.Incidents.GetAsync(id, default))!.Value.AcknowledgedBy);
        }

        Assert.False((await h.Incidents.GetAsync(first, default))!.Value.IsAcknowledged); // not in that call
    }

    [Fact]
    public void SpokenLanguage_IsJapaneseWithKanaOrKanji_ElseEnglish()
    {
        Assert.Equal(Language.Ja, VoiceCall.SpokenLanguageOf("OnDuty からの呼び出しです。"));
        Assert.Equal(Language.Ja, VoiceCall.SpokenLanguageOf("障害"));
        Assert.Equal(Language.En, VoiceCall.SpokenLanguageOf("This is OnDuty with a page."));
    }

    [Fact]
    public void PhoneMember_ReadsTheMemberOfATextOrACall()
    {
        Assert.Equal("sato", OutboxIds.PhoneMember("incident:INC-1:escalation:1:voice:sato"));
        Assert.Equal("lead@example.com", OutboxIds.PhoneMember("incident:INC-1:escalation:2:sms:lead@example.com"));
        Assert.Null(OutboxIds.PhoneMember("incident:INC-1:page:email:sato@example.com"));
        Assert.Null(OutboxIds.PhoneMember("incident:INC-1:page:voice:"));
    }
}
