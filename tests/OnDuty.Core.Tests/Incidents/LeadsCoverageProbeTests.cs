using OnDuty.Core.Common;
using OnDuty.Core.Health;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>Health warns (degraded, not unready) while every lead is on duty: the leads' step is skipped that week (trial day 28, H1).</summary>
public sealed class LeadsCoverageProbeTests
{
    [Fact]
    public async Task EveryLeadOnDuty_Degraded_NamingTheWeekAndWhatHappensInstead_AnotherLeadIsEnough()
    {
        var h = await CreateAsync();
        var probe = new LeadsCoverageProbe(h.Rotations, h.Pager, Microsoft.Extensions.Options.Options.Create(h.Options),
            Microsoft.Extensions.Options.Options.Create(new TeamOptions { Language = "ja" }));
        var onCall = await h.Rotations.GetOnCallAsync("incident-duty", default);
        Assert.False(probe.Critical);
        Assert.Null(await probe.CheckAsync(default)); // lead@example.com is not on duty

        h.Options.Leads = [" " + onCall.Members[1].Email.ToUpperInvariant()];
        var problem = await probe.CheckAsync(default);
        Assert.Equal(
            $"every lead (Incidents__Leads) is on duty in {onCall.Current!.Week} ({onCall.Current.StartDate:yyyy-MM-dd} to {onCall.Current.EndDate:yyyy-MM-dd}): "
            + "the leads' escalation step is skipped and an unanswered page goes straight to the organisation's list (pm-org@example.com)",
            problem);

        h.Options.Leads = [onCall.Members[0].Email, onCall.Members[1].Email];
        Assert.NotNull(await probe.CheckAsync(default));
        h.Options.Leads = [onCall.Members[0].Email, "tanaka-lead@example.com"];
        Assert.Null(await probe.CheckAsync(default));
    }
}
