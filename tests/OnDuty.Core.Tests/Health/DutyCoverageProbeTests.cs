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
}
