using System.Globalization;
using OnDuty.Core.Retros;

namespace OnDuty.Core.Messages;

/// <summary>
/// The retro page's form fields, named once for the page that renders them and the trigger that reads them: the long
/// texts by their API names, timeline rows <c>t{i}.at|text|kind|by|via|incident|remove</c>, action items <c>a{i}.title|owner|due|status</c>,
/// criteria changes <c>c:{criterion id}</c> (checked) and <c>c:{criterion id}:note</c>, row counts and the ETag read.
/// </summary>
public static class RetroFormFields
{
    public const string Summary = "summary";
    public const string ETag = "etag";
    public const string TimelineRows = "timelineRows";
    public const string ActionRows = "actionRows";

    /// <summary>Empty rows offered below the filled ones (more with the "add rows" button).</summary>
    public const int BlankRows = 2;

    public const string LocalTimeFormat = "yyyy-MM-dd'T'HH:mm:ss";

    public static readonly string[] LongTexts = ["impact", "wentWell", "hardToJudge", "manualChanges"];

    public static string Timeline(int row, string part) => $"t{row}.{part}";

    public static string Action(int row, string part) => $"a{row}.{part}";

    public static string Criterion(string id) => $"c:{id}";

    public static string CriterionNote(string id) => $"c:{id}:note";

    /// <summary>A row count as the form says it, within <paramref name="max"/>.</summary>
    public static int Rows(IReadOnlyDictionary<string, string> values, string field, int max) =>
        int.TryParse(values.GetValueOrDefault(field), NumberStyles.None, CultureInfo.InvariantCulture, out var rows) ? Math.Clamp(rows, 0, max) : 0;

    /// <summary>The form filled from a retro (times in <paramref name="zone"/>), with <see cref="BlankRows"/> empty rows to add to.</summary>
    public static Dictionary<string, string> From(RetroContent content, string? etag, TimeZoneInfo zone)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Summary] = content.Summary,
            ["impact"] = content.Impact ?? "",
            ["wentWell"] = content.WentWell ?? "",
            ["hardToJudge"] = content.HardToJudge ?? "",
            ["manualChanges"] = content.ManualChanges ?? "",
            [ETag] = etag ?? "",
            [TimelineRows] = (content.Timeline.Count + BlankRows).ToString(CultureInfo.InvariantCulture),
            [ActionRows] = (content.ActionItems.Count + BlankRows).ToString(CultureInfo.InvariantCulture),
        };
        for (var i = 0; i < content.Timeline.Count; i++)
        {
            var entry = content.Timeline[i];
            values[Timeline(i, "at")] = TimeZoneInfo.ConvertTime(entry.At, zone).ToString(LocalTimeFormat, CultureInfo.InvariantCulture);
            values[Timeline(i, "text")] = entry.Text ?? "";
            values[Timeline(i, "kind")] = entry.Kind ?? "";
            values[Timeline(i, "by")] = entry.By ?? "";
            if (entry.Via is { } via)
            {
                // A tool's acknowledgement keeps the tool's own name through a save (Datadog, not 「PagerDuty 連携」).
                values[Timeline(i, "via")] = via;
            }

            if (entry.Incident is { } merged)
            {
                // A duplicate's line keeps saying which one it came from as data, so each reader's page says it in their words.
                values[Timeline(i, "incident")] = merged;
            }
        }

        for (var i = 0; i < content.ActionItems.Count; i++)
        {
            var item = content.ActionItems[i];
            values[Action(i, "title")] = item.Title;
            values[Action(i, "owner")] = item.Owner;
            values[Action(i, "due")] = item.Due?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
            values[Action(i, "status")] = item.Status == ActionItemStatus.Done ? "done" : "open";
        }

        foreach (var change in content.CriteriaChanges)
        {
            values[Criterion(change.CriterionId)] = "true";
            values[CriterionNote(change.CriterionId)] = change.Note ?? "";
        }

        return values;
    }
}
