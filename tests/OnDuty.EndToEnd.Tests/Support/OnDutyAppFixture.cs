using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OnDuty.LocalHost;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Support;

/// <summary>
/// The whole app as it runs locally: LocalHost on a loopback port, a real Azurite, a real SMTP server
/// (smtp4dev) and a loopback Teams webhook. Time is a FakeTimeProvider the tests move; timers are off
/// and run through <c>POST /admin/functions/{name}</c>, as an operator would.
/// </summary>
public sealed class OnDutyAppFixture : IAsyncLifetime
{
    public const string MasterKey = "e2e-master-key";

    public const string AckTokenSecret = "ZTJlLWFjay10b2tlbi1zZWNyZXQtb2YtMzItYnl0ZXMtb3ItbW9yZQ==";

    private string? _settingsFile;

    /// <summary>Monday 2026-11-30 09:00 in Tokyo: an hour before the 2026-W49 handoff of the demo rotation.</summary>
    public static readonly DateTimeOffset BeforeHandoff = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(BeforeHandoff);

    public AzuriteProcess Azurite { get; private set; } = null!;

    public Smtp4devProcess Smtp { get; private set; } = null!;

    public LoopbackWebhook Teams { get; private set; } = null!;

    public WebApplication App { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A client sending the master key.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>A client sending no key.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var azurite = AzuriteProcess.StartAsync();
        var smtp = Smtp4devProcess.StartAsync();
        var teams = LoopbackWebhook.StartAsync();
        Azurite = await azurite;
        Smtp = await smtp;
        Teams = await teams;

        // An empty settings file keeps a developer's own local.settings.json out of the tests.
        _settingsFile = Path.Combine(Path.GetTempPath(), $"onduty-e2e-{Guid.NewGuid():n}.json");
        await File.WriteAllTextAsync(_settingsFile, "{\"IsEncrypted\":false,\"Values\":{}}");

        App = LocalHostApp.Build(
            ["--settings", _settingsFile],
            services => services.AddSingleton<TimeProvider>(Time),
            SampleSettings.Values(new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["Storage:ConnectionString"] = Azurite.ConnectionString,
                ["Incidents:AckTokenSecret"] = AckTokenSecret,
                ["Incidents:Leads:0"] = "lead@onduty.example",
                ["Incidents:OrganisationList"] = "pm-org@onduty.example",
                ["Team:PublicBaseUrl"] = "http://127.0.0.1:7071",
                ["Team:Language"] = "ja",
                ["Team:SeedDemo"] = "true",
                ["Email:Provider"] = "Smtp",
                ["Email:From"] = "onduty@onduty.example",
                ["Email:Smtp:Host"] = "127.0.0.1",
                ["Email:Smtp:Port"] = Smtp.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Email:Smtp:Security"] = "None",
                ["Teams:WebhookUrl"] = Teams.Url,
                ["Outbox:BaseDelay"] = "00:00:30",
                ["LocalHost:MasterKey"] = MasterKey,
                ["LocalHost:DisableTimers"] = "true",
            }));
        await App.StartAsync();
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Add("x-functions-key", MasterKey);
        Client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        Anonymous = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        await WaitForHealthyAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Runs a non-HTTP function now and returns when it has finished.</summary>
    public async Task RunFunctionAsync(string name)
    {
        using var response = await Client.PostAsync($"admin/functions/{name}", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{name}: {(int)response.StatusCode} {body}");
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        Anonymous?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        await Task.WhenAll(
            Teams is null ? Task.CompletedTask : Teams.DisposeAsync().AsTask(),
            Smtp is null ? Task.CompletedTask : Smtp.DisposeAsync().AsTask(),
            Azurite is null ? Task.CompletedTask : Azurite.DisposeAsync().AsTask());
        if (_settingsFile is not null)
        {
            File.Delete(_settingsFile);
        }
    }

    private async Task WaitForHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await Anonymous.GetAsync("api/health");
            last = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("OnDuty did not become healthy: " + last);
    }
}

[CollectionDefinition(Name)]
public sealed class OnDutyAppCollection : ICollectionFixture<OnDutyAppFixture>
{
    public const string Name = "OnDuty app";
}

public static class OnDutyAppFixtureExtensions
{
    /// <summary>
    /// Moves the clock to 5 minutes after the next handoff of the demo rotation (Monday 10:00 Tokyo, or the next
    /// working day when that Monday is a holiday, as the app computes it) and returns that week's ISO label.
    /// </summary>
    public static string AdvanceToNextHandoff(this OnDutyAppFixture app)
    {
        var calendar = app.DemoCalendar();
        var now = app.Time.GetUtcNow();
        var index = calendar.ShiftIndexAt(now);
        if (calendar.ShiftStartsAt(index).AddMinutes(5) <= now)
        {
            index++;
        }

        app.Time.SetUtcNow(calendar.ShiftStartsAt(index).AddMinutes(5));
        return calendar.WeekLabel(index);
    }

    /// <summary>The demo rotation's calendar with the app's working days.</summary>
    public static OnDuty.Core.Rotations.DutyCalendar DemoCalendar(this OnDutyAppFixture app) =>
        new(OnDuty.Core.Seeding.DemoRoster.Rotations()[0], app.App.Services.GetRequiredService<OnDuty.Core.Calendar.IWorkingCalendar>());
}
