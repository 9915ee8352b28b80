using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Tests.Alerts;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// A log search rule with "Automatically resolve alerts" off (<c>autoMitigate: false</c>) is stateless: it fires a new alert instance
/// (a new <c>essentials.alertId</c>) at every evaluation that matches and never sends <c>Resolved</c> ("Stateless alerts fire each time
/// the condition is met … The alert condition for all stateless alerts is always fired", learn.microsoft.com/azure/azure-monitor/alerts/alerts-types).
/// Nothing in the common schema says which kind a rule is; a stateful rule does not fire again until it resolved. So a second instance
/// of the rule's series firing while the first still fires folds into the open incident (nobody paged again) and is kept as an alert
/// that resolves only by hand, which the incident then says.
/// </summary>
public sealed class AlertIntakeAzureStatelessTests
{
    private const string Instance = "/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.AlertsManagement/alerts/22222222-0000-0000-0000-00000000000";

    /// <summary>Evaluation <paramref name="n"/> of the documented Log Alerts V2 rule: a new alertId and originAlertId each, Fired now.</summary>
    private static AlertNotification LogSearch(IncidentHarness h, int n, string condition = "Fired") =>
        AlertSamples.ParseOk(AlertSources.AzureMonitor, AlertSamples.Mutate("azure-monitor-log-search-fired.json", root =>
        {
            var essentials = root["data"]!["essentials"]!.AsObject();
            essentials["alertId"] = Instance + n;
            essentials["originAlertId"] = $"33333333-0000-0000-0000-00000000000{n}";
            essentials["monitorCondition"] = condition;
            essentials["firedDateTime"] = h.Time.GetUtcNow().ToString("O");
        }));

    [Fact]
    public async Task SecondInstanceWhileTheFirstFires_FoldsNobodyPagedAgain_ResolvesOnlyByHand()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(LogSearch(h, 1), default)).IncidentId!;
        await h.Intake.DrainAsync(default);
        var pagesBefore = h.Outbox.All.Count(m => m.Id.StartsWith($"incident:{id}:page:", StringComparison.Ordinal));
        h.Time.Advance(TimeSpan.FromMinutes(5));

        var second = await h.Intake.IntakeAsync(LogSearch(h, 2), default);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        var third = await h.Intake.IntakeAsync(LogSearch(h, 3), default);
        await h.Intake.DrainAsync(default);

        Assert.Equal((AlertIntakeOutcome.Folded, id), Outcome(second));
        Assert.Equal((AlertIntakeOutcome.Folded, id), Outcome(third));
        Assert.Equal(1, h.Incidents.Count);
        Assert.True((await h.IncidentAsync(id)).IsOpen);
        Assert.Equal(pagesBefore, h.Outbox.All.Count(m => m.Id.StartsWith($"incident:{id}:page:", StringComparison.Ordinal)));
        var tracked = (await h.Incidents.GetAlertsAsync(id, default)).Select(a => a.Value).ToDictionary(a => a.DedupKey);
        Assert.Equal(3, tracked.Count);
        Assert.All(tracked.Values, a => Assert.Equal(AlertStatus.Firing, a.Status));
        // The first could still have been a stateful rule's; each later one shows the rule is stateless.
        Assert.False(tracked[Instance + 1].ResolvesOnlyByHand);
        Assert.True(tracked[Instance + 2].ResolvesOnlyByHand);
        Assert.True(tracked[Instance + 3].ResolvesOnlyByHand);
    }

    /// <summary>A stateful rule's next instance comes after the last resolved: it reopens as before and is not taken for stateless.</summary>
    [Fact]
    public async Task NextInstanceAfterTheFirstResolved_NotResolvedByHand()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(LogSearch(h, 1), default)).IncidentId!;
        h.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal((AlertIntakeOutcome.Resolved, id), Outcome(await h.Intake.IntakeAsync(LogSearch(h, 1, "Resolved"), default)));
        h.Time.Advance(TimeSpan.FromMinutes(10));

        var again = await h.Intake.IntakeAsync(LogSearch(h, 2), default);

        Assert.Equal((AlertIntakeOutcome.Reopened, id), Outcome(again));
        var tracked = (await h.Incidents.GetAlertsAsync(id, default)).Select(a => a.Value).ToDictionary(a => a.DedupKey);
        Assert.False(tracked[Instance + 2].ResolvesOnlyByHand);
    }

    private static (AlertIntakeOutcome, string?) Outcome(AlertIntakeResult result) => (result.Outcome, result.IncidentId);
}
