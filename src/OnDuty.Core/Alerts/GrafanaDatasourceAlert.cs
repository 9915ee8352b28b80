namespace OnDuty.Core.Alerts;

/// <summary>
/// The alerts Grafana raises about a rule's queries rather than about what they measure: with the rule's "Alert state if no data" or
/// "if execution error" set to Alerting (Error's default since 9.x), an instance that gets no data or cannot query its data source
/// fires as a new alert named <c>DatasourceNoData</c> or <c>DatasourceError</c>, the rule's name moved to the <c>rulename</c> label
/// (<c>original_alertname</c> in 8.x) and the rule's labels and annotations kept — its summary (「CPU使用率が90%を超えています」)
/// included (grafana/grafana <c>pkg/services/ngalert/state/compat.go</c>; grafana.com/docs/grafana/latest/alerting/fundamentals/alert-rule-evaluation/nodata-and-error-states/).
/// </summary>
/// <remarks>
/// Taken as the rule's summary, the page said the CPU was high when Grafana had no data to say anything; taken by its alert name it
/// said 「DatasourceNoData」. It is titled for what happened and the rule it happened to: <c>No data from the data source: CPU使用率</c>,
/// a form the pages word in the reader's language (「データソースにデータがありません：CPU使用率」, resources <c>Alert.Title.NoData</c> and
/// <c>Alert.Title.DatasourceError</c>, which must keep these English forms). It still pages at the rule's severity: the monitoring
/// behind the rule is not working. Grafana resolves it when data comes back (the same labels, resolved).
/// </remarks>
internal static class GrafanaDatasourceAlert
{
    public const string NoData = "DatasourceNoData";
    public const string Error = "DatasourceError";

    /// <summary>The stored form of a no-data alert's title; the English of resource <c>Alert.Title.NoData</c>.</summary>
    public const string NoDataTitle = "No data from the data source: {0}";

    /// <summary>The stored form of an execution-error alert's title; the English of resource <c>Alert.Title.DatasourceError</c>.</summary>
    public const string ErrorTitle = "Data source error: {0}";

    /// <summary>
    /// The title of an alert named <paramref name="alertName"/> about the rule <paramref name="rule"/> (its name, or the alert name when
    /// the labels do not say it); null for any other alert.
    /// </summary>
    public static string? Title(string? alertName, string? rule) => alertName switch
    {
        NoData => string.Format(System.Globalization.CultureInfo.InvariantCulture, NoDataTitle, Blank(rule) ?? alertName),
        Error => string.Format(System.Globalization.CultureInfo.InvariantCulture, ErrorTitle, Blank(rule) ?? alertName),
        _ => null,
    };

    /// <summary>The rule an alert's labels name: <c>rulename</c>, or 8.x's <c>original_alertname</c>.</summary>
    public static string? Rule(IReadOnlyDictionary<string, string>? labels) =>
        labels is null ? null : Blank(labels.GetValueOrDefault("rulename")) ?? Blank(labels.GetValueOrDefault("original_alertname"));

    /// <summary>The rules of a group's alerts, distinct, three at most (「CPU使用率, メモリ使用率, …」); null when none names one.</summary>
    public static string? Rules(IEnumerable<IReadOnlyDictionary<string, string>> labels)
    {
        var rules = labels.Select(Rule).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return rules.Count == 0 ? null : $"{string.Join(", ", rules.Take(3))}{(rules.Count > 3 ? ", …" : "")}";
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
