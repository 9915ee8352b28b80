using OnDuty.Core.Common;
using OnDuty.Core.Messages;

namespace OnDuty.Messages;

/// <summary>The lead's page of criteria changes proposed by retros: one row each, newest retro first, adopted or not.</summary>
public sealed partial class NoticeRenderer
{
    private string CriterionProposalsPage(CriterionProposalsPageNotice n)
    {
        var p = Phrases.For(n.Language);
        var zone = TimeZones.Find(n.TimeZone);
        var query = Query(n.Language);
        var names = WithFormer(n.Names, n.Former, p);
        string Who(string by) => ActorText.Name(by, names.GetValueOrDefault, p) ?? by;
        string When(DateTimeOffset at) => p.TimeWithZone(at, zone, n.TimeZone, "Format.Stamp");
        string RetroHref(string incidentId) => $"/api/incidents/{Uri.EscapeDataString(incidentId)}/retro/page{query}";
        var rows = n.List.Proposals.Select(x =>
        {
            var proposed = x.Proposed;
            var wording = x.Criterion is { } c ? CriterionWording.Of(c, p) : null;
            return new ProposalRowView(
                wording?.Title ?? proposed.Change.CriterionId, wording?.TitleMark, wording?.Text, wording?.TextMark,
                x.Criterion is { Active: false } ? p["Criteria.Inactive"] : null,
                RetroHref(proposed.IncidentId), proposed.IncidentId, IncidentTitle(proposed.IncidentTitle, p),
                proposed.MergedInto is null ? null : p.Format("ActionItems.MergedInto", proposed.MergedInto),
                proposed.MergedInto is null ? null : RetroHref(proposed.MergedInto),
                p.Format("Proposals.Written", When(proposed.Saved.SavedAt), Who(proposed.Saved.SavedBy)),
                proposed.Change.Note,
                x.AdoptedBy is { } v ? p.Format("Proposals.Adopted", p.Format("Criteria.Version", v.Version), When(v.UpdatedAt), Who(v.UpdatedBy)) : null,
                x.AdoptedBy is null && x.Criterion is not null
                    ? CriterionFromRetroHref(n.Language, proposed.Change.CriterionId, proposed.IncidentId)
                    : null);
        }).ToList();
        var model = new ProposalsPageView(
            LanguageTag(n.Language), p["Proposals.Title"], query, n.List.Total == 0 ? null : p.Format("Proposals.Scope", n.List.Open, n.List.Total), n.List.All,
            ProposalsPath + query, ProposalsPath + query + "&show=all", p[n.List.All ? "Proposals.None.All" : "Proposals.None.Open"], rows);
        return templates.RenderHtml("criterion-proposals-page.html", model, p);
    }

    private const string ProposalsPath = "/api/criteria/proposals/page";

    /// <param name="Adopted">「反映済み：第3版（…・…）」; null while not adopted, when <paramref name="AdoptHref"/> opens the criterion's edit form from the retro.</param>
    private sealed record ProposalRowView(
        string Title, string? TitleMark, string? Text, string? TextMark, string? Inactive, string RetroHref, string IncidentId, string IncidentTitle,
        string? MergedInto, string? MergedHref, string Written, string? Note, string? Adopted, string? AdoptHref);

    private sealed record ProposalsPageView(
        string Lang, string Title, string Query, string? Scope, bool All, string OpenHref, string AllHref, string None, IReadOnlyList<ProposalRowView> Rows);
}
