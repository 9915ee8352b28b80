using System.Text;
using System.Text.RegularExpressions;

namespace OnDuty.Core.Incidents;

/// <summary>
/// A monitoring tool an incident's alerts came from: the source's route name (<c>pagerduty</c>) and the name the sending tool gave
/// itself in the delivery (the Events v2 <c>client</c>, <see cref="TrackedAlert.Client"/>: Datadog), or none. Owns the form a timeline
/// row keeps a list of them in: <c>grafana, pagerduty via "Datadog"</c> — a lone route name reads as it did before clients were kept.
/// </summary>
public sealed partial record AlertTool(string Source, string? Client)
{
    /// <summary>The most tools a list keeps (a row stays small however many names the senders made up).</summary>
    public const int MaxListed = 10;

    /// <summary>
    /// The tools of the resolved <paramref name="alerts"/>, distinct, first fired first; an alert stored before its source was kept
    /// (<see cref="TrackedAlert.Source"/> null) as <paramref name="fallbackSource"/>'s, the delivery's. Never empty: with no alert,
    /// <paramref name="fallbackSource"/> alone.
    /// </summary>
    public static IReadOnlyList<AlertTool> OfResolved(IEnumerable<TrackedAlert> alerts, string fallbackSource)
    {
        List<AlertTool> tools = [.. alerts.Where(a => a.Status == Alerts.AlertStatus.Resolved).OrderBy(a => a.FirstFiredAt)
            .Select(a => new AlertTool(a.Source ?? fallbackSource, a.Client is { Length: > 0 } client ? client : null)).Distinct().Take(MaxListed)];
        return tools.Count > 0 ? tools : [new AlertTool(fallbackSource, null)];
    }

    /// <summary>The list as a timeline row keeps it: <c>grafana, pagerduty via "Datadog"</c> (a client's <c>"</c> and <c>\</c> escaped).</summary>
    public static string Format(IEnumerable<AlertTool> tools) =>
        string.Join(", ", tools.Select(t => t.Client is null ? t.Source : $"{t.Source} via \"{t.Client.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\""));

    /// <summary>The list <see cref="Format"/> wrote; false for any other text (a row that names something else).</summary>
    public static bool TryParse(string text, out IReadOnlyList<AlertTool> tools)
    {
        List<AlertTool> read = [];
        tools = read;
        for (var at = 0; ; at += 2)
        {
            var m = Item().Match(text, at);
            if (!m.Success)
            {
                return false;
            }

            read.Add(new AlertTool(m.Groups["source"].Value, m.Groups["client"].Success ? Unescape(m.Groups["client"].Value) : null));
            at += m.Length;
            if (at == text.Length)
            {
                return true;
            }

            if (string.CompareOrdinal(text, at, ", ", 0, 2) != 0)
            {
                return false;
            }
        }
    }

    private static string Unescape(string quoted)
    {
        var text = new StringBuilder(quoted.Length);
        for (var i = 0; i < quoted.Length; i++)
        {
            text.Append(quoted[i] == '\\' && i + 1 < quoted.Length ? quoted[++i] : quoted[i]);
        }

        return text.ToString();
    }

    [GeneratedRegex("""\G(?<source>[a-z0-9-]+)(?: via "(?<client>(?:[^"\\]|\\.)*)")?""", RegexOptions.CultureInvariant)]
    private static partial Regex Item();
}
