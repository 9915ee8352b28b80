using Microsoft.Extensions.Options;
using OnDuty.Core.Health;
using OnDuty.Core.Team;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Trial 34 H3: a week of the paging rotation within the next four with fewer members on duty than its pair size (leave over
/// 年末年始) is a note in health — informative only: health stays as it is, nothing alerts on it.
/// </summary>
public sealed class ShortHandedProbeTests
{
    [Fact]
    public async Task AComingWeekWithOneOfTwo_AnInformativeNoteNamingTheWeekAndWhoIsOn_AWeekBeyondFourIsNotNamed()
    {
        var h = await CreateAsync();
        var probe = new ShortHandedProbe(h.Rotations, Options.Create(h.Options));
        Assert.False(probe.Critical);
        Assert.Null(await probe.ExamineAsync(default));

        // W51 (12/14–12/20, the third shift from now) and W01 (beyond four): everyone but tanaka away.
        foreach (var away in new[] { "yamada", "sato", "emma" })
        {
            await h.Roster.AddLeaveAsync(new Leave { Id = "20261214-20261220", MemberId = away, From = new DateOnly(2026, 12, 14), To = new DateOnly(2026, 12, 20) }, default);
            await h.Roster.AddLeaveAsync(new Leave { Id = "20270104-20270110", MemberId = away, From = new DateOnly(2027, 1, 4), To = new DateOnly(2027, 1, 10) }, default);
        }

        var finding = await probe.ExamineAsync(default);

        Assert.Equal(
            new HealthFinding("fewer than 2 members on duty (peoplePerShift) in 2026-W51 (2026-12-14 to 2026-12-20: tanaka): escalation 1 goes on to the leads at once", Informative: true),
            finding);
        Assert.Null(await probe.CheckAsync(default)); // not degraded
    }
}
