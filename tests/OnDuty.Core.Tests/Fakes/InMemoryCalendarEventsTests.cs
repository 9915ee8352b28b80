using OnDuty.Core.Calendar;
using OnDuty.Testing.Contracts;

namespace OnDuty.Core.Tests.Fakes;

/// <summary>The in-memory fake the Core tests use passes the same contract as its table-storage twin.</summary>
public sealed class InMemoryCalendarEventsTests : CalendarEventStoreContract
{
    protected override Task<ICalendarEventStore> CreateStoreAsync() => Task.FromResult<ICalendarEventStore>(new InMemoryCalendarEvents());
}
