using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Rotations;

/// <summary>
/// Leave entered for days already past (a sick day reported afterwards): recorded as it is, and what it warns of looks at the days
/// from today (the team's date) on only — nobody can be replaced for a day that is over.
/// </summary>
public sealed class LeaveEntryTests
{
    // Monday 2026-11-30 10:05 in Tokyo: 2026-W49 has just been handed off and announced.
    private static readonly DateTimeOffset AfterHandoff = new(2026, 11, 30, 1, 5, 0, TimeSpan.Zero);

    // Wednesday 2026-12-02 09:00 in Tokyo: the PM enters leave for Monday on.
    private static readonly DateTimeOffset Wednesday = new(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);

    private static readonly DateOnly Monday = new(2026, 11, 30);

    private readonly FakeTimeProvider _time = new(AfterHandoff);

    private sealed record Sut(LeaveEntry Entry, InMemoryRoster Roster, IReadOnlyList<string> Announced);

    /// <param name="leads">The leads' addresses (<c>Incidents__Leads</c>): none by default.</param>
    private async Task<Sut> CreateSutAsync(params string[] leads)
    {
        var members = TeamData.Members().Append(TeamData.Member("suzuki", "鈴木 一郎"));
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation(), members);
        var outbox = new InMemoryOutbox();
        var queue = new InMemoryOutboxQueue(_time);
        var dispatcher = new OutboxDispatcher(outbox, queue, [], new RecordingEmailSender(), new RecordingTeamsChannel(), _time, Options.Create(new OutboxOptions()), NullLogger<OutboxDispatcher>.Instance);
        queue.Consumer = id => dispatcher.SendAsync(id, default);
        var announcer = new DutyWeekAnnouncer(rotations, roster, dispatcher, new RecordingTeamsChannel(), new AnnouncementComposer(TestRenderer.Instance), _time, Options.Create(new TeamOptions { Language = "ja" }), NullLogger<DutyWeekAnnouncer>.Instance);
        var service = new RotationService(rotations, roster, _time, announcer: announcer);
        await announcer.AnnounceDueAsync(default);
        var announced = (await rotations.GetFrozenShiftAsync("incident-duty", Monday, default))!.Value.Members;
        _time.SetUtcNow(Wednesday);
        var options = new IncidentOptions { Leads = [.. leads.Select(l => (string?)l)], OrganisationList = "pm-org@example.com" };
        var entry = new LeaveEntry(new RosterService(roster, time: _time), service, roster, Options.Create(options), _time);
        return new Sut(entry, roster, announced);
    }

    [Fact]
    public async Task AddAsync_LeaveEntirelyPast_RecordedWithNoWarningAndNotedAsPast()
    {
        var sut = await CreateSutAsync();
        var sick = sut.Announced[0];

        var entered = await sut.Entry.AddAsync(sick, Monday, Monday.AddDays(1), "発熱", "佐藤 花子", default);

        var stored = Assert.Single(await sut.Roster.ListLeaveForMemberAsync(sick, default));
        Assert.Equal(("20261130-20261201", Monday, Monday.AddDays(1), "発熱"), (stored.Id, stored.From, stored.To, stored.Note));
        Assert.Empty(entered.Warnings);
        Assert.True(entered.Days.AllPast);
        Assert.Equal(["2026-11-30 to 2026-12-01 are past days: the leave is recorded and the duty rota does not change"], entered.Days.Notes);
    }

    [Fact]
    public async Task AddAsync_LeaveStartedInThePastRunningOn_WarnsOfTheAnnouncedWeekFromTodayAndNotesThePastDays()
    {
        var sut = await CreateSutAsync();
        var sick = sut.Announced[0];

        var entered = await sut.Entry.AddAsync(sick, Monday, Monday.AddDays(4), null, null, default);

        Assert.Equal([$"'{sick}' is on duty in 2026-W49 of incident-duty, which was announced: leave does not change it; replace them for that week"], entered.Warnings);
        Assert.Equal((Monday, Monday.AddDays(1)), entered.Days.Past);
        Assert.Equal((Monday.AddDays(2), Monday.AddDays(4)), entered.Days.Coming);
        Assert.Equal(["2026-11-30 to 2026-12-01 are past days and only recorded; the warnings consider 2026-12-02 to 2026-12-04"], entered.Days.Notes);
        Assert.Single(await sut.Roster.ListLeaveForMemberAsync(sick, default));
    }

    /// <summary>
    /// The only lead's sick days reported afterwards: no "every lead is on leave" warning for days that are over; leave that runs on
    /// warns naming the days from today only.
    /// </summary>
    [Fact]
    public async Task AddAsync_LeadsLeave_WarnsOfTheDaysFromTodayOnly()
    {
        var sut = await CreateSutAsync("suzuki@example.com");

        var past = await sut.Entry.AddAsync("suzuki", Monday, Monday.AddDays(1), null, null, default);
        var runningOn = await sut.Entry.AddAsync("suzuki", Monday.AddDays(7), Monday.AddDays(9), null, null, default);
        await sut.Roster.DeleteLeaveAsync("suzuki", past.Leave.Id, default);
        var both = await sut.Entry.AddAsync("suzuki", Monday, Monday.AddDays(3), null, null, default);

        Assert.Empty(past.Warnings);
        Assert.Equal(
            ["every lead (Incidents__Leads) is on leave from 2026-12-07 to 2026-12-09 with this leave: the leads' escalation step is passed over and an unanswered page goes straight to the organisation's list (pm-org@example.com)"],
            runningOn.Warnings);
        Assert.Equal(
            ["every lead (Incidents__Leads) is on leave from 2026-12-02 to 2026-12-03 with this leave: the leads' escalation step is passed over and an unanswered page goes straight to the organisation's list (pm-org@example.com)"],
            both.Warnings);
    }
}
