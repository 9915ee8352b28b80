using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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
/// Session 33 (trial 32a leftovers): a page to the pair an unanswered incident was handed over to is claimed like an escalation
/// step (the incident, its round and step, and the members it goes to), on Azurite's tables: the save hook on one instance and an
/// escalation run on another never both send the incoming member their page — one alone and one in a storm's digest.
/// </summary>
public sealed class HandOverClaimTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    // Tuesday 2026-12-01 10:00 in Tokyo.
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A storm of SEV1s waits unanswered after escalation 1; one of the pair is replaced (the hand-over recorded, as the save hook
    /// does) and the hook's page of the first incident is claimed and not queued yet. The other instance's escalation run leaves it
    /// out (its step's first claim is long past its lease, which before this sent it again alone) and tells the others; once the
    /// claim's lease has passed and it is still not queued (the hook stopped), a run sends it, once.
    /// </summary>
    [Fact]
    public async Task EscalateOpenIncidents_HandedOverPageClaimedByTheSaveHook_LeftOutUntilTheClaimLapses()
    {
        var time = new FakeTimeProvider(T0);
        var (one, two, ids, current) = await StormAfterEscalationOneAsync("handoverclaim", time, count: 3);
        await using var _ = one;
        await using var __ = two;
        var repository = one.GetRequiredService<IIncidentRepository>();
        var roster = (await one.GetRequiredService<RotationService>().GetOnCallAsync("incident-duty", default)).Roster;
        var incoming = Others(current)[0];
        var duty = new[] { AssignedMember.From(roster[incoming]), AssignedMember.From(roster[current.MemberIds[1]]) };
        var timeouts = one.GetRequiredService<IOptions<IncidentOptions>>().Value.AckTimeouts;

        time.Advance(TimeSpan.FromMinutes(1));
        foreach (var id in ids)
        {
            Assert.True((await repository.MutateAsync(id, i => i.HandOverUnanswered(duty, time.GetUtcNow(), timeouts), default)).Value.ClaimTo() is not null);
        }

        var first = (await repository.GetAsync(ids[0], default))!.Value;
        Assert.Equal(string.Join(",", new[] { incoming, current.MemberIds[1] }.Order(StringComparer.Ordinal)), first.ClaimTo());
        Assert.Null(await repository.TryClaimStepAsync(ids[0], 1, 0, first.ClaimTo(), time.GetUtcNow(), default));

        await two.GetRequiredService<Pager>().EscalateOpenIncidentsAsync(default);

        var outbox = one.GetRequiredService<IOutboxStore>();
        Assert.Equal(ids.Skip(1).Order(StringComparer.Ordinal), (await StepOneToAsync(outbox, incoming)).Order(StringComparer.Ordinal));
        Assert.False((await repository.GetAsync(ids[0], default))!.Value.StepQueued);

        time.Advance(Pager.StepClaimLease);
        await two.GetRequiredService<Pager>().EscalateOpenIncidentsAsync(default);
        await one.GetRequiredService<Pager>().EscalateOpenIncidentsAsync(default);

        Assert.Equal(ids.Order(StringComparer.Ordinal), (await StepOneToAsync(outbox, incoming)).Order(StringComparer.Ordinal));
        Assert.True((await repository.GetAsync(ids[0], default))!.Value.StepQueued);
    }

    /// <summary>
    /// The same storm; one of the pair is replaced, saved on one instance (its hook hands every incident over and tells the incoming
    /// member together) while the other instance's escalation run goes, at the same moment, a few times over: the incoming member
    /// hears of each incident exactly once, in a digest or alone, and each incident is handed over on one timeline row.
    /// </summary>
    [Fact]
    public async Task AddOverride_WhileAnotherInstanceEscalates_TheIncomingMemberHearsOfEachIncidentOnce()
    {
        var time = new FakeTimeProvider(T0);
        var (one, two, ids, current) = await StormAfterEscalationOneAsync("handoverrace", time, count: 8);
        await using var _ = one;
        await using var __ = two;
        var incoming = Others(current)[0];

        time.Advance(TimeSpan.FromSeconds(20));
        using (var start = new Barrier(3))
        {
            await Task.WhenAll(
                Task.Run(() => { start.SignalAndWait(); return one.GetRequiredService<RotationService>().AddOverrideAsync("incident-duty", current.Week, current.MemberIds[0], incoming, "体調不良", "佐藤 花子", default); }),
                Task.Run(() => { start.SignalAndWait(); return two.GetRequiredService<Pager>().EscalateOpenIncidentsAsync(default); }),
                Task.Run(async () => { start.SignalAndWait(); await Task.Delay(30); await two.GetRequiredService<Pager>().EscalateOpenIncidentsAsync(default); }));
        }

        await two.GetRequiredService<Pager>().EscalateOpenIncidentsAsync(default);
        await one.GetRequiredService<Pager>().EscalateOpenIncidentsAsync(default);

        var told = await StepOneToAsync(one.GetRequiredService<IOutboxStore>(), incoming);
        Assert.Equal(ids.Order(StringComparer.Ordinal), told.Order(StringComparer.Ordinal)); // each once, none twice
        var incidents = one.GetRequiredService<IncidentService>();
        foreach (var id in ids)
        {
            var stored = await incidents.GetAsync(id, default);
            Assert.True(stored.Incident.Value.StepQueued);
            Assert.Single(stored.Timeline, e => e.Kind == TimelineKind.Escalated && e.Message == $"handed over unanswered: escalation step 1 to {incoming}@onduty.example");
        }
    }

    /// <summary>Two instances on one set of tables; <paramref name="count"/> SEV1s nobody answered, escalation 1 told to the pair together.</summary>
    private async Task<(ServiceProvider One, ServiceProvider Two, List<string> Ids, ScheduledShift Current)> StormAfterEscalationOneAsync(string name, FakeTimeProvider time, int count)
    {
        var app = new AzuriteApp(azurite, name).WithEscalation("pm@onduty.example", "lead@onduty.example")
            .With("Incidents:RotationId", "incident-duty").With("Team:Language", "ja").WithTime(time);
        var one = await app.BuildAsync();
        var two = app.Build();
        await StaggeredPairRotation.SeedAsync(one, "incident-duty", StaggeredPairRotation.FourJapaneseMembers);
        var rotations = one.GetRequiredService<RotationService>();
        var current = (await rotations.GetScheduleAsync("incident-duty", null, 1, default)).Shifts[0];
        await one.GetRequiredService<IRotationRepository>().TryFreezeShiftAsync("incident-duty", new FrozenShift
        {
            ShiftStart = current.StartDate, Week = current.Week, Members = current.MemberIds, Status = FrozenShiftStatus.Announced, FrozenAt = time.GetUtcNow(),
        }, default);
        var incidents = one.GetRequiredService<IncidentService>();
        var ids = new List<string>();
        for (var n = 0; n < count; n++)
        {
            ids.Add((await incidents.CreateAsync(new NewIncident { Title = $"決済が失敗する {n}", Severity = AlertSeverity.Sev1 }, "api", null, default)).Incident.Value.Id);
        }

        time.Advance(one.GetRequiredService<IOptions<IncidentOptions>>().Value.AckTimeouts.For(AlertSeverity.Sev1) + TimeSpan.FromMinutes(1));
        await two.GetRequiredService<Pager>().EscalateOpenIncidentsAsync(default);
        foreach (var id in ids)
        {
            Assert.Equal((1, true), ((await incidents.GetAsync(id, default)).Incident.Value.NotifiedStep, (await incidents.GetAsync(id, default)).Incident.Value.StepQueued));
        }

        return (one, two, ids, current);
    }

    private static List<string> Others(ScheduledShift current) =>
        [.. StaggeredPairRotation.FourJapaneseMembers.Select(m => m.Id).Where(m => !current.MemberIds.Contains(m))];

    /// <summary>The incidents each step-1 mail to <paramref name="memberId"/> names, as many times as it is named (a digest's, or an incident's own).</summary>
    private static async Task<List<string>> StepOneToAsync(IOutboxStore outbox, string memberId) =>
        [.. (await outbox.ListAsync(OutboxStatus.Pending, 500, default))
            .Where(m => m.Channel == Channel.Email && Member.SameAddress(m.Recipient, $"{memberId}@onduty.example"))
            .Where(m => m.Topic.StartsWith("escalations:1:", StringComparison.Ordinal) || m.Topic.EndsWith(":escalation:1", StringComparison.Ordinal))
            .SelectMany(m => m.About.Count > 0 ? m.About : [m.Topic.Split(':')[1]])];
}
