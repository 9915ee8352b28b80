using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// What an Azure Monitor metric alert measured is on the incident's JSON (trial 35 L1 left it to the page, mail and card):
/// the documented sample's <c>Transactions (Total) 100 &gt; 0</c>, as data; an alert of another source has none.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class AzureMonitorConditionsTests(OnDutyAppFixture app)
{
    [Fact]
    public async Task MetricAlert_ItsConditionIsOnTheIncident()
    {
        var rule = $"e2e-cond-{Guid.NewGuid():n}"[..20];
        var opened = await AlertIntakeTests.PostAcceptedAsync(app.Client, "azure-monitor", AlertIntakeTests.Read("azure-monitor-metric-fired.json", root =>
        {
            var essentials = root["data"]!["essentials"]!;
            essentials["alertId"] = $"/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.AlertsManagement/alerts/{rule}";
            essentials["alertRule"] = rule;
            essentials["originAlertId"] = $"aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e_test-RG_microsoft.insights_metricAlerts_{rule}_1234567890";
            essentials["firedDateTime"] = app.Time.GetUtcNow().AddMinutes(-1).ToString("O");
        }));
        var id = opened.GetProperty("incidentId").GetString()!;

        var alert = Assert.Single((await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("alerts").EnumerateArray());
        var condition = Assert.Single(alert.GetProperty("conditions").EnumerateArray());

        Assert.Equal(
            ("Transactions", ">", 100d, 0d, "Total", false),
            (condition.GetProperty("metric").GetString(), condition.GetProperty("operator").GetString(), condition.GetProperty("value").GetDouble(),
             condition.GetProperty("threshold").GetDouble(), condition.GetProperty("aggregation").GetString(), condition.GetProperty("dynamic").GetBoolean()));
    }

    [Fact]
    public async Task AlertmanagerAlert_HasNoConditions()
    {
        var group = $"e2e-cond-{Guid.NewGuid():n}";
        var opened = await AlertIntakeTests.PostAcceptedAsync(app.Client, "alertmanager", AlertIntakeTests.Read("alertmanager-firing.json", root => root["groupKey"] = group));
        var id = opened.GetProperty("incidentId").GetString()!;

        var alerts = (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("alerts").EnumerateArray().ToList();

        Assert.NotEmpty(alerts);
        Assert.All(alerts, a => Assert.Equal(0, a.GetProperty("conditions").GetArrayLength()));
    }
}
