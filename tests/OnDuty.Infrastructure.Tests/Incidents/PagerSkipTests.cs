using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Infrastructure.Tests.Fakes;
using OnDuty.Infrastructure.Tests.Rotations;
using OnDuty.Messages;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Incidents;

/// <summary>
/// The leads' step when the only lead is on duty (trial day 28, H1), on Azurite's tables with two app instances escalating at once:
/// the step is passed over and the organisation paged when it was due, once, with the reason on the timeline.
/// </summary>
public sealed class PagerSkipTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    // Tuesday 2026-12-01 10:00 in Tokyo.
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// SEV1, nobody acknowledges, the only lead (by address, another case) is one of the pair: step 1 goes to the pair and names
    /// the organisation as next; when step 2 is due, two instances run the escalation together and the organisation's list is
    /// paged once (no step-2 mail to anyone), the timeline saying the lead was paged already; later runs add nothing. An incident
    /// acknowledged meanwhile gets no further step.
    /// </summary>
    [Fact]
    public async Task EscalateOpenIncidents_TheOnlyLeadOnDuty_TwoInstances_SkipTheLeadsStepAndPageTheOrganisationOnce()
    {
        var time = new FakeTimeProvider(T0);
        var app = new AzuriteApp(azurite, "skip")
            .WithEscalation("pm@onduty.example", "placeholder@onduty.example")
            .With("Incidents:RotationId", "incident-duty")
            .With("Team:Language", "ja")
            .WithEmail(new RecordingEmailSender())
            .WithTime(time);
        await using var one = await app.BuildAsync();
        await using var two = app.Build(); // a second instance on the same tables
        await SeedAsync(one);
        var duty = (await one.GetRequiredService<RotationService>().GetOnCallAsync("incident-duty", default)).Members;
        Assert.Equal(2, duty.Count);
        var lead = duty[0];
        foreach (var provider in new[] { one, two })
        {
            provider.GetRequiredService<IOptions<IncidentOptions>>().Value.Leads = [lead.Email.ToUpperInvariant()];
        }

        var incidents = one.GetRequiredService<IncidentService>();
        async Task BothRunAsync() => await Task.WhenAll(
            Task.Run(() => one.GetRequiredService<Pager>().EscalateOpenIncidentsAsync(default)),
            Task.Run(() => two.GetRequiredService<Pager>().EscalateOpenIncidentsAsync(default)));

        // A minute apart, so each reaches step 1 in a run of its own: two due together are told in one mail (「障害2件」).
        var acknowledged = (await incidents.CreateAsync(new NewIncident { Title = "ログインが遅い", Severity = AlertSeverity.Sev1 }, "api", null, default)).Incident.Value.Id;
        time.Advance(TimeSpan.FromMinutes(1));
        var id = (await incidents.CreateAsync(new NewIncident { Title = "決済が失敗する", Severity = AlertSeverity.Sev1 }, "api", null, default)).Incident.Value.Id;
        time.Advance(TimeSpan.FromMinutes(4));
        await BothRunAsync();
        Assert.Equal(1, (await incidents.GetAsync(acknowledged, default)).Incident.Value.NotifiedStep);
        time.Advance(TimeSpan.FromMinutes(1));
        await BothRunAsync();
        await incidents.AcknowledgeAsync(acknowledged, duty[1].Id, null, default);
        var outbox = one.GetRequiredService<IOutboxStore>();
        var toPair = (await outbox.GetAsync($"incident:{id}:escalation:1:email:{duty[1].Email}", default))!;
        Assert.Contains("5分以内に応答がなければ、PM 組織の全員（pm@onduty.example）に連絡します。", toPair.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("もう一度", toPair.TextBody, StringComparison.Ordinal);
        // The lead's escalation 1 went out (mail working): the lead was reached, so "paged already" holds (trial 36 H1: unreached, they would be paged again).
        Assert.Equal(OutboxAttemptOutcome.Delivered, await one.GetRequiredService<OutboxDispatcher>().SendAsync($"incident:{id}:escalation:1:email:{lead.Email}", default));

        time.Advance(TimeSpan.FromMinutes(5));
        await BothRunAsync();
        await BothRunAsync();
        time.Advance(TimeSpan.FromMinutes(5));
        await BothRunAsync();

        Assert.NotNull(await outbox.GetAsync($"incident:{id}:escalation:3:email:pm@onduty.example", default));
        Assert.Null(await outbox.GetAsync($"incident:{id}:escalation:2:email:{lead.Email.ToUpperInvariant()}", default));
        Assert.Null(await outbox.GetAsync($"incident:{id}:escalation:2:email:{lead.Email}", default));
        Assert.Null(await outbox.GetAsync($"incident:{acknowledged}:escalation:3:email:pm@onduty.example", default));

        var stored = await incidents.GetAsync(id, default);
        Assert.Equal(3, stored.Incident.Value.NotifiedStep);
        var skipped = Assert.Single(stored.Timeline, e => e.Kind == TimelineKind.StepSkipped);
        Assert.Equal((2, $"step 2 reaches nobody new: {lead.Email.ToUpperInvariant()} paged already"), (skipped.Step, skipped.Message));
        Assert.Equal([1, 3], stored.Timeline.Where(e => e.Kind == TimelineKind.Escalated).Select(e => e.Step!.Value).Order());
        Assert.Equal(
            $"リーダー（{lead.DisplayName}）はすでに呼び出し済みのため省略し、すぐ次の段階に進みました",
            TimelineText.For(skipped.Kind, skipped.Message, Language.Ja, a => lead.IsMailedAt(a) ? lead.DisplayName : null));
        Assert.Equal(1, (await incidents.GetAsync(acknowledged, default)).Incident.Value.NotifiedStep);
    }

    private static Task SeedAsync(IServiceProvider services) => StaggeredPairRotation.SeedAsync(services, "incident-duty", StaggeredPairRotation.FourJapaneseMembers);
}
