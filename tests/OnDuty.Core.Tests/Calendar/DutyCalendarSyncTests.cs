using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Calendar;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Calendar;

public sealed class DutyCalendarSyncTests
{
    // Tuesday 2026-12-01: inside 2026-W49 (shift 4 of the rotation starting 2026-11-02).
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemoryCalendarEvents _store = new();
    private readonly InMemoryMemberCalendar _calendars = new();

    private DutyCalendarSync CreateSut(InMemoryRoster roster, InMemoryRotations rotations, int weeks = 2) =>
        new(rotations, roster, _store, _calendars, new WorkingCalendar("JP", []), TestRenderer.Instance, _time, Options.Create(new DutyCalendarOptions { WeeksAhead = weeks }), NullLogger<DutyCalendarSync>.Instance);

    [Fact]
    public async Task SyncAsync_Twice_CreatesEachMembersEventsOnce()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var sut = CreateSut(roster, rotations);

        var first = await sut.SyncAsync(default);
        var second = await sut.SyncAsync(default);

        Assert.Equal(4, first.Created); // two shifts of two members
        Assert.Equal(new CalendarSyncResult(0, 0, 0, []), second with { Errors = [] });
        Assert.Empty(second.Errors);
        Assert.Equal(4, _calendars.Active.Count);
        Assert.Equal(_store.All.Select(r => r.Key), _calendars.Active.Select(d => d.Key));
        Assert.All(_store.All, r => Assert.Equal(CalendarEventStatus.Active, r.Status));
        var w49 = _calendars.Active.Where(d => d.Week == "2026-W49").ToList();
        Assert.Equal(2, w49.Count);
        Assert.All(w49, d => Assert.Equal(new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero), d.StartsAt));
    }

    /// <summary>
    /// A part-timer on the pair: the announcement says 「田中 健（月・火・水のみ）」, the Outlook events said the name alone. Once the
    /// member's days are set, the next sync updates the week's events: the partner's names them with their days, their own says who
    /// is paged on the weekdays they do not work.
    /// </summary>
    [Fact]
    public async Task SyncAsync_PartTimerOnThePair_EventsNameTheirDays_AsTheAnnouncementDoes()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var sut = CreateSut(roster, rotations, weeks: 1);
        await sut.SyncAsync(default);
        var w49 = _calendars.Active.Where(d => d.Week == "2026-W49").Select(d => d.MemberId).ToList();
        var partTimer = (await roster.GetMemberAsync(w49[0], default))!;
        await roster.SaveMemberAsync(partTimer.Value with { WorkingDays = ["mon", "tue", "wed"] }, partTimer.ETag, default);
        Assert.DoesNotContain("のみ", _calendars.Active.Single(d => d.Week == "2026-W49" && d.MemberId == w49[1]).HtmlBody, StringComparison.Ordinal);

        var result = await sut.SyncAsync(default);

        Assert.Equal(2, result.Updated);
        var partners = _calendars.Active.Single(d => d.Week == "2026-W49" && d.MemberId == w49[1]).HtmlBody;
        Assert.Contains($"一緒に担当：{partTimer.Value.DisplayName}（月・火・水のみ）", partners, StringComparison.Ordinal);
        var own = _calendars.Active.Single(d => d.Week == "2026-W49" && d.MemberId == w49[0]).HtmlBody;
        Assert.Contains("勤務日（月・火・水）以外の平日は、障害の連絡がペアの方に届きます", own, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 47 (brief I): the start moved later past the running week. Its pair's Outlook events stay (they are still on duty
    /// until it ends), the weeks nobody holds before the new start are cancelled for those who had them, and the new start's
    /// first pair get theirs.
    /// </summary>
    [Fact]
    public async Task SyncAsync_StartMovedLaterPastTheRunningWeek_ItsPairKeepTheirEvents_TheNewStartsPairGetTheirs()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var sut = CreateSut(roster, rotations, weeks: 3);
        await sut.SyncAsync(default);
        var w49 = _calendars.Active.Where(d => d.Week == "2026-W49").Select(d => d.MemberId).Order(StringComparer.Ordinal).ToList();
        var service = new RotationService(rotations, roster, _time);
        var stored = (await rotations.GetAsync("incident-duty", default))!;
        await service.SaveAsync(stored.Value with { StartDate = new DateOnly(2026, 12, 14) }, stored.ETag, default);

        await sut.SyncAsync(default);

        Assert.Equal(w49, _calendars.Active.Where(d => d.Week == "2026-W49").Select(d => d.MemberId).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(_calendars.Active, d => d.Week == "2026-W50");
        Assert.Equal(2, _calendars.Active.Count(d => d.Week == "2026-W51"));
    }

    [Fact]
    public async Task SyncAsync_AfterAnOverride_CancelsTheReplacedMemberAndUpdatesThePartner()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var sut = CreateSut(roster, rotations);
        await sut.SyncAsync(default);
        var w50 = _calendars.Active.Where(d => d.Week == "2026-W50").Select(d => d.MemberId).ToList();
        var leaving = w50[0];
        var replacement = TeamData.Members().Select(m => m.Id).First(id => !w50.Contains(id));
        var service = new RotationService(rotations, roster, _time);
        await service.AddOverrideAsync("incident-duty", "2026-W50", leaving, replacement, "swap test", default);
        _calendars.Log.Clear();

        var result = await sut.SyncAsync(default);

        Assert.Equal((1, 1, 1), (result.Created, result.Updated, result.Cancelled));
        Assert.Equal($"cancel 2026-12-07|{leaving}", _calendars.Log[0]); // the old holder's event goes first
        Assert.Equal(
            [$"cancel 2026-12-07|{leaving}", $"create 2026-12-07|{replacement}", $"update 2026-12-07|{w50[1]}"],
            _calendars.Log.Order(StringComparer.Ordinal));
        Assert.Equal(CalendarEventStatus.Cancelled, _store.All.Single(r => r.MemberId == leaving && r.Week == "2026-W50").Status);
        // The cancellation's comment names the week by its first day, in the member's language (it said "2026-W50" in both).
        Assert.Equal(
            TeamData.Members().Single(m => m.Id == leaving).Language == Language.Ja ? "12月7日(月)からの週の当番は交代になりました。" : "Your duty for the week of Mon 7 Dec has been handed to someone else.",
            Assert.Single(_calendars.Comments));
        var replacementName = TeamData.Members().Single(m => m.Id == replacement).DisplayName;
        Assert.Contains(replacementName, _calendars.Active.Single(d => d.Week == "2026-W50" && d.MemberId == w50[1]).HtmlBody, StringComparison.Ordinal);
    }

    /// <summary>
    /// A cover puts an event for its time in its replacement's calendar (the covered member's week stays as it is); taking the
    /// cover back cancels that event and nothing else.
    /// </summary>
    [Fact]
    public async Task SyncAsync_CoverOfAFutureWeek_EventForTheCoversTimeInTheReplacementsCalendar_CancelledWhenTakenBack()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var sut = CreateSut(roster, rotations);
        await sut.SyncAsync(default);
        var w50 = _calendars.Active.Where(d => d.Week == "2026-W50").Select(d => d.MemberId).ToList();
        var replacement = TeamData.Members().Select(m => m.Id).First(id => !w50.Contains(id) && id != "emma");
        var service = new RotationService(rotations, roster, _time);
        var tokyo = TimeSpan.FromHours(9);
        var (from, to) = (new DateTimeOffset(2026, 12, 9, 19, 0, 0, tokyo), new DateTimeOffset(2026, 12, 9, 23, 0, 0, tokyo));
        var cover = (await service.AddOverrideAsync("incident-duty", null, w50[0], replacement, "通院", null, "2026-12-09T19:00", "2026-12-09T23:00", default)).Items[0];
        _calendars.Log.Clear();

        var result = await sut.SyncAsync(default);

        Assert.Equal((1, 0, 0), (result.Created, result.Updated, result.Cancelled));
        var created = Assert.Single(_calendars.Active, d => d.CoverId is not null);
        Assert.Equal((replacement, $"{replacement}@example.com", cover.Id, from, to), (created.MemberId, created.Mailbox, created.CoverId, created.StartsAt, created.EndsAt));
        // As a Japanese reader sees them: Japanese colleagues by family name, others by display name.
        static string Called(string id) => TeamData.Members().Single(m => m.Id == id) is var m && m.Language == Language.Ja ? Member.ShortNameOf(m.DisplayName) : m.DisplayName;
        var (covered, coverer) = (Called(w50[0]), Called(replacement));
        Assert.Equal($"障害当番 12月7日(月)からの週 一時交代：{coverer}さんが{covered}さんの代わり", created.Subject);
        Assert.Contains($"一時交代：12月9日(水) 19:00〜23:00（JST）は{covered}さんに代わって{coverer}さんが当番です", created.HtmlBody, StringComparison.Ordinal);
        // Whom the replacement shares the pages with (session 51): the shift's other member, not the one covered.
        var partner = TeamData.Members().Single(m => m.Id == w50[1]).DisplayName;
        Assert.Contains($"一緒に担当：{partner}", created.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain($"一緒に担当：{TeamData.Members().Single(m => m.Id == w50[0]).DisplayName}", created.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(CalendarEventStatus.Active, _store.All.Single(r => r.CoverId == cover.Id).Status);
        Assert.Equal(2, _calendars.Active.Count(d => d.Week == "2026-W50" && d.CoverId is null)); // the pair's own events stay

        await service.DeleteOverrideAsync("incident-duty", cover.Id, null, default);
        var after = await sut.SyncAsync(default);

        Assert.Equal((0, 0, 1), (after.Created, after.Updated, after.Cancelled));
        Assert.DoesNotContain(_calendars.Active, d => d.CoverId is not null);
        Assert.Equal(CalendarEventStatus.Cancelled, _store.All.Single(r => r.CoverId == cover.Id).Status);
    }

    [Fact]
    public async Task SyncAsync_Disabled_DoesNothing()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());

        var result = await CreateSut(roster, rotations, weeks: 0).SyncAsync(default);

        Assert.Equal(0, result.Created);
        Assert.Empty(_calendars.Events);
    }
}
