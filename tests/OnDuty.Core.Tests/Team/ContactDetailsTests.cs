using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Core.Tests.Incidents;

namespace OnDuty.Core.Tests.Team;

/// <summary>A member's own number for pages by SMS: set, cleared, refused when national, and a test text at most once a minute.</summary>
public sealed class ContactDetailsTests
{
    private static ContactDetails Contacts(IncidentHarness h, string? phoneCountryCode = null) =>
        new(new RosterService(h.Roster), h.Dispatcher, h.Sms, TestRenderer.Instance, h.Time, Microsoft.Extensions.Options.Options.Create(h.SmsOptions),
            h.Voice, Microsoft.Extensions.Options.Options.Create(h.VoiceOptions), h.Outbox,
            Microsoft.Extensions.Options.Options.Create(new TeamOptions { PhoneCountryCode = phoneCountryCode }));

    /// <summary>
    /// With <c>Team__PhoneCountryCode=81</c>, a number typed as dialled at home is stored with +81; <c>00…</c> and digits without the
    /// trunk 0 are refused saying which it was and the rule with the country, and nothing changes; an international number is stored as before.
    /// </summary>
    [Fact]
    public async Task SetPhone_WithCountryCode_NationalStoredWithIt_PrefixOrNoTrunkZeroRefusedNamingIt_NothingStored()
    {
        var h = await IncidentHarness.CreateAsync();
        var contacts = Contacts(h, "81");
        Assert.Equal("81", contacts.PhoneCountryCode);
        var sato = (await contacts.FindByEmailAsync("sato@example.com", default))!;

        var saved = await contacts.SetPhoneAsync(sato, "090-1234-5678", default);
        Assert.Equal("+819012345678", (await h.Roster.GetMemberAsync("sato", default))!.Value.Phone);
        Assert.Equal("+819012345678", saved.Value.Phone);

        foreach (var (refused, problem) in new[] { ("0081 90-1234-5678", "starts with 00, the prefix for calling abroad"), ("90-1234-5678", "starts with neither + nor one trunk 0"), ("0312", "is too short: a number has 8 to 15 digits with the country code") })
        {
            var error = await Assert.ThrowsAsync<ValidationException>(() => contacts.SetPhoneAsync(saved, refused, default));
            Assert.Equal([$"{problem}; it {PhoneNumber.RuleFor("81")}"], error.Errors["phone"]);
            Assert.Equal("+819012345678", (await h.Roster.GetMemberAsync("sato", default))!.Value.Phone);
        }

        saved = await contacts.SetPhoneAsync(saved, "(03) 1234-5678", default);
        Assert.Equal("+81312345678", (await h.Roster.GetMemberAsync("sato", default))!.Value.Phone);
        await contacts.SetPhoneAsync(saved, "+44 7700 900123", default);
        Assert.Equal("+447700900123", (await h.Roster.GetMemberAsync("sato", default))!.Value.Phone);
    }

    /// <summary>
    /// A member's own call rule: stored (0 too) and cleared; refused naming <c>callAfterMinutes</c>, nothing stored, out of 0–60,
    /// where calls are off, and for a member without a number to call.
    /// </summary>
    [Fact]
    public async Task SetCallRule_StoredAndCleared_RefusedOutOfRange_CallsOff_OrNoNumber_NothingStored()
    {
        var h = await IncidentHarness.CreateAsync();
        h.VoiceOptions.Enabled = true;
        var contacts = Contacts(h);
        var sato = (await contacts.FindByEmailAsync("sato@example.com", default))!;

        var noNumber = await Assert.ThrowsAsync<ValidationException>(() => contacts.SetCallRuleAsync(sato, 5, default));
        Assert.Equal(["needs a mobile number to call (save one first)"], noNumber.Errors["callAfterMinutes"]);
        var saved = await contacts.SetPhoneAsync(sato, "+81 90-1234-5678", default);

        saved = await contacts.SetCallRuleAsync(saved, 0, default);
        Assert.Equal(0, (await h.Roster.GetMemberAsync("sato", default))!.Value.CallAfterMinutes);
        foreach (var refused in new[] { -1, 61 })
        {
            var error = await Assert.ThrowsAsync<ValidationException>(() => contacts.SetCallRuleAsync(saved, refused, default));
            Assert.Contains("callAfterMinutes", error.Errors.Keys);
            Assert.Equal(0, (await h.Roster.GetMemberAsync("sato", default))!.Value.CallAfterMinutes);
        }

        saved = await contacts.SetCallRuleAsync(saved, 60, default);
        Assert.Equal(60, (await h.Roster.GetMemberAsync("sato", default))!.Value.CallAfterMinutes);
        h.VoiceOptions.Enabled = false;
        var off = await Assert.ThrowsAsync<ValidationException>(() => contacts.SetCallRuleAsync(saved, 5, default));
        Assert.Equal(["pages do not ring phones here (Voice__Enabled is off)"], off.Errors["callAfterMinutes"]);
        await contacts.SetCallRuleAsync(saved, null, default);
        Assert.Null((await h.Roster.GetMemberAsync("sato", default))!.Value.CallAfterMinutes);
    }

    [Fact]
    public async Task SetPhone_EmptyCountryCode_NationalRefusedAsToday()
    {
        var h = await IncidentHarness.CreateAsync();
        var contacts = Contacts(h, "");
        Assert.Null(contacts.PhoneCountryCode);
        var sato = (await contacts.FindByEmailAsync("sato@example.com", default))!;

        var error = await Assert.ThrowsAsync<ValidationException>(() => contacts.SetPhoneAsync(sato, "090-1234-5678", default));
        Assert.Equal([$"has no + and country code in front; it {PhoneNumber.Rule}"], error.Errors["phone"]);
        Assert.Null((await h.Roster.GetMemberAsync("sato", default))!.Value.Phone);
    }

    [Fact]
    public async Task SetPhone_WrittenWithSeparators_StoredE164_EmptyClears_NationalRefusedNothingStored()
    {
        var h = await IncidentHarness.CreateAsync();
        var contacts = Contacts(h);
        var sato = (await contacts.FindByEmailAsync("SATO@example.com", default))!;

        var saved = await contacts.SetPhoneAsync(sato, "+81 90-1234-5678", default);
        Assert.Equal("+819012345678", (await h.Roster.GetMemberAsync("sato", default))!.Value.Phone);

        var error = await Assert.ThrowsAsync<ValidationException>(() => contacts.SetPhoneAsync(saved, "090-1234-5678", default));
        Assert.Equal([$"has no + and country code in front; it {PhoneNumber.Rule}"], error.Errors["phone"]);
        Assert.Equal("+819012345678", (await h.Roster.GetMemberAsync("sato", default))!.Value.Phone);

        // Saved with the ETag read: a stale view is refused, never overwrites.
        await Assert.ThrowsAsync<ConcurrencyException>(() => contacts.SetPhoneAsync(sato, "+81 80 0000 0000", default));
        await contacts.SetPhoneAsync(saved, " ", default);
        Assert.Null((await h.Roster.GetMemberAsync("sato", default))!.Value.Phone);
    }

    /// <summary>
    /// What did not reach the member is read from their own failures: sixty newer failures to someone else's address (an
    /// outage, a colleague's bouncing mailbox) no longer push the member's older ones out of view. One older than the window is not shown.
    /// </summary>
    [Fact]
    public async Task RecentlyUndelivered_SixtyNewerFailuresToSomeoneElse_StillShowsTheMembersOwn()
    {
        var h = await IncidentHarness.CreateAsync();
        var contacts = Contacts(h);
        var sato = (await contacts.SetPhoneAsync((await contacts.FindByEmailAsync("sato@example.com", default))!, "+819012345678", default)).Value;
        var now = h.Time.GetUtcNow();
        var email = new OnDuty.Core.Messages.RenderedEmail("【障害・SEV2】決済", "t", "<p>t</p>");
        await FailAsync(h, OutboxMessage.ForEmail("incident:INC-2026-0001:page:0", sato.Email.ToUpperInvariant(), "佐藤", email), now.AddDays(-10));
        await FailAsync(h, OutboxMessage.ForSms("incident:INC-2026-0001:page:0", "sato", sato.Phone!, "佐藤", "text"), now.AddDays(-9));
        await FailAsync(h, OutboxMessage.ForEmail("incident:INC-2026-0000:page:0", sato.Email, "佐藤", email), now.AddDays(-31));
        for (var i = 0; i < 60; i++)
        {
            await FailAsync(h, OutboxMessage.ForEmail($"stakeholders:{i}", "pr-desk@example.com", "PR", email), now.AddDays(-1).AddMinutes(i));
        }

        var undelivered = await contacts.RecentlyUndeliveredAsync(sato, default);

        Assert.Equal(["incident:INC-2026-0001:page:0:sms:sato", "incident:INC-2026-0001:page:0:email:sato@example.com"], undelivered.Select(m => m.Id));
        Assert.Equal(sato.Email.ToUpperInvariant(), undelivered[1].Recipient);
    }

    /// <summary>Records <paramref name="message"/>, made at <paramref name="at"/>, as given up then.</summary>
    private static async Task FailAsync(IncidentHarness h, OutboxMessage message, DateTimeOffset at)
    {
        await h.Outbox.TryEnqueueAsync(message with { CreatedAt = at, NextAttemptAt = at }, at, default);
        await h.Outbox.MarkFailedAsync(message.Id, "550 mailbox unavailable", at, default);
    }

    [Fact]
    public async Task SendTest_OneTextAMinute_NoneWithoutANumberOrProvider()
    {
        var h = await IncidentHarness.CreateAsync();
        var contacts = Contacts(h);
        var sato = (await contacts.FindByEmailAsync("sato@example.com", default))!;
        Assert.False(await contacts.SendTestAsync(sato.Value, default));

        var withPhone = (await contacts.SetPhoneAsync(sato, "+819012345678", default)).Value;
        Assert.True(await contacts.SendTestAsync(withPhone, default));
        Assert.True(await contacts.SendTestAsync(withPhone, default)); // pressed twice: the same outbox id
        var sent = Assert.Single(h.Sms.Sent);
        Assert.Equal(("+819012345678", "OnDuty：佐藤さん、テスト送信です。障害の呼び出しはこの番号にも届きます。"), (sent.Message.To, sent.Message.Text));

        h.Time.Advance(TimeSpan.FromMinutes(1));
        await contacts.SendTestAsync(withPhone, default);
        Assert.Equal(2, h.Sms.Sent.Count);

        h.Sms.Enabled = false;
        Assert.False(await contacts.SendTestAsync(withPhone, default));
    }

    [Fact]
    public async Task SendTestCall_OneCallAMinute_PressingOneSaysItArrived_AcknowledgesNothing_NoneWithCallsOff()
    {
        var h = await IncidentHarness.CreateAsync();
        var contacts = Contacts(h);
        var sato = (await contacts.FindByEmailAsync("sato@example.com", default))!;
        var withPhone = (await contacts.SetPhoneAsync(sato, "+819012345678", default)).Value;
        Assert.Null(contacts.Calls);
        Assert.False(await contacts.SendTestCallAsync(withPhone, default)); // calls off

        h.VoiceOptions.Enabled = true;
        Assert.False(await contacts.SendTestCallAsync(sato.Value, default)); // no number
        Assert.True(await contacts.SendTestCallAsync(withPhone, default));
        Assert.True(await contacts.SendTestCallAsync(withPhone, default)); // pressed twice: the same outbox id
        var (call, id) = Assert.Single(h.Voice.Placed);
        Assert.Equal(("+819012345678", "OnDuty のテスト電話です。佐藤さん、障害の呼び出しの電話はこの番号にかかります。1 を押すと、テストを終わります。"), (call.To, call.Text));
        Assert.StartsWith(ContactDetails.TestCallTopicPrefix, id, StringComparison.Ordinal);
        Assert.EndsWith(":voice:sato", id, StringComparison.Ordinal);

        var open = (await h.Service.CreateAsync(new OnDuty.Core.Incidents.NewIncident { Title = "決済画面が開かない", Severity = OnDuty.Core.Alerts.AlertSeverity.Sev1 }, "api", null, default)).Incident.Value.Id;
        var answer = await h.VoiceAnswers.KeyPressedAsync(id, "1", default);
        Assert.Equal(OnDuty.Core.Incidents.CallKeyOutcome.Tested, answer!.Outcome);
        Assert.Equal("1 が OnDuty に届きました。テストは成功です。呼び出しの電話では、1 を押すと対応開始になります。", answer.Speech);
        Assert.False((await h.Incidents.GetAsync(open, default))!.Value.IsAcknowledged);
        Assert.False(await h.VoiceAnswers.CallEndedAsync(id, "no-answer", default)); // no incident to write on

        h.Time.Advance(TimeSpan.FromMinutes(1));
        await contacts.SendTestCallAsync(withPhone, default);
        Assert.Equal(2, h.Voice.Placed.Count);
    }
}
