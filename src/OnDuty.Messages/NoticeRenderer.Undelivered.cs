using System.Globalization;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;

namespace OnDuty.Messages;

/// <summary>
/// 「届かなかった連絡」: the messages given up after their retries, newest first — to whom, by which channel, what it was, about
/// which incidents, why it failed (a sender refusal said as the configuration fault it is) — and, for each one still undelivered,
/// a button that sends it again once the cause is fixed. One block per message, so it reads at phone width.
/// </summary>
public sealed partial class NoticeRenderer
{
    private const int UndeliveredWhatLength = 120;

    private string UndeliveredPage(UndeliveredPageNotice n)
    {
        var p = Phrases.For(n.Language);
        var zone = TimeZones.Find(n.TimeZone);
        var query = Query(n.Language);
        string When(DateTimeOffset at) => p.Time(at, zone, "Format.Stamp");
        // A recipient by their name on the roster, else by the name the message was addressed to (one taken off the roster since), with
        // the address in the reader's brackets: 「伊藤 さくら（ito@…）」, "Sakura Ito (ito@…)".
        string Who(OutboxMessage m) => (n.Names.GetValueOrDefault(m.Recipient) ?? m.RecipientName) is { Length: > 0 } name ? p.Format("Format.Aside", name, m.Recipient) : m.Recipient;

        string ChannelName(OutboxMessage m) => p.ChannelName(m.Channel.Name());
        string To(OutboxMessage m) => m.Channel == Channel.Teams ? p["Undelivered.TeamsChannel"]
            : m.Bcc.Count > 0 ? p.Format("Undelivered.Readers", m.Bcc.Count)
            : Who(m);
        string What(OutboxMessage m) => Headline(m) is var what && what.Length > UndeliveredWhatLength
            ? what[..UndeliveredWhatLength] + "…" : what;
        List<LinkView> Incidents(OutboxMessage m) => [.. LatePages.IncidentsOf(m).Select(id => new LinkView(id, $"/api/incidents/{Uri.EscapeDataString(id)}/page{query}"))];
        string Error(OutboxMessage m) => string.IsNullOrWhiteSpace(m.LastError) ? p["Undelivered.NoError"] : ProviderAnswer(m.LastError);
        // A refused sender said for its channel: a text's or a call's names the number they come from, not Email__From.
        string SenderRefused(OutboxMessage m) => p.Has($"Undelivered.SenderRefused.{m.Channel.Name()}") ? p[$"Undelivered.SenderRefused.{m.Channel.Name()}"] : p["Undelivered.SenderRefused"];
        string? Hint(OutboxMessage m) => SenderRefusal.IsIn(m.LastError) ? SenderRefused(m)
            : TeamsWorkflowGone.IsIn(m.LastError) ? p["Undelivered.TeamsWorkflowGone"]
            : null;

        // Pages still being retried after failures (trial 36 M2): no button, they go out on their own once the cause is gone.
        var retrying = n.LatePages.Retrying.Select((m, i) => new RetryingRowView(
            $"r{i}",
            m.Id,
            p.Format("Undelivered.Kind.Page", ChannelName(m)),
            To(m),
            What(m),
            When(m.CreatedAt),
            m.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            p.Format(p.Counted("Undelivered.Retrying.Error", m.Attempts), m.Attempts, Error(m)),
            Hint(m),
            Incidents(m),
            p.Format("Undelivered.Retrying.Next", When(m.NextAttemptAt)))).ToList();

        var rows = n.Items.Select((item, i) =>
        {
            var m = item.Message;
            var (state, delivered, resendable) = item switch
            {
                { ResendPurged: true } => (p["Undelivered.State.ResentSent"], true, false),
                { Resend: null } => ((string?)null, false, true),
                { Resend.Status: OutboxStatus.Sent, Resend.SentAt: { } sentAt } => (p.Format("Undelivered.State.ResentSentAt", When(sentAt)), true, false),
                { Resend.Status: OutboxStatus.Sent } => (p["Undelivered.State.ResentSent"], true, false),
                { Resend.Status: OutboxStatus.Pending } r => (p.Format(p.Counted("Undelivered.State.ResentPending", r.Resend!.Attempts), r.Resend!.Attempts), false, false),
                { Resend.Status: OutboxStatus.Cancelled } => (p["Undelivered.State.ResentCancelled"], true, false),
                _ => (p["Undelivered.State.ResentFailed"], false, true),
            };
            return new UndeliveredRowView(
                $"m{i}",
                m.Id,
                p.Format(m.Priority == OutboxPriority.Page ? "Undelivered.Kind.Page" : "Undelivered.Kind.Message", ChannelName(m)),
                To(m),
                What(m),
                When(m.CreatedAt),
                m.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                p.Format(p.Counted("Undelivered.Error", m.Attempts), m.Attempts, Error(m)),
                Hint(m),
                Incidents(m),
                m.ResendOf is not null,
                state,
                delivered,
                resendable && n.Visitor.MayAct,
                n.DoneMessage == m.Id || n.Refused?.MessageId == m.Id);
        }).ToList();

        var open = rows.Count(r => !r.Delivered);
        var done = n.Done switch
        {
            "resent" => p["Undelivered.Done.resent"],
            "resentDutyToo" => p["Undelivered.Done.resentDutyToo"],
            "resentAll" => ResentAllDone(n.ResentAll ?? default, p),
            _ => null,
        };
        var refused = n.Refused is { } r ? p.Has($"Undelivered.Refused.{r.Field}") ? p[$"Undelivered.Refused.{r.Field}"] : p["Undelivered.Refused.status"] : null;
        var model = new UndeliveredPageView(
            LanguageTag(n.Language),
            p["Undelivered.Title"],
            query,
            n.Token.FieldName,
            n.Token.Value,
            n.Visitor.SignedIn ? p.Format("PmPage.SignedInAs", n.Visitor.Name) : null,
            p["Undelivered.Lead"],
            rows.Count == 0 ? p[retrying.Count > 0 ? "Undelivered.None.Retrying" : "Undelivered.None"] : open == 0 ? p["Undelivered.Summary.AllResent"] : p.Format(p.Counted("Undelivered.Summary", open), open),
            open > 0,
            n.More ? p.Format("Undelivered.More", UndeliveredPageNotice.MaxShown) : null,
            done,
            refused,
            p.Format("PmPage.TimesIn", p.ZoneName(n.TimeZone)),
            rows)
        {
            ReadOnly = ReadOnlyNote(n.Visitor, p),
            ResendAll = n.ResendAllCount >= 2 && n.Visitor.MayAct ? p.Format("Undelivered.ResendAll", n.ResendAllCount) : null,
            Retrying = retrying,
            RetryingMore = retrying.Count > 0 && n.LatePages.More ? p.Format("Undelivered.Retrying.More", LatePagesCheck.Counted) : null,
        };
        return templates.RenderHtml("undelivered-page.html", model, p);
    }

    /// <summary>What 「まとめて再送」 did: how many were queued again (or that none was), the pages that went to the pair on duty now too, those not.</summary>
    private static string ResentAllDone((int Queued, int Skipped, int DutyPagedToo) all, Phrases p)
    {
        var lines = new List<string> { all.Queued > 0 ? p.Format(p.Counted("Undelivered.Done.resentAll", all.Queued), all.Queued) : p["Undelivered.Done.resentAllNone"] };
        if (all.DutyPagedToo > 0)
        {
            lines.Add(p.Format(p.Counted("Undelivered.Done.resentAll.DutyToo", all.DutyPagedToo), all.DutyPagedToo));
        }

        if (all.Queued > 0 && all.Skipped > 0)
        {
            lines.Add(p.Format(p.Counted("Undelivered.Done.resentAll.Skipped", all.Skipped), all.Skipped));
        }

        return string.Join(p.Language == OnDuty.Core.Team.Language.Ja ? "" : " ", lines);
    }

    /// <summary>
    /// What a message was, in one line: a mail's subject; a text's or call's first line (their subject is the head of the text,
    /// link and all — quoted whole, a late page's note read 「…INC-… 障害名\n対応します：https://…」).
    /// </summary>
    /// <summary>
    /// A stored send error as the provider answered it, for the pages that say the cause apart in the reader's language: without the
    /// prefix of a sender refusal (<see cref="SenderRefusal"/>) or of a Teams workflow gone (<see cref="TeamsWorkflowGone"/>).
    /// </summary>
    private static string ProviderAnswer(string error) => TeamsWorkflowGone.Answer(SenderRefusal.Answer(error));

    private static string Headline(OutboxMessage m) => FirstLine(!string.IsNullOrWhiteSpace(m.Subject) ? m.Subject : m.TextBody);

    private static string FirstLine(string text)
    {
        var line = text.AsSpan().TrimStart();
        var end = line.IndexOfAny('\r', '\n');
        return (end < 0 ? line : line[..end]).ToString();
    }

    private sealed record UndeliveredRowView(
        string Anchor, string Id, string Kind, string To, string What, string At, string AtUtc, string Error,
        string? Hint, IReadOnlyList<LinkView> Incidents, bool IsResend, string? State, bool Delivered, bool Resendable, bool Marked)
    {
        /// <summary>The row's classes: <c>delivered</c> once its re-send was, <c>marked</c> for the one the last post was about.</summary>
        public string? Class => string.Join(" ", new[] { Delivered ? "delivered" : null, Marked ? "marked" : null }.OfType<string>()) is { Length: > 0 } c ? c : null;
    }

    private sealed record UndeliveredPageView(
        string Lang, string Title, string Query, string TokenField, string Token, string? SignedInAs, string Lead, string Summary, bool Open,
        string? More, string? Done, string? Refused, string TimesIn, IReadOnlyList<UndeliveredRowView> Rows)
    {
        public string? ReadOnly { get; init; }

        /// <summary>Pages late and failing, still being retried: their own section above the given-up ones.</summary>
        public IReadOnlyList<RetryingRowView> Retrying { get; init; } = [];

        public string? RetryingMore { get; init; }

        /// <summary>「まとめて再送（N 件）」: the button that re-sends every row with a 「再送する」 button at once (from two).</summary>
        public string? ResendAll { get; init; }
    }

    /// <summary>A page late and failing, still retried on its own: when it was queued, to whom, why it fails, when the next try is.</summary>
    private sealed record RetryingRowView(
        string Anchor, string Id, string Kind, string To, string What, string At, string AtUtc, string Error, string? Hint, IReadOnlyList<LinkView> Incidents, string Next);
}
