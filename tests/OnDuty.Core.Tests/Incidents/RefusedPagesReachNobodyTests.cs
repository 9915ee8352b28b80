using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Trial 32a H1: a page the provider refused reached nobody. A later step is passed over as "reaching nobody new" only for people
/// a page was delivered to (or is still being sent to), never for people every page to whom was given up.
/// </summary>
public sealed class RefusedPagesReachNobodyTests
{
    private static readonly SendResult Refused = new SendResult.Permanent("SMTP 550: 5.1.1 mailbox unavailable");

    private static List<string> EmailsOf(IncidentHarness h, string id, string notice) =>
        [.. h.Outbox.All.Where(m => m.Id.StartsWith($"incident:{id}:{notice}:email:", StringComparison.Ordinal)).Select(m => m.Recipient).Order(StringComparer.Ordinal)];

    private static List<string> SentTo(IncidentHarness h, string id, string notice) =>
        [.. h.Email.Sent.Where(s => s.Id.StartsWith($"incident:{id}:{notice}:email:", StringComparison.Ordinal)).Select(s => s.Message.To).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The only lead is on duty. Every page to the pair (first page, escalation 1) is refused: the leads' step is not passed over
    /// as "paged already" — the lead was never reached — so it goes to the lead, and nothing is skipped.
    /// </summary>
    [Fact]
    public async Task EveryPageToTheLeadOnDutyRefused_TheLeadsStepStillPagesTheLead()
    {
        var h = await CreateAsync();
        h.Email.Script(Refused, Refused, Refused, Refused); // the first page and escalation 1, to both of the pair
        var id = (await h.Service.CreateAsync(new NewIncident { Title = "決済画面が開かない", Severity = AlertSeverity.Sev1 }, "api", null, default)).Incident.Value.Id;
        var lead = (await h.IncidentAsync(id)).Assignees[0].Email!;
        h.Options.Leads = [lead.ToUpperInvariant()];
        await h.DrainQueueAsync();
        Assert.Equal(2, (await h.TimelineAsync(id)).Count(e => e.Kind == TimelineKind.DeliveryFailed && e.Step == 0));

        Assert.Equal(1, await h.Pager.EscalateOpenIncidentsAsync(default)); // nobody reached: step 1 at once
        await h.DrainQueueAsync();
        Assert.Equal(2, (await h.TimelineAsync(id)).Count(e => e.Kind == TimelineKind.DeliveryFailed && e.Step == 1));
        Assert.Equal(1, await h.Pager.EscalateOpenIncidentsAsync(default)); // nobody reached again: step 2 at once
        await h.DrainQueueAsync();

        Assert.Equal([lead.ToUpperInvariant()], EmailsOf(h, id, "escalation:2"));
        Assert.Equal([lead.ToUpperInvariant()], SentTo(h, id, "escalation:2"));
        Assert.Empty(EmailsOf(h, id, "escalation:3"));
        var timeline = await h.TimelineAsync(id);
        Assert.DoesNotContain(timeline, e => e.Kind == TimelineKind.StepSkipped);
        Assert.Equal(2, (await h.IncidentAsync(id)).NotifiedStep);
    }

    /// <summary>The same lead, reached by the first page: the leads' step is passed over as before (nobody new).</summary>
    [Fact]
    public async Task TheLeadOnDutyWasReached_TheLeadsStepIsStillPassedOver()
    {
        var h = await CreateAsync();
        var id = (await h.Service.CreateAsync(new NewIncident { Title = "決済画面が開かない", Severity = AlertSeverity.Sev1 }, "api", null, default)).Incident.Value.Id;
        var lead = (await h.IncidentAsync(id)).Assignees[0].Email!;
        h.Options.Leads = [lead];
        await h.DrainQueueAsync();

        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal([1], await h.Pager.NotifyDueAsync(id, default));
        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal([3], await h.Pager.NotifyDueAsync(id, default));
        Assert.Empty(EmailsOf(h, id, "escalation:2"));
        var skipped = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.StepSkipped);
        Assert.Equal($"step 2 reaches nobody new: {lead} paged already", skipped.Message);
    }

    /// <summary>
    /// The step-0-vs-1 case: the first page waits for a retry (mail down) when escalation 1 is queued to the same member, and
    /// escalation 1's email to them is refused. The first page is not dropped as superseded: it is sent when it is retried.
    /// </summary>
    [Fact]
    public async Task FirstPageWaiting_EscalationOneToTheSameMemberRefused_TheFirstPageIsStillSent()
    {
        var h = await CreateAsync();
        var down = new SendResult.Transient("SMTP: Connection refused");
        h.Email.Script(down, down);
        var id = (await h.Service.CreateAsync(new NewIncident { Title = "決済画面が開かない", Severity = AlertSeverity.Sev3 }, "api", null, default)).Incident.Value.Id;
        await h.DrainQueueAsync();
        var pair = await h.DutyEmailsAsync();
        Assert.Empty(h.Email.Sent);

        h.Time.Advance(TimeSpan.FromMinutes(61));
        h.Email.Script(Refused, Refused);
        Assert.Equal([1], await h.Pager.NotifyDueAsync(id, default));
        foreach (var step1 in h.Outbox.All.Where(m => m.Topic == $"incident:{id}:escalation:1" && m.Channel == Channel.Email).ToList())
        {
            await h.Dispatcher.SendAsync(step1.Id, default);
        }

        Assert.Equal(2, (await h.TimelineAsync(id)).Count(e => e.Kind == TimelineKind.DeliveryFailed && e.Step == 1));

        // The first page's retries come now (mail back for it).
        await h.DrainQueueAsync();
        await h.Dispatcher.RetryDueAsync(default);
        await h.DrainQueueAsync();
        Assert.Equal(pair, SentTo(h, id, "page"));
        Assert.DoesNotContain(await h.TimelineAsync(id), e => e.Kind == TimelineKind.DutyChanged && e.Step == 0);
    }
    /// <summary>
    /// Trial 36 H1: the mail server is down (every send fails and is retried). The only lead is on duty; the first page and escalation
    /// 1 to the pair are still being retried when the leads' step is due. Nothing reached the lead, so the leads' step pages them
    /// (not 「すでに呼び出し済み」) — the organisation comes after it as usual, not at once.
    /// </summary>
    [Fact]
    public async Task MailDown_EveryPageToTheLeadOnDutyStillRetrying_TheLeadsStepStillPagesTheLead()
    {
        var h = await CreateAsync();
        h.Email.Down = true;
        var id = (await h.Service.CreateAsync(new NewIncident { Title = "決済画面が開かない", Severity = AlertSeverity.Sev1 }, "api", null, default)).Incident.Value.Id;
        var lead = (await h.IncidentAsync(id)).Assignees[0].Email!;
        h.Options.Leads = [lead];
        await h.DrainQueueAsync();

        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal([1], await h.Pager.NotifyDueAsync(id, default));
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal([2], await h.Pager.NotifyDueAsync(id, default));
        Assert.Equal([lead], EmailsOf(h, id, "escalation:2"));
        Assert.Empty(EmailsOf(h, id, "escalation:3"));
        Assert.DoesNotContain(await h.TimelineAsync(id), e => e.Kind == TimelineKind.StepSkipped);
        Assert.Empty(h.Email.Sent);
    }

    /// <summary>The same, with the first page reached the lead before the mail server went down: passed over as paged already.</summary>
    [Fact]
    public async Task MailDownAfterTheFirstPageReachedTheLead_TheLeadsStepIsPassedOver()
    {
        var h = await CreateAsync();
        var id = (await h.Service.CreateAsync(new NewIncident { Title = "決済画面が開かない", Severity = AlertSeverity.Sev1 }, "api", null, default)).Incident.Value.Id;
        var lead = (await h.IncidentAsync(id)).Assignees[0].Email!;
        h.Options.Leads = [lead];
        await h.DrainQueueAsync();
        h.Email.Down = true;

        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal([1], await h.Pager.NotifyDueAsync(id, default));
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal([3], await h.Pager.NotifyDueAsync(id, default));
        Assert.Empty(EmailsOf(h, id, "escalation:2"));
        Assert.Equal($"step 2 reaches nobody new: {lead} paged already", Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.StepSkipped).Message);
    }
}
