using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Calendar;
using OnDuty.Core.Health;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Retros;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Infrastructure.Tables;

public static class TablesServiceCollectionExtensions
{
    /// <summary>Table Storage adapters for the roster, rotations and outbox, configured from the "Storage" section.</summary>
    public static IServiceCollection AddOnDutyTables(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .BindSettings(StorageOptions.SectionName)
            .Validate(o => o.HasExactlyOneEndpoint,
                "Set exactly one of Storage__ConnectionString (e.g. UseDevelopmentStorage=true) or Storage__TableServiceUri (with a managed identity).")
            .Validate(o => o.HasValidServiceUri, "Storage__TableServiceUri must be an absolute https URI such as https://account.table.core.windows.net.")
            .Validate(o => o.HasValidPrefix, "Storage__TablePrefix must be letters and digits, starting with a letter, at most 50 characters.")
            .Validate(o => o.MaxRetries is >= 0 and <= 10, "Storage__MaxRetries must be between 0 and 10.")
            .Validate(o => o.NetworkTimeout > TimeSpan.Zero, "Storage__NetworkTimeout must be positive.")
            .ValidateOnStart();

        // A garbled connection string fails the start naming the setting and what is wrong, never the key.
        services.AddSingleton<IValidateOptions<StorageOptions>>(new ProblemValidation<StorageOptions>(o => o.ConnectionStringProblem()));
        services.AddSingleton<StorageTransportErrors>();
        services.AddSingleton(sp => CreateServiceClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<StorageTransportErrors>()));
        services.AddSingleton<OnDutyTables>();
        // Writes tell the on-call cache (ScheduleInputCache), so this instance answers a change at once.
        services.TryAddSingleton<ScheduleInputCache>();
        // A member or rotation row without a zone reads in the team's (Incidents__TimeZone): no default zone of their own. Read only for
        // such a row, so setting up storage does not validate the incident options (escalation addresses) it does not need.
        services.AddSingleton(sp => new TableRosterRepository(
            sp.GetRequiredService<OnDutyTables>(), () => sp.GetRequiredService<IOptions<IncidentOptions>>().Value.TimeZone, sp.GetRequiredService<IOptions<StorageOptions>>().Value.MemberEmailClaims));
        services.AddSingleton<IRosterRepository>(sp => new ScheduleChangeTrackingRosterRepository(sp.GetRequiredService<TableRosterRepository>(), sp.GetRequiredService<ScheduleInputCache>()));
        services.AddSingleton<IPersonalDataStore, TablePersonalDataStore>();
        services.AddSingleton(sp => new TableRotationRepository(sp.GetRequiredService<OnDutyTables>(), () => sp.GetRequiredService<IOptions<IncidentOptions>>().Value.TimeZone));
        services.AddSingleton<IRotationRepository>(sp => new ScheduleChangeTrackingRotationRepository(sp.GetRequiredService<TableRotationRepository>(), sp.GetRequiredService<ScheduleInputCache>()));
        services.AddSingleton<IOutboxStore, TableOutboxStore>();
        services.AddSingleton<IIncidentRepository, TableIncidentRepository>();
        services.AddSingleton<IIncidentDraftStore, TableIncidentDraftStore>();
        services.AddSingleton<IIncidentFollowers, TableIncidentFollowers>();
        services.AddSingleton<IIncidentReaders, TableIncidentReaders>();
        services.AddSingleton<OnDuty.Core.Maintenance.IMaintenanceWindowStore, TableMaintenanceWindowStore>();
        services.AddSingleton<OnDuty.Core.Heartbeats.IHeartbeatStore, TableHeartbeatStore>();
        services.AddSingleton<OnDuty.Core.Alerts.IWebhookReceipts, TableWebhookReceipts>();
        services.AddSingleton<OnDuty.Core.Alerts.IDeliveryRefusals, TableDeliveryRefusals>();
        services.AddSingleton<OnDuty.Core.Incidents.IAlertInbox, TableAlertInbox>();
        services.AddSingleton<IFeedTokenRepository, TableFeedTokenRepository>();
        services.AddSingleton<IFeedRevisionStore, TableFeedRevisionStore>();
        services.AddSingleton<ICalendarEventStore, TableCalendarEventStore>();
        services.AddSingleton<IRetroRepository, TableRetroRepository>();
        services.AddSingleton<ICriteriaRepository, TableRetroCriteriaRepository>();
        services.AddSingleton<TableRetroLessonIndex>();
        services.AddSingleton<ILessonIndex>(sp => sp.GetRequiredService<TableRetroLessonIndex>());
        services.AddSingleton<StorageInitializer>();
        services.AddSingleton<IHealthProbe>(sp => sp.GetRequiredService<StorageInitializer>());
        return services;
    }

    internal static TableServiceClient CreateServiceClient(StorageOptions options, StorageTransportErrors? transportErrors = null)
    {
        var clientOptions = new TableClientOptions();
        if (transportErrors is not null)
        {
            clientOptions.AddPolicy(transportErrors, HttpPipelinePosition.PerRetry);
        }

        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;

        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new TableServiceClient(options.ConnectionString, clientOptions);
        }

        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId) ? null : options.ManagedIdentityClientId,
        });
        return new TableServiceClient(new Uri(options.TableServiceUri!), credential, clientOptions);
    }
}
