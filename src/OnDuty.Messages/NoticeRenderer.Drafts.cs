using OnDuty.Core.Common;
using OnDuty.Core.Messages;

namespace OnDuty.Messages;

public sealed partial class NoticeRenderer
{
    /// <summary>
    /// A part of the PR/CS drafts (the Japanese ones say a predicate title as 「…事象」 and 「…状態」, <see cref="JapaneseTitle"/>), from
    /// <c>Templates/draft-{part}.{lang}.txt.liquid</c>: one template per language, because customer wording (敬語, apology, section
    /// order) is more than swapped phrases. The team edits them in the repo.
    /// </summary>
    /// <remarks>
    /// The texts PMs typed for each other (user impact, workaround, next steps) and an alert's summary are internal wording: the
    /// templates put them behind a marker CS must rewrite (「【要修正：社内向けの記載】」), never inside a 敬語 sentence. An incident
    /// opened by monitoring has no customer-facing name: its title is the alert's summary, so the drafts ask for one. A declared
    /// incident's title is the team's name for it (「api-7 OOM（exit 137）」): wherever a draft says it, it is marked for rewording
    /// (「【要修正：社内向けの障害名です。お客様向けの言い回しに】」, <c>[EDIT: internal incident name — reword for customers]</c>), and the notice's subject names the affected areas instead where there are any.
    /// </remarks>
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
        var started = TimeZoneInfo.ConvertTime(i.StartedAt, zone);
        var title = IncidentTitle(i, p);
        var unnamed = i.Source != Core.Incidents.Incident.ManualSource;
        var ja = n.Language == Core.Team.Language.Ja;
        // The title is internal wording (「api-7 OOM（exit 137）」 reached a customer notice as typed): marked wherever a draft says
        // it, so approval waits for a person to reword it (the marker blocks approval until it is gone).
        // An English draft of a title typed in Japanese: marked for translating instead.
        var translate = !ja && !unnamed && TextScript.HasCjk(title) ? p["Drafts.Translate"] + " " : "";
        var reword = unnamed || translate.Length > 0 ? "" : p["Drafts.RewordTitle"] + (ja ? "" : " ");
        var model = new DraftView(
            translate + reword + title,
            unnamed,
            JapaneseTitle.IsPredicate(title),
            reword + JapaneseTitle.Matter(title),
            JapaneseTitle.State(title) is { } state ? reword + state : null,
            OneParagraph(i.UserImpact),
            OneParagraph(i.Workaround),
            OneParagraph(i.NextSteps),
            i.AffectedAreas.Count == 0 ? null : p.Join(i.AffectedAreas),
            i.Platforms.Count == 0 ? null : p.Join(i.Platforms),
            p.Time(i.StartedAt, zone, "Format.CustomerDateTime"),
            !i.IsOpen,
            i.ResolvedAt is { } r ? p.Time(r, zone, "Format.CustomerDateTime") : null,
            // Within one day the end is said as a time only: 「02:50頃から03:34頃まで」.
            i.ResolvedAt is { } e ? p.Time(e, zone, TimeZoneInfo.ConvertTime(e, zone).Date == started.Date ? "Format.CustomerTime" : "Format.CustomerDateTime") : null,
            i.ResolvedAt is { } d ? p.Time(d, zone, "Format.CustomerDay") : null,
            ja ? null : ZoneLabel(i.StartedAt, n.TimeZone, zone, p),
            ja || i.ResolvedAt is not { } z ? null : ZoneLabel(z, n.TimeZone, zone, p));
        return templates.RenderText($"draft-{part}.{LanguageTag(n.Language)}.txt", model, p);
    }

    /// <summary>
    /// The team's zone as an English reader abroad needs it after a time: 「JST (UTC+9)」, or the offset alone for a zone without a
    /// short name (「(UTC+1)」); at <paramref name="at"/>, so summer time counts.
    /// </summary>
    private static string ZoneLabel(DateTimeOffset at, string timeZoneId, TimeZoneInfo zone, Phrases p)
    {
        var offset = zone.GetUtcOffset(at);
        var utc = ReaderClock.Utc(offset);
        var name = p.ZoneName(timeZoneId, at);
        return string.IsNullOrEmpty(name) || name == timeZoneId ? $"({utc})" : $"{name} ({utc})";
    }

    /// <summary>A typed text with its blank lines closed up: the FAQ's blocks are separated by blank lines.</summary>
    private static string? OneParagraph(string? text) =>
        text is null ? null : string.Join("\n", text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <param name="Unnamed">Opened by monitoring: the title is an alert's summary, not a name for customers.</param>
    /// <param name="State">The title before 「状態」 (<see cref="JapaneseTitle.State"/>); null for a noun title.</param>
    /// <param name="ResolvedUntil">The recovery time after 「…から」: the time only when on the day it started.</param>
    /// <param name="Zone">English drafts: the zone after the start time (「JST (UTC+9)」); null in Japanese ones.</param>
    /// <param name="ResolvedZone">English drafts: the zone after the recovery time.</param>
    private sealed record DraftView(
        string Title, bool Unnamed, bool Predicate, string Matter, string? State, string? UserImpact, string? Workaround, string? NextSteps, string? Areas, string? Platforms,
        string Started, bool Resolved, string? ResolvedAt, string? ResolvedUntil, string? ResolvedDay, string? Zone, string? ResolvedZone);
}
