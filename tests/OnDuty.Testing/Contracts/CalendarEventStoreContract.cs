using OnDuty.Core.Calendar;
namespace OnDuty.Testing.Contracts;

/// <summary>What every <see cref="ICalendarEventStore"/> does: the table adapter on Azurite and the in-memory fake run these same tests.</summary>
public abstract class CalendarEventStoreContract : IAsyncLifetime
{
    protected ICalendarEventStore Sut { get; private set; } = null!;

    /// <summary>A new, empty store.</summary>
    protected abstract Task<ICalendarEventStore> CreateStoreAsync();

    public virtual async Task InitializeAsync() => Sut = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task SaveAsync_ThenList_RoundTripsEveryFieldFromTheGivenShift()
    {
        var record = Record(new DateOnly(2026, 12, 7), "sato") with
        {
            Status = CalendarEventStatus.Cancelled,
            Generation = 3,
            UpdatedAt = new DateTimeOffset(2026, 12, 1, 2, 3, 4, TimeSpan.Zero),
        };
        await Sut.SaveAsync(record, CancellationToken.None);
        await Sut.SaveAsync(Record(new DateOnly(2026, 11, 30), "ito"), CancellationToken.None);
        await Sut.SaveAsync(Record(new DateOnly(2026, 12, 14), "ito"), CancellationToken.None);
        await Sut.SaveAsync(Record(new DateOnly(2026, 12, 7), "liam") with { RotationId = "other" }, CancellationToken.None);

        var listed = await Sut.ListAsync("incident-duty", new DateOnly(2026, 12, 7), CancellationToken.None);

        Assert.Equal(["2026-12-07|sato", "2026-12-14|ito"], listed.Select(r => r.Key));
        Assert.Equal(record, listed[0]);
    }

    [Fact]
    public async Task SaveAsync_Again_ReplacesTheRow()
    {
        var record = Record(new DateOnly(2026, 12, 7), "sato");
        await Sut.SaveAsync(record, CancellationToken.None);

        await Sut.SaveAsync(record with { EventId = "evt-2", Fingerprint = "f2" }, CancellationToken.None);

        var stored = Assert.Single(await Sut.ListAsync("incident-duty", new DateOnly(2026, 12, 7), CancellationToken.None));
        Assert.Equal(("evt-2", "f2"), (stored.EventId, stored.Fingerprint));
    }

    /// <summary>A cover's event is its own row beside the member's event of the same shift, its cover id kept.</summary>
    [Fact]
    public async Task SaveAsync_CoverEventBesideTheMembersOwn_BothKept()
    {
        var own = Record(new DateOnly(2026, 12, 7), "sato");
        var cover = Record(new DateOnly(2026, 12, 7), "sato") with { CoverId = "cv1", EventId = "evt-cover", Fingerprint = "f9" };
        await Sut.SaveAsync(own, CancellationToken.None);
        await Sut.SaveAsync(cover, CancellationToken.None);

        var listed = await Sut.ListAsync("incident-duty", new DateOnly(2026, 12, 7), CancellationToken.None);

        Assert.Equal(["2026-12-07|sato", "2026-12-07|sato|cover:cv1"], listed.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.Equal(cover, Assert.Single(listed, r => r.CoverId is not null));
        Assert.Equal(own, Assert.Single(listed, r => r.CoverId is null));
    }

    protected static CalendarEventRecord Record(DateOnly shiftStart, string member) => new()
    {
        RotationId = "incident-duty",
        ShiftStart = shiftStart,
        MemberId = member,
        Mailbox = member + "@contoso.example",
        Week = "2026-W50",
        EventId = "evt-1",
        Fingerprint = "f1",
    };
}
