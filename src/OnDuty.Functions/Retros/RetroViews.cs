using OnDuty.Core.Incidents;
using OnDuty.Core.Retros;

namespace OnDuty.Functions.Retros;

/// <summary>JSON shapes of the retro, criteria, search and report API.</summary>
public static class RetroViews
{
    public static object Retro(RetroState state)
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
            SavedAt = saved?.Version.SavedAt,
            Summary = content?.Summary,
            Timeline = content?.Timeline ?? state.Prefill,
            Impact = content?.Impact,
            WentWell = content?.WentWell,
            HardToJudge = content?.HardToJudge,
            CriteriaChanges = content?.CriteriaChanges ?? [],
            ManualChanges = content?.ManualChanges,
            ActionItems = content?.ActionItems ?? [],
        };
    }

    public static object Saved(StoredRetro retro) => new
    {
        retro.IncidentId,
        retro.Version.Version,
        retro.Version.SavedBy,
        retro.Version.SavedAt,
        retro.Content.Summary,
        retro.Content.Timeline,
        retro.Content.Impact,
        retro.Content.WentWell,
        retro.Content.HardToJudge,
        retro.Content.CriteriaChanges,
        retro.Content.ManualChanges,
        retro.Content.ActionItems,
    };

    public static object Version(string incidentId, RetroContent content, RetroVersion version) =>
        Saved(new StoredRetro(incidentId, content, version, new LessonDocument { IncidentId = incidentId, Title = "", Severity = default, At = default }));

    public static object Criterion(Criterion c) => new
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
        c.Retro,
        c.Note,
    };

    public static object OpenActionItem(OpenActionItem i) => new
    {
        incidentId = i.IncidentId,
        incidentTitle = i.IncidentTitle,
        title = i.Item.Title,
        owner = i.OwnerName,
        ownerId = i.Item.Owner,
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
        Snippet = hit.Snippet is { } s
            ? new { s.Field, s.Text, Highlights = s.Highlights.Select(h => new { h.Start, h.Length }) }
            : null,
    };
}
