using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OnDuty.Core.Health;
using OnDuty.Testing;

namespace OnDuty.Deployment.Tests;

/// <summary>
/// Who pages when the pager is down (infra/modules/watch.bicep): Azure Monitor availability tests of <c>/api/health</c>
/// with alerts that email through their own action group (and, when OnDuty is down, text and call through a second one),
/// none of it depending on OnDuty's storage, timers or mail.
/// </summary>
public sealed class WatchTemplateTests
{
    private const string WebTests = "Microsoft.Insights/webtests";
    private const string MetricAlerts = "Microsoft.Insights/metricAlerts";
    private const string ActionGroups = "Microsoft.Insights/actionGroups";
    private const string LocationAvailability = "Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria";

    private static CompiledTemplate Template => CompiledTemplate.MainTemplate;

    /// <summary>The watch module's own template, as compiled into main.json.</summary>
    private static JsonObject WatchModule => Template.Resources.Single(IsWatchDeployment)["properties"]!["template"]!.AsObject();

    [Fact]
    public void Watch_IsOnByDefault_AndEachPartHasAnAzdSetting()
    {
        Assert.True((bool)Template.Parameters["watch"]!["defaultValue"]!);
        Assert.True((bool)Template.Parameters["watchDegraded"]!["defaultValue"]!);
        Assert.Equal("", (string?)Template.Parameters["watchEmails"]!["defaultValue"]);
        Assert.Equal("", (string?)Template.Parameters["watchPhones"]!["defaultValue"]);
        Assert.True((bool)Template.Parameters["watchCalls"]!["defaultValue"]!);
        Assert.Equal("[parameters('watch')]", (string?)Template.Resources.Single(IsWatchDeployment)["condition"]);

        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Find(), "infra", "main.parameters.json")))!["parameters"]!;
        Assert.Equal("${ONDUTY_WATCH=true}", (string?)file["watch"]!["value"]);
        Assert.Equal("${ONDUTY_WATCH_EMAILS=}", (string?)file["watchEmails"]!["value"]);
        Assert.Equal("${ONDUTY_WATCH_DEGRADED=true}", (string?)file["watchDegraded"]!["value"]);
        Assert.Equal("${ONDUTY_WATCH_PHONES=}", (string?)file["watchPhones"]!["value"]);
        Assert.Equal("${ONDUTY_WATCH_CALLS=true}", (string?)file["watchCalls"]!["value"]);
    }

    /// <summary>
    /// The tests call the Function App's own default host (the functionapp module's output), not Team__PublicBaseUrl:
    /// a custom domain or proxy in front could be what is broken, or hide that the app is.
    /// </summary>
    [Fact]
    public void WatchModule_CallsTheFunctionAppsDefaultHost_AndReportsToItsApplicationInsights()
    {
        var parameters = Template.Resources.Single(IsWatchDeployment)["properties"]!["parameters"]!;
        Assert.Matches(ModuleOutput("functionapp", "defaultHostName"), (string?)parameters["hostName"]!["value"]);
        Assert.Matches(ModuleOutput("monitoring", "applicationInsightsId"), (string?)parameters["applicationInsightsId"]!["value"]);

        var monitoring = Template.Resources.Single(r => (string?)r["type"] == "Microsoft.Resources/deployments" && (string?)r["name"] == "monitoring");
        Assert.Equal(
            "[resourceId('Microsoft.Insights/components', parameters('applicationInsightsName'))]",
            (string?)monitoring["properties"]!["template"]!["outputs"]!["applicationInsightsId"]!["value"]);

        var variables = WatchModule["variables"]!;
        Assert.Equal("[format('https://{0}/api/health', parameters('hostName'))]", (string?)variables["healthUrl"]);
        Assert.Equal(
            "[union(parameters('tags'), createObject(format('hidden-link:{0}', parameters('applicationInsightsId')), 'Resource'))]",
            (string?)variables["testTags"]);
        var tests = ModuleResources(WebTests).ToList();
        Assert.Equal(2, tests.Count);
        Assert.All(tests, t => Assert.Equal("[variables('healthUrl')]", (string?)t["properties"]!["Request"]!["RequestUrl"]));
        Assert.All(tests, t => Assert.Equal("[variables('testTags')]", (string?)t["tags"]));
    }

    [Fact]
    public void DownTest_GetsHealthOnTheFunctionAppFrom5LocationsEvery5Minutes_Expecting200()
    {
        var snapshot = TemplateSnapshot.OfMain();
        var (down, _) = Tests(snapshot);

        Assert.Equal("standard", (string?)down["kind"]);
        Assert.Equal(Location(snapshot), (string?)down["location"]);
        Assert.Equal("Resource", (string?)down["tags"]![$"hidden-link:{TemplateSnapshot.Id(snapshot.Single("Microsoft.Insights/components"))}"]);
        var properties = down["properties"]!;
        Assert.Equal("standard", (string?)properties["Kind"]);
        Assert.Equal((string?)down["name"], (string?)properties["SyntheticMonitorId"]);
        Assert.StartsWith("onduty-down-", (string?)down["name"], StringComparison.Ordinal);
        Assert.True((bool)properties["Enabled"]!);
        Assert.Matches(HealthUrl(snapshot), (string?)properties["Request"]!["RequestUrl"]);
        Assert.Equal("GET", (string?)properties["Request"]!["HttpVerb"]);
        Assert.Equal(300, (int)properties["Frequency"]!);
        Assert.Equal(30, (int)properties["Timeout"]!);
        Assert.True((bool)properties["RetryEnabled"]!);
        Assert.True(LocationIds(down).Count >= 5);
        Assert.Contains("apac-jp-kaw-edge", LocationIds(down)); // Japan East, nearest the team
        var rules = properties["ValidationRules"]!;
        Assert.Equal(200, (int)rules["ExpectedHttpStatusCode"]!);
        Assert.True((bool)rules["SSLCheck"]!);
        Assert.Equal(7, (int)rules["SSLCertRemainingLifetimeCheck"]!);
        Assert.Null(rules["ContentValidation"]);
    }

    [Fact]
    public void DownAlert_FiresWhen2LocationsFail_AndEmailsThroughTheActionGroup()
    {
        var snapshot = TemplateSnapshot.OfMain();
        var (down, _) = Tests(snapshot);
        var component = TemplateSnapshot.Id(snapshot.Single("Microsoft.Insights/components"));

        var alert = AlertOn(snapshot, down);

        var properties = alert["properties"]!;
        Assert.Equal("global", (string?)alert["location"]);
        Assert.Equal(1, (int)properties["severity"]!);
        Assert.True((bool)properties["enabled"]!);
        Assert.True((bool)properties["autoMitigate"]!);
        Assert.Equal("PT1M", (string?)properties["evaluationFrequency"]);
        Assert.Equal("PT5M", (string?)properties["windowSize"]);
        Assert.Equal([TemplateSnapshot.Id(down), component], properties["scopes"]!.AsArray().Select(s => (string?)s));
        var criteria = properties["criteria"]!;
        Assert.Equal(LocationAvailability, (string?)criteria["odata.type"]);
        Assert.Equal(component, (string?)criteria["componentId"]);
        Assert.Equal(2, (int)criteria["failedLocationCount"]!);
        Assert.Contains("/api/health", (string?)properties["description"], StringComparison.Ordinal);
        Assert.Equal(
            TemplateSnapshot.Id(snapshot.Single(ActionGroups)),
            (string?)Assert.Single(properties["actions"]!.AsArray())!["actionGroupId"]);
    }

    [Fact]
    public void ActionGroup_WithoutWatchEmails_EmailsExactlyTheLeads()
    {
        var snapshot = TemplateSnapshot.OfMain(new Dictionary<string, object> { ["incidentLeads"] = "a@x.jp, b@x.jp" });

        var group = snapshot.Single(ActionGroups);

        Assert.Equal("Global", (string?)group["location"]);
        var shortName = (string)group["properties"]!["groupShortName"]!;
        Assert.InRange(shortName.Length, 1, 12);
        Assert.True((bool)group["properties"]!["enabled"]!);
        Assert.Equal(["a@x.jp", "b@x.jp"], EmailReceivers(group));
        Assert.All(group["properties"]!["emailReceivers"]!.AsArray(), r => Assert.True((bool)r!["useCommonAlertSchema"]!));
        Assert.Equal(TemplateSnapshot.Id(group), (string?)snapshot.Outputs["ONDUTY_WATCH_ACTION_GROUP_ID"]);
    }

    [Fact]
    public void ActionGroup_WithWatchEmails_EmailsThemInsteadOfTheLeads()
    {
        var snapshot = TemplateSnapshot.OfMain(new Dictionary<string, object>
        {
            ["incidentLeads"] = "a@x.jp, b@x.jp",
            ["watchEmails"] = " ops@x.jp , ,sre@x.jp ",
        });

        Assert.Equal(["ops@x.jp", "sre@x.jp"], EmailReceivers(snapshot.Single(ActionGroups)));
    }

    [Fact]
    public void WithoutWatchPhones_ThereIsNoPhoneActionGroup_AndNoAlertTextsOrCalls()
    {
        var snapshot = TemplateSnapshot.OfMain();
        var (down, degraded) = Tests(snapshot);

        var group = snapshot.Single(ActionGroups);

        Assert.Equal(TemplateSnapshot.Id(group), (string?)Assert.Single(AlertOn(snapshot, down)["properties"]!["actions"]!.AsArray())!["actionGroupId"]);
        Assert.Equal(TemplateSnapshot.Id(group), (string?)Assert.Single(AlertOn(snapshot, degraded!)["properties"]!["actions"]!.AsArray())!["actionGroupId"]);
        Assert.Empty(PhoneReceivers(group, "smsReceivers"));
        Assert.Empty(PhoneReceivers(group, "voiceReceivers"));
        Assert.Equal("", (string?)snapshot.Outputs["ONDUTY_WATCH_PHONE_ACTION_GROUP_ID"]);
    }

    /// <summary>
    /// ONDUTY_WATCH_PHONES in the form OnDuty's contact page shows (<c>+81 90-1234-5678</c>): a second action group texts
    /// and calls each number, and only the down alert (severity 1) uses it; degraded keeps to email.
    /// </summary>
    [Fact]
    public void WatchPhones_AreTextedAndCalled_WhenOnDutyIsDown_NotWhenDegraded()
    {
        var snapshot = TemplateSnapshot.OfMain(new Dictionary<string, object> { ["watchPhones"] = " +81 90-1234-5678 , ,+1 425-555-0100" });
        var (down, degraded) = Tests(snapshot);

        var (email, phone) = ActionGroupsOf(snapshot);

        Assert.StartsWith("ag-onduty-watch-phone-", (string?)phone["name"], StringComparison.Ordinal);
        Assert.Equal("Global", (string?)phone["location"]);
        Assert.True((bool)phone["properties"]!["enabled"]!);
        var shortName = (string)phone["properties"]!["groupShortName"]!;
        Assert.InRange(shortName.Length, 1, 12);
        (string, string)[] numbers = [("81", "9012345678"), ("1", "4255550100")];
        Assert.Equal(numbers, PhoneReceivers(phone, "smsReceivers"));
        Assert.Equal(numbers, PhoneReceivers(phone, "voiceReceivers"));
        var names = ReceiverNames(phone, "smsReceivers").Concat(ReceiverNames(phone, "voiceReceivers")).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count()); // unique within a group
        Assert.Empty(phone["properties"]!["emailReceivers"]?.AsArray() ?? []);

        Assert.Equal(
            new[] { TemplateSnapshot.Id(email), TemplateSnapshot.Id(phone) }.Order(StringComparer.Ordinal),
            AlertOn(snapshot, down)["properties"]!["actions"]!.AsArray().Select(a => (string)a!["actionGroupId"]!).Order(StringComparer.Ordinal));
        Assert.Equal(
            TemplateSnapshot.Id(email),
            (string?)Assert.Single(AlertOn(snapshot, degraded!)["properties"]!["actions"]!.AsArray())!["actionGroupId"]);
        Assert.Equal(TemplateSnapshot.Id(email), (string?)snapshot.Outputs["ONDUTY_WATCH_ACTION_GROUP_ID"]);
        Assert.Equal(TemplateSnapshot.Id(phone), (string?)snapshot.Outputs["ONDUTY_WATCH_PHONE_ACTION_GROUP_ID"]);
    }

    [Fact]
    public void WatchCallsFalse_TextsThePhonesWithoutCalling()
    {
        var snapshot = TemplateSnapshot.OfMain(new Dictionary<string, object>
        {
            ["watchPhones"] = "+81 90-1234-5678",
            ["watchCalls"] = false,
        });

        var (_, phone) = ActionGroupsOf(snapshot);

        Assert.Equal([("81", "9012345678")], PhoneReceivers(phone, "smsReceivers"));
        Assert.Empty(PhoneReceivers(phone, "voiceReceivers"));
    }

    [Fact]
    public void DegradedTest_LooksForHealthyEvery15MinutesFrom3Locations_AndItsAlertIsSeverity2()
    {
        var snapshot = TemplateSnapshot.OfMain();
        var (down, degraded) = Tests(snapshot);
        Assert.NotNull(degraded);

        Assert.Equal("standard", (string?)degraded["kind"]);
        Assert.Equal("Resource", (string?)degraded["tags"]![$"hidden-link:{TemplateSnapshot.Id(snapshot.Single("Microsoft.Insights/components"))}"]);
        var properties = degraded["properties"]!;
        Assert.Equal("standard", (string?)properties["Kind"]);
        Assert.Equal((string?)degraded["name"], (string?)properties["SyntheticMonitorId"]);
        Assert.Matches(HealthUrl(snapshot), (string?)properties["Request"]!["RequestUrl"]);
        Assert.Equal(900, (int)properties["Frequency"]!);
        Assert.Equal(3, LocationIds(degraded).Count);
        Assert.Subset(LocationIds(down).ToHashSet(), LocationIds(degraded).ToHashSet());
        var rules = properties["ValidationRules"]!;
        Assert.Equal(200, (int)rules["ExpectedHttpStatusCode"]!);
        Assert.Equal("\"status\":\"healthy\"", (string?)rules["ContentValidation"]!["ContentMatch"]);
        Assert.True((bool)rules["ContentValidation"]!["PassIfTextFound"]!);
        Assert.False((bool)rules["ContentValidation"]!["IgnoreCase"]!);
        // The portal shows the test's description: since session 51 the anonymous answer names the checks, not the reasons.
        Assert.Contains("the answer names which checks are not ok, GET /api/health/details with a function key (x-functions-key) says why.", (string?)properties["Description"], StringComparison.Ordinal);
        Assert.DoesNotContain("reasons are in the answer", (string?)properties["Description"], StringComparison.Ordinal);

        var alert = AlertOn(snapshot, degraded)["properties"]!;
        Assert.Equal(2, (int)alert["severity"]!);
        Assert.Equal("PT15M", (string?)alert["windowSize"]);
        Assert.Equal(LocationAvailability, (string?)alert["criteria"]!["odata.type"]);
        Assert.Equal(2, (int)alert["criteria"]!["failedLocationCount"]!);
        Assert.True((bool)alert["autoMitigate"]!);
        // The anonymous answer the test reads names the checks only: the mail says where the reasons are, with a key.
        Assert.Contains("GET /api/health/details with a function key", (string?)alert["description"], StringComparison.Ordinal);
        Assert.Equal(
            TemplateSnapshot.Id(snapshot.Single(ActionGroups)),
            (string?)Assert.Single(alert["actions"]!.AsArray())!["actionGroupId"]);
    }

    [Fact]
    public void WatchDegradedFalse_LeavesOnlyTheDownTestAndAlert()
    {
        var snapshot = TemplateSnapshot.OfMain(new Dictionary<string, object> { ["watchDegraded"] = false });

        var (down, degraded) = Tests(snapshot);

        Assert.Null(degraded);
        Assert.Equal(TemplateSnapshot.Id(down), (string?)Assert.Single(snapshot.ResourcesOfType(MetricAlerts))["properties"]!["criteria"]!["webTestId"]);
        snapshot.Single(ActionGroups);
    }

    [Fact]
    public void WatchFalse_DeploysNoneOfIt()
    {
        var snapshot = TemplateSnapshot.OfMain(new Dictionary<string, object> { ["watch"] = false, ["watchPhones"] = "+81 90-1234-5678" });

        Assert.Empty(snapshot.ResourcesOfType(WebTests));
        Assert.Empty(snapshot.ResourcesOfType(MetricAlerts));
        Assert.Empty(snapshot.ResourcesOfType(ActionGroups));
        Assert.Equal("", (string?)snapshot.Outputs["ONDUTY_WATCH_ACTION_GROUP_ID"]);
        Assert.Equal("", (string?)snapshot.Outputs["ONDUTY_WATCH_PHONE_ACTION_GROUP_ID"]);
        snapshot.Single("Microsoft.Web/sites");
    }

    /// <summary>
    /// The degraded test passes on the text <c>"status":"healthy"</c>: the app's healthy answer must hold it byte for byte
    /// (compact camelCase JSON from <c>HttpApi.Json</c>, e.g. <c>{"status":"healthy","checks":{"duty":"ok",…}}</c>), and a
    /// degraded answer must not.
    /// </summary>
    [Fact]
    public async Task DegradedTest_ItsTextIsInHealthsHealthyAnswerOnly()
    {
        var contentMatch = (string)ModuleResources(WebTests)
            .Select(t => t["properties"]!["ValidationRules"]!["ContentValidation"])
            .Single(c => c is not null)!["ContentMatch"]!;

        var (healthyStatus, healthy) = await HealthAnswerAsync();
        var (degradedStatus, degraded) = await HealthAnswerAsync(new OwedEscalation());

        Assert.Equal((200, 200), (healthyStatus, degradedStatus));
        Assert.StartsWith("{\"status\":\"healthy\",", healthy, StringComparison.Ordinal);
        Assert.Contains(contentMatch, healthy, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"degraded\"", degraded, StringComparison.Ordinal);
        Assert.DoesNotContain(contentMatch, degraded, StringComparison.Ordinal);
    }

    /// <summary>
    /// A check that throws (storage hanging until the answer's deadline, or failing oddly) is reported in words for the alert
    /// mail's reader, never as a .NET type (it said 「storage: could not be checked (TaskCanceledException)」).
    /// </summary>
    [Fact]
    public async Task Health_ACheckThatThrows_IsSaidInWords_NotAsADotNetType()
    {
        var (hangingStatus, hanging) = await HealthAnswers.GetAsync([new ThrowingProbe("storage", new TaskCanceledException())], [], details: true);
        var (oddStatus, odd) = await HealthAnswers.GetAsync([], [new ThrowingCheck(new InvalidOperationException("host 10.0.0.4:10002 refused"))], details: true);
        var (anonymousStatus, anonymous) = await HealthAnswers.GetAsync([new ThrowingProbe("storage", new TaskCanceledException())], []);

        Assert.Equal(503, hangingStatus);
        Assert.Contains("storage: could not be checked: no answer within 5 s", hanging, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", hanging, StringComparison.Ordinal);
        Assert.Equal(200, oddStatus);
        Assert.Contains("could not be checked: it failed unexpectedly (the error is in the app log)", odd, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", odd, StringComparison.Ordinal);
        Assert.DoesNotContain("10.0.0.4", odd, StringComparison.Ordinal);

        // Anonymous: the same words for the check that threw (fixed, no data); the problem's detail names it only.
        Assert.Equal(503, anonymousStatus);
        Assert.Contains("\"storage\":\"could not be checked: no answer within 5 s\"", anonymous, StringComparison.Ordinal);
        Assert.Contains("\"detail\":\"storage not ready; the reasons: GET /api/health/details with a function key\"", anonymous, StringComparison.Ordinal);
    }

    private sealed class ThrowingProbe(string name, Exception ex) : IHealthProbe
    {
        public string Name => name;

        public async Task<string?> CheckAsync(CancellationToken cancellationToken)
        {
            // As a storage call does when the answer's deadline passes: it waits, then is cancelled.
            await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            throw ex;
        }
    }

    private sealed class ThrowingCheck(Exception ex) : IDegradationCheck
    {
        public string Name => "odd";

        public Task<string?> CheckAsync(CancellationToken cancellationToken) => throw ex;
    }

    /// <summary>The anonymous health answer (what the availability tests read) over these checks.</summary>
    private static Task<(int Status, string Body)> HealthAnswerAsync(params IDegradationCheck[] degradations) => HealthAnswers.GetAsync([], degradations);

    private static bool IsWatchDeployment(JsonObject resource) =>
        (string?)resource["type"] == "Microsoft.Resources/deployments" && (string?)resource["name"] == "watch";

    private static IEnumerable<JsonObject> ModuleResources(string type) =>
        WatchModule["resources"]!.AsArray().Select(r => r!.AsObject()).Where(r => (string?)r["type"] == type);

    /// <summary><c>reference(&lt;module&gt; deployment).outputs.&lt;output&gt;.value</c>: a module's output, as ARM reads it.</summary>
    private static Regex ModuleOutput(string module, string output) =>
        new($@"^\[reference\(.*'Microsoft\.Resources/deployments', '{module}'\), '[0-9-]+'\)\.outputs\.{output}\.value\]$");

    /// <summary>The down test (no content check) and the degraded one, if deployed.</summary>
    private static (JsonObject Down, JsonObject? Degraded) Tests(TemplateSnapshot snapshot)
    {
        var tests = snapshot.ResourcesOfType(WebTests).ToList();
        var down = Assert.Single(tests, t => t["properties"]!["ValidationRules"]!["ContentValidation"] is null);
        Assert.InRange(tests.Count, 1, 2);
        return (down, tests.SingleOrDefault(t => t != down));
    }

    private static JsonObject AlertOn(TemplateSnapshot snapshot, JsonObject test) =>
        Assert.Single(snapshot.ResourcesOfType(MetricAlerts), a => (string?)a["properties"]!["criteria"]!["webTestId"] == TemplateSnapshot.Id(test));

    /// <summary>
    /// <c>https://&lt;the site's default host name&gt;/api/health</c>, the host name read from the Function App the
    /// template creates (a reference to its resource id: only the deployment knows the name Azure gives it).
    /// </summary>
    private static Regex HealthUrl(TemplateSnapshot snapshot)
    {
        var site = Regex.Escape(TemplateSnapshot.Id(snapshot.Single("Microsoft.Web/sites")));
        return new($@"^\[format\('https://\{{0}}/api/health', reference\('{site}', '[0-9-]+'\)\.defaultHostName\)\]$");
    }

    private static string Location(TemplateSnapshot snapshot) => (string)snapshot.Single("Microsoft.Insights/components")["location"]!;

    private static List<string> LocationIds(JsonObject test) =>
        test["properties"]!["Locations"]!.AsArray().Select(l => (string)l!["Id"]!).Distinct().ToList();

    private static IEnumerable<string?> EmailReceivers(JsonObject group) =>
        group["properties"]!["emailReceivers"]!.AsArray().Select(r => (string?)r!["emailAddress"]);

    /// <summary>The email action group and the phone one (<c>ag-onduty-watch-phone-…</c>), both of which must exist.</summary>
    private static (JsonObject Email, JsonObject Phone) ActionGroupsOf(TemplateSnapshot snapshot)
    {
        var groups = snapshot.ResourcesOfType(ActionGroups).ToList();
        Assert.Equal(2, groups.Count);
        var phone = Assert.Single(groups, g => ((string)g["name"]!).StartsWith("ag-onduty-watch-phone-", StringComparison.Ordinal));
        return (groups.Single(g => g != phone), phone);
    }

    /// <summary>(country code, phone number) of each SMS or voice receiver, in order; none when the list is empty or absent.</summary>
    private static List<(string CountryCode, string PhoneNumber)> PhoneReceivers(JsonObject group, string receivers) =>
        (group["properties"]![receivers]?.AsArray() ?? []).Select(r => ((string)r!["countryCode"]!, (string)r!["phoneNumber"]!)).ToList();

    private static IEnumerable<string> ReceiverNames(JsonObject group, string receivers) =>
        (group["properties"]![receivers]?.AsArray() ?? []).Select(r => (string)r!["name"]!);

    /// <summary>An escalation step owed for minutes: the EscalateIncidents timer is not running.</summary>
    private sealed class OwedEscalation : IDegradationCheck
    {
        public string Name => "escalations";

        public Task<string?> CheckAsync(CancellationToken cancellationToken) =>
            Task.FromResult<string?>("1 incident owes an escalation step for 6 minutes");
    }
}
