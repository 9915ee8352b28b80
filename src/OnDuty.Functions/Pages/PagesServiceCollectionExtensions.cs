using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OnDuty.Core.Common;
using OnDuty.Infrastructure.Tables;

namespace OnDuty.Functions.Pages;

public static class PagesServiceCollectionExtensions
{
    /// <summary>
    /// The PM pages: who may use them, anti-forgery with Data Protection keys kept in the app's tables (every instance
    /// shares them, so a form rendered by one validates on another), and the page flows.
    /// </summary>
    public static IServiceCollection AddOnDutyPages(this IServiceCollection services)
    {
        services.AddOptions<PagesOptions>()
            .BindSettings(PagesOptions.SectionName)
            .Configure<IConfiguration>((o, configuration) => o.EasyAuthEnabled = bool.TryParse(configuration[PagesOptions.EasyAuthSetting], out var on) && on)
            // No host environment (a bare container, as the deployment tests build) counts as not Development.
            .Validate<IServiceProvider>(
                (o, services) => !o.AllowAnonymous || (services.GetService<IHostEnvironment>()?.IsDevelopment() ?? false),
                $"{PagesOptions.SectionName}__AllowAnonymous=true lets anyone use the PM pages without signing in and is refused outside the Development environment: remove it and turn on App Service Authentication.")
            .ValidateOnStart();

        services.AddDataProtection().SetApplicationName("OnDuty");
        services.AddSingleton<TableXmlRepository>();
        services.AddOptions<KeyManagementOptions>().Configure<TableXmlRepository>((o, keys) => o.XmlRepository = keys);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "OnDuty.Antiforgery";
            o.FormFieldName = "__RequestVerificationToken";
            // Same as the request in Development, so the form still works on plain-http loopback locally and in tests.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });

        // Anywhere else always Secure: behind Azure's front end the worker may see the request as http (TLS ends before it), and
        // a cookie without Secure is sent on any plain-http request to the host, before the redirect to https. No host
        // environment (a bare container) counts as not Development, as above.
        services.AddOptions<AntiforgeryOptions>().Configure<IServiceProvider>((o, provider) =>
        {
            if (!(provider.GetService<IHostEnvironment>()?.IsDevelopment() ?? false))
            {
                o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            }
        });

        services.AddSingleton<PageAccess>();
        services.AddSingleton<ConfidentialGate>();
        services.AddSingleton<PmPages>();
        services.AddSingleton<RetroPages>();
        services.AddSingleton<IncidentOverviewPage>();
        services.AddSingleton<DeliveriesPage>();
        services.AddSingleton<UndeliveredPage>();
        services.AddSingleton<MaintenancePages>();
        services.AddSingleton<ContactPages>();
        services.AddSingleton<OnDuty.Core.Common.RepeatedPosts>();
        services.AddSingleton<DutyPages>();
        services.AddSingleton<CriteriaPages>();
        return services;
    }
}
