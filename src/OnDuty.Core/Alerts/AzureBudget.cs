using System.Globalization;
using System.Text.Json;

namespace OnDuty.Core.Alerts;

/// <summary>
/// A Cost Management budget alert through an action group with the common alert schema (<c>monitoringService</c> <c>CostAlerts</c>,
/// <c>alertContext.AlertCategory</c> <c>budgets</c>): <c>alertRule</c>, <c>severity</c> and <c>signalType</c> are null, the budget
/// is in <c>alertContext.AlertData</c> (learn.microsoft.com/azure/azure-monitor/alerts/alerts-payload-samples, "Cost budget alert",
/// "Forecasted budget alert"). Azure sends one alert per threshold crossed and never resolves it.
/// </summary>
/// <remarks>
/// Its group is the budget in the month it fired (UTC): each threshold of the same budget crossed that month (50 %, 80 %, 100 %,
/// forecast or actual) is a firing of one group and folds into the open incident; the next month's crossings open the next one. The
/// payload does not say the budget's reset period (monthly, quarterly, yearly): a quarterly or yearly budget gets one group a month.
/// </remarks>
internal sealed record AzureBudget(string? Name, string? Id, string? ThresholdType, string? Threshold, string? Amount, string? Spent, string? Forecast)
{
    public static AzureBudget? Read(string? monitoringService, JsonElement context)
    {
        if (!string.Equals(Text(context, "AlertCategory"), "budgets", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(monitoringService, "CostAlerts", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!context.TryGetProperty("AlertData", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var budget = new AzureBudget(Text(data, "BudgetName"), Text(data, "BudgetId"), Text(data, "ThresholdType"),
            Text(data, "NotificationThresholdAmount"), Text(data, "BudgetThreshold"), Text(data, "SpentAmount"), Text(data, "ForecastedTotalForPeriod"));
        return budget.Name is null && budget.Id is null ? null : budget;
    }

    /// <summary>The budget in the month <paramref name="firedAt"/> falls in: <c>budget:/subscriptions/…/budgets/monthly-cap 2026-12</c>.</summary>
    public string Key(DateTimeOffset firedAt) =>
        $"budget:{(Id ?? Name)!.Trim().ToLowerInvariant()} {firedAt.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The budget and the threshold crossed, in Azure's own words and amounts: <c>Azure budget monthly-cap: Actual $8,000.00 of $10,000.00</c>
    /// (the threshold, then the budget), the spend and forecast left to the description Azure wrote.
    /// </summary>
    public string Title()
    {
        var name = Name ?? ArmResourceId.ShortName(Id);
        var crossed = string.Join(" ", new[] { ThresholdType, Threshold }.OfType<string>());
        var of = Amount is null ? crossed : crossed.Length == 0 ? Amount : $"{crossed} of {Amount}";
        return of.Length == 0 ? $"Azure budget {name}" : $"Azure budget {name}: {of}";
    }

    private static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? Common.PersonText.OneLine(value.GetString()!).Trim()
            : null;
}
