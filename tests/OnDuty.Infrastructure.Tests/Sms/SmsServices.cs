using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core;

namespace OnDuty.Infrastructure.Tests.Sms;

/// <summary>
/// The app's services composed as the hosts compose them — Core's defaults (<c>NoSmsSender</c>, <c>NoVoiceCaller</c>, the team
/// settings), then the adapters — from in-memory settings (<c>Sms:From</c>, <c>Voice:Enabled</c>, <c>Team:PublicBaseUrl</c>…)
/// over the few every start needs, so that <c>IStartupValidator</c> reports only what the settings given get wrong.
/// </summary>
internal static class SmsServices
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "f00dfeedf00dfeedf00dfeedf00dfeed";

    public static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Email:Provider"] = "Smtp",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:From"] = "onduty@onduty.example",
            ["Incidents:AckTokenSecret"] = Convert.ToBase64String(new byte[32]),
            ["Incidents:Leads:0"] = "lead@onduty.example",
            ["Incidents:OrganisationList"] = "pm@onduty.example",
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddOnDutyCore();
        services.AddOnDutyInfrastructure();
        return services.BuildServiceProvider();
    }
}
