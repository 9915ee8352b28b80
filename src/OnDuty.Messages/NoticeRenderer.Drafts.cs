using OnDuty.Core.Common;
using OnDuty.Core.Messages;

namespace OnDuty.Messages;

public sealed partial class NoticeRenderer
{
    /// <summary>
    /// A part of the PR/CS drafts (the Japanese ones say a predicate title as 「…事象」, <see cref="JapaneseTitle"/>), from <c>Templates/draft-{part}.{lang}.txt.liquid</c>: one template per language, because
    /// customer wording (敬語, apology, section order) is more than swapped phrases. The team edits them in the repo.
    /// </summary>
    private string DraftText(IncidentDraftNotice n)
    {
        var p = Phrases.For(n.Language);
        var zone = TimeZones.Find(n.TimeZone);
        var i = n.Incident;
        var part = n.Part switch
        {
            DraftPart.CustomerNotice => "notice",
            DraftPart.Workaround => "workaround",
            _ => "faq",
        };
        var model = new DraftView(
            i.Title,
            JapaneseTitle.IsPredicate(i.Title),
            JapaneseTitle.Matter(i.Title),
            i.UserImpact,
            i.Workaround,
            i.AffectedAreas.Count == 0 ? null : p.Join(i.AffectedAreas),
            i.Platforms.Count == 0 ? null : p.Join(i.Platforms),
            p.Time(i.StartedAt, zone, "Format.CustomerDateTime"),
            !i.IsOpen,
            i.ResolvedAt is { } r ? p.Time(r, zone, "Format.CustomerDateTime") : null,
            i.ResolvedAt is { } d ? p.Time(d, zone, "Format.CustomerDay") : null);
        return templates.RenderText($"draft-{part}.{LanguageTag(n.Language)}.txt", model, p);
    }

    private sealed record DraftView(
        string Title, bool Predicate, string Matter, string? UserImpact, string? Workaround, string? Areas, string? Platforms, string Started, bool Resolved, string? ResolvedAt, string? ResolvedDay);
}
