using OnDuty.Core.Comms;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;

namespace OnDuty.Messages;

public sealed partial class NoticeRenderer
{
    /// <summary>
    /// 【障害報告】INC-… 件名（最終報）: the stakeholder notice's layout (templates <c>stakeholder.*</c>) with the final report's ■ sections —
    /// 概要, 発生日時, 復旧日時, 影響時間, 影響範囲, 原因, 再発防止策 (each by when), お問い合わせ先. No apology: internal readers.
    /// </summary>
    private RenderedEmail FinalReportEmail(FinalReportNotice n)
    {
        var p = Phrases.For(n.Language);
        var model = FinalReportModel(n, p);
        return new RenderedEmail(model.Subject, templates.RenderText("stakeholder.txt", model, p), templates.RenderHtml("stakeholder.html", model, p));
    }

    /// <summary>The subject: 「【障害報告】INC-2026-0042 決済画面が開かない（最終報）」 / "[Incident report] INC-2026-0042 … (final)".</summary>
    public static string FinalReportSubject(Core.Incidents.Incident i, Phrases p) => p.Format("FinalReport.Subject", i.Id, IncidentTitle(i, p));

    /// <summary>■再発防止策 as lines: 「・監視の閾値を見直す（2026年12月20日(日)まで）」; none kept: that there are none.</summary>
    public static string FinalReportMeasures(IReadOnlyList<FinalReportMeasure> measures, Phrases p) =>
        measures.Count == 0 ? p["FinalReport.Measures.None"]
            : string.Join("\n", measures.Select(m => m.Due is { } due ? p.Format("FinalReport.Measure.Due", m.Title, p.Day(due)) : p.Format("FinalReport.Measure", m.Title)));

    private static StakeholderView FinalReportModel(FinalReportNotice n, Phrases p)
    {
        var i = n.Incident;
        var clock = new ReaderClock(p, n.TimeZone, n.ReaderTimeZone);
        var sections = new List<SectionView>
        {
            new(p["FinalReport.Summary"], n.Text.Summary),
            new(p["Stakeholder.Started"], clock.At(i.StartedAt)),
        };
        if (i.ResolvedAt is { } resolved)
        {
            sections.Add(new(p["Stakeholder.ResolvedAt"], clock.At(resolved)));
            sections.Add(new(p["Stakeholder.ImpactTime"], ImpactTime(i, p, clock)));
        }

        sections.Add(new(p["FinalReport.Impact"], n.Text.Impact));
        sections.Add(new(p["FinalReport.Cause"], n.Text.Cause));
        sections.Add(new(p["FinalReport.Measures"], FinalReportMeasures(n.Text.Measures, p)));
        var contact = StakeholderContact(n.Contact, i, n.Holder, NoneAway, p, n.CommsLead);
        if (contact is not null)
        {
            sections.Add(new(p["Stakeholder.Contact"], contact));
        }

        // A correction says so in the subject and first lines: when the final report went, what it said and what is right, once.
        var subject = FinalReportSubject(i, p);
        var lead = p["FinalReport.Lead"];
        string? change = null;
        if (n.Correction is { } correction)
        {
            subject = p.Format("FinalReport.Correction.Subject", subject);
            lead = p.Format("FinalReport.Correction.Lead", clock.At(correction.ReportedAt));
            change = string.Join(p["Stakeholder.ChangedSeparator"], [.. FinalReportCorrections(correction.Was, n.Text, p), p["FinalReport.Correction.Apology"]]);
        }

        return new StakeholderView(
            LanguageTag(n.Language), subject, lead, change, p.Format("Stakeholder.Reference", i.Id),
            [.. sections.Select(s => s with { Heading = p["Stakeholder.Marker"] + s.Label })], n.Link)
        {
            Footer = contact is null ? null : p["Stakeholder.Footer"],
        };
    }

    /// <summary>
    /// What a correction says was wrong, a sentence each: a text that changed (「■影響範囲で『…』とお伝えしましたが、正しくは『…』です。」), a
    /// measure whose due date alone changed (「■再発防止策「…」の期限を『…』とお伝えしましたが、正しくは『…』です。」), other changes to the measures;
    /// the text before not kept: that the corrected one follows.
    /// </summary>
    private static List<string> FinalReportCorrections(FinalReportText? was, FinalReportText now, Phrases p)
    {
        if (was is null)
        {
            return [p["FinalReport.Correction.Unknown"]];
        }

        var said = new List<string>();
        void Text(string label, string before, string after)
        {
            if (before != after)
            {
                said.Add(p.Format("FinalReport.Correction.Was", p[label], before, after));
            }
        }

        Text("FinalReport.Summary", was.Summary, now.Summary);
        Text("FinalReport.Impact", was.Impact, now.Impact);
        Text("FinalReport.Cause", was.Cause, now.Cause);
        if (!was.Measures.SequenceEqual(now.Measures))
        {
            var sameTitles = was.Measures.Count == now.Measures.Count && was.Measures.Zip(now.Measures).All(m => m.First.Title == m.Second.Title);
            if (sameTitles)
            {
                string Due(DateOnly? due) => due is { } d ? p.Format("FinalReport.Correction.By", p.Day(d)) : p["FinalReport.Correction.NoDue"];
                said.AddRange(was.Measures.Zip(now.Measures).Where(m => m.First.Due != m.Second.Due)
                    .Select(m => p.Format("FinalReport.Correction.Due", m.First.Title, Due(m.First.Due), Due(m.Second.Due))));
            }
            else
            {
                said.Add(p.Format("FinalReport.Correction.Measures", p["FinalReport.Measures"]));
            }
        }

        return said;
    }

    /// <summary>
    /// The retro page's 「関係者への最終報」: where it stands (sent: when, by whom, to whom; or why it cannot go yet), else the form prefilled
    /// from the draft, the measures to tick, after 「プレビュー」 the mail as it will go and the confirmation naming the audiences and how
    /// many addresses, and 「送信する」.
    /// </summary>
    private static FinalReportSectionView FinalReportSectionModel(
        FinalReportSection s, Core.Incidents.Incident i, IReadOnlyList<Member> members, IReadOnlyList<FormerMember> former, IReadOnlyDictionary<string, string> audienceNames,
        TimeZoneInfo zone, string timeZone, Phrases p)
    {
        var d = s.Draft;
        var audiences = AudienceNames(d.Audiences, audienceNames, p);
        if (d.Sent is { } sent)
        {
            var status = p.Format("FinalReport.Page.Sent", p.TimeWithZone(sent.At, zone, timeZone, "Format.Stamp"), RetroPerson(sent.By, i, members, former, p),
                AudienceNames(sent.Audiences, audienceNames, p), sent.Addresses);
            if (sent is { Corrections: > 0, CorrectedAt: { } correctedAt })
            {
                status += p.Format("FinalReport.Page.Sent.Corrected", sent.Corrections, p.TimeWithZone(correctedAt, zone, timeZone, "Format.Stamp"));
            }

            // The text its readers last read is kept: the form corrects it (【訂正】), once per correction.
            if (!s.MayAct || d.Last is null)
            {
                return new FinalReportSectionView(status, true, false, [], [], null, null, [], 0);
            }

            var correcting = FinalReportForm(s, d.Last, p, audiences, "FinalReport.Page.Correction.Confirm") with
            {
                Status = status,
                Sent = true,
                Hint = p["FinalReport.Page.Correction.Hint"],
                SendStep = FinalReportFormFields.Correct,
                SendLabel = p["FinalReport.Page.Correction.Send"],
            };
            return correcting;
        }

        if (d.Refused is { } refused)
        {
            var why = refused == FinalReportRefusal.Merged ? p.Format("FinalReport.Page.Refused.Merged", i.MergedInto) : p[$"FinalReport.Page.Refused.{refused}"];
            return new FinalReportSectionView(why, false, false, [], [], null, null, [], 0);
        }

        return FinalReportForm(s, d.Text, p, audiences, "FinalReport.Page.Confirm") with { Hint = p["FinalReport.Page.Hint"] };
    }

    /// <summary>The form: the values as typed, else <paramref name="start"/>, every measure ticked; the preview and its confirmation (<paramref name="confirmKey"/>).</summary>
    private static FinalReportSectionView FinalReportForm(FinalReportSection s, FinalReportText start, Phrases p, string audiences, string confirmKey)
    {
        var d = s.Draft;
        var v = s.Values ?? FinalReportFormFields.From(start);
        string Value(string field) => v.GetValueOrDefault(field) ?? "";
        string? Error(string field) => FirstError(s.Errors, field, p);
        var fields = new List<FieldView>
        {
            new(FinalReportFormFields.Summary, p["FinalReport.Summary"], null, "textarea", Value(FinalReportFormFields.Summary), Error(FinalReportFormFields.Summary), true, Core.Retros.RetroRules.MaxSummary, []),
            new(FinalReportFormFields.Impact, p["FinalReport.Impact"], null, "textarea", Value(FinalReportFormFields.Impact), Error(FinalReportFormFields.Impact), true, Core.Incidents.Incident.MaxTextLength, []),
            new(FinalReportFormFields.Cause, p["FinalReport.Cause"], null, "textarea", Value(FinalReportFormFields.Cause), Error(FinalReportFormFields.Cause), true, Core.Incidents.Incident.MaxTextLength, []),
        };
        var rows = FinalReportFormFields.RowCount(v);
        var measures = Enumerable.Range(0, rows).Select(k => new FinalReportMeasureView(
            k, Value(FinalReportFormFields.Measure(k, "keep")) is "true" or "on", Value(FinalReportFormFields.Measure(k, "title")), Value(FinalReportFormFields.Measure(k, "due")))).ToList();
        var known = new HashSet<string>([FinalReportFormFields.Summary, FinalReportFormFields.Impact, FinalReportFormFields.Cause], StringComparer.Ordinal);
        var problems = s.Errors.Where(e => !known.Contains(e.Key)).Select(e => FirstError(s.Errors, e.Key, p) is { } said && e.Key != "incident" ? $"{e.Key}: {said}" : FirstError(s.Errors, e.Key, p)!).ToList();
        return new FinalReportSectionView(
            null, false, s.MayAct, fields, measures,
            s.Preview is { } preview ? $"{preview.Subject}\n\n{preview.Text}" : null,
            s.Preview is null ? null : d.Addresses is { } addresses ? p.Format(confirmKey, audiences, addresses) : p.Format(confirmKey + ".Unknown", audiences),
            problems, rows)
        {
            OtherPreviews = s.Preview is null ? [] : [.. s.OtherPreviews.OrderBy(o => o.Key).Select(o => new FinalReportPreviewView(p[$"FinalReport.Page.PreviewIn.{LanguageTag(o.Key)}"], $"{o.Value.Subject}\n\n{o.Value.Text}"))],
            By = v.GetValueOrDefault("by") ?? "",
            SendLabel = p["FinalReport.Page.Send"],
            NoMeasures = rows == 0 ? p["FinalReport.Page.NoMeasures"] : null,
        };
    }

    /// <summary>The audiences by their display names, joined as names are (「経営層・サポート」).</summary>
    private static string AudienceNames(IEnumerable<string> audiences, IReadOnlyDictionary<string, string> names, Phrases p) =>
        p.JoinNames([.. audiences.Select(a => names.GetValueOrDefault(a) ?? a)]);

    /// <param name="Status">Where it stands when there is no form: sent (when, by whom, to whom), or why it cannot go yet.</param>
    /// <param name="Sent">It was sent: the status reads as done.</param>
    /// <param name="Form">The form is shown (not sent, nothing refuses it, the visitor may act).</param>
    /// <param name="Preview">The mail's subject and text as it will go, after 「プレビュー」.</param>
    /// <param name="Confirm">「経営層・サポート（3件のアドレス）に送信します。…」 with the preview.</param>
    private sealed record FinalReportSectionView(
        string? Status, bool Sent, bool Form, IReadOnlyList<FieldView> Fields, IReadOnlyList<FinalReportMeasureView> Measures, string? Preview, string? Confirm,
        IReadOnlyList<string> Problems, int Rows)
    {
        public string? Hint { get; init; }

        public string? NoMeasures { get; init; }

        /// <summary>The mail in each other language its readers read, after 「プレビュー」 (「英語で読む方へのメール」).</summary>
        public IReadOnlyList<FinalReportPreviewView> OtherPreviews { get; init; } = [];

        /// <summary>The name typed on the form when the page asks for one (not signed in), kept across the preview.</summary>
        public string By { get; init; } = "";

        /// <summary>The send button's step: the final report (<c>send</c>), or a correction of it once sent (<c>correct</c>).</summary>
        public string SendStep { get; init; } = FinalReportFormFields.Send;

        public string SendLabel { get; init; } = "";
    }

    private sealed record FinalReportPreviewView(string Heading, string Text);

    private sealed record FinalReportMeasureView(int Row, bool Keep, string Title, string Due);
}
