using System.Globalization;
using OnDuty.Core.Comms;

namespace OnDuty.Core.Messages;

/// <summary>
/// The names of the retro page's final report form (<c>fr.summary</c>, <c>fr.impact</c>, <c>fr.cause</c>, a row per measure
/// <c>fr.m{k}.keep|title|due</c>, <c>fr.rows</c>, <c>fr.step</c>) and the text they hold: written by the page, read back from its post.
/// </summary>
public static class FinalReportFormFields
{
    public const string Summary = "fr.summary";
    public const string Impact = "fr.impact";
    public const string Cause = "fr.cause";
    public const string Rows = "fr.rows";
    public const string Step = "fr.step";

    /// <summary>The step that sends (after the preview's confirmation); any other value previews.</summary>
    public const string Send = "send";

    /// <summary>The step that sends a correction of the final report sent (after the preview's confirmation).</summary>
    public const string Correct = "correct";

    /// <summary>The form field of API field <paramref name="field"/> (<c>summary</c>, <c>impact</c>, <c>cause</c>): problems are shown beside it; any other
    /// (a measure's, <c>by</c>) as it is, shown above the form.</summary>
    public static string Of(string field) => field switch
    {
        "summary" => Summary,
        "impact" => Impact,
        "cause" => Cause,
        _ => field,
    };

    public static string Measure(int row, string part) => string.Create(CultureInfo.InvariantCulture, $"fr.m{row}.{part}");

    /// <summary>The draft's text as the form starts: every measure ticked.</summary>
    public static Dictionary<string, string> From(FinalReportText text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Summary] = text.Summary,
            [Impact] = text.Impact,
            [Cause] = text.Cause,
            [Rows] = text.Measures.Count.ToString(CultureInfo.InvariantCulture),
        };
        for (var k = 0; k < text.Measures.Count; k++)
        {
            values[Measure(k, "keep")] = "true";
            values[Measure(k, "title")] = text.Measures[k].Title;
            values[Measure(k, "due")] = text.Measures[k].Due?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
        }

        return values;
    }

    /// <summary>The rows the form holds (<see cref="Rows"/>, at most <see cref="FinalReportText.MaxMeasures"/>).</summary>
    public static int RowCount(IReadOnlyDictionary<string, string> values) =>
        int.TryParse(values.GetValueOrDefault(Rows), NumberStyles.None, CultureInfo.InvariantCulture, out var rows) ? Math.Clamp(rows, 0, FinalReportText.MaxMeasures) : 0;

    /// <summary>The text posted: the ticked measures only, a due date that is not yyyy-MM-dd left out.</summary>
    public static FinalReportText Read(IReadOnlyDictionary<string, string> values)
    {
        var measures = new List<FinalReportMeasure>();
        for (var k = 0; k < RowCount(values); k++)
        {
            if (values.GetValueOrDefault(Measure(k, "keep")) is "true" or "on")
            {
                var due = DateOnly.TryParseExact(values.GetValueOrDefault(Measure(k, "due")), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null;
                measures.Add(new FinalReportMeasure(values.GetValueOrDefault(Measure(k, "title")) ?? "", due));
            }
        }

        return new FinalReportText
        {
            Summary = values.GetValueOrDefault(Summary) ?? "",
            Impact = values.GetValueOrDefault(Impact) ?? "",
            Cause = values.GetValueOrDefault(Cause) ?? "",
            Measures = measures,
        };
    }
}
