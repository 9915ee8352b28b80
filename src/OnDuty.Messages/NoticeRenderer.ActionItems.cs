using OnDuty.Core.Messages;

namespace OnDuty.Messages;

/// <summary>The lead's page of open action items: one row each, overdue first, an owner who left flagged.</summary>
public sealed partial class NoticeRenderer
{
    private string ActionItemsPage(ActionItemsPageNotice n)
    {
        var p = Phrases.For(n.Language);
        var rows = n.Items.Select(i =>
        {
            // A confidential incident's item, for a visitor who may not read it: its id, no title, no word of the item.
            var withheld = i.Confidential && !n.Reads(i.IncidentId);
            return new ActionItemRowView(
                $"/api/incidents/{Uri.EscapeDataString(i.IncidentId)}/retro/page{Query(n.Language)}", i.IncidentId,
                withheld ? p["Confidential.Title"] : IncidentTitle(i.IncidentTitle, p), withheld ? p["ActionItems.Withheld"] : i.Item.Title, i.OwnerName,
                i.OwnerLeft, i.Item.Due is { } due ? p.Day(due, "Format.TableDay") : "—", i.Overdue,
                i.MergedInto is null ? null : p.Format("ActionItems.MergedInto", i.MergedInto),
                i.MergedInto is null ? null : $"/api/incidents/{Uri.EscapeDataString(i.MergedInto)}/retro/page{Query(n.Language)}");
        }).ToList();
        // Items without a due date in a section of their own (session 48): at the table's foot they read as the least urgent.
        var model = new ActionItemsPageView(
            LanguageTag(n.Language), p["ActionItems.Title"], Query(n.Language), p.Format("ActionItems.Scope", rows.Count),
            [.. rows.Where((_, i) => n.Items[i].Item.Due is not null)], [.. rows.Where((_, i) => n.Items[i].Item.Due is null)],
            p.Format("ActionItems.Undated.Hint", n.UndatedReminderDays));
        return templates.RenderHtml("action-items-page.html", model, p);
    }

    /// <param name="MergedInto">"merged into INC-…" for a duplicate's retro, linking <paramref name="MergedHref"/> (that incident's retro); null otherwise.</param>
    private sealed record ActionItemRowView(string Href, string IncidentId, string IncidentTitle, string Title, string Owner, bool OwnerLeft, string Due, bool Overdue, string? MergedInto, string? MergedHref);

    /// <param name="Rows">The items with a due date, overdue first.</param>
    /// <param name="Undated">The items without one (期限なし), listed apart.</param>
    private sealed record ActionItemsPageView(string Lang, string Title, string Query, string Scope, IReadOnlyList<ActionItemRowView> Rows, IReadOnlyList<ActionItemRowView> Undated, string UndatedHint);
}
