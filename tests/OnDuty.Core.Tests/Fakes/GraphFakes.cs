using System.Collections.Concurrent;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Team;
using OnDuty.Testing;

namespace OnDuty.Core.Tests.Fakes;

internal sealed class InMemoryGroupDirectory : IGroupDirectory
{
    public Dictionary<string, IReadOnlyList<DirectoryPerson>> Groups { get; } = new(StringComparer.OrdinalIgnoreCase);

    public HashSet<string> Unreachable { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Groups whose members partly come back without an address: those with one, and how many without.</summary>
    public Dictionary<string, (IReadOnlyList<DirectoryPerson> People, int Unaddressed)> Incomplete { get; } = new(StringComparer.OrdinalIgnoreCase);

    public bool Enabled { get; set; } = true;

    /// <summary>Users by mail address: their Entra object id.</summary>
    public Dictionary<string, string> UserIds { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Task<string?> FindUserIdAsync(string mail, CancellationToken cancellationToken) =>
        Unreachable.Contains(mail) ? throw new DependencyUnavailableException("Microsoft Graph", new HttpRequestException("down"))
        : Task.FromResult(UserIds.GetValueOrDefault(mail));

    /// <summary>Groups whose expansion never answers (a directory throttling or hanging): it ends only when cancelled.</summary>
    public HashSet<string> Stalled { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Task<IReadOnlyList<DirectoryPerson>> ExpandGroupAsync(string group, CancellationToken cancellationToken) =>
        Stalled.Contains(group) ? StallAsync(cancellationToken)
        : Unreachable.Contains(group) ? throw new DependencyUnavailableException("Microsoft Graph", new HttpRequestException("down"))
        : Incomplete.TryGetValue(group, out var partial) ? throw new IncompleteGroupException(group, partial.People, partial.Unaddressed, "no User.ReadBasic.All")
        : Groups.TryGetValue(group, out var people) ? Task.FromResult(people)
        : throw new NotFoundException("Group", group);

    private static async Task<IReadOnlyList<DirectoryPerson>> StallAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return [];
    }
}

internal sealed class InMemoryAvailability : IAvailabilitySource
{
    public Dictionary<string, List<TimeRange>> OutOfOffice { get; } = new(StringComparer.OrdinalIgnoreCase);

    public bool Down { get; set; }

    public int Calls { get; private set; }

    public bool Enabled => true;

    public Task<IReadOnlyDictionary<string, IReadOnlyList<TimeRange>>> GetOutOfOfficeAsync(IReadOnlyList<string> addresses, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        Calls++;
        if (Down)
        {
            throw new DependencyUnavailableException("Microsoft Graph", new HttpRequestException("down"));
        }

        return Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<TimeRange>>>(addresses.ToDictionary(
            a => a,
            a => (IReadOnlyList<TimeRange>)(OutOfOffice.GetValueOrDefault(a) ?? []).Where(r => r.Start < end && start < r.End).ToList(),
            StringComparer.OrdinalIgnoreCase));
    }
}

internal sealed class InMemoryCalendarEvents : ICalendarEventStore
{
    private readonly ConcurrentDictionary<(string, string), CalendarEventRecord> _rows = new();

    public IReadOnlyList<CalendarEventRecord> All => _rows.Values.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();

    public Task<IReadOnlyList<CalendarEventRecord>> ListAsync(string rotationId, DateOnly from, CancellationToken cancellationToken)
    {
        TableStorageRules.Key(rotationId); // the partition queried
        return Task.FromResult<IReadOnlyList<CalendarEventRecord>>(_rows.Values.Where(r => r.RotationId == rotationId && r.ShiftStart >= from).OrderBy(r => r.Key, StringComparer.Ordinal).ToList());
    }

    public Task SaveAsync(CalendarEventRecord record, CancellationToken cancellationToken)
    {
        TableStorageRules.CheckRow(
            TableStorageRules.Key(record.RotationId), TableStorageRules.Key("2000-01-01", record.MemberId),
            ("RotationId", record.RotationId), ("ShiftStart", "2000-01-01"), ("MemberId", record.MemberId), ("Mailbox", record.Mailbox), ("Week", record.Week),
            ("EventId", record.EventId), ("Fingerprint", record.Fingerprint), ("Status", record.Status.ToString()), ("Generation", record.Generation), ("UpdatedAt", record.UpdatedAt));
        _rows[(record.RotationId, record.Key)] = record;
        return Task.CompletedTask;
    }
}

/// <summary>Calendars in memory, with Graph's transactionId behaviour on create.</summary>
internal sealed class InMemoryMemberCalendar : IMemberCalendar
{
    private int _next;

    public Dictionary<string, (DutyEvent Duty, string TransactionId, bool Cancelled)> Events { get; } = [];

    public List<string> Log { get; } = [];

    public bool Enabled => true;

    public Task<string> CreateAsync(DutyEvent duty, string transactionId, CancellationToken cancellationToken)
    {
        var existing = Events.FirstOrDefault(e => e.Value.TransactionId == transactionId && e.Value.Duty.Mailbox == duty.Mailbox);
        if (existing.Key is not null)
        {
            return Task.FromResult(existing.Key);
        }

        var id = "evt-" + ++_next;
        Events[id] = (duty, transactionId, false);
        Log.Add($"create {duty.Key}");
        return Task.FromResult(id);
    }

    public Task UpdateAsync(string eventId, DutyEvent duty, CancellationToken cancellationToken)
    {
        if (!Events.TryGetValue(eventId, out var e) || e.Cancelled)
        {
            throw new NotFoundException("Calendar event", eventId);
        }

        Events[eventId] = e with { Duty = duty };
        Log.Add($"update {duty.Key}");
        return Task.CompletedTask;
    }

    public Task CancelAsync(string mailbox, string eventId, string comment, CancellationToken cancellationToken)
    {
        if (Events.TryGetValue(eventId, out var e))
        {
            Events[eventId] = e with { Cancelled = true };
            Log.Add($"cancel {e.Duty.Key}");
            Comments.Add(comment);
        }

        return Task.CompletedTask;
    }

    /// <summary>The comment sent with each cancellation, in order.</summary>
    public List<string> Comments { get; } = [];

    public IReadOnlyList<DutyEvent> Active => Events.Values.Where(e => !e.Cancelled).Select(e => e.Duty).OrderBy(d => d.Key, StringComparer.Ordinal).ToList();
}
