using System.Text.RegularExpressions;
using Ical.Net.Serialization;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Rotations;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Calendar;

public sealed partial class FeedServiceTests
{
    // Wednesday 2026-12-02 (JST evening): inside 2026-W49 of the rotation starting 2026-11-02.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 11, 30, 0, TimeSpan.Zero));
    private readonly InMemoryFeedRevisionStore _revisions = new();

    private FeedService CreateSut(InMemoryRoster roster, InMemoryRotations rotations, IFeedTokenRepository? tokens = null) =>
        new(tokens ?? new NoFeedTokens(), _revisions, rotations, roster, new RotationService(rotations, roster, _time), TestRenderer.Instance, _time, Options.Create(new TeamOptions()));

    [Fact]
    public async Task RotationCalendar_ChangeThenUndo_SequenceOnlyGoesUpAndLastModifiedStays()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var sut = CreateSut(roster, rotations);
        var service = new RotationService(rotations, roster, _time);
        var before = Event(await sut.RotationCalendarAsync("incident-duty", default), "2026-12-14");
        var shift = await service.GetScheduleAsync("incident-duty", new DateOnly(2026, 12, 14), 1, default);
        var leaving = shift.Shifts[0].MemberIds[0];
        var replacement = TeamData.Members().Select(m => m.Id).First(id => !shift.Shifts[0].MemberIds.Contains(id));

        _time.Advance(TimeSpan.FromMinutes(5));
        var added = await service.AddOverrideAsync("incident-duty", "2026-W51", leaving, replacement, "x", default);
        var changed = Event(await sut.RotationCalendarAsync("incident-duty", default), "2026-12-14");
        _time.Advance(TimeSpan.FromMinutes(5));
        await service.DeleteOverrideAsync("incident-duty", added.Items[0].Id, null, default);
        var undone = Event(await sut.RotationCalendarAsync("incident-duty", default), "2026-12-14");
        var again = Event(await sut.RotationCalendarAsync("incident-duty", default), "2026-12-14");

        Assert.Equal(before.Sequence + 1, changed.Sequence);
        Assert.Equal(changed.Sequence + 1, undone.Sequence); // the members are back, the number is not
        Assert.Equal(undone, again); // nothing changed: the same revision
        Assert.Equal("20261202T114000Z", undone.LastModified); // the undo is a modification
        Assert.Equal("20261202T113500Z", changed.LastModified);
        Assert.Equal(before.Members, undone.Members);
    }

    /// <summary>
    /// Session 47 (brief I): the start moved later past the running shift. The feed keeps that week with its pair (as on-call does),
    /// in the rotation's calendar and the pair's own, and the new start's first week is there too.
    /// </summary>
    [Fact]
    public async Task RotationCalendar_StartMovedLaterPastTheRunningShift_ItsWeekKeepsItsPair_InTheMembersCalendarsToo()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var sut = CreateSut(roster, rotations);
        var service = new RotationService(rotations, roster, _time);
        var pair = (await service.GetOnCallAsync("incident-duty", default)).Current!.MemberIds;
        var before = Event(await sut.RotationCalendarAsync("incident-duty", default), "2026-11-30");
        var stored = (await rotations.GetAsync("incident-duty", default))!;

        await service.SaveAsync(stored.Value with { StartDate = new DateOnly(2026, 12, 14) }, stored.ETag, default);

        var ics = await sut.RotationCalendarAsync("incident-duty", default);
        Assert.Equal(before.Members, Event(ics, "2026-11-30").Members);
        Assert.Contains("UID:incident-duty-2026-12-14@onduty", ics, StringComparison.Ordinal);
        foreach (var id in pair)
        {
            Assert.Contains("UID:incident-duty-2026-11-30@onduty", Unfold(await sut.MemberCalendarAsync(id, default)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RotationCalendar_FirstServed_StartsAtTheHashEarlierVersionsServed()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());

        var first = Event(await CreateSut(roster, rotations).RotationCalendarAsync("incident-duty", default), "2026-12-14");

        var stored = (await _revisions.ListAsync("incident-duty", default)).Single(r => r.Value.ShiftStart == new DateOnly(2026, 12, 14)).Value;
        Assert.Equal(stored.Sequence, first.Sequence);
        Assert.Equal(LegacyHash(stored.Fingerprint), first.Sequence);
        Assert.Null(first.LastModified);
    }

    /// <summary>
    /// Storage refusing the revision's write (throttled, read-only) still serves the calendar app's poll, with the number it
    /// would have saved (one higher than stored: never lower); the next poll saves it. Before, the anonymous feed failed with a 5xx.
    /// </summary>
    [Fact]
    public async Task RotationCalendar_RevisionWriteRefused_ServedUnsavedWithTheNextNumber_TheNextPollSavesIt()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var sut = CreateSut(roster, rotations);
        var before = Event(await sut.RotationCalendarAsync("incident-duty", default), "2026-12-14");
        var service = new RotationService(rotations, roster, _time);
        var shift = (await service.GetScheduleAsync("incident-duty", new DateOnly(2026, 12, 14), 1, default)).Shifts[0];
        await service.AddOverrideAsync("incident-duty", "2026-W51", shift.MemberIds[0], TeamData.Members().Select(m => m.Id).First(id => !shift.MemberIds.Contains(id)), "x", default);
        _revisions.BeforeSave = _ => throw new DependencyUnavailableException("Table Storage", new InvalidOperationException("throttled"));

        var served = Event(await sut.RotationCalendarAsync("incident-duty", default), "2026-12-14");
        var stored = (await _revisions.ListAsync("incident-duty", default)).Single(r => r.Value.ShiftStart == new DateOnly(2026, 12, 14)).Value;
        var next = Event(await sut.RotationCalendarAsync("incident-duty", default), "2026-12-14");

        Assert.Equal(before.Sequence + 1, served.Sequence);
        Assert.Equal(before.Sequence, stored.Sequence); // not saved by the refused write
        Assert.Equal(served.Sequence, next.Sequence);
        Assert.Equal(served.Sequence, (await _revisions.ListAsync("incident-duty", default)).Single(r => r.Value.ShiftStart == new DateOnly(2026, 12, 14)).Value.Sequence);
    }

    [Fact]
    public async Task RotationCalendar_AnotherReaderRevisedFirst_ServesItsRevision()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var sut = CreateSut(roster, rotations);
        var other = CreateSut(roster, rotations);
        var before = Event(await sut.RotationCalendarAsync("incident-duty", default), "2026-12-14");
        var service = new RotationService(rotations, roster, _time);
        var shift = (await service.GetScheduleAsync("incident-duty", new DateOnly(2026, 12, 14), 1, default)).Shifts[0];
        await service.AddOverrideAsync("incident-duty", "2026-W51", shift.MemberIds[0], TeamData.Members().Select(m => m.Id).First(id => !shift.MemberIds.Contains(id)), "x", default);
        string? theirs = null;
        _revisions.BeforeSave = async _ => theirs = await other.RotationCalendarAsync("incident-duty", default);

        var mine = Event(await sut.RotationCalendarAsync("incident-duty", default), "2026-12-14");

        Assert.Equal(before.Sequence + 1, mine.Sequence);
        Assert.Equal(Event(theirs!, "2026-12-14"), mine);
    }

    [Fact]
    public async Task RotationCalendar_Tokyo_OneStandardObservanceWithoutYearlyRule()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());

        var ics = await CreateSut(roster, rotations).RotationCalendarAsync("incident-duty", default);

        var zone = Block(ics, "VTIMEZONE");
        Assert.Contains("TZID:Asia/Tokyo", zone, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(zone, "BEGIN:STANDARD"));
        Assert.DoesNotContain("DAYLIGHT", zone, StringComparison.Ordinal);
        Assert.DoesNotContain("RRULE", zone, StringComparison.Ordinal);
        Assert.Contains("TZOFFSETFROM:+0900", zone, StringComparison.Ordinal);
        Assert.Contains("TZOFFSETTO:+0900", zone, StringComparison.Ordinal);
        Assert.Contains("TZNAME:JST", zone, StringComparison.Ordinal);
        Assert.Matches("DTSTART:19700101T000000\r\n", zone);

        // A calendar library reading it puts the handoff at 10:00 JST.
        var parsed = Ical.Net.Calendar.Load(ics)!;
        var w49 = parsed.Events.Single(e => e.Uid == "incident-duty-2026-11-30@onduty");
        Assert.Equal(new DateTime(2026, 11, 30, 1, 0, 0, DateTimeKind.Utc), w49.DtStart!.AsUtc);
    }

    /// <summary>
    /// A cadence change from Thursday 2026-12-17 19:00: the feed's Monday 12/14 event ends at the first Thursday handoff, the
    /// next event starts there, and the weeks before keep their Monday 10:00 times.
    /// </summary>
    [Fact]
    public async Task RotationCalendar_CadenceChangedFromADate_ShortenedEventEndsWhereTheNewCadenceStarts()
    {
        var rotation = TeamData.Rotation();
        var (roster, rotations) = await TeamData.SeedAsync(rotation with
        {
            PreviousCadences = [Cadence.Of(rotation)],
            StartDate = new DateOnly(2026, 12, 17),
            HandoffDay = DayOfWeek.Thursday,
            HandoffTime = new TimeOnly(19, 0),
        });

        var parsed = Ical.Net.Calendar.Load(await CreateSut(roster, rotations).RotationCalendarAsync("incident-duty", default))!;

        var events = parsed.Events.ToDictionary(e => e.Uid!, StringComparer.Ordinal);
        Assert.Equal(new DateTime(2026, 12, 7, 1, 0, 0, DateTimeKind.Utc), events["incident-duty-2026-12-07@onduty"].DtStart!.AsUtc);
        Assert.Equal(new DateTime(2026, 12, 14, 1, 0, 0, DateTimeKind.Utc), events["incident-duty-2026-12-14@onduty"].DtStart!.AsUtc);
        Assert.Equal(new DateTime(2026, 12, 17, 10, 0, 0, DateTimeKind.Utc), events["incident-duty-2026-12-14@onduty"].DtEnd!.AsUtc);
        Assert.Equal(new DateTime(2026, 12, 17, 10, 0, 0, DateTimeKind.Utc), events["incident-duty-2026-12-17@onduty"].DtStart!.AsUtc);
        Assert.Equal(new DateTime(2026, 12, 24, 10, 0, 0, DateTimeKind.Utc), events["incident-duty-2026-12-17@onduty"].DtEnd!.AsUtc);
    }

    [Theory]
    [InlineData("Europe/London", "+0000", "+0100", "BYMONTH=3", "BYMONTH=10")]
    [InlineData("America/New_York", "-0500", "-0400", "BYMONTH=3", "BYMONTH=11")]
    public void ZoneDefinition_ZoneWithSummerTime_KeepsBothObservancesWithTheirRules(string zoneId, string standard, string daylight, string spring, string autumn)
    {
        var calendar = new Ical.Net.Calendar();
        calendar.AddTimeZone(FeedService.ZoneDefinition(zoneId, _time.GetUtcNow()));

        var zone = Block(new CalendarSerializer().SerializeToString(calendar)!, "VTIMEZONE");

        var summer = Block(zone, "DAYLIGHT");
        var winter = Block(zone, "STANDARD");
        Assert.Contains($"TZOFFSETFROM:{standard}", summer, StringComparison.Ordinal);
        Assert.Contains($"TZOFFSETTO:{daylight}", summer, StringComparison.Ordinal);
        Assert.Contains(spring, summer, StringComparison.Ordinal);
        Assert.Contains($"TZOFFSETFROM:{daylight}", winter, StringComparison.Ordinal);
        Assert.Contains($"TZOFFSETTO:{standard}", winter, StringComparison.Ordinal);
        Assert.Contains(autumn, winter, StringComparison.Ordinal);
    }

    private sealed record Served(int Sequence, string? LastModified, string Members);

    private static Served Event(string ics, string startDate)
    {
        var e = Regex.Matches(ics, "BEGIN:VEVENT\r\n(.*?)END:VEVENT", RegexOptions.Singleline)
            .Select(m => Unfold(m.Groups[1].Value))
            .Single(e => e.Contains($"UID:incident-duty-{startDate}@onduty", StringComparison.Ordinal));
        string? Property(string name) => Regex.Match(e, $"^{name}:(.*)$", RegexOptions.Multiline) is { Success: true } m ? m.Groups[1].Value.TrimEnd('\r') : null;
        return new Served(int.Parse(Property("SEQUENCE")!, System.Globalization.CultureInfo.InvariantCulture), Property("LAST-MODIFIED"), Property("SUMMARY")!);
    }

    private static string Unfold(string text) => text.Replace("\r\n ", "", StringComparison.Ordinal);

    private static string Block(string text, string name) =>
        Regex.Match(text, $"BEGIN:{name}\r\n.*?END:{name}\r\n", RegexOptions.Singleline) is { Success: true } m ? m.Value : throw new Xunit.Sdk.XunitException($"No {name} in:\n{text}");

    private static int LegacyHash(string fingerprint) =>
        (int)(BitConverter.ToUInt32(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(fingerprint)), 0) & 0x7FFFFFFF);

    /// <summary>
    /// A member's own page (「カレンダーに追加」): it lists and revokes only the URLs the member made there; an admin's and another
    /// member's are not theirs (404, nothing revoked); the cap counts the admin's too, and at it nothing is stored.
    /// </summary>
    [Fact]
    public async Task ByMember_ListsAndRevokesOnlyTheirOwn_CapCountsTheAdminsToo()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var tokens = new ListedFeedTokens();
        var sut = CreateSut(roster, rotations, tokens);
        var (me, other) = (TeamData.Members()[0].Id, TeamData.Members()[1].Id);
        var owner = new FeedOwner(FeedKind.Member, me);
        var admins = await sut.CreateAsync(owner, "admin", default);
        var mine = await sut.CreateAsync(owner, " iPhone ", default, byMember: true);
        var others = await sut.CreateAsync(new FeedOwner(FeedKind.Member, other), null, default, byMember: true);

        var listed = Assert.Single(await sut.ListByMemberAsync(me, default));
        Assert.Equal((mine.Feed.Id, "iPhone", true), (listed.Id, listed.Note, listed.ByMember));
        Assert.False(admins.Feed.ByMember);

        await Assert.ThrowsAsync<NotFoundException>(() => sut.RevokeByMemberAsync(me, admins.Feed.Id, default));
        await Assert.ThrowsAsync<NotFoundException>(() => sut.RevokeByMemberAsync(me, others.Feed.Id, default));
        await Assert.ThrowsAsync<NotFoundException>(() => sut.RevokeByMemberAsync(me, "0123456789abcdef", default));
        Assert.Equal(3, tokens.Stored.Count);

        await sut.RevokeByMemberAsync(me, mine.Feed.Id, default);
        Assert.Equal([admins.Feed.Id, others.Feed.Id], tokens.Stored.Select(t => t.Id));

        for (var i = tokens.Stored.Count(t => t.Owner == owner); i < FeedService.MaxTokensPerFeed; i++)
        {
            await sut.CreateAsync(owner, null, default, byMember: true);
        }

        var refused = await Assert.ThrowsAsync<ValidationException>(() => sut.CreateAsync(owner, null, default, byMember: true));
        Assert.Contains("feeds", refused.Errors.Keys);
        Assert.Equal(FeedService.MaxTokensPerFeed, tokens.Stored.Count(t => t.Owner == owner));
    }

    private sealed class ListedFeedTokens : IFeedTokenRepository
    {
        public List<FeedToken> Stored { get; } = [];

        public Task AddAsync(FeedToken token, CancellationToken cancellationToken)
        {
            Stored.Add(token);
            return Task.CompletedTask;
        }

        public Task<FeedToken?> FindAsync(FeedOwner owner, string tokenHash, CancellationToken cancellationToken) =>
            Task.FromResult(Stored.FirstOrDefault(t => t.Owner == owner && t.TokenHash == tokenHash));

        public Task<IReadOnlyList<FeedToken>> ListAsync(FeedOwner owner, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<FeedToken>>([.. Stored.Where(t => t.Owner == owner)]);

        public Task<bool> DeleteAsync(FeedOwner owner, string id, CancellationToken cancellationToken) =>
            Task.FromResult(Stored.RemoveAll(t => t.Owner == owner && t.Id == id) > 0);
    }

    private sealed class NoFeedTokens : IFeedTokenRepository
    {
        public Task AddAsync(FeedToken token, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<FeedToken?> FindAsync(FeedOwner owner, string tokenHash, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<FeedToken>> ListAsync(FeedOwner owner, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeleteAsync(FeedOwner owner, string id, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
