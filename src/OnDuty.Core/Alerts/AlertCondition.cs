namespace OnDuty.Core.Alerts;

/// <summary>
/// What a metric or log search alert measured when it fired, as data each reader's message words (「Http5xx（合計）42 &gt; 10（5分間）」,
/// "Http5xx (Total) 42 &gt; 10 over 5 min"): from Azure Monitor's <c>alertContext.condition.allOf[]</c>. The value is what the person
/// paged needs to judge the alert; the rule's description does not say it.
/// </summary>
/// <param name="Metric">The metric (<c>metricName</c>) or a log search's measured column; null: the number of rows a log search found.</param>
/// <param name="Operator">As a sign: <c>&gt;</c>, <c>≥</c>, <c>&lt;</c>, <c>≤</c> or <c>=</c>.</param>
/// <param name="Value">The value that crossed the threshold (<c>metricValue</c>).</param>
/// <param name="Threshold">The threshold crossed (a dynamic threshold's as computed for this evaluation).</param>
public sealed record AlertCondition(string? Metric, string Operator, double Value, double Threshold)
{
    /// <summary>Conditions an alert keeps (a metric rule has up to 5 criteria).</summary>
    public const int MaxKept = 5;

    /// <summary>Characters of a metric or column name kept.</summary>
    public const int MaxNameLength = 100;

    /// <summary>How the values were aggregated over the window, as Azure names it (<c>Total</c>, <c>Average</c>, <c>Count</c>, …); null when not said.</summary>
    public string? Aggregation { get; init; }

    /// <summary>The window evaluated (<c>windowSize</c>, <c>PT5M</c>); null when not said.</summary>
    public TimeSpan? Window { get; init; }

    /// <summary>A dynamic threshold (<c>DynamicThresholdCriteria</c>): learned by Azure, not set by the team.</summary>
    public bool Dynamic { get; init; }
}
