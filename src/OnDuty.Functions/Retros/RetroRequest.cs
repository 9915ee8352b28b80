using OnDuty.Core.Retros;

namespace OnDuty.Functions.Retros;

/// <summary>Body of <c>PUT /api/incidents/{id}/retro</c>: the whole retro (a save replaces every field).</summary>
public sealed record RetroRequest(
    string? Summary,
    IReadOnlyList<RetroTimelineLine?>? Timeline,
    string? Impact,
    string? WentWell,
    string? HardToJudge,
    IReadOnlyList<CriterionChangeRequest?>? CriteriaChanges,
    string? ManualChanges,
    IReadOnlyList<ActionItemRequest?>? ActionItems,
    string? By)
{
    /// <summary>Retro bodies may be long (see <see cref="RetroRules.MaxStoredChars"/>): 2 MiB of UTF-8 holds the largest retro in Japanese.</summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    public RetroContent ToContent() => new()
    {
        Summary = Summary ?? "",
        Timeline = [.. (Timeline ?? []).Select(l => l is null ? null! : new RetroTimelineEntry { At = l.At ?? default, Text = l.Text, Kind = l.Kind, By = l.By, Via = l.Via, Incident = l.Incident })],
        Impact = Impact,
        WentWell = WentWell,
        HardToJudge = HardToJudge,
        CriteriaChanges = [.. (CriteriaChanges ?? []).Select(c => c is null ? null! : new CriterionChange { CriterionId = c.CriterionId ?? "", Note = c.Note })],
        ManualChanges = ManualChanges,
        ActionItems = [.. (ActionItems ?? []).Select(a => a is null ? null! : new ActionItem { Title = a.Title ?? "", Owner = a.Owner ?? "", Due = a.Due, Status = a.Status ?? ActionItemStatus.Open })],
    };
}
