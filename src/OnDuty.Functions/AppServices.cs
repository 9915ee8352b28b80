using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core;
using OnDuty.Functions.Health;
using OnDuty.Functions.Pages;
using OnDuty.Infrastructure;
using OnDuty.Messages;

namespace OnDuty.Functions;

/// <summary>The one composition root both hosts (Functions worker and LocalHost) call.</summary>
public static class AppServices
{
    public static IServiceCollection AddOnDutyApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOnDutyCore();
        services.AddOnDutyInfrastructure();
        services.AddOnDutyMessages();
        services.AddOnDutyPages();
        services.AddSingleton<StartupState>();
        services.AddHostedService<StartupWork>();
        return services;
    }
}
