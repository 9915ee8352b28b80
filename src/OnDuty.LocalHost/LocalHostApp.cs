using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;
using OnDuty.Functions;

namespace OnDuty.LocalHost;

/// <summary>
/// Composes the local host: configuration as the Functions host builds it, the app's own services, and the
/// functions of a <see cref="FunctionCatalog"/> served over HTTP and on their timers.
/// </summary>
public static class LocalHostApp
{
    /// <summary>Builds the host for the functions of OnDuty.Functions.</summary>
    /// <param name="configureServices">Runs after <c>AddOnDutyApp</c>, to replace services (tests).</param>
    /// <param name="settings">Configuration applied after every other source.</param>
    public static WebApplication Build(
        string[] args,
        Action<IServiceCollection>? configureServices = null,
        IDictionary<string, string?>? settings = null) =>
        Build(args, FunctionCatalog.ForOnDutyFunctions(), configureServices, settings);

    /// <summary>Builds the host for the functions of <paramref name="catalog"/>.</summary>
    public static WebApplication Build(
        string[] args,
        FunctionCatalog catalog,
        Action<IServiceCollection>? configureServices = null,
        IDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(catalog);

        var settingsPath = LocalSettingsConfiguration.Locate(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // Not reloaded on change: the builder's appsettings.json (dropped below, with its other default sources) was watched
            // through a watcher of every directory under the content root, recursively, for the host's whole life. Started
            // from the repository (run.sh, bench.sh) that was 5,224 directories, node_modules and artifacts included, each
            // write of a log there woken up for: start-up slower and the storm's peak working set about 8 MB higher.
            Args = [.. args, "--hostBuilder:reloadConfigOnChange=false"],
            ApplicationName = typeof(LocalHostApp).Assembly.GetName().Name,
            // Core Tools runs the app as Development unless told otherwise.
            EnvironmentName = Environment.GetEnvironmentVariable("AZURE_FUNCTIONS_ENVIRONMENT")
                ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
                ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
                ?? Environments.Development,
        });
        ConfigureConfiguration(builder.Configuration, args, settingsPath, settings);

        // LocalHost's own settings are checked with the app's (AddOnDutyApp): every unreadable value named in one error.
        builder.Services.AddSingleton(new SettingsSection(LocalHostOptions.SectionName, typeof(LocalHostOptions)));
        builder.Services.AddOnDutyApp(builder.Configuration);
        var options = builder.Configuration.GetSection(LocalHostOptions.SectionName).Get<LocalHostOptions>() ?? new LocalHostOptions();
        builder.WebHost.UseUrls(builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? options.Urls ?? LocalHostOptions.DefaultUrls);

        RefuseSampleMasterKey(options.MasterKey, builder.Environment);
        if (options.SmsToMail)
        {
            builder.Services.Replace(ServiceDescriptor.Singleton<OnDuty.Core.Notifications.ISmsSender, MailedSmsSender>());
            // Calls go to the mail catcher too, and are on: there is no Twilio account to ask for (Voice__Enabled is its setting).
            builder.Services.Replace(ServiceDescriptor.Singleton<OnDuty.Core.Notifications.IVoiceCaller, MailedVoiceCaller>());
            builder.Services.PostConfigure<OnDuty.Core.Notifications.VoiceOptions>(o => o.Enabled = true);
        }

        var clock = LocalHostClock.From(options.Now, builder.Environment);
        if (clock is not null)
        {
            builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
        }

        AddFunctionHostServices(builder.Services, builder.Configuration, catalog, options);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        // Every section's checks before any service is created: one that reads its options (Email) would fail alone.
        StartupRefusal.CheckSettings(app.Services);
        FunctionActivation.EnsureConstructorsResolvable(catalog, app.Services);
        app.UseUnroutedProblems();
        app.MapHttpFunctions(catalog);
        app.MapAdminEndpoints();

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LocalHostApp).FullName!);
        if (clock is not null)
        {
            logger.LogWarning(
                "{Setting} is set: OnDuty's clock reads {Now:yyyy-MM-dd HH:mm:ss zzz} ({Offset} from real time) and runs on; timers fire by it", LocalHostClock.Setting,
                clock.GetUtcNow(), clock.Offset);
        }

        if (settingsPath is null)
        {
            logger.LogWarning(
                "No {FileName} found next to {Solution} (or given by --{Argument} / {Variable}); using environment variables only",
                LocalSettingsConfiguration.FileName, LocalSettingsConfiguration.SolutionFileName,
                LocalSettingsConfiguration.PathArgument, LocalSettingsConfiguration.PathEnvironmentVariable);
        }
        else
        {
            logger.LogInformation("Settings from {SettingsPath}", settingsPath);
        }

        app.Lifetime.ApplicationStarted.Register(() => LogFunctions(app, catalog, logger));
        return app;
    }

    private static void ConfigureConfiguration(
        ConfigurationManager configuration, string[] args, string? settingsPath, IDictionary<string, string?>? settings)
    {
        // Rebuilt in the Functions host's order: local.settings.json, then environment variables (app settings in
        // Azure), then the command line. appsettings.json and user secrets are not part of a Functions app.
        configuration.Sources.Clear();
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Per-request framework logs drown the function logs that `func start` shows; settings can raise them again.
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        });
        configuration.AddEnvironmentVariables("DOTNET_");
        configuration.AddEnvironmentVariables("ASPNETCORE_");
        if (settingsPath is not null)
        {
            configuration.AddInMemoryCollection(LocalSettingsConfiguration.Read(settingsPath));
        }

        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(args);
        if (settings is not null)
        {
            configuration.AddInMemoryCollection(settings);
        }
    }

    /// <summary>The sample's master key is public (it is in the repository): outside Development it is refused at start.</summary>
    public static void RefuseSampleMasterKey(string? masterKey, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (masterKey == SampleSecrets.LocalHostMasterKey && !environment.IsDevelopment())
        {
            throw new SettingRefusedException(
                $"LocalHost__MasterKey is the public sample value from local.settings.sample.json, refused outside the Development environment (this is {environment.EnvironmentName}): set your own.");
        }
    }

    private static void AddFunctionHostServices(
        IServiceCollection services, IConfiguration configuration, FunctionCatalog catalog, LocalHostOptions options)
    {
        // What the Functions worker would otherwise provide.
        services.TryAddSingleton(TimeProvider.System);
        services.AddMvcCore();

        services.AddSingleton(catalog);
        services.AddSingleton(options);
        // A key for a function that does not exist (a typo) would silently open nothing: refuse to start instead.
        foreach (var name in options.Functions.Keys.Where(n => catalog.Find(n) is not { AuthLevel: not null }))
        {
            throw new SettingRefusedException(
                $"LocalHost__Functions__{name}__Keys__… names no HTTP function; expected one of {string.Join(", ", catalog.Functions.Where(f => f.AuthLevel is not null).Select(f => f.Name))}.");
        }

        services.AddSingleton(new FunctionKeyAuthorization(options));
        services.AddSingleton(new DisabledFunctions(catalog, configuration));
        services.AddSingleton(TimerSchedule.ResolveAll(catalog, configuration));
        services.AddSingleton<FunctionInvoker>();
        services.AddSingleton<TimerFunctionRunner>();
        services.AddHostedService<TimerScheduler>();
        services.AddSingleton(QueueHostOptions.Load(configuration));
        services.AddHostedService<QueueListener>();
        services.AddHostedService<ExitWithProcessWatch>();
        services.AddHostedService<StallWatch>();
    }

    private static void LogFunctions(WebApplication app, FunctionCatalog catalog, ILogger logger)
    {
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.TrimEnd('/')
            ?? LocalHostOptions.DefaultUrls;
        var timers = app.Services.GetRequiredService<IReadOnlyList<TimerSchedule>>();
        var disabled = app.Services.GetRequiredService<DisabledFunctions>();
        foreach (var name in disabled.Unknown)
        {
            logger.LogWarning("Setting AzureWebJobs.{Name}.Disabled names no function; nothing is disabled by it", name);
        }

        logger.LogInformation("Functions:");
        foreach (var function in catalog.Functions)
        {
            if (disabled.IsDisabled(function.Name))
            {
                logger.LogInformation("  {FunctionName}: disabled (AzureWebJobs.{FunctionName}.Disabled)", function.Name, function.Name);
            }
            else if (function.Trigger == FunctionTriggerKind.Http)
            {
                logger.LogInformation(
                    "  {FunctionName}: [{Methods}] {Url} ({AuthLevel})",
                    function.Name, function.Methods is null ? "*" : string.Join(',', function.Methods),
                    $"{baseUrl}/{HttpFunctionEndpoints.RoutePrefix}/{function.Route}", function.AuthLevel);
            }
            else if (function.Trigger == FunctionTriggerKind.Queue)
            {
                logger.LogInformation("  {FunctionName}: queueTrigger '{Queue}' ({Connection})", function.Name, function.QueueName, function.Connection);
            }
            else
            {
                var timer = timers.Single(t => t.Function == function);
                logger.LogInformation(
                    "  {FunctionName}: timerTrigger '{Schedule}' (UTC), run now with POST {AdminUrl}",
                    function.Name, timer.Expression, $"{baseUrl}/admin/functions/{function.Name}");
            }
        }
    }
}
