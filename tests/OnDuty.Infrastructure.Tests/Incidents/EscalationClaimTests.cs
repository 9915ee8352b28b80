using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Infrastructure.Tests.Rotations;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Incidents;

/// <summary>
/// Two <c>EscalateIncidents</c> runs at once (two instances, or a manual run during the timer's) on Azurite's tables (trial day
/// 32a, M1): each incident's step is claimed by one run, so nobody is told a step twice, in a mail listing several or alone.
/// </summary>
public sealed class EscalationClaimTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    // Tuesday 2026-12-01 10:00 in Tokyo.
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A storm of SEV1s nobody acknowledges: when escalation 1 is due, two instances run the escalation at the same moment, a few
    /// times. Every incident's step 1 is recorded once and is in exactly one message to each of the pair (every mail listing several
    /// names only incidents no other mail to that person names).
    /// </summary>
    [Fact]
    public async Task EscalateOpenIncidents_TwoRunsAtOnce_EachIncidentsStepReachesEachPersonOnce()
    {
        var time = new FakeTimeProvider(T0);
        var app = new AzuriteApp(azurite, "claim").WithEscalation("pm@onduty.example", "lead@onduty.example")
            .With("Incidents:RotationId", "incident-duty").With("Team:Language", "ja").WithTime(time);
        await using var one = await app.BuildAsync();
        await using var two = app.Build();
        await SeedAsync(one);
        var duty = (await one.GetRequiredService<RotationService>().GetOnCallAsync("incident-duty", default)).Members;
        var incidents = one.GetRequiredService<IncidentService>();
        var ids = new List<string>();
        for (var n = 0; n < 16; n++)
        {
            ids.Add((await incidents.CreateAsync(new NewIncident { Title = $"決済が失敗する {n}", Severity = AlertSeverity.Sev1 }, "api", null, default)).Incident.Value.Id);
        }

        time.Advance(TimeSpan.FromMinutes(5));
        for (var round = 0; round < 3; round++)
        {
            using var start = new Barrier(2);
            await Task.WhenAll(
                Task.Run(() => { start.SignalAndWait(); return one.GetRequiredService<Pager>().EscalateOpenIncidentsAsync(default); }),
                Task.Run(() => { start.SignalAndWait(); return two.GetRequiredService<Pager>().EscalateOpenIncidentsAsync(default); }));
        }

        var stepOne = (await one.GetRequiredService<IOutboxStore>().ListAsync(OutboxStatus.Pending, 500, default))
            .Where(m => m.Topic.StartsWith("escalations:1:", StringComparison.Ordinal) || m.Topic.EndsWith(":escalation:1", StringComparison.Ordinal))
            .ToList();
        foreach (var member in duty)
        {
            var told = stepOne.Where(m => Member.SameAddress(m.Recipient, member.Email!))
                .SelectMany(m => m.About.Count > 0 ? m.About : [m.Topic.Split(':')[1]]).ToList();
            Assert.Equal(ids.Order(StringComparer.Ordinal), told.Order(StringComparer.Ordinal)); // each once, none twice
        }

        foreach (var id in ids)
        {
            var stored = await incidents.GetAsync(id, default);
            Assert.Equal((1, true), (stored.Incident.Value.NotifiedStep, stored.Incident.Value.StepQueued));
            Assert.Single(stored.Timeline, e => e.Kind == TimelineKind.Escalated && e.Step == 1);
        }
    }

    /// <summary>
    /// An incident whose step 1 another run claimed a moment ago is left out of this run's mail listing the others; once the
    /// claim's lease has passed and the step is still not queued (that run stopped), the next run tells it on its own, once.
    /// </summary>
    [Fact]
    public async Task EscalateOpenIncidents_StepClaimedByAnotherRun_LeftOutUntilTheClaimLapses()
    {
        var time = new FakeTimeProvider(T0);
        var app = new AzuriteApp(azurite, "claimlapse").WithEscalation("pm@onduty.example", "lead@onduty.example")
            .With("Incidents:RotationId", "incident-duty").With("Team:Language", "ja").WithTime(time);
        await using var one = await app.BuildAsync();
        await SeedAsync(one);
        var duty = (await one.GetRequiredService<RotationService>().GetOnCallAsync("incident-duty", default)).Members;
        var incidents = one.GetRequiredService<IncidentService>();
        var ids = new List<string>();
        for (var n = 0; n < 3; n++)
        {
            ids.Add((await incidents.CreateAsync(new NewIncident { Title = $"ログインが遅い {n}", Severity = AlertSeverity.Sev1 }, "api", null, default)).Incident.Value.Id);
        }

        time.Advance(TimeSpan.FromMinutes(5));
        // Another run claimed the first incident's step 1 just now, and has not queued it yet.
        Assert.Null(await one.GetRequiredService<IIncidentRepository>().TryClaimStepAsync(ids[0], 1, 0, null, time.GetUtcNow(), default));
        var pager = one.GetRequiredService<Pager>();
        await pager.EscalateOpenIncidentsAsync(default);

        var outbox = one.GetRequiredService<IOutboxStore>();
        var together = (await outbox.ListAsync(OutboxStatus.Pending, 500, default)).Where(m => m.Topic.StartsWith("escalations:1:", StringComparison.Ordinal)).ToList();
        Assert.Equal(duty.Count, together.Count);
        Assert.All(together, m => Assert.Equal(ids.Skip(1).Order(StringComparer.Ordinal), m.About.Order(StringComparer.Ordinal)));
        Assert.Null(await outbox.GetAsync($"incident:{ids[0]}:escalation:1:email:{duty[0].Email}", default));
        Assert.False((await incidents.GetAsync(ids[0], default)).Incident.Value.StepQueued);

        time.Advance(Pager.StepClaimLease);
        await pager.EscalateOpenIncidentsAsync(default);
        await pager.EscalateOpenIncidentsAsync(default);

        foreach (var member in duty)
        {
            Assert.NotNull(await outbox.GetAsync($"incident:{ids[0]}:escalation:1:email:{member.Email}", default));
        }

        Assert.Equal(duty.Count, (await outbox.ListAsync(OutboxStatus.Pending, 500, default)).Count(m => m.Topic.StartsWith("escalations:1:", StringComparison.Ordinal)));
        Assert.True((await incidents.GetAsync(ids[0], default)).Incident.Value.StepQueued);
    }

    private static Task SeedAsync(IServiceProvider services) => StaggeredPairRotation.SeedAsync(services, "incident-duty", StaggeredPairRotation.FourJapaneseMembers);
}
