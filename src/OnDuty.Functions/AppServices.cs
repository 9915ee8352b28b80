using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OnDuty.Functions;

/// <summary>The one composition root both hosts (Functions worker and LocalHost) call.</summary>
public static class AppServices
{
    public static IServiceCollection AddOnDutyApp(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }
}
