using System.Text.Json.Nodes;
using OnDuty.Core.Alerts;
using static OnDuty.Core.Tests.Alerts.AlertSamples;

namespace OnDuty.Core.Tests.Alerts;

public sealed class AzureMonitorPayloadTests
{
    private const string MetricFired = "azure-monitor-metric-fired.json";
    private const string MetricResolved = "azure-monitor-metric-resolved.json";
    private const string PortalAlertBase = "https://portal.azure.com/#blade/Microsoft_Azure_Monitoring/AlertDetailsTemplateBlade/alertId/";

    /// <summary>The metric sample's group: its originAlertId (the rule's series), its target lower-cased, its dimension.</summary>
    private const string MetricSeries = "aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e_test-RG_microsoft.insights_metricAlerts_test-metricAlertRule_1234567890"
        + " on /subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/resourcegroups/test-rg/providers/microsoft.storage/storageaccounts/test-storageaccount"
        + " [ApiName=GetBlob]";

    private static string WithEssentials(string sample, Action<JsonObject> change) =>
        Mutate(sample, root => change(root["data"]!["essentials"]!.AsObject()));

    [Fact]
    public void Parse_MetricFiredSample_MapsEssentials()
    {
        const string alertId = "/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.AlertsManagement/alerts/eeeeeeee-4444-5555-6666-ffffffffffff";
        const string target = "/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/resourcegroups/test-RG/providers/microsoft.storage/storageaccounts/test-storageAccount";

        var n = ParseSample(MetricFired);

        Assert.Equal(AlertSource.AzureMonitor, n.Source);
        Assert.Equal(MetricSeries, n.GroupKey);
        Assert.Equal(alertId, n.PreviousGroupKey);
        Assert.Equal(AlertStatus.Firing, n.Status);
        Assert.Equal("test-metricAlertRule (test-storageAccount, ApiName=GetBlob)", n.Title);
        Assert.Equal(AlertSeverity.Sev4, n.Severity);
        var alert = Assert.Single(n.Alerts);
        Assert.Equal(alertId, alert.DedupKey);
        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal("Alertruledescription", alert.Description);
        Assert.Equal(new DateTimeOffset(2025, 4, 15, 18, 17, 12, 851, TimeSpan.Zero), alert.StartsAt);
        Assert.Null(alert.EndsAt);
        Assert.Equal(target, alert.AffectedResource);
        Assert.Equal("Metric", alert.Labels["signalType"]);
        Assert.Equal("Platform", alert.Labels["monitoringService"]);
        Assert.Equal("Sev4", alert.Labels["severity"]);
        Assert.Equal("value1", alert.Labels["customKey1"]);
        Assert.Equal(
            [
                (AlertLinkKinds.Portal, PortalAlertBase + Uri.EscapeDataString(alertId)),
                (AlertLinkKinds.Resource, "https://portal.azure.com/#resource" + target),
            ],
            alert.Links.Select(l => (l.Kind, l.Href.OriginalString)));

        // Their kind names them, in the reader's language; an English text would only repeat it.
        Assert.All(alert.Links, l => Assert.Null(l.Text));
    }

    [Fact]
    public void Parse_MetricResolvedSample_IsResolvedWithEndTime()
    {
        var n = ParseSample(MetricResolved);

        Assert.Equal(AlertStatus.Resolved, n.Status);
        Assert.Equal("WCUS-R2-Gen2 (wcus-r2-gen2)", n.Title);
        Assert.Equal(AlertSeverity.Sev4, n.Severity);
        var alert = Assert.Single(n.Alerts);
        Assert.Equal("/subscriptions/<subscription ID>/providers/Microsoft.AlertsManagement/alerts/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e", alert.DedupKey);
        Assert.Equal(AlertStatus.Resolved, alert.Status);
        Assert.Null(alert.Description);
        Assert.Equal(new DateTimeOffset(2019, 3, 22, 13, 58, 24, TimeSpan.Zero).AddTicks(3_713_213), alert.StartsAt);
        Assert.Equal(new DateTimeOffset(2019, 3, 22, 14, 3, 16, TimeSpan.Zero).AddTicks(2_246_313), alert.EndsAt);
        Assert.Contains(alert.Links, l => l.Kind == AlertLinkKinds.Portal);
    }

    [Fact]
    public void Parse_LogSearchSample_LinksToSearchResults()
    {
        var n = ParseSample("azure-monitor-log-search-fired.json");

        var alert = Assert.Single(n.Alerts);
        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal("Log Alerts V2", alert.Labels["monitoringService"]);
        Assert.Equal("LogQueryCriteria", alert.Labels["conditionType"]);
        Assert.Equal("test-logAlertRule-v2 (test-computer)", n.Title);
        var search = Assert.Single(alert.Links, l => l.Kind == AlertLinkKinds.SearchResults);
        Assert.StartsWith("https://portal.azure.com#@cccc2222-dd33-4444-55ee-666666ffffff/blade/Microsoft_Azure_Monitoring_Logs/LogsBlade/", search.Href.OriginalString);
        Assert.Contains("aBcDeFgHiJkLmN%2Fl35oOTZoKioEOou", search.Href.OriginalString);
    }

    /// <summary>
    /// Log search alerts V2 name the resource by its ARM id: the title takes its last segment (a subject and a text cut at ~60
    /// characters still say what broke, and the status page does not run off a phone); the label keeps the whole id.
    /// </summary>
    [Fact]
    public void Parse_LogSearchOnAWorkspaceArmId_TitleNamesTheWorkspace_LabelKeepsTheId()
    {
        const string Workspace = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/prod-rg/providers/Microsoft.OperationalInsights/workspaces/prod-law";
        var json = Mutate("azure-monitor-log-search-fired.json", root => root["data"]!["essentials"]!["configurationItems"] = new JsonArray(Workspace));

        var n = ParseOk(AlertSources.AzureMonitor, json);

        Assert.Equal("test-logAlertRule-v2 (prod-law, Computer=test-computer)", n.Title);
        Assert.Equal(Workspace, n.Alerts[0].Labels["configurationItems"]);
    }

    /// <summary>
    /// Trial 57 (Azure Monitor walk): a log search rule split per ApiName fires one group per API; both incidents were titled
    /// 「APIエラー率の上昇 (law-prod)」, the second page offered the first as a duplicate to merge, and nothing said which API failed.
    /// The title names the values beside the resource (three at most, sorted by name), a control character in one as a space; the
    /// resource's own id (<c>_ResourceId</c>, a VM metric's <c>ResourceId</c>: WCUS-R2-Gen2 above) is the resource, already named.
    /// </summary>
    [Fact]
    public void Parse_LogSearchSplitByDimensions_TitleNamesTheValues()
    {
        const string Workspace = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/prod-rg/providers/Microsoft.OperationalInsights/workspaces/prod-law";
        string Split(string api) => Mutate("azure-monitor-log-search-fired.json", root =>
        {
            root["data"]!["essentials"]!["alertRule"] = "APIエラー率の上昇";
            root["data"]!["essentials"]!["configurationItems"] = new JsonArray(Workspace);
            root["data"]!["alertContext"]!["condition"]!["allOf"]![0]!["dimensions"] = new JsonArray(
                new JsonObject { ["name"] = "ApiName", ["value"] = api },
                new JsonObject { ["name"] = "Region", ["value"] = "japaneast" },
                new JsonObject { ["name"] = "_ResourceId", ["value"] = "/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/prod-rg/providers/microsoft.web/sites/api" },
                new JsonObject { ["name"] = "Zone", ["value"] = "1" },
                new JsonObject { ["name"] = "Tier", ["value"] = "premium" });
        });

        var get = ParseOk(AlertSources.AzureMonitor, Split("GetBlob"));
        var put = ParseOk(AlertSources.AzureMonitor, Split("Put\nBlob"));

        Assert.Equal("APIエラー率の上昇 (prod-law, ApiName=GetBlob, Region=japaneast, Tier=premium)", get.Title);
        Assert.Equal("APIエラー率の上昇 (prod-law, ApiName=Put Blob, Region=japaneast, Tier=premium)", put.Title);
        Assert.NotEqual(get.GroupKey, put.GroupKey);
    }

    [Fact]
    public void Parse_LogSearchV1Context_LinksToFilteredResults()
    {
        var json = Mutate("azure-monitor-log-search-fired.json", root =>
        {
            root["data"]!["essentials"]!["monitoringService"] = "Log Analytics";
            root["data"]!["alertContext"] = new JsonObject
            {
                ["SearchQuery"] = "Heartbeat",
                ["ResultCount"] = 2,
                ["LinkToSearchResults"] = "https://portal.azure.com/#Analyticsblade/search/index?q=Usage",
                ["LinkToFilteredSearchResultsUI"] = "https://portal.azure.com/#Analyticsblade/search/index?q=Filtered",
                ["Threshold"] = 10000,
            };
        });

        var alert = ParseOk(AlertSources.AzureMonitor, json).Alerts[0];

        var search = Assert.Single(alert.Links, l => l.Kind == AlertLinkKinds.SearchResults);
        Assert.Equal("https://portal.azure.com/#Analyticsblade/search/index?q=Filtered", search.Href.OriginalString);
    }

    [Fact]
    public void Parse_ActivityLogSample_MapsOperation()
    {
        var n = ParseSample("azure-monitor-activity-log-fired.json");

        var alert = Assert.Single(n.Alerts);
        Assert.Equal("/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/resourceGroups/test-RG/providers/microsoft.insights/activityLogAlerts/Test_Alert", alert.DedupKey);
        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal(AlertSeverity.Sev4, alert.Severity);
        Assert.Equal("Activity Log - Administrative", alert.Labels["monitoringService"]);
        Assert.Equal("Microsoft.Compute/virtualMachines/restart/action", alert.Labels["operationName"]);
        Assert.Equal("user@contoso.com", alert.Labels["caller"]);
        Assert.Equal("/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/resourcegroups/test-RG/providers/microsoft.compute/virtualmachines/test-VM", alert.AffectedResource);
    }

    private const string ServiceHealthActive = "azure-monitor-service-health-active.json";
    private const string ServiceHealthResolved = "azure-monitor-service-health-resolved.json";
    private const string IssueKey = "/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.ResourceHealth/events/TEST-TTT";

    private static string WithHealth(string sample, Action<JsonObject, JsonObject> change) =>
        Mutate(sample, root => change(root["data"]!["alertContext"]!.AsObject(), root["data"]!["alertContext"]!["properties"]!.AsObject()));

    [Fact]
    public void Parse_ServiceHealthActiveSample_IsTheIssueByTrackingId_TitledByAzure_StageServicesAndCommunicationShown()
    {
        var n = ParseSample(ServiceHealthActive);

        // Grouped by the issue (subscription + trackingId), not by this communication's alertId.
        Assert.Equal(IssueKey, n.GroupKey);
        Assert.Equal(AlertStatus.Firing, n.Status);
        Assert.Equal("TestActionGroup-TestServiceHealthAlert", n.Title);
        var alert = Assert.Single(n.Alerts);
        Assert.Equal(IssueKey, alert.DedupKey);
        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal("Active", alert.Labels["stage"]);
        Assert.Equal("TEST-TTT", alert.Labels["trackingId"]);
        Assert.Equal("AzureServiceName (Global)", alert.Labels["service"]);
        Assert.Equal("Incident", alert.Labels["incidentType"]);
        Assert.Equal(
            "Impact Statement: Starting at 16:40 UTC on 15 Apr 2025, you have been identified as a customer using Storage in Test Region who may experience errors.\n"
            + "Current Status: We are aware of this issue and are actively investigating. The next update will be provided in 60 minutes.",
            alert.Description);
        Assert.Equal("Active: " + alert.Description, alert.TimelineNote);
        Assert.False(alert.ResolvesOnlyByHand);
        Assert.Null(alert.EndsAt);
        // The issue in the Service Health dashboard: tracking id and the subscription's first and last three characters.
        Assert.Equal("https://app.azure.com/h/TEST-TTT/aaae4e", Assert.Single(alert.Links, l => l.Kind == AlertLinkKinds.ServiceHealth).Href.OriginalString);
    }

    [Fact]
    public void Parse_ServiceHealthResolvedSample_ResolvesTheSameIssue_EndedAtItsMitigation()
    {
        // monitorCondition is "Fired" as on every activity-log alert; the stage says the issue is over.
        var n = ParseSample(ServiceHealthResolved);

        Assert.Equal(IssueKey, n.GroupKey);
        Assert.Equal(AlertStatus.Resolved, n.Status);
        var alert = Assert.Single(n.Alerts);
        Assert.Equal((IssueKey, AlertStatus.Resolved), (alert.DedupKey, alert.Status));
        Assert.Equal(new DateTimeOffset(2025, 4, 15, 18, 20, 36, 256, TimeSpan.Zero), alert.EndsAt);
        Assert.Equal("Resolved: ThisisatestfromServiceHealthAlert", alert.TimelineNote);
    }

    [Theory]
    [InlineData("Active", "Active", AlertStatus.Firing)]
    [InlineData("Planned", "Active", AlertStatus.Firing)]
    [InlineData("InProgress", "In Progress", AlertStatus.Firing)]
    [InlineData("Resolved", "Resolved", AlertStatus.Resolved)]
    [InlineData("RCA", "Resolved", AlertStatus.Resolved)]
    [InlineData("Complete", "Resolved", AlertStatus.Resolved)]
    [InlineData("Canceled", "Active", AlertStatus.Resolved)]
    [InlineData(null, "Resolved", AlertStatus.Resolved)]
    public void Parse_ServiceHealthStage_EndingStagesResolve(string? stage, string status, AlertStatus expected)
    {
        var json = WithHealth(ServiceHealthActive, (context, properties) =>
        {
            properties.Remove("stage");
            if (stage is not null)
            {
                properties["stage"] = stage;
            }

            context["status"] = status;
        });

        var n = ParseOk(AlertSources.AzureMonitor, json);

        Assert.Equal(expected, n.Status);
        Assert.Equal(expected, n.Alerts[0].Status);
    }

    [Fact]
    public void Parse_ServiceHealthPlannedMaintenanceSample_SEV4_PagesNobody_StillTheIssueByTrackingId()
    {
        var n = ParseSample("azure-monitor-service-health-maintenance-planned.json");

        Assert.Equal("Maintenance", n.PagesNobody);
        Assert.Equal(AlertSeverity.Sev4, n.Severity);
        Assert.Equal("/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.ResourceHealth/events/KT_0-8PQ", n.GroupKey);
        Assert.Equal("Planned maintenance: Azure SQL Database - Japan East", n.Title);
        var alert = Assert.Single(n.Alerts);
        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal(AlertSeverity.Sev4, alert.Severity);
        Assert.Equal("Maintenance", alert.Labels["incidentType"]);
        Assert.Contains(n.Notes, note => note.StartsWith("$.data.alertContext.properties.incidentType: 'Maintenance' announces", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ServiceHealthAdvisorySample_Informational_PagesNobody()
    {
        var n = ParseSample("azure-monitor-service-health-advisory.json");

        Assert.Equal("Information", n.PagesNobody);
        Assert.Equal(AlertSeverity.Sev4, n.Severity);
    }

    /// <summary>README's table: planned maintenance (every stage) and health advisories page nobody; an outage, an action required, a security advisory or a class not known pages at the mapped severity (when in doubt, page).</summary>
    [Theory]
    [InlineData("Maintenance", "Planned", "Maintenance")]
    [InlineData("Maintenance", "InProgress", "Maintenance")]
    [InlineData("maintenance", "Rescheduled", "Maintenance")]
    [InlineData("Information", "Active", "Information")]
    [InlineData("Informational", "Active", "Information")]
    [InlineData("Incident", "Active", null)]
    [InlineData("ActionRequired", "Active", null)]
    [InlineData("Security", "Active", null)]
    [InlineData("Billing", "Active", null)]
    [InlineData(null, "Active", null)]
    public void Parse_ServiceHealthIncidentType_OnlyAnnouncementsPageNobody(string? incidentType, string stage, string? pagesNobody)
    {
        var json = Mutate(ServiceHealthActive, root =>
        {
            root["data"]!["essentials"]!["severity"] = "Sev1";
            var properties = root["data"]!["alertContext"]!["properties"]!.AsObject();
            properties.Remove("incidentType");
            if (incidentType is not null)
            {
                properties["incidentType"] = incidentType;
            }

            properties["stage"] = stage;
        });

        var n = ParseOk(AlertSources.AzureMonitor, json);

        Assert.Equal(pagesNobody, n.PagesNobody);
        Assert.Equal(pagesNobody is null ? AlertSeverity.Sev2 : AlertSeverity.Sev4, n.Severity);
        Assert.Equal(AlertStatus.Firing, n.Status);
    }

    [Fact]
    public void Parse_ResourceHealthMaintenanceCause_StillPages()
    {
        // Resource Health has no incidentType; its "cause" (PlatformInitiated, UserInitiated) is no announcement.
        var json = Mutate(ServiceHealthActive, root =>
        {
            root["data"]!["essentials"]!["monitoringService"] = "Resource Health";
            root["data"]!["essentials"]!["alertTargetIDs"] = new JsonArray("/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1");
            var properties = root["data"]!["alertContext"]!["properties"]!.AsObject();
            properties["incidentType"] = "Maintenance";
            properties["cause"] = "PlatformInitiated";
        });

        Assert.Null(ParseOk(AlertSources.AzureMonitor, json).PagesNobody);
    }

    [Fact]
    public void Parse_ServiceHealthUpdates_EachWithItsOwnAlertId_AreOneIssue_AnotherSubscriptionAnother()
    {
        string Communication(string alertId, string subscription, string text) => Mutate(ServiceHealthActive, root =>
        {
            root["data"]!["essentials"]!["alertId"] = $"/subscriptions/{subscription}/providers/Microsoft.AlertsManagement/alerts/{alertId}";
            root["data"]!["essentials"]!["alertTargetIDs"] = new JsonArray($"/subscriptions/{subscription}");
            root["data"]!["alertContext"]!["properties"]!["title"] = "Storage degradation in Japan East";
            root["data"]!["alertContext"]!["properties"]!["communication"] = text;
        });

        var first = ParseOk(AlertSources.AzureMonitor, Communication("a1", "sub-1", "<p>Investigating</p>"));
        var update = ParseOk(AlertSources.AzureMonitor, Communication("a2", "sub-1", "<p>Mitigation &amp; recovery in progress</p>"));
        var elsewhere = ParseOk(AlertSources.AzureMonitor, Communication("a3", "sub-2", "<p>Investigating</p>"));

        Assert.Equal(first.GroupKey, update.GroupKey);
        Assert.Equal(first.Alerts[0].DedupKey, update.Alerts[0].DedupKey);
        Assert.NotEqual(first.GroupKey, elsewhere.GroupKey);
        Assert.Equal("Storage degradation in Japan East", update.Title);
        Assert.Equal("Active: Mitigation & recovery in progress", update.Alerts[0].TimelineNote);
    }

    [Fact]
    public void Parse_ServiceHealthCommunication_MarkupDropped_TextKeptForEncodingWhereShown_Trimmed()
    {
        var json = WithHealth(ServiceHealthActive, (_, properties) =>
            properties["communication"] = "  <p>Use &lt;script&gt; <b>never</b></p><script>alert(1)</script><br/>\u0007Next   update\r\n in 2h  " + new string('x', 3000));

        var alert = ParseOk(AlertSources.AzureMonitor, json).Alerts[0];

        Assert.StartsWith("Use <script> never\nalert(1)\nNext update\nin 2h xxx", alert.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("<p>", alert.Description, StringComparison.Ordinal);
        Assert.DoesNotContain('\u0007', alert.Description!);
        Assert.Equal(AzureHealthEvent.MaxCommunicationLength, alert.Description!.Length);
        Assert.EndsWith("…", alert.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ServiceHealthImpactedServicesAsAJsonString_ListedWithRegions()
    {
        var json = WithHealth(ServiceHealthActive, (_, properties) => properties["impactedServices"] =
            "[{\"ImpactedRegions\":[{\"RegionName\":\"Japan East\"},{\"RegionName\":\"Japan West\"}],\"ServiceName\":\"Storage\"},{\"ImpactedRegions\":[],\"ServiceName\":\"Virtual Machines\"}]");

        var alert = ParseOk(AlertSources.AzureMonitor, json).Alerts[0];

        Assert.Equal("Storage (Japan East, Japan West); Virtual Machines", alert.Labels["service"]);
    }

    [Fact]
    public void Parse_ServiceHealthWithoutTrackingId_StaysOneAlertPerCommunication_ClosedByHand()
    {
        var json = WithHealth(ServiceHealthActive, (_, properties) => properties.Remove("trackingId"));

        var n = ParseOk(AlertSources.AzureMonitor, json);

        Assert.StartsWith("/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.AlertsManagement/alerts/", n.GroupKey, StringComparison.Ordinal);
        Assert.True(n.Alerts[0].ResolvesOnlyByHand);
    }

    [Theory]
    [InlineData("Active", "Unavailable", AlertStatus.Firing)]
    [InlineData("Resolved", "Available", AlertStatus.Resolved)]
    [InlineData("Updated", "Available", AlertStatus.Resolved)]
    [InlineData("In Progress", "Degraded", AlertStatus.Firing)]
    public void Parse_ResourceHealth_OneIssuePerResource_ResolvedWhenAvailableAgain(string status, string health, AlertStatus expected)
    {
        const string vm = "/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-web-1";
        var json = Mutate(ServiceHealthActive, root =>
        {
            var e = root["data"]!["essentials"]!;
            e["monitoringService"] = "Resource Health";
            e["alertTargetIDs"] = new JsonArray(vm);
            e["alertId"] = "/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.AlertsManagement/alerts/" + Guid.NewGuid();
            root["data"]!["alertContext"]!["status"] = status;
            root["data"]!["alertContext"]!["properties"] = new JsonObject
            {
                ["title"] = "Virtual machine unavailable",
                ["details"] = "<p>The VM is rebooting</p>",
                ["currentHealthStatus"] = health,
                ["previousHealthStatus"] = "Available",
                ["type"] = "Downtime",
                ["cause"] = "PlatformInitiated",
            };
        });

        var n = ParseOk(AlertSources.AzureMonitor, json);

        Assert.Equal(vm + "/providers/Microsoft.ResourceHealth/availabilityStatuses/current", n.GroupKey);
        Assert.Equal(expected, n.Status);
        Assert.Equal("Virtual machine unavailable (vm-web-1)", n.Title);
        Assert.Equal($"{status} ({health})", n.Alerts[0].Labels["stage"]);
        Assert.False(n.Alerts[0].ResolvesOnlyByHand);
    }

    [Theory]
    [InlineData("azure-monitor-activity-log-fired.json", true)]
    [InlineData(MetricFired, false)]
    [InlineData("azure-monitor-log-search-fired.json", false)]
    public void Parse_ActivityLogAlerts_SayTheyResolveOnlyByHand(string sample, bool byHand)
    {
        Assert.Equal(byHand, ParseSample(sample).Alerts[0].ResolvesOnlyByHand);
    }

    [Fact]
    public void Parse_SmartDetection_SaysItResolvesOnlyByHand()
    {
        var json = WithEssentials(MetricFired, e => (e["monitoringService"], e["signalType"]) = ("SmartDetector", "Log"));

        Assert.True(ParseOk(AlertSources.AzureMonitor, json).Alerts[0].ResolvesOnlyByHand);
    }

    [Fact]
    public void Parse_FiredWithResolvedDateTime_StaysFiring()
    {
        var json = WithEssentials(MetricFired, e => e["resolvedDateTime"] = "2025-04-15T18:30:00Z");

        var alert = ParseOk(AlertSources.AzureMonitor, json).Alerts[0];

        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal(new DateTimeOffset(2025, 4, 15, 18, 30, 0, TimeSpan.Zero), alert.EndsAt);
    }

    [Fact]
    public void Parse_ResolvedWithoutResolvedDateTime_StaysResolved()
    {
        var json = WithEssentials(MetricResolved, e => e.Remove("resolvedDateTime"));

        var alert = ParseOk(AlertSources.AzureMonitor, json).Alerts[0];

        Assert.Equal(AlertStatus.Resolved, alert.Status);
        Assert.Null(alert.EndsAt);
    }

    /// <summary>
    /// A budget names no rule and no severity: SEV3, titled by the budget and the threshold crossed (not Azure's sentence, kept as the
    /// description), resolved by hand (Azure never resolves it), and grouped by the budget and the month it fired in.
    /// </summary>
    [Fact]
    public void Parse_BudgetWithNullSeverity_Sev3_TitledByBudgetAndThreshold_ResolvedByHand()
    {
        var n = ParseSample("azure-monitor-budget-fired.json");

        Assert.Equal(AlertSeverity.Sev3, n.Severity);
        Assert.Equal("Azure budget Test_forcasted_budget: Forecasted $50.00 of $50.00", n.Title);
        var alert = Assert.Single(n.Alerts);
        Assert.Equal("Delivery Confirmation: This is a sample budget alert from Azure Monitor Action Groups.", alert.Description);
        Assert.True(alert.ResolvesOnlyByHand);
        Assert.Null(alert.AffectedResource);
        Assert.Equal("CostAlerts", alert.Labels["monitoringService"]);
        Assert.Null(n.ToolTest);
    }

    /// <summary>A team that set the default for a missing severity below SEV3 gets budgets there; one set above it still gets SEV3.</summary>
    [Theory]
    [InlineData(AlertSeverity.Sev4, AlertSeverity.Sev4)]
    [InlineData(AlertSeverity.Sev1, AlertSeverity.Sev3)]
    public void Parse_Budget_NeverMoreUrgentThanSev3(AlertSeverity missing, AlertSeverity expected)
    {
        var options = new AlertParserOptions();
        options.Severity.AzureMonitor.Missing = missing;

        Assert.Equal(expected, ParseSample("azure-monitor-budget-fired.json", options).Severity);
    }

    /// <summary>Each threshold of one budget crossed in a month (another alertId each) is one group; the next month another.</summary>
    [Fact]
    public void Parse_Budget_GroupIsTheBudgetAndMonth()
    {
        string Crossing(string alertId, string firedAt, string threshold) => Mutate("azure-monitor-budget-fired.json", root =>
        {
            root["data"]!["essentials"]!["alertId"] = alertId;
            root["data"]!["essentials"]!["firedDateTime"] = firedAt;
            root["data"]!["alertContext"]!["AlertData"]!["NotificationThresholdAmount"] = threshold;
        });

        var half = ParseOk(AlertSources.AzureMonitor, Crossing("/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.CostManagement/alerts/a1", "2026-12-03T01:00:00Z", "$25.00"));
        var full = ParseOk(AlertSources.AzureMonitor, Crossing("/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.CostManagement/alerts/a2", "2026-12-31T23:00:00Z", "$50.00"));
        var january = ParseOk(AlertSources.AzureMonitor, Crossing("/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.CostManagement/alerts/a3", "2027-01-02T00:00:00Z", "$25.00"));

        Assert.Equal("budget:/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/microsoft.consumption/budgets/test_forcasted_budget 2026-12", half.GroupKey);
        Assert.Equal(half.GroupKey, full.GroupKey);
        Assert.NotEqual(half.GroupKey, january.GroupKey);
        Assert.NotEqual(half.Alerts[0].DedupKey, full.Alerts[0].DedupKey);
        Assert.Equal("Azure budget Test_forcasted_budget: Forecasted $50.00 of $50.00", full.Title);
        // An incident opened before budgets were grouped, under the alertId, is still found.
        Assert.Equal("/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.CostManagement/alerts/a1", half.PreviousGroupKey);
    }

    /// <summary>The 2023 samples sent a budget's monitorCondition as null: its firing, not a refused delivery (which would page).</summary>
    [Fact]
    public void Parse_BudgetWithNullMonitorCondition_Fires()
    {
        var json = WithEssentials("azure-monitor-budget-fired.json", e => e["monitorCondition"] = null);

        Assert.Equal(AlertStatus.Firing, ParseOk(AlertSources.AzureMonitor, json).Status);
    }

    /// <summary>
    /// The action group's Test button: Microsoft's sample of each alert type, exactly as the docs give it (alerts-payload-samples,
    /// "Sample payloads for test actions"), is recognised and named by the type the test dialog lists it under.
    /// </summary>
    [Theory]
    [InlineData("azure-monitor-test-action-metric-static.json", "Metric alert - Static threshold")]
    [InlineData("azure-monitor-test-action-log-v2.json", "Log alert V2")]
    [InlineData("azure-monitor-test-action-budget.json", "Budget alert")]
    [InlineData("azure-monitor-test-action-cost-budget.json", "Cost budget alert")]
    [InlineData("azure-monitor-test-action-service-health.json", "Service health alert")]
    public void Parse_TestActionSample_IsTheToolsTest(string sample, string type)
    {
        Assert.Equal(type, ParseSample(sample).ToolTest);
    }

    /// <summary>
    /// Short of all three marks (the samples' subscription, instance id and rule or budget name) it is a real alert and pages: a real
    /// rule someone named test-metricAlertRule, a sample id in a real subscription, the docs' scrubbed placeholder ids.
    /// </summary>
    [Theory]
    [InlineData("alertRule", "test-metricAlertRule-prod")]
    [InlineData("alertId", "/subscriptions/11111111-1111-1111-1111-111111111111/providers/Microsoft.AlertsManagement/alerts/0f6e2b8c-5d1a-4e0b-9b53-2a1f6c7d8e90")]
    [InlineData("alertId", "/subscriptions/3f2d4487-b0fc-4125-8bd5-7ad17384221e/providers/Microsoft.AlertsManagement/alerts/12345678-1234-1234-1234-1234567890ab")]
    [InlineData("alertId", "/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.AlertsManagement/alerts/eeeeeeee-4444-5555-6666-ffffffffffff")]
    public void Parse_AlmostTheTestSample_IsARealAlert(string field, string value)
    {
        var json = WithEssentials("azure-monitor-test-action-metric-static.json", e => e[field] = value);

        Assert.Null(ParseOk(AlertSources.AzureMonitor, json).ToolTest);
    }

    [Fact]
    public void Parse_BudgetNamedLikeTheSample_InARealSubscription_IsARealAlert()
    {
        var json = Mutate("azure-monitor-test-action-cost-budget.json", root =>
            root["data"]!["essentials"]!["alertId"] = "/subscriptions/3f2d4487-b0fc-4125-8bd5-7ad17384221e/providers/Microsoft.CostManagement/alerts/Test_Alert");

        Assert.Null(ParseOk(AlertSources.AzureMonitor, json).ToolTest);
    }

    [Theory]
    [InlineData("azure-monitor-metric-fired.json")]
    [InlineData("azure-monitor-log-search-fired.json")]
    [InlineData("azure-monitor-budget-fired.json")]
    [InlineData("azure-monitor-activity-log-fired.json")]
    [InlineData("azure-monitor-service-health-active.json")]
    public void Parse_RealAlerts_AreNoToolTest(string sample)
    {
        Assert.Null(ParseSample(sample).ToolTest);
    }

    /// <summary>A rule's series may be a stateless rule's, which the intake learns when a second instance fires while the first does.</summary>
    [Theory]
    [InlineData("azure-monitor-log-search-fired.json", true)]
    [InlineData("azure-monitor-metric-fired.json", true)]
    [InlineData("azure-monitor-service-health-active.json", false)]
    [InlineData("azure-monitor-budget-fired.json", false)]
    public void Parse_RuleSeries_MayBeStateless(string sample, bool stateless)
    {
        Assert.Equal(stateless, ParseSample(sample).Alerts[0].StatelessWhenRefiring);
    }

    [Theory]
    [InlineData("Sev0", AlertSeverity.Sev1)]
    [InlineData("Sev1", AlertSeverity.Sev2)]
    [InlineData("Sev2", AlertSeverity.Sev3)]
    [InlineData("Sev3", AlertSeverity.Sev4)]
    [InlineData("Sev4", AlertSeverity.Sev4)]
    public void Parse_Severity_MapsToDefault(string severity, AlertSeverity expected)
    {
        var n = ParseOk(AlertSources.AzureMonitor, WithEssentials(MetricFired, e => e["severity"] = severity));

        Assert.Equal(expected, n.Severity);
        Assert.Equal(expected, n.Alerts[0].Severity);
    }

    [Fact]
    public void Parse_ConfiguredSeverityMap_IsUsed()
    {
        var options = new AlertParserOptions();
        options.Severity.AzureMonitor.Values["Sev3"] = AlertSeverity.Sev3;

        var n = ParseOk(AlertSources.AzureMonitor, Read(MetricResolved), options);

        Assert.Equal(AlertSeverity.Sev3, n.Severity);
    }

    [Theory]
    [InlineData("Sev5")]
    [InlineData("sev1")]
    [InlineData("Critical")]
    public void Parse_UnknownSeverity_NamesFieldAndAllowedValues(string severity)
    {
        var errors = ParseErrors(AlertSources.AzureMonitor, WithEssentials(MetricFired, e => e["severity"] = severity));

        Assert.Equal([$"$.data.essentials.severity: expected 'Sev0', 'Sev1', 'Sev2', 'Sev3' or 'Sev4', got '{severity}'"], errors);
    }

    [Fact]
    public void Parse_UnknownMonitorCondition_NamesField()
    {
        var errors = ParseErrors(AlertSources.AzureMonitor, WithEssentials(MetricFired, e => e["monitorCondition"] = "Active"));

        Assert.Equal(["$.data.essentials.monitorCondition: expected 'Fired' or 'Resolved', got 'Active'"], errors);
    }

    [Theory]
    [InlineData("alertId")]
    [InlineData("monitorCondition")]
    [InlineData("firedDateTime")]
    public void Parse_MissingEssential_NamesIt(string field)
    {
        var errors = ParseErrors(AlertSources.AzureMonitor, WithEssentials(MetricFired, e => e.Remove(field)));

        Assert.Equal([$"$.data.essentials.{field}: required field is missing"], errors);
    }

    [Fact]
    public void Parse_MissingSchemaId_NamesIt()
    {
        var errors = ParseErrors(AlertSources.AzureMonitor, Mutate(MetricFired, r => r.Remove("schemaId")));

        Assert.Equal(["$.schemaId: required field is missing", $"$.schemaId: {AzureMonitorPayload.CommonSchemaHint}"], errors);
    }

    [Fact]
    public void Parse_OtherSchemaId_NamesIt()
    {
        var errors = ParseErrors(AlertSources.AzureMonitor, Mutate(MetricFired, r => r["schemaId"] = "Microsoft.Insights/activityLogs"));

        Assert.Equal(["$.schemaId: expected 'azureMonitorCommonAlertSchema', got 'Microsoft.Insights/activityLogs'", $"$.schemaId: {AzureMonitorPayload.CommonSchemaHint}"], errors);
    }

    [Fact]
    public void Parse_EssentialsIsArray_NamesIt()
    {
        var errors = ParseErrors(AlertSources.AzureMonitor, Mutate(MetricFired, r => r["data"]!["essentials"] = new JsonArray()));

        Assert.Equal(["$.data.essentials: expected an object, got an array"], errors);
    }

    [Fact]
    public void Parse_TargetIdNotString_NamesItem()
    {
        var errors = ParseErrors(AlertSources.AzureMonitor, WithEssentials(MetricFired, e => e["alertTargetIDs"] = new JsonArray(42)));

        Assert.Equal(["$.data.essentials.alertTargetIDs[0]: expected a string, got number 42"], errors);
    }

    [Fact]
    public void Parse_AlertContextMissing_StillParses()
    {
        var n = ParseOk(AlertSources.AzureMonitor, Mutate(MetricFired, r => r["data"]!.AsObject().Remove("alertContext")));

        Assert.Equal(AlertStatus.Firing, n.Status);
    }

    public static TheoryData<string> AzureSamples() =>
        [.. SourceOf.Where(s => s.Value == AlertSources.AzureMonitor).Select(s => s.Key)];

    /// <summary>Every essentials field but the three the schema always had, and every alert context, may be missing.</summary>
    [Theory]
    [MemberData(nameof(AzureSamples))]
    public void Parse_SampleWithoutFieldsAddedLater_StillParses(string sample)
    {
        var json = Mutate(sample, r =>
        {
            var essentials = r["data"]!["essentials"]!.AsObject();
            foreach (var name in essentials.Select(p => p.Key).Where(k => k is not ("alertId" or "monitorCondition" or "firedDateTime")).ToList())
            {
                essentials.Remove(name);
            }

            r["data"]!.AsObject().Remove("alertContext");
            r["data"]!.AsObject().Remove("customProperties");
        });

        var n = ParseOk(AlertSources.AzureMonitor, json);

        Assert.Single(n.Alerts);
        Assert.Contains(n.Alerts[0].Links, l => l.Kind == AlertLinkKinds.Portal);
    }

    /// <summary>
    /// What the alert measured (trial day 35, L1: the page showed the rule's description, not Http5xx 42 &gt; 10): each documented
    /// shape's <c>condition.allOf[]</c>, from the payload samples of Microsoft's documentation.
    /// </summary>
    [Theory]
    [InlineData("azure-monitor-metric-fired.json", "Transactions", ">", 100, 0, "Total", 5, false)]
    [InlineData("azure-monitor-metric-dynamic-fired.json", "Transactions", ">", 78.09, 0.3, "Average", 15, true)]
    [InlineData("azure-monitor-availability-fired.json", "Failed Location", ">", 5, 2, "Sum", 5, false)]
    [InlineData("azure-monitor-log-search-fired.json", null, ">", 3, 0, "Count", 60, false)]
    public void Parse_MeasuredAlert_KeepsWhatItMeasured(string sample, string? metric, string sign, double value, double threshold, string aggregation, int windowMinutes, bool dynamic)
    {
        var condition = Assert.Single(Assert.Single(ParseSample(sample).Alerts).Conditions);

        Assert.Equal(new AlertCondition(metric, sign, value, threshold) { Aggregation = aggregation, Window = TimeSpan.FromMinutes(windowMinutes), Dynamic = dynamic }, condition);
    }

    [Theory]
    [InlineData("azure-monitor-activity-log-fired.json")]
    [InlineData("azure-monitor-service-health-active.json")]
    [InlineData("azure-monitor-budget-fired.json")]
    public void Parse_AlertThatMeasuresNothing_HasNoCondition(string sample)
    {
        Assert.Empty(Assert.Single(ParseSample(sample).Alerts).Conditions);
    }

    [Fact]
    public void Parse_SeveralCriteria_EachWithTheConditionsWindow()
    {
        var json = Mutate(MetricFired, root =>
        {
            var allOf = root["data"]!["alertContext"]!["condition"]!["allOf"]!.AsArray();
            allOf.Add(Json("""{ "metricName": "Http5xx", "operator": "GreaterThanOrEqual", "threshold": 10, "timeAggregation": "Total", "metricValue": "42" }"""));
        });

        var conditions = Assert.Single(ParseOk(AlertSources.AzureMonitor, json).Alerts).Conditions;

        Assert.Equal([("Transactions", ">", 100d, 0d), ("Http5xx", "≥", 42d, 10d)], conditions.Select(c => (c.Metric!, c.Operator, c.Value, c.Threshold)));
        Assert.All(conditions, c => Assert.Equal(TimeSpan.FromMinutes(5), c.Window));
    }

    /// <summary>A shape not documented, or a criterion missing what a line needs, gives no line rather than a wrong one; the alert still pages.</summary>
    [Theory]
    [InlineData("conditionType", "\"SomethingNew\"")]
    [InlineData("operator", "\"Between\"")]
    [InlineData("metricValue", "null")]
    [InlineData("metricValue", "\"lots\"")]
    [InlineData("threshold", "{ \"min\": 1 }")]
    [InlineData("metricName", "null")]
    public void Parse_UnknownOrIncompleteCriterion_NoCondition(string field, string value)
    {
        var json = Mutate(MetricFired, root =>
        {
            var context = root["data"]!["alertContext"]!.AsObject();
            var target = field == "conditionType" ? context : context["condition"]!["allOf"]![0]!.AsObject();
            target[field] = Json(value);
        });

        var alert = Assert.Single(ParseOk(AlertSources.AzureMonitor, json).Alerts);

        Assert.Empty(alert.Conditions);
        Assert.Equal(AlertStatus.Firing, alert.Status);
    }

    [Theory]
    [InlineData(120, ">")]
    [InlineData(10, "<")]
    [InlineData(47, null)]
    public void Parse_DynamicEitherSide_SaysTheSideTheValueIsOn(double value, string? sign)
    {
        var json = Mutate("azure-monitor-metric-dynamic-fired.json", root =>
        {
            var criterion = root["data"]!["alertContext"]!["condition"]!["allOf"]![0]!.AsObject();
            criterion["operator"] = "GreaterOrLessThan";
            criterion["threshold"] = "47";
            criterion["metricValue"] = value;
        });

        var conditions = Assert.Single(ParseOk(AlertSources.AzureMonitor, json).Alerts).Conditions;

        Assert.Equal(sign is null ? [] : [sign], conditions.Select(c => c.Operator));
    }

    [Fact]
    public void Parse_WindowNotAnIsoDuration_ConditionWithoutWindow()
    {
        var json = Mutate(MetricFired, root => root["data"]!["alertContext"]!["condition"]!["windowSize"] = "five minutes");

        var condition = Assert.Single(Assert.Single(ParseOk(AlertSources.AzureMonitor, json).Alerts).Conditions);

        Assert.Null(condition.Window);
        Assert.Equal(100, condition.Value);
    }

    /// <summary>Each firing of a rule is a new alertId: the group is the rule on its target, the instance stays the alertId.</summary>
    [Fact]
    public void Parse_MetricRefire_NewAlertId_SameGroup_NewInstance()
    {
        var first = ParseSample(MetricFired);
        var again = ParseOk(AlertSources.AzureMonitor, WithEssentials(MetricFired, e =>
        {
            e["alertId"] = "/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.AlertsManagement/alerts/ffffffff-0000-0000-0000-000000000002";
            e["monitorCondition"] = "Resolved";
        }));

        Assert.Equal(first.GroupKey, again.GroupKey);
        Assert.NotEqual(first.Alerts[0].DedupKey, again.Alerts[0].DedupKey);
        Assert.True(again.Alerts[0].FiresOnce);
    }

    [Theory]
    [InlineData("alertTargetIDs")]
    [InlineData("dimension")]
    [InlineData("originAlertId")]
    public void Parse_Metric_AnotherTargetDimensionOrSeries_IsAnotherGroup(string changed)
    {
        var other = ParseOk(AlertSources.AzureMonitor, Mutate(MetricFired, root =>
        {
            var e = root["data"]!["essentials"]!;
            switch (changed)
            {
                case "alertTargetIDs":
                    e["alertTargetIDs"] = new JsonArray("/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/resourcegroups/test-RG/providers/microsoft.storage/storageaccounts/other");
                    break;
                case "dimension":
                    root["data"]!["alertContext"]!["condition"]!["allOf"]![0]!["dimensions"]![0]!["value"] = "PutBlob";
                    break;
                default:
                    e["originAlertId"] = "aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e_prod-RG_microsoft.insights_metricAlerts_test-metricAlertRule_1234567890";
                    break;
            }
        }));

        Assert.NotEqual(ParseSample(MetricFired).GroupKey, other.GroupKey);
    }

    /// <summary>Target ids in another order or case (ARM ids are case-insensitive) are the same target.</summary>
    [Fact]
    public void Parse_TargetsInAnotherOrderOrCase_SameGroup()
    {
        static string Targets(params string[] ids) => WithEssentials(MetricFired, e => e["alertTargetIDs"] = new JsonArray([.. ids.Select(i => (JsonNode?)i)]));

        var one = ParseOk(AlertSources.AzureMonitor, Targets("/subscriptions/s/resourceGroups/RG/providers/Microsoft.Web/sites/a", "/subscriptions/s/resourceGroups/RG/providers/Microsoft.Web/sites/b"));
        var other = ParseOk(AlertSources.AzureMonitor, Targets("/subscriptions/s/resourcegroups/rg/providers/microsoft.web/sites/b", "/subscriptions/s/resourcegroups/rg/providers/microsoft.web/sites/a"));

        Assert.Equal(one.GroupKey, other.GroupKey);
    }

    /// <summary>
    /// Log search (V2), activity log and smart detection send an originAlertId per firing: the group is the rule (its id when sent,
    /// else its name) on the targets, with the dimensions the rule split by.
    /// </summary>
    [Theory]
    [InlineData("azure-monitor-log-search-fired.json", "test-logAlertRule-v2 on /subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/resourcegroups/test-rg/providers/microsoft.operationalinsights/workspaces/test-loganalyticsworkspace [Computer=test-computer]")]
    [InlineData("azure-monitor-activity-log-fired.json", "test-activityLogAlertRule on /subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/resourcegroups/test-rg/providers/microsoft.compute/virtualmachines/test-vm")]
    [InlineData("azure-monitor-availability-fired.json", "aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e_test-RG_microsoft.insights_metricalerts_test-availabilityTest-test-applicationInsights_1234567890 on /subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/resourcegroups/test-rg/providers/microsoft.insights/components/test-applicationinsights")]
    public void Parse_GroupPerSignalType(string sample, string expected)
    {
        var n = ParseSample(sample);

        Assert.Equal(expected, n.GroupKey);
        Assert.NotEqual(n.GroupKey, n.Alerts[0].DedupKey);
        Assert.Equal(n.Alerts[0].DedupKey, n.PreviousGroupKey);
    }

    [Fact]
    public void Parse_LogSearch_NewOriginAlertIdPerFiring_SameGroup()
    {
        const string LogSearch = "azure-monitor-log-search-fired.json";
        var again = ParseOk(AlertSources.AzureMonitor, WithEssentials(LogSearch, e =>
        {
            e["alertId"] = "/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.AlertsManagement/alerts/99999999-0000-0000-0000-000000000009";
            e["originAlertId"] = "99999999-1111-1111-1111-999999999999";
        }));

        Assert.Equal(ParseSample(LogSearch).GroupKey, again.GroupKey);
    }

    /// <summary>The rule's resource id, when the payload has one, names the rule: two rules of one name in two resource groups are two.</summary>
    [Fact]
    public void Parse_AlertRuleId_NamesTheRule()
    {
        var n = ParseOk(AlertSources.AzureMonitor, WithEssentials("azure-monitor-log-search-fired.json", e =>
            e["alertRuleID"] = "/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/resourceGroups/prod/providers/microsoft.insights/scheduledqueryrules/test-logAlertRule-v2"));

        Assert.StartsWith("/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/resourceGroups/prod/providers/microsoft.insights/scheduledqueryrules/test-logAlertRule-v2 on ", n.GroupKey, StringComparison.Ordinal);
    }

    /// <summary>A budget alert names no rule and no target: its group is the budget and month, the alertId its previous key.</summary>
    [Fact]
    public void Parse_Budget_NoRule_GroupedByTheBudget()
    {
        var n = ParseSample("azure-monitor-budget-fired.json");

        Assert.Equal("budget:/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/microsoft.consumption/budgets/test_forcasted_budget 2025-04", n.GroupKey);
        Assert.Equal("/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.CostManagement/alerts/Test_Alert", n.PreviousGroupKey);
    }

    /// <summary>Service and Resource Health stay grouped by their issue, never by the rule that forwarded it.</summary>
    [Fact]
    public void Parse_ServiceHealth_KeyUnchanged_NoPreviousKey()
    {
        var n = ParseSample(ServiceHealthActive);

        Assert.Equal(IssueKey, n.GroupKey);
        Assert.Null(n.PreviousGroupKey);
    }

    /// <summary>Many targets: the key is stored bounded, as any source's long key (its beginning and a hash of the whole).</summary>
    [Fact]
    public void Parse_ManyTargets_KeyBounded_AndStable()
    {
        var ids = Enumerable.Range(0, 40).Select(i => (JsonNode?)$"/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-{i:00}").ToArray();
        var json = WithEssentials(MetricFired, e => e["alertTargetIDs"] = new JsonArray(ids));
        var reversed = WithEssentials(MetricFired, e => e["alertTargetIDs"] = new JsonArray([.. ids.Reverse().Select(i => i?.DeepClone())]));

        var n = ParseOk(AlertSources.AzureMonitor, json);

        Assert.True(n.GroupKey.Length <= AlertNotification.MaxGroupKeyLength, n.GroupKey);
        Assert.Contains("#sha256:", n.GroupKey, StringComparison.Ordinal);
        Assert.Equal(n.GroupKey, ParseOk(AlertSources.AzureMonitor, reversed).GroupKey);
    }

    /// <summary>A dimension value with a line break (a group key holds none) is written escaped.</summary>
    [Fact]
    public void Parse_DimensionWithALineBreak_Escaped()
    {
        var n = ParseOk(AlertSources.AzureMonitor, Mutate(MetricFired, root =>
            root["data"]!["alertContext"]!["condition"]!["allOf"]![0]!["dimensions"]![0]!["value"] = "Get\nBlob"));

        Assert.DoesNotContain('\n', n.GroupKey);
        Assert.EndsWith("[ApiName=Get\\u000aBlob]", n.GroupKey, StringComparison.Ordinal);
    }
}
