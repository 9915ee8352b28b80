using OnDuty.Core.Common;
using OnDuty.Core.Health;
using OnDuty.Core.Rotations;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Health while every lead is on duty (the leads' step is skipped that week, trial day 28, H1): degraded only when nobody new is
/// reached after it; with the organisation's list still backing the pair up, an informative note (trial day 29: Azure's degraded
/// alert mailed the leads once for every such week).
/// </summary>
public sealed class LeadsCoverageProbeTests
{
    [Fact]
    public async Task EveryLeadOnDuty_TheOrganisationsListStillReached_AnInformativeNote_NamingTheWeekAndWhatHappensInstead_AnotherLeadIsEnough()
    {
        var h = await CreateAsync();
        var probe = CreateProbe(h);
        var onCall = await h.Rotations.GetOnCallAsync("incident-duty", default);
        Assert.False(probe.Critical);
        Assert.Null(await probe.ExamineAsync(default)); // lead@example.com is not on duty

        h.Options.Leads = [" " + onCall.Members[1].Email.ToUpperInvariant()];
        var week = WeekOf(onCall);
        Assert.Equal(
            new HealthFinding(
                $"every lead (Incidents__Leads) is on duty in {week}: the leads' escalation step is skipped and an unanswered page goes straight to the organisation's list (pm-org@example.com)",
                Informative: true),
            await probe.ExamineAsync(default));
        Assert.Null(await probe.CheckAsync(default)); // not degraded

        h.Options.Leads = [onCall.Members[0].Email, onCall.Members[1].Email];
        Assert.Equal(true, (await probe.ExamineAsync(default))?.Informative);
        h.Options.Leads = [onCall.Members[0].Email, "tanaka-lead@example.com"];
        Assert.Null(await probe.ExamineAsync(default));
    }

    [Fact]
    public async Task EveryLeadOnDuty_TheLeadsStepTheLastToReachAnyoneNew_Degraded()
    {
        var h = await CreateAsync();
        var probe = CreateProbe(h);
        var onCall = await h.Rotations.GetOnCallAsync("incident-duty", default);
        h.Options.Leads = [onCall.Members[1].Email];
        var week = WeekOf(onCall);

        h.Options.OrganisationList = null;
        var expected = $"every lead (Incidents__Leads) is on duty in {week}: the leads' escalation step is skipped and an unanswered page goes to nobody more";
        Assert.Equal(new HealthFinding(expected, Informative: false), await probe.ExamineAsync(default));
        Assert.Equal(expected, await probe.CheckAsync(default));

        // A list that is one of the duty pair reaches nobody new either.
        h.Options.OrganisationList = onCall.Members[0].Email;
        Assert.Equal(false, (await probe.ExamineAsync(default))?.Informative);
    }

    private static IHealthProbe CreateProbe(IncidentHarness h) => new LeadsCoverageProbe(h.Rotations, h.Pager, Microsoft.Extensions.Options.Options.Create(h.Options),
        Microsoft.Extensions.Options.Options.Create(new TeamOptions { Language = "ja" }));

    /// <summary>The running week as the probe names it: its label, then its first and last day.</summary>
    private static string WeekOf(OnCall onCall) =>
        $"{onCall.Current!.Week} ({onCall.Current.StartDate:yyyy-MM-dd} to {onCall.Current.EndDate:yyyy-MM-dd})";
}
