using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;
using static OnDuty.Testing.AlertmanagerBody;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// <see cref="AlertIntake.TrackedAfter"/> (what the test button's dry run decides on) against the intake's fold, which does not call it
/// (the fold also builds timeline rows and retries at the ETag): for each case the same stored incident and delivery give the same
/// alert statuses, the same counts of alerts fired and resolved, and a reopen exactly when the delivery reopens. A change to the fold's
/// per-alert decisions that TrackedAfter does not follow fails here.
/// </summary>
public sealed class AlertIntakeTrackedAfterTests
{
    private static readonly DateTimeOffset Started = T0.AddMinutes(-10);

    public static TheoryData<string> Cases() =>
    [
        "repeat", "new alert", "resolve one of two", "resolve the last", "stale firing, open", "new start, open", "alerts left out",
        "every alert listed after some left out", "firing into an incident its group still names, resolved", "resolve into an incident its group still names, resolved",
        "stale firing after it resolved", "firing again after it resolved, past the stale minute",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task TrackedAfter_SameInputs_SameStatusesAndCountsAsTheFold(string name)
    {
        var h = await CreateAsync();
        var (id, delivery) = await SetUpAsync(h, name);
        var stored = await h.IncidentAsync(id);
        var tracked = (await h.Incidents.GetAlertsAsync(id, default)).Select(a => a.Value).ToList();

        var predicted = AlertIntake.TrackedAfter(stored, tracked, delivery, h.Time.GetUtcNow());
        var real = await h.Intake.IntakeAsync(delivery, default);
        await h.Intake.DrainAsync(default);

        Assert.Equal(id, real.IncidentId);
        Assert.Equal(
            Statuses(predicted.After),
            Statuses((await h.Incidents.GetAlertsAsync(id, default)).Select(a => a.Value)));
        Assert.Equal((predicted.Fired, predicted.Resolved, predicted.Reopens), (real.Fired, real.ResolvedAlerts, real.Outcome == AlertIntakeOutcome.Reopened));
    }

    private static string Statuses(IEnumerable<TrackedAlert> alerts) =>
        string.Join("|", alerts.Select(a => $"{a.DedupKey}:{a.Status}").Order(StringComparer.Ordinal));

    private static AlertNotification Delivery(AlertStatus status, int truncated, params AlertInstance[] alerts) =>
        Notification("g1", alerts) with { Status = status, TruncatedAlerts = truncated };

    private static async Task<(string Id, AlertNotification Delivery)> SetUpAsync(IncidentHarness h, string name)
    {
        async Task<string> OpenAsync(AlertNotification first)
        {
            var id = (await h.Intake.IntakeAsync(first, default)).IncidentId!;
            await h.Intake.DrainAsync(default);
            h.Time.Advance(TimeSpan.FromMinutes(1));
            return id;
        }

        async Task ResolveRecordOnlyAsync(string id) =>
            // A person's resolve whose record is written and whose group is not freed yet: the group still names it.
            await h.Incidents.MutateAsync(id, i => i.Resolve("sato", h.Time.GetUtcNow()), default);

        var firing = Delivery(AlertStatus.Firing, 0, Alert("checkout"));
        switch (name)
        {
            case "repeat":
                return (await OpenAsync(firing), firing);
            case "new alert":
                return (await OpenAsync(firing), Delivery(AlertStatus.Firing, 0, Alert("payments")));
            case "resolve one of two":
                return (await OpenAsync(Delivery(AlertStatus.Firing, 0, Alert("checkout"), Alert("payments"))), Delivery(AlertStatus.Firing, 0, Alert("checkout", AlertStatus.Resolved)));
            case "resolve the last":
                return (await OpenAsync(firing), Delivery(AlertStatus.Resolved, 0, Alert("checkout", AlertStatus.Resolved)));
            case "stale firing, open":
            case "new start, open":
            {
                var id = await OpenAsync(Alertmanager("g1", ("s-1", "firing", Started, null), ("s-2", "firing", Started, null)));
                await h.Intake.IntakeAsync(Alertmanager("g1", ("s-1", "resolved", Started, h.Time.GetUtcNow())), default);
                h.Time.Advance(TimeSpan.FromSeconds(1));
                return (id, Alertmanager("g1", ("s-1", "firing", name == "new start, open" ? h.Time.GetUtcNow() : Started, null)));
            }

            case "alerts left out":
                return (await OpenAsync(firing), Delivery(AlertStatus.Firing, 3, Alert("checkout")));
            case "every alert listed after some left out":
                return (await OpenAsync(Delivery(AlertStatus.Firing, 3, Alert("checkout"))), Delivery(AlertStatus.Resolved, 0, Alert("checkout", AlertStatus.Resolved)));
            case "firing into an incident its group still names, resolved":
            {
                var id = await OpenAsync(firing);
                await ResolveRecordOnlyAsync(id);
                return (id, Delivery(AlertStatus.Firing, 0, Alert("checkout"), Alert("payments")));
            }

            case "resolve into an incident its group still names, resolved":
            {
                var id = await OpenAsync(Delivery(AlertStatus.Firing, 0, Alert("checkout"), Alert("payments")));
                await ResolveRecordOnlyAsync(id);
                return (id, Delivery(AlertStatus.Firing, 0, Alert("checkout", AlertStatus.Resolved)));
            }

            case "stale firing after it resolved":
            case "firing again after it resolved, past the stale minute":
            {
                var id = await OpenAsync(Alertmanager("g1", ("s-1", "firing", Started, null)));
                await h.Intake.IntakeAsync(Alertmanager("g1", ("s-1", "resolved", Started, h.Time.GetUtcNow())), default);
                h.Time.Advance(name == "stale firing after it resolved" ? TimeSpan.FromSeconds(1) : AlertIntake.StaleFiringWindow + TimeSpan.FromSeconds(1));
                return (id, Alertmanager("g1", ("s-1", "firing", Started, null)));
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "no such case");
        }
    }
}
