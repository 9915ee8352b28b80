using OnDuty.Core.Health;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>Health says so while pages go by SMS and nobody on duty has a number; it is not listed when SMS is off.</summary>
public sealed class SmsCoverageProbeTests
{
    [Fact]
    public async Task NobodyOnDutyHasANumber_Degraded_NamingThem_OneNumberIsEnough_OffNotListed()
    {
        var h = await CreateAsync();
        var probe = new SmsCoverageProbe(h.Pager, h.Sms);
        var duty = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Members;

        Assert.True(probe.Applies);
        Assert.False(probe.Critical);
        var problem = await probe.CheckAsync(default);
        Assert.StartsWith($"nobody on duty has a mobile number ({string.Join(", ", duty.Select(m => m.Id))})", problem, StringComparison.Ordinal);

        var first = (await h.Roster.GetMemberAsync(duty[0].Id, default))!;
        await h.Roster.SaveMemberAsync(first.Value with { Phone = "+819012345678" }, first.ETag, default);
        Assert.Null(await probe.CheckAsync(default));

        h.Sms.Enabled = false;
        Assert.False(probe.Applies);
    }
}
