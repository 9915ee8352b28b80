using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Messages;

namespace OnDuty.Core.Tests.Rotations;

/// <summary>
/// A week of an earlier cadence (<c>previousCadences</c>) is described with its own handoff day and time: the schedule page, the
/// feed and the API's move text, announcements and reminders name it as it was, not by the cadence in force now.
/// </summary>
public sealed class EarlierCadenceTextTests
{
    private static readonly WorkingCalendar Japan = new("JP", []);
    private static readonly DateOnly Thursday = new(2027, 1, 7);

    // Monday 2026-11-16 10:05 in Tokyo: the weekly Monday 10:00 cadence changes to Thursdays 19:00 from 2027-01-07.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 16, 1, 5, 0, TimeSpan.Zero));

    private async Task<(RotationService Service, Rotation Rotation)> ChangedAsync()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var service = new RotationService(rotations, roster, _time, Japan);
        var stored = (await rotations.GetAsync("incident-duty", default))!;
        var saved = await service.SaveAsync(stored.Value with { HandoffDay = DayOfWeek.Thursday, HandoffTime = new TimeOnly(19, 0) }, stored.ETag, Thursday, null, default);
        return (service, saved.Value);
    }

    [Fact]
    public async Task HandoffMovedOffAHolidayUnderTheEarlierCadence_IsDescribedAtThatCadencesTime()
    {
        var (service, rotation) = await ChangedAsync();

        // Monday 2026-11-23 is 勤労感謝の日: the handoff of that Monday-10:00 week moved to Tuesday 10:00, not 19:00.
        var w48 = (await service.GetScheduleAsync("incident-duty", new DateOnly(2026, 11, 23), 1, default)).Shifts[0];
        var move = Assert.IsType<HandoffMove>(w48.HandoffMoved);

        Assert.Equal(new TimeOnly(10, 0), move.Time);
        foreach (var language in new[] { Language.Ja, Language.En })
        {
            var text = HandoffMoveText.Describe(move, rotation.HandoffTime, rotation.TimeZone, Phrases.For(language));
            Assert.Contains("10:00", text, StringComparison.Ordinal);
            Assert.DoesNotContain("19:00", text, StringComparison.Ordinal);
        }

        Assert.Contains("10:00", TestRenderer.Instance.Text(new HandoffMoveNotice(Language.Ja, move, rotation.HandoffTime, rotation.TimeZone)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SchedulePage_TheShortenedMondayShift_IsNamedByItsMonday_TheNewFirstShiftByItsThursday()
    {
        var (service, rotation) = await ChangedAsync();
        var schedule = await service.GetScheduleAsync("incident-duty", new DateOnly(2026, 12, 28), 4, default);

        var page = TestRenderer.Instance.Page(new SchedulePageNotice(Language.Ja, schedule, _time.GetUtcNow()));

        // 12/28 (Mon), 1/4 (Mon, shortened to 1/7 19:00), 1/7 (Thu), 1/14 (Thu).
        Assert.Equal([new DateOnly(2026, 12, 28), new DateOnly(2027, 1, 4), Thursday, new DateOnly(2027, 1, 14)], schedule.Shifts.Select(s => s.StartDate));
        Assert.Contains("12月28日(月)からの週", page, StringComparison.Ordinal);
        Assert.Contains("1月4日(月)からの週", page, StringComparison.Ordinal);
        Assert.Contains("1月7日(木)からの週", page, StringComparison.Ordinal);
        Assert.DoesNotContain("12月31日(木)からの週", page, StringComparison.Ordinal);
        Assert.Equal("2027-W01: 1月4日(月)からの週", $"{schedule.Shifts[1].Week}: {NoticeRenderer.WeekSpan(rotation, schedule.Shifts[1], Phrases.For(Language.Ja))}");
    }

    [Fact]
    public async Task WeekNamedByItsLabelOnly_UnderTheEarlierCadence_ReadsItsOwnHandoffDay()
    {
        var (_, rotation) = await ChangedAsync();
        var ja = Phrases.For(Language.Ja);

        // A label of the Monday cadence (an announcement's or a change mail's week) names its Monday; one of the new cadence its Thursday.
        Assert.Equal("12月28日(月)からの週", NoticeRenderer.WeekSpan(rotation, "2026-W53", ja));
        Assert.Equal("1月14日(木)からの週", NoticeRenderer.WeekSpan(rotation, "2027-W02", ja));
        Assert.Equal("1月4日(月)からの週", NoticeRenderer.WeekSpan(rotation, "2027-W01", ja, new DateOnly(2027, 1, 4)));
    }
}
