using OnDuty.Core.Incidents;
using OnDuty.Core.Retros;
using OnDuty.Functions.Http;

namespace OnDuty.Functions.Retros;

/// <summary>JSON shapes of the retro, criteria, search and report API.</summary>
public static class RetroViews
{
    /// <summary>The member ids a retro names someone by: who saved it, its timeline lines' <c>by</c>, its action items' owners.</summary>
    public static IEnumerable<string?> NamedIds(string? savedBy, RetroContent? content, IReadOnlyList<RetroTimelineEntry>? prefill = null) =>
        [savedBy, .. (content?.Timeline ?? prefill ?? []).Select(t => t.By), .. (content?.ActionItems ?? []).Select(a => a.Owner)];

    /// <summary>
    /// The retro as read (pre-filled before its first save), with the names beside its member ids (<paramref name="names"/>):
    /// <c>savedByName</c>, each timeline line's <c>byName</c>, each action item's <c>ownerName</c>.
    /// </summary>
    public static object Retro(RetroState state, MemberNames names)
    {
        var saved = state.Saved?.Value;
        var content = saved?.Content;
        return new
        {
            IncidentId = state.Incident.Id,
            IncidentTitle = state.Incident.Title,
            IncidentSeverity = IncidentMessages.SevLabel(state.Incident.Severity),
            IncidentOpen = state.Incident.IsOpen,
            Exists = saved is not null,
            Version = saved?.Version.Version ?? 0,
            SavedBy = saved?.Version.SavedBy,
            SavedByName = names.Of(saved?.Version.SavedBy),
            SavedAt = saved?.Version.SavedAt,
            Summary = content?.Summary,
            Timeline = (content?.Timeline ?? state.Prefill).Select(t => names.With(t, "by")),
            Impact = content?.Impact,
            WentWell = content?.WentWell,
            HardToJudge = content?.HardToJudge,
            CriteriaChanges = content?.CriteriaChanges ?? [],
            ManualChanges = content?.ManualChanges,
            ActionItems = (content?.ActionItems ?? []).Select(a => names.With(a, "owner")),
        };
    }

    /// <summary>A saved version with the names beside its member ids, as <see cref="Retro"/> gives them.</summary>
    public static object Saved(StoredRetro retro, MemberNames names) => new
    {
        retro.IncidentId,
        retro.Version.Version,
        retro.Version.SavedBy,
        SavedByName = names.Of(retro.Version.SavedBy),
        retro.Version.SavedAt,
        retro.Content.Summary,
        Timeline = retro.Content.Timeline.Select(t => names.With(t, "by")),
        retro.Content.Impact,
        retro.Content.WentWell,
        retro.Content.HardToJudge,
        retro.Content.CriteriaChanges,
        retro.Content.ManualChanges,
        ActionItems = retro.Content.ActionItems.Select(a => names.With(a, "owner")),
    };

    public static object Version(string incidentId, RetroContent content, RetroVersion version, MemberNames names) =>
        Saved(new StoredRetro(incidentId, content, version, new LessonDocument { IncidentId = incidentId, Title = "", Severity = default, At = default }), names);

    /// <param name="names">The name beside <c>updatedBy</c> (<c>updatedByName</c>).</param>
    public static object Criterion(Criterion c, MemberNames names) => new
    {
        c.Id,
        c.Title,
        c.Text,
        c.TitleEn,
        c.TextEn,
        c.Topic,
        c.TopicName,
        c.TopicNameEn,
        c.Active,
        c.Version,
        c.UpdatedAt,
        c.UpdatedBy,
        UpdatedByName = names.Of(c.UpdatedBy),
        c.Retro,
        c.Note,
    };

    /// <param name="names">The name beside <c>ownerId</c> (<c>ownerName</c>): marked as the pages mark one taken off the roster, where <c>owner</c> has the name alone.</param>
    public static object OpenActionItem(OpenActionItem i, MemberNames names) => new
    {
        incidentId = i.IncidentId,
        incidentTitle = i.IncidentTitle,
        title = i.Item.Title,
        owner = i.OwnerName,
        ownerId = i.Item.Owner,
        ownerName = names.Of(i.Item.Owner),
        ownerLeft = i.OwnerLeft,
        due = i.Item.Due,
        overdue = i.Overdue,
        retro = $"/api/incidents/{Uri.EscapeDataString(i.IncidentId)}/retro/page",
        mergedInto = i.MergedInto,
        mergedIntoRetro = i.MergedInto is null ? null : $"/api/incidents/{Uri.EscapeDataString(i.MergedInto)}/retro/page",
    };

    public static object Hit(LessonHit hit) => new
    {
        hit.IncidentId,
        hit.Title,
        Severity = IncidentMessages.SevLabel(hit.Severity),
        hit.Areas,
        DetectedAt = hit.At,
        hit.StartedAt,
        hit.RetroVersion,
        hit.MatchedTerms,
        hit.Partial,
        hit.MergedInto,
        hit.MergedIntoRetroVersion,
        hit.Score,
        hit.Confidential,
        Snippet = hit.Snippet is { } s
            ? new { s.Field, s.Text, Highlights = s.Highlights.Select(h => new { h.Start, h.Length }) }
            : null,
    };
}
