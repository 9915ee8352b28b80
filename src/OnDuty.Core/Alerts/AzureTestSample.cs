namespace OnDuty.Core.Alerts;

/// <summary>
/// The sample an action group's "Test action group" button sends (portal, <c>az monitor action-group test-notifications</c>,
/// <c>Test-AzActionGroup</c>): one fixed payload per alert type, with mocked ids — "The test payload mimics a real alert but contains
/// mocked metadata and does not represent any specific resource or condition"
/// (learn.microsoft.com/azure/azure-monitor/alerts/alerts-payload-samples#sample-payloads-for-test-actions). Microsoft Japan's Azure
/// Integration support blog (「アラート発報時に Logic Apps を呼び出す方法」, 2023-05-31) shows the one a Logic App received from the button:
/// the same ids as the docs, only <c>firedDateTime</c> the moment of the test — 「テスト実行ではサンプル データが利用されますので、実在する
/// サブスクリプション ID やリソース グループは連携されません」.
/// </summary>
/// <remarks>
/// Recognised only when it is unmistakably that sample: the alertId in subscription <c>11111111-1111-1111-1111-111111111111</c>
/// (a version-1 GUID, never a subscription Azure issues), ending in one of the samples' instance ids (<c>12345678-1234-1234-1234-1234567890ab</c>;
/// Service Health's <c>1234abcd5678efgh…</c>, not even hexadecimal; <c>…/activityLogAlerts/Test_Alert</c>; a budget's
/// <c>…/Microsoft.CostManagement/alerts/Test_Alert</c>), and naming one of the samples' rules (<c>test-metricAlertRule</c> …) or
/// budgets (<c>Test_forcasted_budget</c>, <c>Test_actual_cost_budget</c>). Anything short of all three is a real alert and pages (when in
/// doubt, page): a sample Microsoft changes later pages as before until it is added here. The docs' later revisions replaced the ids
/// in their text with their placeholder GUIDs (<c>aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e</c>, <c>eeeeeeee-4444-5555-6666-ffffffffffff</c>):
/// those are the docs' scrubbing, not what the button sends, and stay real alerts.
/// </remarks>
internal static class AzureTestSample
{
    private const string Subscription = "/subscriptions/11111111-1111-1111-1111-111111111111/";

    private static readonly string[] InstanceEnds =
    [
        "/providers/Microsoft.AlertsManagement/alerts/12345678-1234-1234-1234-1234567890ab",
        "/providers/Microsoft.AlertsManagement/alerts/1234abcd5678efgh1234abcd5678efgh1234abcd5678efgh1234abcd5678efgh",
        "/providers/microsoft.insights/activityLogAlerts/Test_Alert",
        "/providers/Microsoft.CostManagement/alerts/Test_Alert",
    ];

    /// <summary>The samples' rule names and the alert type the test dialog lists each under (the docs' "Sample test action" headings).</summary>
    private static readonly Dictionary<string, string> Rules = new(StringComparer.Ordinal)
    {
        ["test-metricAlertRule"] = "Metric alert - Static threshold",
        ["test-dynamicMetricAlertRule"] = "Metric alert - Dynamic threshold",
        ["test-availabilityTest-test-applicationInsights"] = "Availability test alert",
        ["test-logAlertRule-v2"] = "Log alert V2",
        ["test-logAlertRule-v1-metricMeasurement"] = "Log alert V1 - Metric measurement",
        ["test-logAlertRule-v1-numResults"] = "Log alert V1 - Number of results",
        ["test-activityLogAlertRule"] = "Activity log alert",
        ["test-ResourceHealthAlertRule"] = "Resource health alert",
        ["test-ServiceHealthAlertRule"] = "Service health alert",
        ["test-SmartAlertRule"] = "Smart alert",
        // The smart alert sample before 2025 (alerts-payload-samples, 2023 revision).
        ["Dependency Latency Degradation - test-applicationInsights"] = "Smart alert",
    };

    private static readonly string[] Budgets = ["Test_forcasted_budget", "Test_actual_cost_budget"];

    /// <summary>The budget sample's own words ("Budget alert" in the test dialog).</summary>
    private const string BudgetConfirmation = "Delivery Confirmation: This is a sample budget alert from Azure Monitor Action Groups.";

    /// <summary>The alert type of the sample (<c>Metric alert - Static threshold</c>, <c>Budget alert</c> …); null for anything else.</summary>
    public static string? Of(string alertId, string? alertRule, string? description, AzureBudget? budget)
    {
        if (!alertId.StartsWith(Subscription, StringComparison.OrdinalIgnoreCase)
            || !InstanceEnds.Any(end => alertId.EndsWith(end, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        if (alertRule is not null)
        {
            return Rules.GetValueOrDefault(alertRule.Trim());
        }

        return budget is { Name: { } name } && Budgets.Contains(name, StringComparer.Ordinal)
            ? description?.Trim() == BudgetConfirmation ? "Budget alert"
                : budget.ThresholdType == "Forecasted" ? "Forecasted budget alert" : "Cost budget alert"
            : null;
    }
}
