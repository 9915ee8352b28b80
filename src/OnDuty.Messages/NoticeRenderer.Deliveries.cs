using System.Globalization;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;

namespace OnDuty.Messages;

/// <summary>
/// The delivery list as a page for whoever wires monitoring to OnDuty: per source its last deliveries as the intake answered
/// them, a refusal marked and its problem said (title and errors), an accepted one with its incident and group key. One
/// block per delivery rather than a table, so it reads at phone width. No form that acts: the filter is a plain GET.
/// </summary>
public sealed partial class NoticeRenderer
{
    private string DeliveriesPage(DeliveriesPageNotice n)
    {
        var p = Phrases.For(n.Language);
        var zone = TimeZones.Find(n.TimeZone);
        var query = Query(n.Language);
        var sources = n.Sources.Select(s =>
        {
            var refusedLastHour = s.Items.Count(i => i.Record.Refused && n.Now - i.Record.At <= TimeSpan.FromHours(1));
            var accepted = s.Items.FirstOrDefault(i => i.Record.Accepted);
            var tested = accepted is null ? s.Items.FirstOrDefault(i => i.Record.TestPassed) : null;
            var summary = new List<string>
            {
                p.Format(refusedLastHour == 1 ? "Deliveries.RefusedLastHour.One" : "Deliveries.RefusedLastHour", refusedLastHour),
                accepted is not null ? p.Format("Deliveries.LastAccepted", p.TimeWithZone(accepted.Record.At, zone, n.TimeZone, "Deliveries.Time"))
                    : tested is not null ? p.Format("Deliveries.NoneAcceptedTestPassed", p.TimeWithZone(tested.Record.At, zone, n.TimeZone, "Deliveries.Time"))
                    : p["Deliveries.NoneAccepted"],
            };
            var items = s.Items.Select(i =>
            {
                var r = i.Record;
                // An ignored delivery says why in the reader's words (「対応する障害がないため無視しました（復旧の通知）」), the API by its code;
                // a test delivery says it in its prediction (WouldBe).
                var outcome = !r.Test && r.Reason is { } reason && p.Has($"Deliveries.Ignored.{reason}") ? p[$"Deliveries.Ignored.{reason}"]
                    : p.Has($"Deliveries.Outcome.{r.Outcome}") ? p[$"Deliveries.Outcome.{r.Outcome}"] : r.Outcome;
                return new DeliveryView(
                    p.Time(r.At, zone, "Deliveries.Time"),
                    r.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                    outcome,
                    r.Status.ToString(CultureInfo.InvariantCulture),
                    Bytes(r.Bytes, r.Status == 413, p),
                    r.Refused,
                    r.Status >= 500,
                    r.Test,
                    i.ThisInstanceOnly,
                    Problem(r.Title, p),
                    r.ToolTest is { } sample ? p.Format("Deliveries.ToolTest", ActorText.ToolName(r.Source), sample) : WouldBe(r, p),
                    Said(r, n.Language),
                    r.IncidentId,
                    r.IncidentId is { } id ? $"/api/incidents/{Uri.EscapeDataString(id)}/page{query}" : null,
                    r.GroupKey);
            }).ToList();
            var more = s.Total > s.Items.Count
                ? new LinkView(p.Format("Deliveries.More", s.Total), $"/api/alerts/deliveries/page{query}&source={Uri.EscapeDataString(s.Source)}")
                : null;
            return new DeliverySourceView(s.Source, ActorText.SourceName(s.Source, p), summary, refusedLastHour > 0, items, more);
        }).ToList();

        var model = new DeliveriesPageView(
            LanguageTag(n.Language),
            p["Deliveries.Title"],
            query,
            LanguageTag(n.Language),
            p.Format("Deliveries.Lead", p.ZoneName(n.TimeZone)),
            [new OptionView("", p["Deliveries.AllSources"], n.Source is null), .. AlertSources.Names.Select(s => new OptionView(s, ActorText.SourceName(s, p), s == n.Source))],
            sources);
        return templates.RenderHtml("deliveries-page.html", model, p);
    }

    /// <summary>
    /// A refusal's problem title in the reader's words, with the title the sender was answered beside it (what the tool's log shows):
    /// 「形式の誤り（Invalid alert payload）」. A title this page has no words for is shown as answered.
    /// </summary>
    private static string? Problem(string? title, Phrases p)
    {
        // "Invalid alert payload" → Deliveries.Problem.InvalidAlertPayload
        var key = title is null ? null : $"Deliveries.Problem.{CultureInfo.InvariantCulture.TextInfo.ToTitleCase(title).Replace(" ", "", StringComparison.Ordinal)}";
        return key is not null && p.Has(key) ? p.Format(key, title) : title;
    }

    /// <summary>
    /// A refusal's messages as the reader reads them: a body refused as a whole (<see cref="DeliveryRecord.Problem"/>: not JSON, none,
    /// too large …) in the reader's language — 「本文が JSON として読めません。…」 on a Japanese team's page, where it was the sender's
    /// English — then the rest as answered; an English page lists what the sender was answered.
    /// </summary>
    private static IReadOnlyList<string> Said(DeliveryRecord r, Core.Team.Language language) =>
        language == Core.Team.Language.Ja && r.Problem is { } problem && RefusalText.Knows(problem.Code)
            ? [RefusalText.Say(problem, language, RefusalReader.Page), .. r.Messages.Skip(1)]
            : r.Messages;

    /// <summary>
    /// "312 B", "1.2 KB", "9.4 MB" (decimal, as the 413's incident says it); a 413's size is the limit it went over, said exactly as
    /// the sender's 413 and the README say it (<see cref="ByteSize.Limit"/>: 「上限8 MiB超」).
    /// </summary>
    private static string Bytes(long bytes, bool overLimit, Phrases p)
    {
        if (overLimit)
        {
            return p.Format("Deliveries.OverLimit", ByteSize.Limit(bytes));
        }

        return bytes < 1000 ? $"{bytes.ToString(CultureInfo.InvariantCulture)} B"
            : bytes < 1_000_000 ? $"{(bytes / 1000.0).ToString("0.0", CultureInfo.InvariantCulture)} KB"
            : $"{(bytes / 1_000_000.0).ToString("0.0", CultureInfo.InvariantCulture)} MB";
    }

    /// <summary>
    /// A test delivery's prediction as a sentence in the reader's words (<c>Deliveries.Would.*</c>, by the outcome the API names and
    /// why it would be ignored): 「本番の通知なら、障害を起票します。」, "A real delivery would open an incident.", with what would hold its
    /// page (the storm hold, a maintenance window) — the API says it in English ("would be opened"), the page never does. Not the
    /// outcome's label (「本番の通知なら：起票」, "As a real delivery: Ignored: no incident to close" read as no sentence).
    /// </summary>
    private static string? WouldBe(DeliveryRecord r, Phrases p)
    {
        if (r.WouldBe is not { } would)
        {
            return null;
        }

        var key = r.Reason is { } reason && p.Has($"Deliveries.Would.Ignored.{reason}") ? $"Deliveries.Would.Ignored.{reason}" : $"Deliveries.Would.{would.ToLowerInvariant()}";
        var outcome = p.Has(key) ? p[key] : would;
        return p.Format("Deliveries.WouldBe", r.WouldBeHeldBy switch
        {
            null => outcome,
            Core.Incidents.AlertTrialResult.StormHold => p.Format("Deliveries.WouldBe.Storm", outcome),
            var window => p.Format("Deliveries.WouldBe.Window", outcome, window),
        });
    }

    private sealed record DeliveryView(
        string At, string AtUtc, string Outcome, string Status, string Size, bool Refused, bool Failed, bool Test, bool ThisInstanceOnly,
        string? Title, string? WouldBe, IReadOnlyList<string> Messages, string? IncidentId, string? IncidentUrl, string? GroupKey);

    private sealed record DeliverySourceView(
        string Source, string Name, IReadOnlyList<string> Summary, bool HasRefusals, IReadOnlyList<DeliveryView> Items, LinkView? More);

    private sealed record DeliveriesPageView(
        string Lang, string Title, string Query, string LangValue, string Lead, IReadOnlyList<OptionView> Sources, IReadOnlyList<DeliverySourceView> Groups);
}
