using System.Net;
using Microsoft.AspNetCore.Hosting;
using OnDuty.LocalHost;
using OnDuty.LocalHost.TestFunctions.Invalid;

namespace OnDuty.EndToEnd.Tests.LocalHost;

/// <summary>The real OnDuty.Functions app through the same composition <c>dotnet run</c> uses.</summary>
public sealed class LocalHostAppTests
{
    /// <summary>An unreadable value, LocalHost's own or the app's, stops the build naming them all, before any host or log runs.</summary>
    [Fact]
    public void Build_UnreadableSettings_StopsNamingEachAsTheAdminWritesIt()
    {
        var settings = TestLocalHost.Settings();
        settings["LocalHost:SmsToMail"] = "yes";
        settings["Reminders:LocalTime"] = "25:00";

        var error = Assert.Throws<OnDuty.Core.Common.SettingsFormatException>(() => LocalHostApp.Build(TestLocalHost.Args(), settings: settings));

        Assert.Equal(
            "LocalHost__SmsToMail must be true or false (it is \"yes\").\nReminders__LocalTime must be a time of day, HH:mm, e.g. 10:00 (it is \"25:00\").",
            error.Message);
    }

    [Fact]
    public async Task Build_RealAppWithoutStorage_HealthIs503NamingStorage()
    {
        await using var app = LocalHostApp.Build(TestLocalHost.Args(), settings: TestLocalHost.Settings());
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

            using var response = await client.GetAsync("/api/health");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("storage", body);
            Assert.Contains("startup", body);
            // Anonymous: which check failed and why in a few words (trial 32a M5: "connection refused" tells the 3 a.m. reader
            // storage is not running), never the exception's text (the storage host and port, the socket error's own words).
            Assert.Contains("connection refused", body, StringComparison.Ordinal);
            Assert.DoesNotContain("127.0.0.1", body);
            Assert.DoesNotContain("SocketException", body, StringComparison.Ordinal);
            Assert.DoesNotContain("actively refused", body, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Theory]
    [InlineData("Email:From", "not-an-address", "Email__From")]
    [InlineData("Email:Provider", "Pigeon", "Email__Provider must be one of: Smtp, Acs, Graph (it is \"Pigeon\").")]
    [InlineData("Teams:WebhookUrl", "http://teams.example.com/hook", "Teams__WebhookUrl")]
    [InlineData("Storage:ConnectionString", null, "Storage__ConnectionString")]
    [InlineData("Team:Language", "fr", "Team__Language")]
    [InlineData("Incidents:OrganisationList", "", "Incidents__OrganisationList is blank")]
    [InlineData("Incidents:OrganisationList", null, "Incidents__OrganisationList")]
    [InlineData("Incidents:Leads:0", "", "Incidents__Leads__0 is blank")]
    [InlineData("Incidents:Leads:0", null, "Incidents__Leads__0")]
    [InlineData("Comms:BySeverity:Sev1:0", "board", "Comms__BySeverity__Sev1__0 names audience 'board'")]
    [InlineData("Comms:UpdateInterval:Sev2", "soon", "Comms__UpdateInterval__Sev2")]
    [InlineData("Comms:Audiences:execs:Members:0", "ceo@", "Comms__Audiences__execs__Members__0")]
    [InlineData("Comms:Audiences:execs:TimeZone", "Europe/Londn", "Comms__Audiences__execs__TimeZone: 'Europe/Londn' is not a known time zone")]
    public async Task Start_InvalidSetting_FailsNamingTheSetting(string key, string? value, string named)
    {
        var settings = TestLocalHost.Settings();
        settings[key] = value;

        // A value the binder cannot read stops the build itself (SettingsFormatException); one it reads but refuses, the start.
        var error = await Record.ExceptionAsync(async () =>
        {
            await using var app = LocalHostApp.Build(TestLocalHost.Args(), settings: settings);
            await app.StartAsync();
        });

        Assert.NotNull(error);
        Assert.Contains(named, error.ToString());
    }

    [Fact]
    public void Build_FunctionClassNeedsUnregisteredService_FailsNamingClassAndParameter()
    {
        var catalog = FunctionCatalog.FromTypes([typeof(NeedsUnregisteredService)]);

        var error = Assert.Throws<InvalidOperationException>(() => TestLocalHost.Build(catalog: catalog));

        Assert.Contains(typeof(NeedsUnregisteredService).FullName!, error.Message);
        Assert.Contains("'service'", error.Message);
    }

    [Fact]
    public async Task Build_UrlsNotGiven_ListensOnLoopback7071()
    {
        var settings = TestLocalHost.Settings();
        // Null hides whatever ASPNETCORE_URLS or LocalHost__Urls the machine may have set.
        settings["urls"] = null;
        settings["LocalHost:Urls"] = null;

        await using var app = LocalHostApp.Build(TestLocalHost.Args(), settings: settings);

        Assert.Equal("http://127.0.0.1:7071", app.Configuration[WebHostDefaults.ServerUrlsKey]);
    }
}
