using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Trial 36 H1: the mail server was down while a SEV1 escalated to the organisation. The pages that went out once it was back
/// were worded as queued: the pair's escalation 1 — their first mail about it — promised 「5分以内に…PM 組織の全員に連絡します」
/// after the organisation had been paged, and the organisation's read only 「まだ誰も応答していません」, as if the pair had ignored
/// it. Worded as they go out, they say what happened.
/// </summary>
public sealed class MailOutageWordingTests
{
    private static OutboxMessage Email(IncidentHarness h, string id, string notice, string to) =>
        Assert.Single(h.Outbox.All, m => m.Channel == Channel.Email && m.Topic == $"incident:{id}:{notice}" && Member.SameAddress(m.Recipient, to));

    private static EmailMessage Sent(IncidentHarness h, string messageId) => Assert.Single(h.Email.Sent, s => s.Id == messageId).Message;

    /// <summary>Mail down from the first page to the organisation's step; back after it: each mail says what happened by then.</summary>
    [Fact]
    public async Task MailDownThroughEveryStep_TheOrganisationHearsThePairWasNotReached_ThePairsMailSaysTheOrganisationWasPaged()
    {
        var h = await CreateAsync();
        h.Email.Down = true;
        var id = (await h.Service.CreateAsync(new NewIncident { Title = "決済画面が開かない", Severity = AlertSeverity.Sev1 }, "api", null, default)).Incident.Value.Id;
        await h.DrainQueueAsync();
        foreach (var step in new[] { 1, 2, 3 })
        {
            h.Time.Advance(TimeSpan.FromMinutes(5));
            Assert.Equal([step], await h.Pager.NotifyDueAsync(id, default));
            await h.DrainQueueAsync();
        }

        Assert.Empty(h.Email.Sent);
        var pair = (await h.IncidentAsync(id)).Assignees;
        h.Email.Down = false;
        h.Time.Advance(TimeSpan.FromMinutes(3)); // every retry due

        // The organisation's mail goes first (the trial's order): the pair has still not been reached.
        var org = Email(h, id, "escalation:3", "pm-org@example.com");
        Assert.Equal(OutboxAttemptOutcome.Delivered, await h.Dispatcher.SendAsync(org.Id, default));
        var orgMail = Sent(h, org.Id);
        var names = string.Join("・", pair.Select(a => a.DisplayName.Split(' ')[0] + "さん")); // 山田さん・佐藤さん
        Assert.Contains($"当番（{names}）には、まだ連絡が届いていません（メールの送信を再試行中です）。", orgMail.TextBody, StringComparison.Ordinal);
        Assert.Contains("当番（", orgMail.HtmlBody, StringComparison.Ordinal);

        // Then the pair's escalation 1: the organisation was paged already — said, not promised in 5 minutes.
        foreach (var a in pair)
        {
            var theirs = Email(h, id, "escalation:1", a.Email!);
            Assert.Equal(OutboxAttemptOutcome.Delivered, await h.Dispatcher.SendAsync(theirs.Id, default));
            var mail = Sent(h, theirs.Id);
            Assert.Contains(a.Language == Language.Ja ? "PM 組織の全員（pm-org@example.com）にも連絡済みです。" : "The whole PM organisation (pm-org@example.com) has been paged too.", mail.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain(a.Language == Language.Ja ? "以内に応答がなければ" : "If nobody acknowledges within", mail.TextBody, StringComparison.Ordinal);
        }

        // The stored message keeps what was queued; only what went out is worded again.
        Assert.Contains("以内に応答がなければ", Email(h, id, "escalation:1", pair.First(a => a.Language == Language.Ja).Email!).TextBody, StringComparison.Ordinal);
    }

    /// <summary>Mail working: the organisation's mail says nothing of the pair's pages (they were delivered), and escalation 1 promises the next step as ever.</summary>
    [Fact]
    public async Task MailWorking_NothingWordedAgain()
    {
        var h = await CreateAsync();
        var id = (await h.Service.CreateAsync(new NewIncident { Title = "決済画面が開かない", Severity = AlertSeverity.Sev1 }, "api", null, default)).Incident.Value.Id;
        await h.DrainQueueAsync();
        foreach (var step in new[] { 1, 2, 3 })
        {
            h.Time.Advance(TimeSpan.FromMinutes(5));
            Assert.Equal([step], await h.Pager.NotifyDueAsync(id, default));
            await h.DrainQueueAsync();
        }

        var org = Sent(h, Email(h, id, "escalation:3", "pm-org@example.com").Id);
        Assert.DoesNotContain("連絡が届いていません", org.TextBody, StringComparison.Ordinal);
        var pair = (await h.IncidentAsync(id)).Assignees;
        var ja = pair.First(a => a.Language == Language.Ja);
        Assert.Contains("以内に応答がなければ", Sent(h, Email(h, id, "escalation:1", ja.Email!).Id).TextBody, StringComparison.Ordinal);
    }
}
