using OnDuty.Core.Common;

namespace OnDuty.Core.Retros;

/// <summary>
/// What a retro may hold. The per-field limits are generous (a long retro is a good retro); the total keeps one
/// version inside one Table Storage entity (≤ 1 MiB, strings ≤ 64 KiB each: the adapter splits the text across
/// properties), with the current record and the version row together inside one transaction (≤ 4 MiB).
/// </summary>
public static class RetroRules
{
    public const int MaxSummary = 4_000;
    public const int MaxLongText = 100_000;
    public const int MaxTimelineEntries = 500;
    public const int MaxTimelineText = 2_000;
    public const int MaxActionItems = 100;
    public const int MaxActionTitle = 500;
    public const int MaxCriteriaChanges = 50;
    public const int MaxCriterionNote = 2_000;
    public const int MaxBy = 100;

    /// <summary>Largest stored JSON of one version, in characters: 320,000 UTF-16 characters = 640 KB, under 1 MiB with the index data.</summary>
    public const int MaxStoredChars = 320_000;

    /// <summary>
    /// Checks shape and lengths, trims, and refuses an owner not on the roster; every problem is reported at once. With
    /// <paramref name="today"/> (the team's day), an open action item due before it is refused unless the saved version
    /// (<paramref name="saved"/>) already had it so (<see cref="KeepsPastDue"/>).
    /// </summary>
    public static RetroContent Clean(
        RetroContent content, IReadOnlySet<string> memberIds, IReadOnlySet<string> criterionIds, DateOnly? today = null, IReadOnlyList<ActionItem>? saved = null)
    {
        var errors = new ValidationErrors();
        errors.When(string.IsNullOrWhiteSpace(content.Summary), "summary", "is required");
        errors.When(content.Summary?.Length > MaxSummary, "summary", $"must be at most {MaxSummary} characters");
        Text(errors, "impact", content.Impact);
        Text(errors, "wentWell", content.WentWell);
        Text(errors, "hardToJudge", content.HardToJudge);
        Text(errors, "manualChanges", content.ManualChanges);

        var timeline = content.Timeline ?? [];
        errors.When(timeline.Count > MaxTimelineEntries, "timeline", $"must have at most {MaxTimelineEntries} entries");
        for (var i = 0; i < Math.Min(timeline.Count, MaxTimelineEntries); i++)
        {
            var entry = timeline[i];
            errors.When(entry is null, $"timeline[{i}]", "must be an object");
            errors.When(entry is not null && entry.At == default, $"timeline[{i}].at", "is required");
            errors.When(entry is not null && string.IsNullOrWhiteSpace(entry.Text) && entry.Kind is null, $"timeline[{i}].text", "is required");
            errors.When(entry?.Text?.Length > MaxTimelineText, $"timeline[{i}].text", $"must be at most {MaxTimelineText} characters");
            errors.When(entry?.Kind?.Length > 40, $"timeline[{i}].kind", "must be at most 40 characters");
            errors.When(entry?.By?.Length > MaxBy, $"timeline[{i}].by", $"must be at most {MaxBy} characters");
            errors.CheckLine($"timeline[{i}].by", entry?.By);
            errors.When(entry?.Via?.Length > Incidents.Incident.MaxAcknowledgedViaLength, $"timeline[{i}].via", $"must be at most {Incidents.Incident.MaxAcknowledgedViaLength} characters");
            errors.CheckLine($"timeline[{i}].via", entry?.Via);
            errors.When(entry?.Incident?.Length > 40, $"timeline[{i}].incident", "must be at most 40 characters");
        }

        var items = content.ActionItems ?? [];
        errors.When(items.Count > MaxActionItems, "actionItems", $"must have at most {MaxActionItems} entries");
        for (var i = 0; i < Math.Min(items.Count, MaxActionItems); i++)
        {
            var item = items[i];
            errors.When(item is null, $"actionItems[{i}]", "must be an object");
            errors.When(item is not null && string.IsNullOrWhiteSpace(item.Title), $"actionItems[{i}].title", "is required");
            errors.When(item?.Title?.Length > MaxActionTitle, $"actionItems[{i}].title", $"must be at most {MaxActionTitle} characters");
            errors.When(item is not null && string.IsNullOrWhiteSpace(item.Owner), $"actionItems[{i}].owner", "is required (a member id)");
            errors.When(item is not null && !string.IsNullOrWhiteSpace(item.Owner) && !memberIds.Contains(item.Owner.Trim()),
                $"actionItems[{i}].owner", $"'{item?.Owner}' is not a member of the roster");
            errors.When(item is not null && !Enum.IsDefined(item.Status), $"actionItems[{i}].status", "must be open or done");
            errors.When(item is not null && today is { } day && IsPastDue(item, i, day, saved ?? []),
                $"actionItems[{i}].due", $"is a past date ({item?.Due:yyyy-MM-dd}; today is {today:yyyy-MM-dd} in the team's time zone): give today or later, or mark the item done");
        }

        var changes = content.CriteriaChanges ?? [];
        errors.When(changes.Count > MaxCriteriaChanges, "criteriaChanges", $"must have at most {MaxCriteriaChanges} entries");
        for (var i = 0; i < Math.Min(changes.Count, MaxCriteriaChanges); i++)
        {
            var change = changes[i];
            errors.When(change is null, $"criteriaChanges[{i}]", "must be an object");
            errors.When(change is not null && string.IsNullOrWhiteSpace(change.CriterionId), $"criteriaChanges[{i}].criterionId", "is required");
            errors.When(change is not null && !string.IsNullOrWhiteSpace(change.CriterionId) && !criterionIds.Contains(change.CriterionId.Trim()),
                $"criteriaChanges[{i}].criterionId", $"'{change?.CriterionId}' is not a judgement criterion (GET /api/criteria)");
            errors.When(change?.Note?.Length > MaxCriterionNote, $"criteriaChanges[{i}].note", $"must be at most {MaxCriterionNote} characters");
        }

        errors.ThrowIfAny();
        var cleaned = new RetroContent
        {
            Summary = content.Summary!.Trim(),
            Timeline = [.. timeline.Select(e => e with { Text = Blank(e.Text), By = Blank(e.By) }).OrderBy(e => e.At)],
            Impact = Blank(content.Impact),
            WentWell = Blank(content.WentWell),
            HardToJudge = Blank(content.HardToJudge),
            CriteriaChanges = [.. changes.Select(c => new CriterionChange { CriterionId = c.CriterionId.Trim(), Note = Blank(c.Note) })],
            ManualChanges = Blank(content.ManualChanges),
            ActionItems = [.. items.Select(a => a with { Title = a.Title.Trim(), Owner = a.Owner.Trim() })],
        };
        CheckStoredSize(cleaned);
        return cleaned;
    }

    /// <summary>
    /// Whether <paramref name="item"/> (the <paramref name="index"/>-th) is an open item given a due date before
    /// <paramref name="today"/> now: refused. A done item may have any date, and an item the saved version already had with
    /// that date is kept (<see cref="KeepsPastDue"/>): editing a retro whose item went past its date is not refused, the item
    /// is shown overdue (期限切れ) instead.
    /// </summary>
    public static bool IsPastDue(ActionItem item, int index, DateOnly today, IReadOnlyList<ActionItem> saved) =>
        item.Status != ActionItemStatus.Done && item.Due is { } due && due < today && !KeepsPastDue(item, index, saved);

    /// <summary>
    /// The saved version had this item with this due date: the same title (trimmed) with the same date, or the item at the
    /// same place with the same date (its title was edited).
    /// </summary>
    public static bool KeepsPastDue(ActionItem item, int index, IReadOnlyList<ActionItem> saved) =>
        saved.Any(a => a.Due == item.Due && string.Equals(a.Title?.Trim(), item.Title?.Trim(), StringComparison.Ordinal))
        || (index < saved.Count && saved[index].Due == item.Due);

    /// <summary>An open action item whose due date is before <paramref name="today"/>: shown 期限切れ.</summary>
    public static bool IsOverdue(ActionItem item, DateOnly today) => item.Status == ActionItemStatus.Open && item.Due is { } due && due < today;

    /// <summary>The whole retro must fit one stored version: over the limit, the 400 names the largest field so the writer knows what to shorten.</summary>
    public static void CheckStoredSize(RetroContent content)
    {
        if (Oversize(content) is { } over)
        {
            throw new ValidationException(over.Field,
                $"the retro is {over.Size:N0} characters stored, over the {MaxStoredChars:N0} limit; {over.Field} is the largest part ({over.LargestSize:N0}): shorten it or link to a document");
        }
    }

    /// <summary>
    /// A retro too large to store (<see cref="MaxStoredChars"/>): its stored size and its largest part by API field name (summary, impact,
    /// timeline, actionItems, …) — what the page says beside that part; null when it fits.
    /// </summary>
    public static (int Size, string Field, int LargestSize)? Oversize(RetroContent content)
    {
        var size = RetroJson.Serialize(content).Length;
        if (size <= MaxStoredChars)
        {
            return null;
        }

        var largest = new (string Field, int Size)[]
        {
            ("summary", content.Summary.Length),
            ("timeline", content.Timeline.Sum(e => RetroJson.Serialize(e).Length)),
            ("impact", Json(content.Impact)),
            ("wentWell", Json(content.WentWell)),
            ("hardToJudge", Json(content.HardToJudge)),
            ("criteriaChanges", content.CriteriaChanges.Sum(c => RetroJson.Serialize(c).Length)),
            ("manualChanges", Json(content.ManualChanges)),
            ("actionItems", content.ActionItems.Sum(a => RetroJson.Serialize(a).Length)),
        }.MaxBy(f => f.Size);
        return (size, largest.Field, largest.Size);
    }

    private static int Json(string? text) => text is null ? 0 : RetroJson.Serialize(text).Length;

    private static void Text(ValidationErrors errors, string field, string? value) =>
        errors.When(value?.Length > MaxLongText, field, $"must be at most {MaxLongText:N0} characters");

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
