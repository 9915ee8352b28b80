using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Trial 32a M2: while mail is down nothing on the incident page said that no page had reached anyone (「未対応」 is about the
/// acknowledgement). A line near the top says so, with the last error and the attempts, until a page gets through.
/// </summary>
public sealed class PagesUndeliveredTests
{
    private static readonly SendResult Refused = new SendResult.Transient("SMTP: Connection refused");

    private static async Task<(IncidentDetails Details, PagesUndelivered? Undelivered)> ReadAsync(IncidentHarness h, string id)
    {
        var details = await h.Service.GetAsync(id, default);
        return (details, await new PagesUndeliveredReader(h.Outbox).OfAsync(details, default));
    }

    private static string Page(Language language, IncidentDetails details, PagesUndelivered? undelivered) =>
        TestRenderer.Instance.Page(new IncidentWorkPageNotice(language, details, "W/\"etag\"", new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", T0)
        {
            RequestId = "req-1",
            Undelivered = undelivered,
        });

    [Fact]
    public async Task MailDown_TheLineSaysNobodyWasReachedWithTheErrorAndAttempts_UntilAPageGetsThrough()
    {
        var h = await CreateAsync();
        h.Email.Script(Refused, Refused, Refused, Refused);
        var id = (await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev3 }, "api", null, default)).Incident.Value.Id;
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.DrainQueueAsync(); // the retries: refused again

        var (details, undelivered) = await ReadAsync(h, id);
        Assert.NotNull(undelivered);
        Assert.Equal((2, "SMTP: Connection refused"), (undelivered.Attempts, undelivered.LastError));
        var ja = Page(Language.Ja, details, undelivered);
        Assert.Contains("<p class=\"problem\" role=\"alert\" id=\"undelivered\">まだ誰にも届いていません（メール: SMTP: Connection refused、2回試行）。</p>", ja, StringComparison.Ordinal);
        Assert.True(ja.IndexOf("id=\"undelivered\"", StringComparison.Ordinal) < ja.IndexOf("id=\"facts\"", StringComparison.Ordinal));
        Assert.Contains("No page has reached anyone yet (email: SMTP: Connection refused; 2 attempts).", Page(Language.En, details, undelivered), StringComparison.Ordinal);

        // Mail is back: the retries go out, and the line goes.
        h.Time.Advance(TimeSpan.FromMinutes(2));
        await h.DrainQueueAsync();
        (details, undelivered) = await ReadAsync(h, id);
        Assert.Null(undelivered);
        Assert.DoesNotContain("id=\"undelivered\"", Page(Language.Ja, details, undelivered), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagesGivenUp_TheLineNamesTheGiveUp_AndAnAcknowledgementEndsIt()
    {
        var h = await CreateAsync();
        h.Email.Script(new SendResult.Permanent("SMTP 550: 5.1.1 mailbox unavailable"), new SendResult.Permanent("SMTP 550: 5.1.1 mailbox unavailable"));
        var id = (await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev3 }, "api", null, default)).Incident.Value.Id;
        await h.DrainQueueAsync();

        var (_, undelivered) = await ReadAsync(h, id);
        Assert.NotNull(undelivered);
        Assert.Equal(1, undelivered.Attempts);
        Assert.Contains("5.1.1 mailbox unavailable", undelivered.LastError, StringComparison.Ordinal);

        await h.Service.AcknowledgeAsync(id, (await h.IncidentAsync(id)).Assignees[0].Id, null, default);
        Assert.Null((await ReadAsync(h, id)).Undelivered);
    }

    /// <summary>
    /// Any channel that reaches a person ends the line, not only email: the mail server down, the text to the one duty member with a
    /// number got through — somebody was reached, so nothing says nobody was (before, only the emails' errors were read).
    /// </summary>
    [Fact]
    public async Task MailDown_TextDelivered_NoLine()
    {
        var h = await CreateAsync();
        await h.PhonesForDutyAsync();
        h.Email.Down = true;
        var id = (await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev1 }, "api", null, default)).Incident.Value.Id;
        await h.DrainQueueAsync();

        Assert.Single(h.Sms.Sent);
        Assert.Empty(h.Email.Sent);
        var (details, undelivered) = await ReadAsync(h, id);
        Assert.Null(undelivered);
        Assert.DoesNotContain("id=\"undelivered\"", Page(Language.Ja, details, undelivered), StringComparison.Ordinal);
    }

    /// <summary>The same for a call that got through (calls from the first page, no texts).</summary>
    [Fact]
    public async Task MailDown_CallPlaced_NoLine()
    {
        var h = await CreateAsync();
        h.Sms.Enabled = false;
        h.VoiceOptions.Enabled = true;
        h.VoiceOptions.FromStep = 0;
        await h.PhonesForDutyAsync();
        h.Email.Down = true;
        var id = (await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev1 }, "api", null, default)).Incident.Value.Id;
        await h.DrainQueueAsync();

        Assert.Single(h.Voice.Placed);
        Assert.Empty(h.Sms.Sent);
        Assert.Null((await ReadAsync(h, id)).Undelivered);
    }

    /// <summary>
    /// Mail down and the text failing too: the line names each channel with its own error and attempts, email first (ja 「／」
    /// between them, en " / "); the Teams card that went out is no person and changes nothing.
    /// </summary>
    [Fact]
    public async Task MailAndTextFailing_TheLineNamesEachChannelWithItsOwnError_TheCardIsNoPerson()
    {
        var h = await CreateAsync();
        await h.PhonesForDutyAsync();
        h.Email.Down = true;
        const string NotOurNumber = "ACS refused the SMS send (401 Unauthorized): check Sms__From";
        h.Sms.Script(SenderRefusal.OfPhone(NotOurNumber), SenderRefusal.OfPhone(NotOurNumber));
        var id = (await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev1 }, "api", null, default)).Incident.Value.Id;
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.DrainQueueAsync();

        Assert.Single(h.Teams.Cards);
        var (details, undelivered) = await ReadAsync(h, id);
        Assert.NotNull(undelivered);
        Assert.Equal(
            [(Channel.Email, 2, "SMTP: Connection refused"), (Channel.Sms, 2, SenderRefusal.PhonePrefix + NotOurNumber)],
            undelivered.Failures.Select(f => (f.Channel, f.Attempts, f.Error)));
        // The refused number said as the configuration fault it is, the provider's words after it (not the stored prefix).
        Assert.Contains("<p class=\"problem\" role=\"alert\" id=\"undelivered\">まだ誰にも届いていません（メール: SMTP: Connection refused、2回試行"
            + $"／SMS: 送信元の番号が拒否されました：{NotOurNumber}、2回試行）。</p>", Page(Language.Ja, details, undelivered), StringComparison.Ordinal);
        Assert.Contains($"No page has reached anyone yet (email: SMTP: Connection refused; 2 attempts / SMS: the number texts come from was refused: {NotOurNumber}; 2 attempts).",
            Page(Language.En, details, undelivered), StringComparison.Ordinal);

        // The text gets through at its next try: somebody was reached, the line goes though mail is still down.
        h.Time.Advance(TimeSpan.FromMinutes(2));
        await h.DrainQueueAsync();
        Assert.Single(h.Sms.Sent);
        Assert.Null((await ReadAsync(h, id)).Undelivered);
    }

    /// <summary>A failing Teams card is named too (「Teams: …」), after the person's channels.</summary>
    [Fact]
    public async Task MailAndCardFailing_TheLineNamesTeamsLast()
    {
        var h = await CreateAsync();
        h.Email.Down = true;
        h.Teams.Failure = new SendResult.Transient("Teams webhook: 502 Bad Gateway");
        var id = (await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev3 }, "api", null, default)).Incident.Value.Id;
        await h.DrainQueueAsync();

        var (details, undelivered) = await ReadAsync(h, id);
        Assert.Contains("まだ誰にも届いていません（メール: SMTP: Connection refused、1回試行／Teams: Teams webhook: 502 Bad Gateway、1回試行）。",
            Page(Language.Ja, details, undelivered), StringComparison.Ordinal);
    }

    /// <summary>
    /// A give-up known only from the timeline (a lead's text, not read from the outbox; a text reported undelivered after its
    /// provider took it) is named by its channel with the provider's words, without a count the row does not keep.
    /// </summary>
    [Fact]
    public void Of_TextAcceptedThenReportedUndelivered_NobodyReached_NamedFromTheTimeline()
    {
        var incident = Incident.Open("INC-2026-0007", new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev1 }, [], "sato", T0);
        List<TimelineEntry> timeline =
        [
            new() { At = T0, Kind = TimelineKind.Notified, By = "system", Step = 0, Round = 0, Recipients = ["a@x.jp", "teams"] },
            Incident.DeliveryEntry(0, "teams", "teams", null, T0.AddSeconds(1), 0),
            Incident.DeliveryEntry(0, "sms", "+819012345678", null, T0.AddSeconds(1), 0),
            Incident.DeliveryEntry(0, "email", "a@x.jp", "SMTP 550: 5.1.1 mailbox unavailable", T0.AddSeconds(2), 0),
        ];
        Assert.Null(PagesUndelivered.Of(incident, timeline, []));

        timeline.Add(Incident.DeliveryEntry(0, "sms", "+819012345678", "not delivered (Failed: Blocked by the carrier)", T0.AddSeconds(30), 0));
        var undelivered = PagesUndelivered.Of(incident, timeline, []);

        Assert.NotNull(undelivered);
        Assert.Equal([(Channel.Email, 0, "SMTP 550: 5.1.1 mailbox unavailable"), (Channel.Sms, 0, "not delivered (Failed: Blocked by the carrier)")],
            undelivered.Failures.Select(f => (f.Channel, f.Attempts, f.Error)));
        Assert.Equal("not delivered (Failed: Blocked by the carrier)", undelivered.LastError);
        Assert.False(Incident.Reached(timeline, 0));
        Assert.Contains("まだ誰にも届いていません（メール: SMTP 550: 5.1.1 mailbox unavailable／SMS: not delivered (Failed: Blocked by the carrier)）。",
            TestRenderer.Instance.Page(new IncidentWorkPageNotice(Language.Ja, new IncidentDetails(new(incident, "W/\"1\""), [], timeline), "W/\"etag\"", new FormToken("t", "v"),
                PageVisitor.Anonymous, "Asia/Tokyo", T0) { RequestId = "req-1", Undelivered = undelivered }), StringComparison.Ordinal);

        // An email its provider took and then reported bounced is named as the report says it.
        timeline.Add(Incident.UndeliveredEntry(0, "a@x.jp", "Bounced", "550 5.1.1 no such user", T0.AddSeconds(40), 0));
        Assert.Equal("not delivered (Bounced): 550 5.1.1 no such user", PagesUndelivered.Of(incident, timeline, [])!.Failures[0].Error);
    }

    [Fact]
    public async Task Delivered_NoLine()
    {
        var h = await CreateAsync();
        var id = (await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev3 }, "api", null, default)).Incident.Value.Id;
        await h.DrainQueueAsync();
        Assert.Null((await ReadAsync(h, id)).Undelivered);
    }

    /// <summary>
    /// The leads' step's texts and calls are read as the duty members' are: its row names the member each goes to, so the reader
    /// asks the outbox for <c>…:escalation:2:sms:{member}</c> and <c>…:voice:{member}</c>, and a lead's failing text is named. A row
    /// stored before 12-06 names none: its leads' emails only, as before.
    /// </summary>
    [Fact]
    public void MessageIds_TheLeadsStepsTextsAndCalls_ByTheMembersItsRowNames_ARowFromBeforeItsEmailsOnly()
    {
        var incident = Incident.Open("INC-2026-0007", new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev1 }, [], "sato", T0);
        incident.RecordNotified(0, ["a@x.jp", "teams"], T0);
        incident.RecordNotified(2, ["yamada@x.jp", "org@x.jp", "teams"], T0.AddMinutes(10), null, [new PagedMember("yamada@x.jp", "yamada", "+819011112222")]);
        var timeline = incident.PendingTimeline.ToList();

        var ids = PagesUndelivered.MessageIds(incident, timeline).ToList();
        Assert.Contains("incident:INC-2026-0007:escalation:2:email:yamada@x.jp", ids);
        Assert.Contains("incident:INC-2026-0007:escalation:2:sms:yamada", ids);
        Assert.Contains("incident:INC-2026-0007:escalation:2:voice:yamada", ids);
        Assert.DoesNotContain(ids, id => id.Contains(":sms:org", StringComparison.Ordinal));

        // The lead's text refused and retried, their mail too: the line names both channels, as for a duty member.
        OutboxMessage Failing(string id, Channel channel, string error) => new()
        {
            Id = id, Channel = channel, Recipient = "x", Status = OutboxStatus.Pending, Attempts = 1, LastError = error, NextAttemptAt = T0.AddMinutes(11),
        };
        var undelivered = PagesUndelivered.Of(incident, timeline,
            [Failing("incident:INC-2026-0007:escalation:2:email:yamada@x.jp", Channel.Email, "SMTP: Connection refused"), Failing("incident:INC-2026-0007:escalation:2:sms:yamada", Channel.Sms, "ACS: 401")]);
        Assert.Equal([(Channel.Email, 1, "SMTP: Connection refused"), (Channel.Sms, 1, "ACS: 401")], undelivered!.Failures.Select(f => (f.Channel, f.Attempts, f.Error)));

        // The same step as a release before 12-06 stored it: no member on its row, so no text or call of it is asked for.
        List<TimelineEntry> before = [.. timeline.Select(e => e with { Members = null })];
        Assert.DoesNotContain(PagesUndelivered.MessageIds(incident, before), id => id.Contains(":escalation:2:sms:", StringComparison.Ordinal) || id.Contains(":escalation:2:voice:", StringComparison.Ordinal));
        Assert.Contains("incident:INC-2026-0007:escalation:2:email:yamada@x.jp", PagesUndelivered.MessageIds(incident, before));
    }

    /// <summary>
    /// A storm (Incidents__StormPages 1): the second and third incidents' first pages are held, and the next escalation run tells
    /// them together — one mail per duty member listing both, and one card. Each incident reads that mail: while mail is down the
    /// line names its error and attempts (before, 「（送信待ち）」: its own page ids were never queued); once it goes through, no line.
    /// </summary>
    [Fact]
    public async Task AStormsPagesToldTogether_EachIncidentReadsThatMail_FailingThenDelivered()
    {
        var h = await CreateAsync(o => o.StormPages = 1);
        var ids = new List<string>();
        for (var n = 0; n < 3; n++)
        {
            ids.Add((await h.Intake.IntakeAsync(Notification($"g{n}", Alert("err", severity: AlertSeverity.Sev2)), default)).IncidentId!);
            h.Time.Advance(TimeSpan.FromSeconds(5));
        }

        await h.DrainQueueAsync();
        h.Email.Down = true;
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();

        var held = ids[1..];
        var together = h.Outbox.All.Where(m => m.Topic.StartsWith("escalations:0:", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, together.Count); // a mail to each duty member, one card
        Assert.All(together, m => Assert.Equal(held.Order(StringComparer.Ordinal), m.About.Order(StringComparer.Ordinal)));
        Assert.DoesNotContain(h.Outbox.All, m => held.Any(id => m.Id.StartsWith($"incident:{id}:page:", StringComparison.Ordinal)));
        foreach (var id in held)
        {
            Assert.Equal([new PagesTogether(0, together[0].Topic)], (await h.IncidentAsync(id)).PagesTogether);
            var (details, undelivered) = await ReadAsync(h, id);
            Assert.Equal([(Channel.Email, 1, "SMTP: Connection refused")], undelivered!.Failures.Select(f => (f.Channel, f.Attempts, f.Error)));
            Assert.Contains("<p class=\"problem\" role=\"alert\" id=\"undelivered\">まだ誰にも届いていません（メール: SMTP: Connection refused、1回試行）。</p>",
                Page(Language.Ja, details, undelivered), StringComparison.Ordinal);
        }

        h.Email.Down = false;
        h.Time.Advance(TimeSpan.FromMinutes(2));
        await h.DrainQueueAsync();
        foreach (var id in held)
        {
            Assert.Null((await ReadAsync(h, id)).Undelivered);
        }
    }
}
