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
/// Session 32: an unanswered incident whose escalation 1 reached the pair is handed to a member who comes on duty as the change
/// is saved — not at the next escalation run — on Azurite's tables, with a second app instance's escalation run going at the
/// same moment: the incoming member is paged once, on one timeline row.
/// </summary>
public sealed class HandOverOnSaveTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    // Tuesday 2026-12-01 10:00 in Tokyo.
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AddOverride_OnTheRunningShiftOfAnUnansweredIncident_PagesTheReplacementAsSaved_OnceWhileAnotherInstanceEscalates()
    {
        var time = new FakeTimeProvider(T0);
        var app = new AzuriteApp(azurite, "handover")
            .WithEscalation("pm@onduty.example", "lead@onduty.example")
            .With("Incidents:RotationId", "incident-duty")
            .With("Team:Language", "ja")
            .WithTime(time);
        await using var one = await app.BuildAsync();
        await using var two = app.Build(); // a second instance on the same tables
        await StaggeredPairRotation.SeedAsync(one, "incident-duty", StaggeredPairRotation.FourJapaneseMembers);
        var rotations = one.GetRequiredService<RotationService>();
        var current = (await rotations.GetScheduleAsync("incident-duty", null, 1, default)).Shifts[0];
        await one.GetRequiredService<IRotationRepository>().TryFreezeShiftAsync("incident-duty", new FrozenShift
        {
            ShiftStart = current.StartDate, Week = current.Week, Members = current.MemberIds, Status = FrozenShiftStatus.Announced, FrozenAt = time.GetUtcNow(),
        }, default);
        var incidents = one.GetRequiredService<IncidentService>();
        var id = (await incidents.CreateAsync(new NewIncident { Title = "決済が失敗する", Severity = AlertSeverity.Sev3 }, "api", null, default)).Incident.Value.Id;
        time.Advance(one.GetRequiredService<Microsoft.Extensions.Options.IOptions<IncidentOptions>>().Value.AckTimeouts.For(AlertSeverity.Sev3) + TimeSpan.FromMinutes(1));
        await two.GetRequiredService<Pager>().EscalateOpenIncidentsAsync(default);
        Assert.Equal(1, (await incidents.GetAsync(id, default)).Incident.Value.NotifiedStep);
        var outbox = one.GetRequiredService<IOutboxStore>();
        var (sick, partner) = (current.MemberIds[0], current.MemberIds[1]);
        var others = new[] { "yamada", "sato", "ito", "tanaka" }.Where(m => !current.MemberIds.Contains(m)).ToList();

        // Saved on one instance, no escalation run since: the replacement's escalation 1 is queued, the member taken off told.
        time.Advance(TimeSpan.FromSeconds(20));
        await rotations.AddOverrideAsync("incident-duty", current.Week, sick, others[0], "体調不良", "佐藤 花子", default);
        Assert.NotNull(await outbox.GetAsync($"incident:{id}:escalation:1:email:{others[0]}@onduty.example", default));
        Assert.NotNull(await outbox.GetAsync($"incident:{id}:handedOver:email:{sick}@onduty.example", default));

        // The partner replaced too, saved on one instance while the other's escalation run goes: once.
        time.Advance(TimeSpan.FromSeconds(20));
        await Task.WhenAll(
            Task.Run(() => rotations.AddOverrideAsync("incident-duty", current.Week, partner, others[1], "体調不良", "佐藤 花子", default)),
            Task.Run(() => two.GetRequiredService<Pager>().EscalateOpenIncidentsAsync(default)));
        await two.GetRequiredService<Pager>().EscalateOpenIncidentsAsync(default);

        Assert.NotNull(await outbox.GetAsync($"incident:{id}:escalation:1:email:{others[1]}@onduty.example", default));
        var stored = await incidents.GetAsync(id, default);
        Assert.Equal(others.Order(StringComparer.Ordinal), stored.Incident.Value.Assignees.Select(a => a.Id).Order(StringComparer.Ordinal));
        Assert.Equal(1, stored.Incident.Value.NotifiedStep);
        Assert.True(stored.Incident.Value.StepQueued);
        foreach (var incoming in others)
        {
            Assert.Single(stored.Timeline, e => e.Kind == TimelineKind.Escalated && e.Message == $"handed over unanswered: escalation step 1 to {incoming}@onduty.example");
        }

        Assert.Equal(2, stored.Timeline.Count(e => e.Kind == TimelineKind.DutyChanged));
        Assert.NotNull(await outbox.GetAsync($"incident:{id}:handedOver:email:{partner}@onduty.example", default));
    }
}
