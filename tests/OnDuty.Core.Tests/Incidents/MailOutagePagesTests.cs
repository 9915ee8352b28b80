using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Trial 36 H1: mail down while a SEV1 escalates to the organisation. Once mail is back, the pages waiting for a later retry go at
/// once, oldest first, each once — the pair's page no longer arrives after the organisation's by a minute of backoff.
/// (How they are worded then: <see cref="MailOutageWordingTests"/>.)
/// </summary>
public sealed class MailOutagePagesTests
{
    private static List<(string Id, string To, string Text)> Sent(IncidentHarness h, string id) =>
        [.. h.Email.Sent.Where(s => s.Id.StartsWith($"incident:{id}:", StringComparison.Ordinal)).Select(s => (s.Id, s.Message.To, s.Message.TextBody))];

    /// <summary>
    /// Mail back: the organisation's retry happens to come first (its backoff ended first); once it goes through, the pages waiting
    /// for a later retry go at once, oldest first — the pair's escalation 1, then the lead's step — not a minute later.
    /// </summary>
    [Fact]
    public async Task MailBack_WaitingPagesGoAtOnceOldestFirst_EachOnce()
    {
        var h = await CreateAsync();
        h.Email.Down = true;
        var id = (await h.Service.CreateAsync(new NewIncident { Title = "決済画面が開かない", Severity = AlertSeverity.Sev1 }, "api", null, default)).Incident.Value.Id;
        var pair = await h.DutyEmailsAsync();
        var lead = (await h.IncidentAsync(id)).Assignees[1].Email;
        h.Options.Leads = [lead];
        await h.DrainQueueAsync();
        for (var step = 1; step <= 3; step++)
        {
            h.Time.Advance(TimeSpan.FromMinutes(5));
            await h.Pager.EscalateOpenIncidentsAsync(default);
            await h.DrainQueueAsync();
        }

        Assert.Empty(h.Email.Sent);
        h.Email.Down = false;
        var org = h.Outbox.All.Single(m => m.Id.StartsWith($"incident:{id}:escalation:3:email:", StringComparison.Ordinal));
        var pending = h.Outbox.All.Where(m => m.Status == OutboxStatus.Pending && m.Channel == Channel.Email && m.Id != org.Id).ToList();
        Assert.All(pending, m => Assert.True(m.Attempts > 0));
        Assert.True(await h.Outbox.BringForwardAsync(org.Id, h.Time.GetUtcNow(), default)); // its retry due first
        Assert.Contains(pending, m => m.NextAttemptAt > h.Time.GetUtcNow());

        Assert.Equal(OutboxAttemptOutcome.Delivered, await h.Dispatcher.SendAsync(org.Id, default));

        var sent = Sent(h, id);
        Assert.Equal(org.Id, sent[0].Id);
        Assert.Equal(pair, sent.Skip(1).Take(2).Select(s => s.To).Order(StringComparer.Ordinal));
        Assert.All(sent.Skip(1).Take(2), s => Assert.Contains(":escalation:1:", s.Id, StringComparison.Ordinal));
        Assert.Equal(lead, sent[3].To);
        Assert.Contains(":escalation:2:", sent[3].Id, StringComparison.Ordinal);
        Assert.Equal(sent.Count, sent.Select(s => s.Id).Distinct().Count());
        Assert.DoesNotContain(h.Outbox.All, m => m.Channel == Channel.Email && m.Status == OutboxStatus.Pending);

        // The retries signalled for later find nothing left to send.
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.DrainQueueAsync();
        await h.Dispatcher.RetryDueAsync(default);
        Assert.Equal(sent.Count, Sent(h, id).Count);
    }
}
