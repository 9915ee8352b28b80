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
        var resolved = i.ResolvedAt is { } at ? p.TimeWithZone(at, TimeZones.Find(n.TimeZone), n.TimeZone, "Format.NoticeDateTime") : "—";
        var model = new RetroReminderView(
            LanguageTag(n.Language), p.Format("RetroDue.Subject", i.Id, IncidentTitle(i.Title, p)), string.Join(" ", new[] { p.Format("RetroDue.Lead", resolved, p.Day(n.DueOn)), OwedAtHighest(i, p) }.OfType<string>()), i.Id, IncidentTitle(i.Title, p), null, null, n.Link);
        return new RenderedEmail(model.Subject, templates.RenderText("retro-reminder.txt", model, p), templates.RenderHtml("retro-reminder.html", model, p));
    }

    private RenderedEmail ActionItemDueEmail(ActionItemDueNotice n)
    {
        var p = Phrases.For(n.Language);
        var i = n.Incident;
        var model = new RetroReminderView(
            LanguageTag(n.Language), p.Format("ActionDue.Subject", n.Item.Title), p.Format("ActionDue.Lead", i.Id, IncidentTitle(i.Title, p), n.Item.Due is { } due ? p.Day(due) : "—"),
            i.Id, IncidentTitle(i.Title, p), n.Item.Title, p["ActionDue.Hint"], n.Link);
        return new RenderedEmail(model.Subject, templates.RenderText("retro-reminder.txt", model, p), templates.RenderHtml("retro-reminder.html", model, p));
    }

    /// <summary>To the leads: an open item whose owner has left, or leaves, needs a new owner (trial 37 M3).</summary>
    private RenderedEmail ActionItemNewOwnerEmail(ActionItemNewOwnerNotice n)
    {
        var p = Phrases.For(n.Language);
        var i = n.Incident;
        var owner = Called(n.OwnerName, null, p);
        var lead = n.LeavesOn is { } last
            ? p.Format("ActionNewOwner.Lead.Leaving", i.Id, IncidentTitle(i.Title, p), owner, p.Day(last))
            : p.Format("ActionNewOwner.Lead.Left", i.Id, IncidentTitle(i.Title, p), owner);
        var item = n.Item.Due is not { } due ? n.Item.Title : p.Format(n.Overdue ? "ActionNewOwner.Item.Overdue" : "ActionNewOwner.Item.Due", n.Item.Title, p.Day(due));
        var model = new RetroReminderView(
            LanguageTag(n.Language), p.Format("ActionNewOwner.Subject", n.Item.Title), lead, i.Id, IncidentTitle(i.Title, p), item, p["ActionNewOwner.Hint"], n.Link);
        return new RenderedEmail(model.Subject, templates.RenderText("retro-reminder.txt", model, p), templates.RenderHtml("retro-reminder.html", model, p));
    }

    private sealed record RetroReminderView(string Lang, string Subject, string Lead, string Id, string Title, string? Item, string? Hint, string? Link);
}
