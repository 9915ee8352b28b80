using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Calendar;
using OnDuty.Testing;
using OnDuty.Testing.Contracts;

namespace OnDuty.Infrastructure.Tests.Tables;

public sealed class TableCalendarEventStoreTests(AzuriteFixture azurite) : CalendarEventStoreContract, IClassFixture<AzuriteFixture>
{
    private TablesHarness _harness = null!;

    protected override async Task<ICalendarEventStore> CreateStoreAsync()
    {
        _harness = await TablesHarness.CreateAsync(azurite.ConnectionString, "calevents");
        return _harness.Services.GetRequiredService<ICalendarEventStore>();
    }

    public override async Task DisposeAsync() => await _harness.DisposeAsync();
}
