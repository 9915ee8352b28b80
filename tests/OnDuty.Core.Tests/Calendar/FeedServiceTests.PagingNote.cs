using Microsoft.Extensions.Options;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Health;
using OnDuty.Core.Incidents;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Calendar;

/// <summary>
/// A rotation that pages nobody (<c>pagesIncidents=false</c>: not <c>Incidents__RotationId</c>) says so on its schedule page and
/// is listed under <c>/api/health</c>'s notes as <c>paging</c>; the paging rotation's page has no such note.
/// </summary>
public sealed partial class FeedServiceTests
{
    private static readonly IOptions<IncidentOptions> Paging = Options.Create(new IncidentOptions { RotationId = "incident-duty" });

    private static async Task<(InMemoryRoster Roster, InMemoryRotations Rotations)> TwoRotationsAsync()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        await rotations.SaveAsync(TeamData.Rotation() with { Id = "release-duty", Name = "Release duty", NameJa = "リリース当番" }, null, default);
        return (roster, rotations);
    }

    [Fact]
    public async Task SchedulePage_OfARotationThatPagesNobody_SaysSoInBothLanguages_ThePagingRotationsDoesNot()
    {
        var (roster, rotations) = await TwoRotationsAsync();
        var feeds = new FeedService(new NoFeedTokens(), _revisions, rotations, roster, new RotationService(rotations, roster, _time), TestRenderer.Instance, _time,
            Options.Create(new TeamOptions()), incidents: Paging);

        var ja = await feeds.SchedulePageAsync("release-duty", Language.Ja, 4, default);
        var en = await feeds.SchedulePageAsync("release-duty", Language.En, 4, default);
        var paging = await feeds.SchedulePageAsync("incident-duty", Language.Ja, 4, default);

        Assert.Contains("このローテーションは障害の呼び出しに使われていません（呼び出しは incident-duty）。", ja, StringComparison.Ordinal);
        Assert.Contains("This rotation pages nobody for incidents (pages go to incident-duty, set by Incidents__RotationId).", en, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"paging\"", paging, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagingNoteProbe_ARotationThatPagesNobody_IsAnInformativeNoteNamingIt_NoneWithOnlyThePagingRotation()
    {
        var (_, only) = await TeamData.SeedAsync(TeamData.Rotation());
        var (_, two) = await TwoRotationsAsync();

        var none = await ((IHealthProbe)new PagingNoteProbe(only, Paging)).ExamineAsync(default);
        var note = await ((IHealthProbe)new PagingNoteProbe(two, Paging)).ExamineAsync(default);

        Assert.Null(none);
        Assert.NotNull(note);
        Assert.True(note.Informative);
        Assert.Equal("rotation 'release-duty' pages nobody for incidents: pages go to 'incident-duty' (Incidents__RotationId)", note.Message);
    }
}
