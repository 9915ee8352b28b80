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

    [Fact]
    public async Task Delivered_NoLine()
    {
        var h = await CreateAsync();
        var id = (await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev3 }, "api", null, default)).Incident.Value.Id;
        await h.DrainQueueAsync();
        Assert.Null((await ReadAsync(h, id)).Undelivered);
    }
}
