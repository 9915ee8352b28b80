using OnDuty.Core.Health;
using OnDuty.Core.Incidents;
using OnDuty.Core.Tests.Incidents;

namespace OnDuty.Core.Tests.Health;

/// <summary>
/// Trial setup (session 44): a new team turned the demo roster off and named its own rotation in Incidents__RotationId before
/// creating it; health said "nobody is on duty in rotation 'pm-duty'", as for a rotation with nobody on it, and not that it
/// did not exist or how to make it.
/// </summary>
public sealed class DutyCoverageProbeTests
{
    private static async Task<IHealthProbe> CreateSutAsync(string rotationId)
    {
        var h = await IncidentHarness.CreateAsync(o => o.RotationId = rotationId);
        return new DutyCoverageProbe(h.Pager, h.Rotations, Microsoft.Extensions.Options.Options.Create(h.Options));
    }

    [Fact]
    public async Task CheckAsync_RotationDoesNotExist_SaysSoWithTheCallThatCreatesIt()
    {
        var sut = await CreateSutAsync("pm-duty");

        Assert.Equal(
            "rotation 'pm-duty' (Incidents__RotationId) does not exist: create it with PUT /api/rotations/pm-duty, or name an existing rotation; pages go to the leads",
            await sut.CheckAsync(default));
    }

    [Fact]
    public async Task CheckAsync_RotationWithAPairOnDuty_Ok()
    {
        var sut = await CreateSutAsync("incident-duty");

        Assert.Null(await sut.CheckAsync(default));
    }

    /// <summary>
    /// Session 47 (brief I): the start moved later past the running shift. Health stays fine while that shift's pair is on call,
    /// says nobody is on duty (pages go to the leads) between its end and the new first handoff, and is fine again from then.
    /// </summary>
    [Fact]
    public async Task CheckAsync_StartMovedLaterPastTheRunningShift_OkUntilItEnds_NobodyInTheGap_OkFromTheNewStart()
    {
        var h = await IncidentHarness.CreateAsync(o => o.RotationId = "incident-duty");
        var sut = new DutyCoverageProbe(h.Pager, h.Rotations, Microsoft.Extensions.Options.Options.Create(h.Options));
        var running = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Current!;
        var stored = await h.Rotations.GetAsync("incident-duty", default);
        var newStart = running.StartDate.AddDays(14);

        await h.Rotations.SaveAsync(stored.Value with { StartDate = newStart }, stored.ETag, default);

        Assert.Null(await sut.CheckAsync(default));
        h.MoveTo(running.EndsAt.AddMinutes(1));
        Assert.Equal("nobody is on duty in rotation 'incident-duty' (Incidents__RotationId): pages go to the leads", await sut.CheckAsync(default));
        h.MoveTo(running.EndsAt.AddDays(7).AddMinutes(1));
        Assert.Null(await sut.CheckAsync(default));
    }
}
