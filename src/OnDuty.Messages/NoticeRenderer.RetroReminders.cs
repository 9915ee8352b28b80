using OnDuty.Core.Common;
using OnDuty.Core.Messages;

namespace OnDuty.Messages;

/// <summary>Reminders after incidents: a retro past its due day (to the duty members), an action item past its due date (to its owner, or to the leads when its owner has left).</summary>
public sealed partial class NoticeRenderer
{
    private RenderedEmail RetroDueEmail(RetroDueNotice n)
    {
        var p = Phrases.For(n.Language);
        var i = n.Incident;
        // With its zone, as every other time a reader is told (trial 37 L7: an English reader read a bare time).
        // Written on its due day it is due today (trial 53: 「期限の … を過ぎても」 on that very morning, while the page said 期限 …).
        var resolved = i.ResolvedAt is { } at ? p.TimeWithZone(at, TimeZones.Find(n.TimeZone), n.TimeZone, "Format.NoticeDateTime") : "—";
        var model = new RetroReminderView(
            LanguageTag(n.Language), p.Format("RetroDue.Subject", i.Id, IncidentTitle(i, p)), string.Join(" ", new[] { p.Format(n.Today == n.DueOn ? "RetroDue.Lead.Today" : "RetroDue.Lead", resolved, p.Day(n.DueOn)), RetroDueCounted(n.DueCount, p), OwedAtHighest(i, p) }
                .Concat(n.Away.Select(a => p.OnLeave("RetroDue.Away", a.Leave, Called(a.Name, a.Language, p)))).OfType<string>()), i.Id, IncidentTitle(i, p), null, null, n.Link);
        return new RenderedEmail(model.Subject, templates.RenderText("retro-reminder.txt", model, p), templates.RenderHtml("retro-reminder.html", model, p));
    }

    /// <summary>
    /// How a retro's due day was counted, when the count left out holidays or closure days: 「期限は復旧から3営業日後です（土日と年末年始休業は
    /// 数えません）。」 — said beside the date, so a due day a week after the resolve reads as counted, not as a slip. Null when only
    /// weekends were passed over (the date speaks for itself).
    /// </summary>
    private static string? RetroDueCounted(Core.Retros.RetroDueCount? count, Phrases p)
    {
        if (count is not { NotCounted.Count: > 0 })
        {
            return null;
        }

        var names = count.NotCounted
            .Select(d => d.Kind == Core.Calendar.NonWorkingKind.Closure ? ScheduleText.ClosureName(d.NameIn(p.Language), p.Language) : d.NameIn(p.Language))
            .Distinct(StringComparer.Ordinal).ToList();
        return p.Format("RetroDue.Counted", count.WorkingDays, p.JoinAnd(names));
    }

    private RenderedEmail ActionItemDueEmail(ActionItemDueNotice n)
    {
        var p = Phrases.For(n.Language);
        // Without a due date (session 48): still open so many days after the retro, asked for a date.
        // Its owner on leave (trial 56): to the leads, whose it is and until when, and that it can wait for their return.
        var kind = n.UndatedDays is not null ? "ActionUndated" : n.OwnerAwayUntil is not null ? "ActionDue.OwnerAway" : "ActionDue";
        var model = new RetroReminderView(
            LanguageTag(n.Language), p.Format($"{kind}.Subject", n.Item.Title),
            n.OwnerAwayUntil is { } until
                ? p.OnLeave($"{kind}.Lead", until, n.IncidentId, IncidentTitle(n.IncidentTitle, p), n.Item.Due is { } awayDue ? p.Day(awayDue) : "—", Called(n.OwnerName ?? n.Item.Owner, null, p))
                : p.Format($"{kind}.Lead", n.IncidentId, IncidentTitle(n.IncidentTitle, p), n.UndatedDays is { } days ? days : n.Item.Due is { } due ? p.Day(due) : "—", Called(n.OwnerName ?? n.Item.Owner, null, p), ""),
            n.IncidentId, IncidentTitle(n.IncidentTitle, p), n.Item.Title, p[$"{kind}.Hint"], n.Link);
        return new RenderedEmail(model.Subject, templates.RenderText("retro-reminder.txt", model, p), templates.RenderHtml("retro-reminder.html", model, p));
    }

    /// <summary>
    /// To a lead: the open items of one person who has left, or leaves, each with its due date and its retro's link — one mail per
    /// person, however many retros the items come from (trial 37 M3; session 39).
    /// </summary>
    private RenderedEmail ActionItemNewOwnerEmail(ActionItemNewOwnerNotice n)
    {
        var p = Phrases.For(n.Language);
        var owner = Called(n.OwnerName, null, p);
        var count = n.Items.Count;
        var lead = n.LeavesOn is { } last
            ? p.Format(p.Counted("ActionNewOwner.Lead.Leaving", count), owner, count, p.Day(last))
            : p.Format(p.Counted("ActionNewOwner.Lead.Left", count), owner, count);
        var items = n.Items.Select(i =>
        {
            var retro = p.Format("ActionNewOwner.Retro", i.IncidentId, IncidentTitle(i.IncidentTitle, p));
            return new ActionOwnerItemView(
                i.Item.Due is not { } due ? i.Item.Title : p.Format(i.Overdue ? "ActionNewOwner.Item.Overdue" : "ActionNewOwner.Item.Due", i.Item.Title, p.Day(due)),
                retro,
                i.Link is null ? retro : retro + p["Format.Colon"] + i.Link,
                i.Link);
        }).ToList();
        var model = new ActionOwnerView(
            LanguageTag(n.Language), p.Format(p.Counted("ActionNewOwner.Subject", count), owner, count), lead, items, p[p.Counted("ActionNewOwner.Hint", count)]);
        return new RenderedEmail(model.Subject, templates.RenderText("action-owner.txt", model, p), templates.RenderHtml("action-owner.html", model, p));
    }

    /// <summary>To an owner: the items a retro save gave them, each with its due date, and the retro's link (trial 39 M7).</summary>
    private RenderedEmail ActionItemAssignedEmail(ActionItemAssignedNotice n)
    {
        var p = Phrases.For(n.Language);
        var count = n.Items.Count;
        var title = IncidentTitle(n.IncidentTitle, p);
        var model = new ActionAssignedView(
            LanguageTag(n.Language), p.Format(p.Counted("ActionAssigned.Subject", count), n.IncidentId, title, count),
            p.Format(p.Counted("ActionAssigned.Lead", count), n.IncidentId, title, Called(n.AssignedBy, null, p), count), n.IncidentId, title,
            [.. n.Items.Select(i => i.Due is { } due ? p.Format("ActionNewOwner.Item.Due", i.Title, p.Day(due)) : i.Title)],
            p[p.Counted("ActionAssigned.Hint", count)], n.Link);
        return new RenderedEmail(model.Subject, templates.RenderText("action-assigned.txt", model, p), templates.RenderHtml("action-assigned.html", model, p));
    }

    private sealed record ActionAssignedView(string Lang, string Subject, string Lead, string Id, string Title, IReadOnlyList<string> Items, string Hint, string? Link);

    private sealed record ActionOwnerView(string Lang, string Subject, string Lead, IReadOnlyList<ActionOwnerItemView> Items, string Hint);

    /// <param name="Item">The item with its due date; <paramref name="RetroLine"/>: its retro named, then the link (text), <paramref name="Retro"/> the name alone (HTML's link text).</param>
    private sealed record ActionOwnerItemView(string Item, string Retro, string RetroLine, string? Link);

    private sealed record RetroReminderView(string Lang, string Subject, string Lead, string Id, string Title, string? Item, string? Hint, string? Link);
}
