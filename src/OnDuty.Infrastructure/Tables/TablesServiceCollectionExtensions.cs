// TEMPORARY placeholder until the tables branch lands.
using Microsoft.Extensions.DependencyInjection;

namespace OnDuty.Infrastructure.Tables;

public static class TablesServiceCollectionExtensions
{
    public static IServiceCollection AddOnDutyTables(this IServiceCollection services) => services;
}

public sealed class StorageInitializer
{
    public Task EnsureTablesAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
