using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Whoever a confidential incident's page, escalation step or call for help reached may read its page (<see cref="ReachedReader"/>):
/// recorded when the page is queued, or, for an incident marked confidential later, from what its timeline says reached whom; a
/// failure to record never holds the page back.
/// </summary>
public sealed class ConfidentialReachedTests
{
    private static NewIncident Leak(bool confidential) => new() { Title = "顧客リストの流出の疑い", Severity = AlertSeverity.Sev2, Confidential = confidential };

    [Fact]
    public async Task Confidential_PagedEscalatedAndCalled_EachAddressRecordedOnce_WithItsKind()
    {
        var h = await CreateAsync();
        var id = (await h.Service.CreateAsync(Leak(confidential: true), "api", null, default)).Incident.Value.Id;
        var pair = await h.DutyEmailsAsync();
        Assert.Equal(pair.Select(a => (a, ReachedReader.Paged)), h.Readers.ReachedOn(id));

        // Unanswered: the leads' step and the organisation's; then a call for help to the organisation and one to a member by name.
        for (var i = 0; i < 3; i++)
        {
            h.Time.Advance(h.Options.AckTimeouts.For(AlertSeverity.Sev2));
            await h.Pager.EscalateOpenIncidentsAsync(default);
        }

        await h.Service.CallForHelpAsync(id, "api", null, null, default);
        await h.Service.CallForHelpAsync(id, "api", null, null, default, asked: "emma");
        await h.DrainQueueAsync();

        var reached = h.Readers.ReachedOn(id).ToDictionary(r => r.Address, r => r.Kind);
        Assert.Equal(ReachedReader.Paged, reached["lead@example.com"]);
        Assert.Equal(ReachedReader.Paged, reached["pm-org@example.com"]); // the step reached it first; the call asked it again
        Assert.Equal(ReachedReader.Asked, reached["emma@example.com"]);
        Assert.All(pair, a => Assert.Equal(ReachedReader.Paged, reached[a]));
        Assert.Equal(pair.Count + 3, reached.Count);
    }

    [Fact]
    public async Task NotConfidential_NothingRecorded_ThenMarked_ThoseReachedSoFarRecorded()
    {
        var h = await CreateAsync();
        var id = (await h.Service.CreateAsync(Leak(confidential: false), "api", null, default)).Incident.Value.Id;
        h.Time.Advance(h.Options.AckTimeouts.For(AlertSeverity.Sev2) * 2);
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.Service.CallForHelpAsync(id, "api", null, null, default, asked: "emma");
        await h.Service.CallForHelpAsync(id, "api", null, null, default);
        await h.DrainQueueAsync();
        Assert.Empty(h.Readers.ReachedOn(id));

        await h.Service.MarkConfidentialAsync(id, true, "sato", default);

        var reached = h.Readers.ReachedOn(id).ToDictionary(r => r.Address, r => r.Kind);
        Assert.All(await h.DutyEmailsAsync(), a => Assert.Equal(ReachedReader.Paged, reached[a]));
        Assert.Equal(ReachedReader.Paged, reached["lead@example.com"]);
        Assert.Equal(ReachedReader.Asked, reached["emma@example.com"]);
        Assert.Equal(ReachedReader.Asked, reached["pm-org@example.com"]);
    }

    [Fact]
    public async Task RecordingFails_PageQueuedAllTheSame()
    {
        var h = await CreateAsync();
        h.Readers.RecordFails = new OnDuty.Core.Common.DependencyUnavailableException("Table storage", new TimeoutException("gone"));

        var id = (await h.Service.CreateAsync(Leak(confidential: true), "api", null, default)).Incident.Value.Id;
        await h.DrainQueueAsync();

        Assert.Equal(await h.DutyEmailsAsync(), h.Outbox.All.Where(m => m.Id.StartsWith($"incident:{id}:page:email:", StringComparison.Ordinal)).Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.Empty(h.Readers.ReachedOn(id));
        Assert.True((await h.IncidentAsync(id)).StepQueued);
    }
}
