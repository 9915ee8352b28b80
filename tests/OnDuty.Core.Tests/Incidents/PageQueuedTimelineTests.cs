using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using OnDuty.Messages;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Trial 30 M4: the timeline said 「当番に連絡しました」 while the page only waited in the outbox. A page step's row reads as waiting
/// to be sent until a provider took its messages (a delivery row), then as paged.
/// </summary>
public sealed class PageQueuedTimelineTests
{
    private static readonly SendResult Refused = new SendResult.Transient("SMTP: Connection refused");

    [Fact]
    public async Task FirstPageWaitingThroughAMailOutage_ReadsAsWaiting_UntilAProviderTookIt()
    {
        var h = await CreateAsync();
        h.Email.Script(Refused, Refused);
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev3 }, "api", null, default);
        var id = created.Value.Id;
        await h.DrainQueueAsync();
        Assert.Empty(h.Email.Sent);

        var timeline = await h.TimelineAsync(id);
        var paged = Assert.Single(timeline, e => e.Kind == TimelineKind.Notified);
        Assert.True(TimelineStory.AwaitingDelivery(paged, timeline), string.Join("\n", timeline.Select(e => $"{e.Kind} {e.Step} {e.Round} {string.Join(",", e.Recipients)} {e.Message}")));
        Assert.Equal("当番への連絡を送信待ちです", Phrases.For(Language.Ja)["Timeline.Text.Paged.Queued"]);
        Assert.Equal("page to the duty members waiting to be sent", Phrases.For(Language.En)["Timeline.Text.Paged.Queued"]);

        // Mail is back: the retry goes out, a delivery row says so, and the row reads as paged.
        h.Time.Advance(TimeSpan.FromMinutes(3));
        await h.DrainQueueAsync();
        await h.Dispatcher.RetryDueAsync(default);
        await h.DrainQueueAsync();
        Assert.NotEmpty(h.Email.Sent);
        timeline = await h.TimelineAsync(id);
        Assert.Contains(timeline, e => e.Kind == TimelineKind.Delivered && e.Step == 0);
        Assert.False(TimelineStory.AwaitingDelivery(Assert.Single(timeline, e => e.Kind == TimelineKind.Notified), timeline));
    }

    [Fact]
    public async Task EscalationWaiting_ReadsAsWaiting_AndAnAcknowledgementEndsTheWait()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev3 }, "api", null, default);
        var id = created.Value.Id;
        await h.DrainQueueAsync();
        var first = await h.TimelineAsync(id);
        Assert.False(TimelineStory.AwaitingDelivery(Assert.Single(first, e => e.Kind == TimelineKind.Notified), first));

        h.Email.Script(Refused, Refused);
        h.Time.Advance(h.Options.AckTimeouts.For(AlertSeverity.Sev3) + TimeSpan.FromMinutes(1));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();
        var timeline = await h.TimelineAsync(id);
        var escalated = Assert.Single(timeline, e => e.Kind == TimelineKind.Escalated);
        Assert.True(TimelineStory.AwaitingDelivery(escalated, timeline));
        Assert.Equal("エスカレーション1段階目：当番（山田）にもう一度連絡しました（送信待ち）",
            Phrases.For(Language.Ja).Format("Timeline.Text.Queued", "エスカレーション1段階目：当番（山田）にもう一度連絡しました"));

        await h.Service.AcknowledgeAsync(id, (await h.IncidentAsync(id)).Assignees[0].Id, null, default);
        timeline = await h.TimelineAsync(id);
        Assert.False(TimelineStory.AwaitingDelivery(Assert.Single(timeline, e => e.Kind == TimelineKind.Escalated), timeline));
    }

    private static string PageHtml(IncidentHarness h, Incident incident, IReadOnlyList<TimelineEntry> timeline, Language language) =>
        OnDuty.Core.Tests.Fakes.TestRenderer.Instance.Page(new OnDuty.Core.Messages.IncidentWorkPageNotice(
            language, new IncidentDetails(new OnDuty.Core.Common.Versioned<Incident>(incident, "W/\"1\""), [], timeline), "W/\"etag\"",
            new OnDuty.Core.Messages.FormToken("t", "v"), OnDuty.Core.Messages.PageVisitor.Anonymous, "Asia/Tokyo", h.Time.GetUtcNow())
        {
            RequestId = "req-1",
        });

    /// <summary>
    /// Session 43: rows written at the same instant (起票, then 当番に連絡 — the clock does not move between them) read newest
    /// first like the rest of the timeline; a stable sort by time had left them oldest first, the page under the incident it paged.
    /// </summary>
    [Fact]
    public async Task RowsOfTheSameInstant_ReadNewestFirst_ThePageAboveTheOpening()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev3 }, "api", null, default);
        var id = created.Value.Id;
        await h.DrainQueueAsync();
        var timeline = await h.TimelineAsync(id);
        var opened = Assert.Single(timeline, e => e.Kind == TimelineKind.Opened);
        var paged = Assert.Single(timeline, e => e.Kind == TimelineKind.Notified);
        Assert.Equal(opened.At, paged.At);
        Assert.True(timeline.ToList().IndexOf(opened) < timeline.ToList().IndexOf(paged)); // stored in the order they happened

        var ja = PageHtml(h, await h.IncidentAsync(id), timeline, Language.Ja);
        var list = ja[ja.IndexOf("<ol id=\"timeline\">", StringComparison.Ordinal)..];
        Assert.True(list.IndexOf("<b>当番に連絡</b>", StringComparison.Ordinal) is var page and >= 0 && page < list.IndexOf("<b>起票</b>", StringComparison.Ordinal), list);
        var en = PageHtml(h, await h.IncidentAsync(id), timeline, Language.En);
        list = en[en.IndexOf("<ol id=\"timeline\">", StringComparison.Ordinal)..];
        Assert.True(list.IndexOf("<b>Paged the duty members</b>", StringComparison.Ordinal) is var pageEn and >= 0 && pageEn < list.IndexOf("<b>Opened</b>", StringComparison.Ordinal), list);
    }

    /// <summary>Session 32: escalation 1 waited through a mail outage, then someone acknowledged: dropped unsent, the row says so, not "paged".</summary>
    [Fact]
    public async Task EscalationCancelledByAnAcknowledgementBeforeItWentOut_ReadsAsCancelled_NotAsPaged()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev3 }, "api", null, default);
        var id = created.Value.Id;
        await h.DrainQueueAsync();
        h.Email.Script(Refused, Refused);
        h.Time.Advance(h.Options.AckTimeouts.For(AlertSeverity.Sev3) + TimeSpan.FromMinutes(1));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();
        await h.Service.AcknowledgeAsync(id, (await h.IncidentAsync(id)).Assignees[0].Id, null, default);
        // The retry finds it acknowledged: cancelled, nothing sent.
        h.Time.Advance(TimeSpan.FromMinutes(3));
        await h.Dispatcher.RetryDueAsync(default);
        await h.DrainQueueAsync();
        Assert.DoesNotContain(h.Email.Sent, s => s.Id.StartsWith($"incident:{id}:escalation:1:", StringComparison.Ordinal));
        Assert.Contains(h.Outbox.All, m => m.Id.StartsWith($"incident:{id}:escalation:1:email:", StringComparison.Ordinal) && m.Status == OutboxStatus.Cancelled);

        var timeline = await h.TimelineAsync(id);
        var escalated = Assert.Single(timeline, e => e.Kind == TimelineKind.Escalated);
        Assert.Equal(TimelineKind.Acknowledged, TimelineStory.CancelledBy(escalated, timeline));
        Assert.Null(TimelineStory.CancelledBy(Assert.Single(timeline, e => e.Kind == TimelineKind.Notified), timeline)); // the first page went out
        var incident = await h.IncidentAsync(id);
        var ja = PageHtml(h, incident, timeline, Language.Ja);
        Assert.Contains("エスカレーション1段階目は、応答があったため送信を取り消しました", ja, StringComparison.Ordinal);
        Assert.DoesNotContain("にもう一度連絡しました", ja, StringComparison.Ordinal);
        // The first page went out: its row's label says so, once (not 「当番に連絡 — OnDuty（自動）当番に連絡しました」).
        Assert.Contains("<b>当番に連絡</b> <span class=\"meta\">— OnDuty（自動）</span></li>", ja, StringComparison.Ordinal);
        Assert.DoesNotContain("当番に連絡しました", ja, StringComparison.Ordinal);
        Assert.Contains("Escalation step 1 cancelled before it was sent: someone acknowledged", PageHtml(h, incident, timeline, Language.En), StringComparison.Ordinal);
    }

    /// <summary>A first page the resolve dropped before any provider took it says so; one delivered, even after the acknowledgement, reads as paged.</summary>
    [Fact]
    public async Task FirstPageCancelledByTheResolve_ReadsAsCancelled_ADeliveryRecordedAfterTheAckReadsAsPaged()
    {
        var h = await CreateAsync();
        h.Email.Script(Refused, Refused);
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev3 }, "api", null, default);
        var id = created.Value.Id;
        await h.DrainQueueAsync();
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "fixed", null, "sato", null, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(3));
        await h.Dispatcher.RetryDueAsync(default);
        await h.DrainQueueAsync();
        Assert.DoesNotContain(h.Email.Sent, s => s.Id.StartsWith($"incident:{id}:page:", StringComparison.Ordinal));

        var timeline = await h.TimelineAsync(id);
        var paged = Assert.Single(timeline, e => e.Kind == TimelineKind.Notified);
        Assert.Equal(TimelineKind.Resolved, TimelineStory.CancelledBy(paged, timeline));
        var incident = await h.IncidentAsync(id);
        Assert.Contains("当番への連絡は、復旧したため送信を取り消しました", PageHtml(h, incident, timeline, Language.Ja), StringComparison.Ordinal);
        Assert.Contains("Page to the duty members cancelled before it was sent: the incident was resolved", PageHtml(h, incident, timeline, Language.En), StringComparison.Ordinal);

        // Sent just before the resolve, recorded just after: it went out.
        var delivered = new List<TimelineEntry>(timeline) { Incident.DeliveryEntry(0, "email", incident.Assignees[0].Email!, null, h.Time.GetUtcNow()) };
        Assert.Null(TimelineStory.CancelledBy(paged, delivered));
    }

    /// <summary>
    /// Trial 32a M2: mail down through the first page and escalation 1. The first page's retry is dropped for escalation 1 to the
    /// same people: the row says escalation 1 replaces it (not a change of duty), and the first page's row still reads as waiting
    /// until escalation 1 reaches someone.
    /// </summary>
    [Fact]
    public async Task FirstPageReplacedByAQueuedEscalationOne_StillReadsAsWaiting_AndTheRowSaysItWasReplaced()
    {
        var h = await CreateAsync();
        h.Email.Script(Refused, Refused, Refused, Refused); // the first page and escalation 1, to both of the pair
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev3 }, "api", null, default);
        var id = created.Value.Id;
        h.Time.Advance(h.Options.AckTimeouts.For(AlertSeverity.Sev3) + TimeSpan.FromMinutes(1));
        Assert.Equal([1], await h.Pager.NotifyDueAsync(id, default));
        await h.DrainQueueAsync(); // the first page's retries: dropped for escalation 1, which still waits
        Assert.Empty(h.Email.Sent);

        var timeline = await h.TimelineAsync(id);
        var replaced = timeline.Where(e => e.Kind == TimelineKind.DutyChanged && e.Step == 0).ToList();
        Assert.Equal(2, replaced.Count);
        Assert.All(replaced, e => Assert.True(TimelineTexts.IsPageReplaced(e.Message), e.Message));
        Assert.Equal("連絡の置き換え", Phrases.For(Language.Ja)["PmPage.Timeline.PageReplaced"]);
        Assert.Equal("Page replaced", Phrases.For(Language.En)["PmPage.Timeline.PageReplaced"]);
        Assert.True(TimelineStory.AwaitingDelivery(Assert.Single(timeline, e => e.Kind == TimelineKind.Notified), timeline));
        Assert.True(TimelineStory.AwaitingDelivery(Assert.Single(timeline, e => e.Kind == TimelineKind.Escalated), timeline));

        // Mail is back: escalation 1 goes out, and neither row waits any more.
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.DrainQueueAsync();
        timeline = await h.TimelineAsync(id);
        Assert.Contains(timeline, e => e.Kind == TimelineKind.Delivered && e.Step == 1 && e.Recipients[0] != "teams");
        Assert.False(TimelineStory.AwaitingDelivery(Assert.Single(timeline, e => e.Kind == TimelineKind.Notified), timeline));
        Assert.False(TimelineStory.AwaitingDelivery(Assert.Single(timeline, e => e.Kind == TimelineKind.Escalated), timeline));
    }
    /// <summary>
    /// Session 33: the row saying escalation 1 replaces the first page is marked so as data (<see cref="TimelineEntry.PageReplaced"/>):
    /// without its words (the incident text retention) the first page still reads as waiting, not as settled by a change of duty,
    /// and a row stored before the mark (its words only) is still read from its words.
    /// </summary>
    [Fact]
    public async Task FirstPageReplaced_RowMarkedAsData_ReadsAsReplacedWithoutItsWords_AndARowStoredBeforeByItsWords()
    {
        var h = await CreateAsync();
        h.Email.Script(Refused, Refused, Refused, Refused);
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev3 }, "api", null, default);
        var id = created.Value.Id;
        h.Time.Advance(h.Options.AckTimeouts.For(AlertSeverity.Sev3) + TimeSpan.FromMinutes(1));
        Assert.Equal([1], await h.Pager.NotifyDueAsync(id, default));
        await h.DrainQueueAsync();

        var timeline = await h.TimelineAsync(id);
        var replaced = timeline.Where(e => e.Kind == TimelineKind.DutyChanged && e.Step == 0).ToList();
        Assert.Equal(2, replaced.Count);
        Assert.All(replaced, e => Assert.True(e.PageReplaced));
        Assert.DoesNotContain(timeline.Except(replaced), e => e.PageReplaced is not null);

        var withoutWords = timeline.Select(e => e.WithoutText()).ToList();
        Assert.All(withoutWords.Where(e => e.Kind == TimelineKind.DutyChanged && e.Step == 0), e => Assert.True(TimelineTexts.IsPageReplaced(e)));
        Assert.True(TimelineStory.AwaitingDelivery(Assert.Single(withoutWords, e => e.Kind == TimelineKind.Notified), withoutWords));

        var storedBefore = timeline.Select(e => e with { PageReplaced = null }).ToList();
        Assert.All(storedBefore.Where(e => e.Kind == TimelineKind.DutyChanged && e.Step == 0), e => Assert.True(TimelineTexts.IsPageReplaced(e)));
        Assert.True(TimelineStory.AwaitingDelivery(Assert.Single(storedBefore, e => e.Kind == TimelineKind.Notified), storedBefore));
        // A change of duty is no replacement, marked or not.
        Assert.False(TimelineTexts.IsPageReplaced(new TimelineEntry { At = h.Time.GetUtcNow(), Kind = TimelineKind.DutyChanged, Step = 0, Message = "on duty now: ito (was: sato)" }));
    }
}
