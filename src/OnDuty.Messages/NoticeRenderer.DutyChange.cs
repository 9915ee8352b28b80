using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Messages.Cards;

namespace OnDuty.Messages;

public sealed partial class NoticeRenderer
{
    private RenderedEmail DutyChangeEmail(DutyChangedNotice n)
    {
        var (model, _) = DutyChangeModel(n);
        var p = Phrases.For(n.Language);
        return new RenderedEmail(model.Subject, templates.RenderText("lines.txt", model, p), templates.RenderHtml("lines.html", model, p));
    }

    private RenderedCard DutyChangeCard(DutyChangedNotice n)
    {
        var (model, period) = DutyChangeModel(n);
        var p = Phrases.For(n.Language);
        var card = new AdaptiveCardBuilder().Title(model.Subject).Subtle(period);
        foreach (var line in model.Lines.Skip(2).Where(l => l.Length > 0))
        {
            card.Text(line);
        }

        return new RenderedCard(model.Subject, templates.RenderText("lines.txt", model, p), card.Build(model.Subject));
    }

    /// <summary>Keeps the ISO week label in the subject: <c>【障害当番 交代】2026-W49 佐藤さん → 伊藤さん</c>.</summary>
    private static (LinesView Model, string Period) DutyChangeModel(DutyChangedNotice n)
    {
        var c = n.Change;
        var p = Phrases.For(n.Language);
        var name = c.Rotation.DisplayName(n.Language);
        var subject = p.Format("Change.Subject", name, c.Week,
            p.Format("Name.Honorific", NameFor(c.Replaced, n.Language)), p.Format("Name.Honorific", NameFor(c.Replacement, n.Language)));
        var period = p.Period(c.StartsAt, c.EndsAt, c.Rotation.TimeZone);
        var lines = new List<string>
        {
            $"{name} {c.Week}",
            period,
            p.Format("Change.Line", c.Week, c.Replaced.DisplayName, c.Replacement.DisplayName),
        };
        if (!string.IsNullOrWhiteSpace(c.Change.Reason))
        {
            lines.Add(p.Format("Change.Reason", c.Change.Reason));
        }

        if (!string.IsNullOrWhiteSpace(c.Change.By))
        {
            lines.Add(p.Format("Change.By", c.Change.By));
        }

        lines.Add($"{p[ShiftKey(c.Rotation, "Announce.ThisWeekTitle")]}: {(c.Members.Count == 0 ? p["Common.Nobody"] : p.Join(c.Members.Select(m => m.DisplayName)))}");
        lines.Add(p["Change.PagesGoToNewPair"]);
        lines.Add("");
        lines.Add(p["Common.Shout"]);
        return (new LinesView(LanguageTag(n.Language), subject, lines), period);
    }
}
