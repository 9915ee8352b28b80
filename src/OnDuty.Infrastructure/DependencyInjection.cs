using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Email;
using OnDuty.Infrastructure.Tables;
using OnDuty.Infrastructure.Teams;

namespace OnDuty.Infrastructure;

public static class DependencyInjection
{
    /// <summary>Adapters behind Core's ports, chosen and validated from configuration at start.</summary>
    public static IServiceCollection AddOnDutyInfrastructure(this IServiceCollection services)
    {
        services.AddOnDutyTables();

        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IEmailSender, SmtpEmailSender>();

        services.AddOptions<TeamsOptions>().BindConfiguration(TeamsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient<ITeamsChannel, TeamsWebhookChannel>(client => client.Timeout = TimeSpan.FromSeconds(30));
        return services;
    }
}
