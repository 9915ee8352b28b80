using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Tests.Incidents;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Notifications;

/// <summary>
/// Trial 32a M3: a provider refusing the sender or the relay refuses every page alike. That is a configuration fault, not the
/// recipient's: the pages are retried (as in an outage) and go out once it is fixed; health names it as configuration.
/// </summary>
public sealed class SenderRefusalTests
{
    [Theory]
    [InlineData(550, false, "5.7.1 relay denied for this sender", true)]
    [InlineData(554, false, "Relay access denied", true)]
    [InlineData(550, false, "5.7.1 Sender address rejected: not owned by user", true)]
    [InlineData(530, false, "Authentication required", true)]
    [InlineData(553, true, "mailbox name not allowed", true)] // MAIL FROM: always the sender
    [InlineData(550, false, "5.1.1 User unknown", false)]
    [InlineData(550, false, "5.1.1 <ito@example.com>: Recipient address rejected: User unknown in virtual mailbox table", false)]
    [InlineData(552, false, "5.2.2 Mailbox full", false)]
    [InlineData(550, false, "Requested action not taken: mailbox unavailable", false)]
    [InlineData(451, false, "4.7.1 relay temporarily denied", false)] // a 4xx is retried anyway
    public void IsSmtpSenderRefusal_TheSenderOrRelay_NotTheMailbox(int status, bool toSender, string text, bool expected) =>
        Assert.Equal(expected, SenderRefusal.IsSmtpSenderRefusal(status, toSender, text));

    [Theory]
    [InlineData(400, "BadRequest: The senderAddress is not valid for the domain", true)]
    [InlineData(404, "DomainNotLinked: The specified sender domain has not been linked.", true)]
    [InlineData(400, "InvalidSenderUserName: the sender username is not valid", true)]
    [InlineData(400, "BadRequest: recipients.to[0].address is not a valid email address", false)]
    [InlineData(401, "Denied: senderAddress", false)] // credentials: a permanent refusal of its own
    [InlineData(429, "TooManyRequests", false)]
    [InlineData(500, "InternalError: senderAddress", false)]
    public void IsAcsSenderRefusal_A4xxAboutTheSender(int status, string detail, bool expected) =>
        Assert.Equal(expected, SenderRefusal.IsAcsSenderRefusal(status, detail));

    [Fact]
    public void Of_IsATransientFailureMarkedAsTheSenders_AndTheStoredErrorSaysSo()
    {
        var refused = SenderRefusal.Of("SMTP 550: 5.7.1 relay denied for this sender");

        Assert.True(refused.SenderRefused);
        Assert.True(SenderRefusal.IsIn(refused.Error));
        Assert.False(SenderRefusal.IsIn("SMTP 550: 5.1.1 User unknown"));
        Assert.False(SenderRefusal.IsIn(null));
    }

    [Fact]
    public void OfPhone_TextOrCallSenderRefused_MarkedAsTheSenders_TheProvidersWordsApart()
    {
        const string said = "Twilio refused the credentials (401, 20003: Authenticate): check Sms__Twilio__AccountSid and Sms__Twilio__AuthToken.";
        var refused = SenderRefusal.OfPhone(said);

        Assert.True(refused.SenderRefused);
        Assert.Equal(SenderRefusal.PhonePrefix + said, refused.Error);
        Assert.DoesNotContain("Email__From", refused.Error, StringComparison.Ordinal);
        Assert.True(SenderRefusal.IsIn(refused.Error));
        Assert.Equal(said, SenderRefusal.Answer(refused.Error));
        Assert.Equal("SMTP 550: relay denied", SenderRefusal.Answer(SenderRefusal.Of("SMTP 550: relay denied").Error));
        Assert.Equal("Twilio refused the text for +81… (400, 21610: unsubscribed)", SenderRefusal.Answer("Twilio refused the text for +81… (400, 21610: unsubscribed)"));
    }

    /// <summary>
    /// Every page refused as the sender's: none is given up, the step is not declared unreached (nobody was paged yet, the pages
    /// wait), this instance's health names the sender, and the late-pages line calls it configuration. The fix: the next retry
    /// delivers both, and the warning goes.
    /// </summary>
    [Fact]
    public async Task PagesRefusedForTheSender_AreRetriedNotGivenUp_AndGoOutOnceItIsFixed()
    {
        var h = await CreateAsync();
        var relay = SenderRefusal.Of("SMTP 550: 5.7.1 relay denied for this sender");
        h.Email.Script([.. Enumerable.Repeat<SendResult>(relay, 8)]); // both pages, at 0, 2, 4 and 6 minutes (backoff 30 s, 1 min, 2 min)
        var id = (await h.Service.CreateAsync(new NewIncident { Title = "決済画面が開かない", Severity = AlertSeverity.Sev1 }, "api", null, default)).Incident.Value.Id;
        await h.DrainQueueAsync();

        var pages = h.Outbox.All.Where(m => m.Topic == $"incident:{id}:page" && m.Channel == Channel.Email).ToList();
        Assert.Equal(2, pages.Count);
        Assert.All(pages, p => Assert.Equal(OutboxStatus.Pending, p.Status));
        Assert.All(pages, p => Assert.StartsWith(SenderRefusal.Prefix, p.LastError, StringComparison.Ordinal));
        var timeline = await h.TimelineAsync(id);
        Assert.DoesNotContain(timeline, e => e.Kind is TimelineKind.DeliveryFailed or TimelineKind.Unreached);
        var warning = Assert.Single(h.Warnings.Current);
        Assert.Equal(OutboxDispatcher.SenderWarning, warning.Key);
        Assert.Contains("relay denied for this sender", warning.Value, StringComparison.Ordinal);

        // Retried every Outbox__PageMaxDelay at most, refused again meanwhile: after five minutes health calls it configuration.
        for (var i = 0; i < 3; i++)
        {
            h.Time.Advance(TimeSpan.FromMinutes(2));
            await h.DrainQueueAsync();
        }

        Assert.Empty(h.Email.Sent);
        var late = await new LatePagesCheck(h.Outbox, h.Time).CheckAsync(default);
        Assert.StartsWith("configuration: the email provider refuses the sender (SMTP 550: 5.7.1 relay denied for this sender); 2 pages", late, StringComparison.Ordinal);
        Assert.EndsWith("wait for it, retried until Outbox__PageGiveUpAfter; fix the setting it names; see GET /api/outbox?status=pending", late, StringComparison.Ordinal);

        // Fixed: the script is spent, the next retries go through.
        h.Time.Advance(TimeSpan.FromMinutes(2));
        await h.DrainQueueAsync();
        await h.Dispatcher.RetryDueAsync(default);
        Assert.Equal(2, h.Email.Sent.Count(s => s.Id.StartsWith($"incident:{id}:page:email:", StringComparison.Ordinal)));
        Assert.Empty(h.Warnings.Current);
        Assert.Null(await new LatePagesCheck(h.Outbox, h.Time).CheckAsync(default));
    }
}
