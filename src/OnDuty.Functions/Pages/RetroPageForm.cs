using System.Globalization;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Messages;

namespace OnDuty.Functions.Pages;

/// <summary>
/// Reads the retro page's form (<see cref="RetroFormFields"/>) into a retro: empty rows are left out, a timeline row can be
/// ticked for removal, each problem is reported next to its row's field. The domain checks everything again on save
/// (<see cref="RetroRules"/>).
/// </summary>
public static class RetroPageForm
{
    /// <summary>The largest retro (320,000 characters, Japanese percent-encoded in a form) and every row of it.</summary>
    public static PageFormLimits Limits { get; } = new(4 * 1024 * 1024, 4_096);

    private static readonly string[] TimeFormats = [RetroFormFields.LocalTimeFormat, "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];

    /// <summary>The retro the form describes; null when something needs fixing (the errors are on <paramref name="form"/>).</summary>
    /// <param name="displayName">Members' display names by id or address, as the page said OnDuty's lines with them (<see cref="RetroPages.SaidIn"/>).</param>
    /// <param name="audienceName">Stakeholder audiences' display names, as the page said OnDuty's lines with them.</param>
    /// <param name="today">The team's day: an open action item due before it is refused next to its date (<c>pastDue</c>) unless
    /// <paramref name="saved"/> (the saved version's items) already had it so (<see cref="RetroRules.IsPastDue"/>).</param>
    /// <param name="audienceNameEn">The audiences' names as an English page said them (their <c>DisplayNameEn</c>); null: <paramref name="audienceName"/>.</param>
    public static RetroContent? Read(
        PageForm form, TimeZoneInfo zone, IReadOnlySet<string> memberIds, Func<string, string?>? displayName = null, Func<string, string?>? audienceName = null,
        DateOnly? today = null, IReadOnlyList<ActionItem>? saved = null, Func<string, string?>? audienceNameEn = null)
    {
        var summary = form.Text(RetroFormFields.Summary, RetroRules.MaxSummary, required: true);
        var texts = RetroFormFields.LongTexts.ToDictionary(f => f, f => form.Text(f, RetroRules.MaxLongText), StringComparer.Ordinal);
        var timeline = new List<RetroTimelineEntry>();
        for (var i = 0; i < RetroFormFields.Rows(form.Values, RetroFormFields.TimelineRows, RetroRules.MaxTimelineEntries); i++)
        {
            if (form.Values.GetValueOrDefault(RetroFormFields.Timeline(i, "remove")) == "true")
            {
                continue;
            }

            var text = form.Text(RetroFormFields.Timeline(i, "text"), RetroRules.MaxTimelineText);
            var kind = Kept(form, RetroFormFields.Timeline(i, "kind"), 40);

            // A duplicate's line as the page said it, 「INC-2026-0002: …」: its incident kept as data, its words after the id read
            // as the line's (trial 39, M8). The id taken out of the words, it is no longer that incident's line.
            var merged = Kept(form, RetroFormFields.Timeline(i, "incident"), 40);
            if (merged is not null && text is not null && text.StartsWith(merged + ": ", StringComparison.Ordinal) && text.Length > merged.Length + 2)
            {
                text = text[(merged.Length + 2)..];
            }
            else if (merged is not null && text != merged)
            {
                merged = null;
            }
            else if (merged is not null)
            {
                text = null;
            }

            // A line OnDuty wrote, left as the form said it (in either language): kept as OnDuty wrote it, not as typed text.
            if (Kept(form, RetroFormFields.Timeline(i, "system"), RetroRules.MaxTimelineText) is { } system && text is not null
                && AsOnDutySaidIt(text, kind, system, displayName, audienceName, audienceNameEn))
            {
                text = system;
            }

            var atField = RetroFormFields.Timeline(i, "at");
            var atValue = form.Values.GetValueOrDefault(atField)?.Trim();
            if (string.IsNullOrEmpty(atValue) && text is null && kind is null)
            {
                continue;
            }

            if (text is null && kind is null)
            {
                form.Add(RetroFormFields.Timeline(i, "text"), "required");
            }

            var at = Time(form, atField, atValue, zone);
            if (at is { } when)
            {
                timeline.Add(new RetroTimelineEntry { At = when, Text = text, Kind = kind, By = Kept(form, RetroFormFields.Timeline(i, "by"), RetroRules.MaxBy), Via = Kept(form, RetroFormFields.Timeline(i, "via"), OnDuty.Core.Incidents.Incident.MaxAcknowledgedViaLength), Incident = merged });
            }
        }

        var items = new List<ActionItem>();
        for (var i = 0; i < RetroFormFields.Rows(form.Values, RetroFormFields.ActionRows, RetroRules.MaxActionItems); i++)
        {
            var title = form.Text(RetroFormFields.Action(i, "title"), RetroRules.MaxActionTitle);
            if (title is null)
            {
                continue;
            }

            var ownerField = RetroFormFields.Action(i, "owner");
            var owner = form.Values.GetValueOrDefault(ownerField)?.Trim();
            if (string.IsNullOrEmpty(owner))
            {
                form.Add(ownerField, "required");
            }
            else if (!memberIds.Contains(owner))
            {
                form.Add(ownerField, "owner");
            }

            var dueField = RetroFormFields.Action(i, "due");
            var dueValue = form.Values.GetValueOrDefault(dueField)?.Trim();
            DateOnly? due = null;
            if (!string.IsNullOrEmpty(dueValue))
            {
                if (DateOnly.TryParseExact(dueValue, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    due = day;
                }
                else
                {
                    form.Add(dueField, "date");
                }
            }

            var status = form.Values.GetValueOrDefault(RetroFormFields.Action(i, "status")) == "done" ? ActionItemStatus.Done : ActionItemStatus.Open;
            var item = new ActionItem { Title = title, Owner = owner ?? "", Due = due, Status = status };
            if (today is { } asOf && RetroRules.IsPastDue(item, items.Count, asOf, saved ?? []))
            {
                form.Add(dueField, "pastDue");
            }

            items.Add(item);
        }

        // A criterion is changed when its box is ticked ("true", or a browser's default "on") or a note is typed under it: a note
        // written without the tick is what the PM meant to keep, never dropped (trial day 35, H2).
        var changes = form.Values
            .Where(v => v.Key.StartsWith("c:", StringComparison.Ordinal))
            .Select(v => v.Key.EndsWith(":note", StringComparison.Ordinal)
                ? (Id: v.Key[2..^":note".Length], Changed: !string.IsNullOrWhiteSpace(v.Value))
                : (Id: v.Key[2..], Changed: v.Value is "true" or "on"))
            .Where(c => c.Changed && c.Id.Length > 0)
            .Select(c => c.Id)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(id => new CriterionChange { CriterionId = id, Note = form.Text(RetroFormFields.CriterionNote(id), RetroRules.MaxCriterionNote) })
            .ToList();

        if (!form.Valid || summary is null)
        {
            return null;
        }

        var content = new RetroContent
        {
            Summary = summary,
            Timeline = timeline,
            Impact = texts["impact"],
            WentWell = texts["wentWell"],
            HardToJudge = texts["hardToJudge"],
            ManualChanges = texts["manualChanges"],
            CriteriaChanges = changes,
            ActionItems = items,
        };

        // Every box within its length and the whole still too long to store: said in the page's words beside the longest box, or
        // above the form for the timeline's, action items' or criteria's rows (the domain's 400 is English, with API field names).
        if (RetroRules.Oversize(content) is { } over)
        {
            var max = RetroRules.MaxStoredChars.ToString("N0", CultureInfo.InvariantCulture);
            form.Add(over.Field, RetroFormFields.LongTexts.Contains(over.Field) || over.Field == RetroFormFields.Summary ? $"retroTooLong:{max}" : $"retroTooLong.{over.Field}:{max}");
            return null;
        }

        return content;
    }

    /// <summary>
    /// Whether <paramref name="text"/> is OnDuty's line <paramref name="system"/> as the form said it, in either language, with
    /// names or without; in English also as it starts the box in sentence case (「Paged the duty members」).
    /// </summary>
    private static bool AsOnDutySaidIt(
        string text, string? kind, string system, Func<string, string?>? displayName, Func<string, string?>? audienceName, Func<string, string?>? audienceNameEn)
    {
        string?[] said =
        [
            TimelineText.For(kind, system, Language.Ja),
            TimelineText.For(kind, system, Language.En),
            displayName is null ? null : TimelineText.For(kind, system, Language.Ja, displayName, audienceName),
            displayName is null ? null : TimelineText.For(kind, system, Language.En, displayName, audienceNameEn ?? audienceName),
        ];
        var en = Phrases.For(Language.En);
        return said.OfType<string>().Any(s => text == s || text == en.LineStart(s));
    }

    /// <summary>The form again with <paramref name="more"/> more empty rows of <c>timeline</c> or <c>actions</c> (the "add rows" buttons; nothing is saved).</summary>
    public static Dictionary<string, string> WithMoreRows(IReadOnlyDictionary<string, string> values, string? more)
    {
        var copy = new Dictionary<string, string>(values, StringComparer.Ordinal);
        copy.Remove("more");
        var (field, max) = more == "timeline" ? (RetroFormFields.TimelineRows, RetroRules.MaxTimelineEntries) : (RetroFormFields.ActionRows, RetroRules.MaxActionItems);
        copy[field] = Math.Min(RetroFormFields.Rows(values, field, max) + 3, max).ToString(CultureInfo.InvariantCulture);
        return copy;
    }

    /// <summary>A hidden value the page carried (kind, who): kept as it came, within its limit.</summary>
    private static string? Kept(PageForm form, string field, int max)
    {
        var value = form.Values.GetValueOrDefault(field)?.Trim();
        return string.IsNullOrEmpty(value) ? null : value.Length <= max ? value : value[..max];
    }

    private static DateTimeOffset? Time(PageForm form, string field, string? value, TimeZoneInfo zone)
    {
        if (string.IsNullOrEmpty(value))
        {
            form.Add(field, "required");
            return null;
        }

        if (!DateTime.TryParseExact(value, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            form.Add(field, "time");
            return null;
        }

        // A local time skipped by a DST change has no instant; take the offset before the change.
        var offset = zone.IsInvalidTime(local) ? zone.GetUtcOffset(local.AddHours(-1)) : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
