using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
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

    /// <summary>
    /// A setting that fails its check stops the start as Program does: the check's sentences alone on the error output, one a
    /// line, exit code 1, no stack trace.
    /// </summary>
    [Fact]
    public async Task Run_SettingFailsItsCheck_PrintsItsSentenceAloneAndExits1()
    {
        var settings = TestLocalHost.Settings();
        settings["Incidents:Leads:0"] = "";

        await AssertRefusedAsync(
            settings,
            "Incidents__Leads__0 is blank: give a lead's email address — at least one lead is required (escalation step 2; pages with nobody on duty go there).");
    }

    /// <summary>Every options type the start checks that fails is named, not just the first one.</summary>
    [Fact]
    public async Task Run_SettingsOfTwoSectionsFailTheirChecks_PrintsEveryFailureOneALine()
    {
        var settings = TestLocalHost.Settings();
        settings["Team:PhoneCountryCode"] = "+81";
        settings["Incidents:Leads:0"] = "";

        await AssertRefusedAsync(
            settings,
            "Team__PhoneCountryCode must be the team's country calling code, 1 to 3 digits without + (e.g. 81), or empty.",
            "Incidents__Leads__0 is blank: give a lead's email address — at least one lead is required (escalation step 2; pages with nobody on duty go there).");
    }

    /// <summary>
    /// A section a service reads while the host is created (Email, through the mail sender) is checked with all the others,
    /// before any service is made: its failures and the other sections' are printed together, one a line, exit code 1, and
    /// nothing else (it used to stop the start alone, before the others were checked).
    /// </summary>
    [Fact]
    public async Task Run_EmailAndOtherSectionsFailTheirChecks_PrintsEveryFailureTogether()
    {
        var settings = TestLocalHost.Settings();
        settings["Email:Smtp:Port"] = "70000";
        settings["Team:PhoneCountryCode"] = "+81";
        settings["Incidents:Leads:0"] = "";

        await AssertRefusedAsync(
            settings,
            "Team__PhoneCountryCode must be the team's country calling code, 1 to 3 digits without + (e.g. 81), or empty.",
            "Incidents__Leads__0 is blank: give a lead's email address — at least one lead is required (escalation step 2; pages with nobody on duty go there).",
            "Email__Smtp__Port must be a port number (1-65535).");
    }

    /// <summary>Unreadable values in two sections (Email's provider misspelled, a time of day out of range): both named.</summary>
    [Fact]
    public async Task Run_EmailProviderMisspelledAndAnotherValueUnreadable_PrintsBoth()
    {
        var settings = TestLocalHost.Settings();
        settings["Email:Provider"] = "Smpt";
        settings["Reminders:LocalTime"] = "25:00";

        await AssertRefusedAsync(
            settings,
            "Reminders__LocalTime must be a time of day, HH:mm, e.g. 10:00 (it is \"25:00\").",
            "Email__Provider must be one of: Smtp, Acs, Graph (it is \"Smpt\").");
    }

    /// <summary>
    /// An unreadable value and failed checks of other sections in one start: the unreadable value first, then every failed check
    /// of the sections whose values can be read. The section holding the unreadable value is named by it alone (no "is required").
    /// </summary>
    [Fact]
    public async Task Run_UnreadableValueAndOtherSectionsFailingTheirChecks_PrintsThemAllTogether()
    {
        var settings = TestLocalHost.Settings();
        settings["Reminders:LocalTime"] = "25:00";
        settings["Team:PhoneCountryCode"] = "+81";
        settings["Email:Smtp:Port"] = "70000";

        await AssertRefusedAsync(
            settings,
            "Reminders__LocalTime must be a time of day, HH:mm, e.g. 10:00 (it is \"25:00\").",
            "Team__PhoneCountryCode must be the team's country calling code, 1 to 3 digits without + (e.g. 81), or empty.",
            "Email__Smtp__Port must be a port number (1-65535).");
    }

    /// <summary>
    /// An unreadable value in a section two options types read (Sms, Voice): named once, as any other. Trial 50: the start ended
    /// with "An item with the same key has already been added. Key: Sms:AcceptReplies" and a stack trace.
    /// </summary>
    [Fact]
    public async Task Run_UnreadableValueInASectionReadTwice_PrintsItOnce()
    {
        var settings = TestLocalHost.Settings();
        settings["Sms:AcceptReplies"] = "yes";

        await AssertRefusedAsync(settings, "Sms__AcceptReplies must be true or false (it is \"yes\").");
    }

    /// <summary>
    /// A storage connection string the storage client cannot read (the app's tables, or the host's AzureWebJobsStorage that the
    /// send queues use) stops the start in the admin's words: which setting, what is wrong, what to do; no .NET type name, no
    /// key, exit code 1. AzureWebJobsStorage's used to end the start with an unhandled FormatException and its stack trace.
    /// </summary>
    [Theory]
    [InlineData("Storage:ConnectionString", "Storage__ConnectionString", "DefaultEndpointsProtocol=https;AccountName=ondutyprod;EndpointSuffix=core.windows.net", "it names the account but has no AccountKey")]
    [InlineData("AzureWebJobsStorage", "AzureWebJobsStorage", "DefaultEndpointsProtocol=https;AccountName=ondutyprod;EndpointSuffix=core.windows.net", "it names the account but has no AccountKey")]
    [InlineData("AzureWebJobsStorage", "AzureWebJobsStorage", "DefaultEndpointsProtocol=https;EndpointSuffix=core.windows.net", "it names no storage account (AccountName=…)")]
    [InlineData("Storage:ConnectionString", "Storage__ConnectionString", "DefaultEndpointsProtocol=https;AccountName=ondutyprod;AccountKey=c2VjcmV0a2V5;TableEndpoint=not a url", "the storage client cannot read it (check for a missing or misspelled part, or a value cut short when pasted)")]
    [InlineData("AzureWebJobsStorage", "AzureWebJobsStorage", "ondutyprod c2VjcmV0a2V5", "it must be name=value parts separated by ';', and a part has no '='")]
    public async Task Run_StorageConnectionStringUnreadable_PrintsTheSettingWhatIsWrongAndWhatToDo(string key, string setting, string value, string wrong)
    {
        var settings = TestLocalHost.Settings();
        settings[key] = value;

        await AssertRefusedAsync(
            settings,
            $"{setting} is not a valid connection string: {wrong} (the value is not shown: it may hold the account key). Fix: copy the connection string from the storage account's Access keys page in the Azure portal (DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net), or use UseDevelopmentStorage=true for Azurite.");
    }

    /// <summary>
    /// LocalHost's own setting mistakes (the queue trigger's host settings, the master key, the shifted clock, a timer's schedule) end the start as
    /// their sentence alone, exit code 1, as the app's do: they used to be bare exceptions, printed with a stack trace.
    /// </summary>
    [Theory]
    [InlineData("AzureFunctionsJobHost:extensions:queues:batchSize", "lots", "AzureFunctionsJobHost__extensions__queues: extensions.queues.batchSize 'lots' must be a whole number from 1 to 32.")]
    [InlineData("LocalHost:MasterKey", "", "LocalHost needs a master key: set LocalHost__MasterKey in the Values of local.settings.json or as an environment variable.")]
    [InlineData("LocalHost:Now", "tomorrow", "LocalHost__Now 'tomorrow' is not a date and time with its offset: give it as 2027-01-01T03:00+09:00 (or ...Z for UTC).")]
    // A timer's schedule in the admin's words (the setting, the form, an example), not NCrontab's ("'every' is not a valid [Second] crontab field value").
    [InlineData("EscalateIncidentsSchedule", "every minute", "The setting EscalateIncidentsSchedule ('every minute', the schedule of timer function 'EscalateIncidents') is not a six-field NCRONTAB schedule: give second, minute, hour, day of month, month and day of week, e.g. '0 */5 * * * *' for every five minutes.")]
    public async Task Run_LocalHostSettingMistake_PrintsItsSentenceAloneAndExits1(string key, string value, string sentence)
    {
        var settings = TestLocalHost.Settings();
        settings[key] = value;

        await AssertRefusedAsync(settings, sentence);
    }

    /// <summary>
    /// A local.settings.json that is not JSON ended the start with the parser's exception and its stack trace: now its sentence
    /// alone (the file, the line and position, what to do), exit code 1.
    /// </summary>
    [Fact]
    public async Task Run_SettingsFileNotJson_PrintsFileLineAndPositionAloneAndExits1()
    {
        var directory = Directory.CreateTempSubdirectory("onduty-localhost-");
        try
        {
            var path = Path.Combine(directory.FullName, "local.settings.json");
            await File.WriteAllTextAsync(path, "{\n  \"Values\": {\n    \"LocalHost__MasterKey\": \"k\",\n  }\n");

            var (exitCode, lines) = await RunAsProgramDoes(TestLocalHost.Settings(), args: ["--settings", path]);

            Assert.Equal(1, exitCode);
            Assert.Equal(
                [$"{path} is not valid JSON at line 5, position 1: correct it there (a missing comma, quote or brace is the usual cause; local.settings.sample.json shows the form) and start again."],
                lines);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>A failed check of a section a service reads while the host is created (Email) is printed alone, one sentence a line.</summary>
    [Fact]
    public async Task Run_EmailSettingsFailTheirChecks_PrintsEachFailureWithoutTheValidatorsWrapping()
    {
        var settings = TestLocalHost.Settings();
        settings["Email:Smtp:Port"] = "70000";
        settings["Email:Smtp:UserName"] = "onduty";

        await AssertRefusedAsync(
            settings,
            "Email__Smtp__Port must be a port number (1-65535).",
            "Email__Smtp__UserName and Email__Smtp__Password go together.");
    }

    /// <summary>The sample's public ack-link secret outside Development is refused in one sentence that does not repeat the secret.</summary>
    [Fact]
    public async Task Run_SampleAckTokenSecretOutsideDevelopment_PrintsTheRefusalAloneAndExits1()
    {
        var settings = TestLocalHost.Settings();
        // Refused outside Development too, in its own sentence; off here, so the sample secret's is the one line.
        settings["Pages:AllowAnonymous"] = "false";
        Assert.Equal(OnDuty.Core.Common.SampleSecrets.AckTokenSecret, settings["Incidents:AckTokenSecret"]);

        var (exitCode, lines) = await RunAsProgramDoes(
            settings,
            services => services.AddSingleton<Microsoft.Extensions.Hosting.IHostEnvironment>(new Support.TestHostEnvironment("Production")));

        Assert.Equal(1, exitCode);
        Assert.Equal(
            ["Incidents__AckTokenSecret is the public sample value from local.settings.sample.json, refused outside the Development environment: set your own (e.g. `openssl rand -base64 32`)."],
            lines);
    }

    /// <summary>Any other exception is a bug: it is not caught, and keeps its stack trace.</summary>
    [Fact]
    public async Task Run_OtherException_IsNotCaught()
    {
        using var error = new StringWriter();

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => OnDuty.Core.Common.StartupRefusal.RunAsync(() => throw new InvalidOperationException("a bug"), error));

        Assert.Equal("", error.ToString());
    }

    /// <summary>Runs the app as Program does and asserts the start was refused: exit code 1, exactly <paramref name="sentences"/> on the error output, one a line.</summary>
    private static async Task AssertRefusedAsync(Dictionary<string, string?> settings, params string[] sentences)
    {
        var (exitCode, lines) = await RunAsProgramDoes(settings);

        Assert.Equal(1, exitCode);
        Assert.Equal(sentences, lines);
    }

    /// <summary>Builds and starts the real app through <c>StartupRefusal</c>, as both Program.cs files do; the error output's lines.</summary>
    private static async Task<(int ExitCode, string[] Lines)> RunAsProgramDoes(
        Dictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null, string[]? args = null)
    {
        using var error = new StringWriter();
        var exitCode = await OnDuty.Core.Common.StartupRefusal.RunAsync(
            async () =>
            {
                await using var app = LocalHostApp.Build(args ?? TestLocalHost.Args(), configureServices, settings);
                await app.StartAsync();
                await app.StopAsync();
            },
            error);
        return (exitCode, error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
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

            // Start-up work (table creation) says why it waits in the same words, with the settings to check: no .NET type name.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!body.Contains("table creation (failed:", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
                using var again = await client.GetAsync("/api/health");
                body = await again.Content.ReadAsStringAsync();
            }

            Assert.Contains(
                "table creation (failed: Table Storage is not reachable (connection refused): check Storage__ConnectionString or Storage__TableServiceUri, and that the storage account (Azurite when local) is running; retrying)",
                body, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
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

        // An unreadable value (Email__Provider=Pigeon) stops the build already, a failed check the start.
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var app = LocalHostApp.Build(TestLocalHost.Args(), settings: settings);
            await app.StartAsync();
        });

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

    /// <summary>
    /// The host watches no directory under its content root (run.sh and bench.sh start it from the repository: it watched all
    /// 5,224 directories, node_modules included, for an appsettings.json it does not read). Linux: the process's inotify
    /// watches, by the inode they watch.
    /// </summary>
    [Fact]
    public async Task Build_ContentRootWithDirectories_WatchesNoneOfThem()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var root = Directory.CreateTempSubdirectory("onduty-content-root-");
        try
        {
            var below = root.CreateSubdirectory("node_modules").CreateSubdirectory("some-package");
            await using var app = LocalHostApp.Build(TestLocalHost.Args("--contentRoot", root.FullName), settings: TestLocalHost.Settings());

            Assert.Equal(root.FullName, app.Environment.ContentRootPath.TrimEnd('/'));
            var watched = WatchedInodes();
            Assert.DoesNotContain(await InodeAsync(root.FullName), watched);
            Assert.DoesNotContain(await InodeAsync(below.FullName), watched);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    /// <summary>The inodes this process's inotify watches are on (<c>ino:</c> of each watch in /proc/self/fdinfo, hex).</summary>
    private static HashSet<long> WatchedInodes()
    {
        var inodes = new HashSet<long>();
        foreach (var fd in Directory.EnumerateFiles("/proc/self/fdinfo"))
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(fd);
            }
            catch (IOException)
            {
                continue; // closed meanwhile
            }

            foreach (var line in lines.Where(l => l.StartsWith("inotify ", StringComparison.Ordinal)))
            {
                var ino = line.Split(' ').Single(part => part.StartsWith("ino:", StringComparison.Ordinal))["ino:".Length..];
                inodes.Add(long.Parse(ino, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return inodes;
    }

    private static async Task<long> InodeAsync(string path)
    {
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true })!;
        var output = await stat.StandardOutput.ReadToEndAsync();
        await stat.WaitForExitAsync();
        return long.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
