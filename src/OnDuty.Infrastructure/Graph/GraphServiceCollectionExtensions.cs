using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Calendar;
using OnDuty.Core.Team;

namespace OnDuty.Infrastructure.Graph;

public static class GraphServiceCollectionExtensions
{
    /// <summary>Microsoft Graph adapters (groups, free/busy, calendars; mail via <c>Email__Provider=Graph</c>). They report
    /// themselves disabled while <c>Graph__TenantId</c> is empty, so every Graph feature is off unless configured.</summary>
    public static IServiceCollection AddOnDutyGraph(this IServiceCollection services)
    {
        services.AddOptions<GraphOptions>().BindSettings(GraphOptions.SectionName).ValidateSettings().ValidateOnStart();
        services.TryAddKeyedSingleton<TokenCredential>(
            GraphClientProvider.CredentialKey,
            (sp, _) => GraphClientProvider.CreateCredential(sp.GetRequiredService<IOptions<GraphOptions>>().Value));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<GraphClientProvider>();
        services.AddSingleton<IGroupDirectory, GraphDirectory>();
        services.AddSingleton<IAvailabilitySource, GraphAvailabilitySource>();
        services.AddSingleton<IMemberCalendar, GraphCalendarSync>();
        return services;
    }
}
