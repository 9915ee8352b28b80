using Microsoft.Extensions.Options;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>An escalation step owed and not sent shows on /api/health, whichever instance answers.</summary>
public sealed class EscalationBacklogCheckTests
{
    private static NewIncident Sev1(string title = "Checkout down") => new() { Title = title, Severity = AlertSeverity.Sev1 };

    private static EscalationBacklogCheck Check(IncidentHarness h) => new(h.Incidents, Options.Create(h.Options), h.Time);

    [Fact]
    public async Task StepDueAndNotSent_DegradedAfterFiveMinutesNamingTheOldestUntilTheRunSendsIt()
    {
        var h = await CreateAsync();
        var older = (await h.Service.CreateAsync(Sev1(), "api", null, default)).Incident.Value.Id;
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Service.CreateAsync(Sev1("Login errors"), "api", null, default);
        var acked = (await h.Service.CreateAsync(Sev1("Search slow"), "api", null, default)).Incident.Value.Id;
        await h.Service.AcknowledgeAsync(acked, "sato", null, default);
        Assert.Null(await Check(h).CheckAsync(default));

        h.Time.Advance(TimeSpan.FromMinutes(9)); // step 1 owed for 5 and 4 minutes: not late yet
        Assert.Null(await Check(h).CheckAsync(default));

        h.Time.Advance(TimeSpan.FromMinutes(1.5)); // 6.5 and 5.5 minutes (the acknowledged one owes nothing)
        var reason = await Check(h).CheckAsync(default);
        Assert.Equal($"2 open incidents owe an escalation step for over 5 min; the oldest {older} (step 1, owed 6 min): is EscalateIncidents running? See its log", reason);

        await h.Pager.EscalateOpenIncidentsAsync(default);
        Assert.Null(await Check(h).CheckAsync(default));
    }

    [Fact]
    public async Task StepRecordedAndQueuingFailsEveryRun_Degraded()
    {
        var h = await CreateAsync();
        var id = (await h.Service.CreateAsync(Sev1(), "api", null, default)).Incident.Value.Id;
        h.Time.Advance(TimeSpan.FromMinutes(5));
        h.Outbox.BeforeEnqueue = _ => throw new DependencyUnavailableException("outbox down", new IOException("refused"));
        for (var minute = 0; minute < 6; minute++)
        {
            await h.Pager.EscalateOpenIncidentsAsync(default); // recorded in the first run; queuing fails in every one
            h.Time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.False((await h.IncidentAsync(id)).StepQueued);
        Assert.Equal(1, (await h.IncidentAsync(id)).NotifiedStep);
        Assert.Equal($"1 open incident owes an escalation step for over 5 min; the oldest {id} (step 1, owed 6 min): is EscalateIncidents running? See its log", await Check(h).CheckAsync(default));

        h.Outbox.BeforeEnqueue = null;
        await h.Pager.EscalateOpenIncidentsAsync(default);
        Assert.Null(await Check(h).CheckAsync(default));
    }
}
