namespace OnDuty.Core.Calendar;

/// <summary>Stored calendar events, one partition per rotation.</summary>
public interface ICalendarEventStore
{
    /// <summary>Records of shifts starting on or after <paramref name="from"/> (single-partition range query).</summary>
    Task<IReadOnlyList<CalendarEventRecord>> ListAsync(string rotationId, DateOnly from, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the record.</summary>
    Task SaveAsync(CalendarEventRecord record, CancellationToken cancellationToken);
}
