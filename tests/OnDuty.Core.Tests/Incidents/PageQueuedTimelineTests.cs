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
        Assert.Equal("エスカレーション 1 段階目：当番（山田）にもう一度連絡しました（送信待ち）",
            Phrases.For(Language.Ja).Format("Timeline.Text.Queued", "エスカレーション 1 段階目：当番（山田）にもう一度連絡しました"));

        await h.Service.AcknowledgeAsync(id, (await h.IncidentAsync(id)).Assignees[0].Id, null, default);
        timeline = await h.TimelineAsync(id);
        Assert.False(TimelineStory.AwaitingDelivery(Assert.Single(timeline, e => e.Kind == TimelineKind.Escalated), timeline));
    }
}
