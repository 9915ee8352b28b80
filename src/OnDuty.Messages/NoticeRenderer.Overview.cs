using OnDuty.Core.Comms;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;

namespace OnDuty.Messages;

/// <summary>
/// 「障害の状況」, the read-only view stakeholder notices link: the facts in the notices' words and order (■発生日時, ■重大度,
/// ■影響範囲, ■回避策 …), where it stands and when the next update is due, then every notice sent with who wrote it and which
/// audiences got it (by audience name: never an address). No form and nothing of the duty pair's working. An audience's own view
/// ends its facts with ■お問い合わせ先 as their notices do (their contact, else the duty pair by name and mail).
/// For one audience's readers (<c>?for=</c>, <see cref="IncidentOverview.Audience"/>) each notice is 第n報 in their own series, as
/// their mails said it, and only theirs are listed; for no one reader, no notice is headed by a number some readers never
/// received: each lists its audiences with their own.
/// </summary>
public sealed partial class NoticeRenderer
{
    private string IncidentOverviewPage(IncidentOverviewNotice n)
    {
        var p = Phrases.For(n.Language);
        // Whoever the page names by an id the roster no longer has: by the name they had, marked.
        n = n with { Names = WithFormer(n.Names, n.Former, p) };
        // An audience's own view in its readers' zone where it sets one, the team's beside it, as their notices say the times.
        var clock = new ReaderClock(p, n.TimeZone, n.ReaderTimeZone);
        // Its readers are not all in it: a confidential one reads as open, by id and severity, nothing of what happened.
        var o = Withheld(n.Overview, p);
        var i = o.Incident;
        string Time(DateTimeOffset at) => clock.At(at);
        // Another incident's view (merged in, or merged into) for the same reader: in their audience's series where it told them too.
        var reader = o.Audience is { } audience ? $"&{AudienceName.Parameter}={Uri.EscapeDataString(audience)}" : "";
        string Overview(string id) => $"/api/incidents/{Uri.EscapeDataString(id)}/overview{Query(n.Language)}{reader}";
        var numbered = o.Audience is not null;

        // Resolved by monitoring and no person has said so yet (RecoveryNoticeOwed): not a recovery the stakeholders were told of.
        // Shown as they last heard it — that notice's status, its workaround, its next update, no 復旧日時 — and that monitoring sees
        // it recovered while the responders confirm.
        var recovered = i.MergedInto is null && !i.IsOpen && i.ResolvedAt is not null && !i.RecoveryNoticeOwed;
        var facts = new List<Fact>();
        if (o.Notices.Count > 0)
        {
            // The headline: the last word the reader had. A number only in the reader's own series (the general view's latest
            // notice is a different 第n報 to each audience).
            var latest = o.Notices[0];
            // The final report is the last word once it went (trial 55): a reader coming back reads that, not the recovery notice.
            string?[] said = o.FinalReport is { } last && last.At >= latest.At ? [p["Overview.FinalReport"], Time(last.At)]
                : [numbered ? p.Format("Overview.Latest.Number", latest.Number) : null, Time(latest.At), latest.Merged ? null : p[$"Status.{latest.Status}"]];
            facts.Add(new(p["Overview.Latest"], string.Join(" · ", said.OfType<string>())));
        }

        if (i.MergedInto is { } into)
        {
            // A duplicate goes on under the other: the reader follows it there — or reads that it is over, once that one recovered.
            facts.Add(new(p["Incident.Status"], p.Format(o.ContinuedRecovered ? "Status.MergedIntoRecovered" : "Status.MergedInto", into)) { Href = Overview(into) });
        }
        else
        {
            var told = o.Notices.Count > 0 ? o.Notices[0].Status : IncidentStatus.Investigating;
            facts.Add(new(p["Incident.Status"], i.RecoveryNoticeOwed ? p.Aside(p[$"Status.{told}"], p["Overview.RecoveryUnconfirmed"]) : p[$"Status.{i.Status}"]));
        }

        facts.Add(new(p["Stakeholder.Severity"], $"{SevLabel(i.Severity)} — {SeverityMeaning(n.SeverityMeanings, i.Severity, p)}"));
        facts.Add(new(p["Stakeholder.Started"], Time(i.StartedAt)));
        facts.Add(new(p["Overview.Detected"], Time(i.DetectedAt)));
        if (recovered)
        {
            // When users stopped being affected, as a person gave it: not when the resolving update arrived.
            facts.Add(new(p["Stakeholder.ResolvedAt"], Time(i.ResolvedAt!.Value)));
            facts.Add(new(p["Stakeholder.ImpactTime"], ImpactTime(i, p, clock)));
        }

        if (!n.ForReaders && i.RecoveryTimeToldDiffers is { } toldAt && i.ResolvedAt is { } recordedAt)
        {
            // For the responders (the general view): the stakeholders were told another recovery time than the record now says.
            facts.Add(new(p["Overview.RecoveryTimeTold"], p.Format("Overview.RecoveryTimeTold.Value", Time(toldAt), Time(recordedAt))));
        }

        var impact = StakeholderImpact(i, p);
        // A confidential one's impact is withheld (Withheld above), not unknown: said so rather than 「確認中です。」.
        facts.Add(new(p["Stakeholder.Impact"], i.Confidential ? p["Confidential.Impact.Page"] : impact.Count == 0 ? p["Stakeholder.NotYetKnown"] : string.Join("\n", impact)));
        if (i.Workaround is not null && !recovered)
        {
            facts.Add(new(p["Stakeholder.Workaround"], i.Workaround));
        }

        if (o.RecoveryTold && o.FinalReport?.Text is { } final)
        {
            // As the final report said them, the readers' last word (trial 55: a support lead answering a customer a week on read the
            // recovery notice's 「原因（判明している範囲で）」 while the final report gave the cause found in the retro).
            facts.Add(new(p["FinalReport.Cause"], final.Cause));
            facts.Add(new(p["FinalReport.Measures"], FinalReportMeasures(final.Measures, p)));
        }
        else if (o.RecoveryTold)
        {
            // As the recovery notice said them: only once one was sent (an open incident's cause is the pair's working note).
            facts.Add(new(p["Stakeholder.Cause"], o.Cause ?? p["Stakeholder.Cause.Unknown"]));
            facts.Add(new(p["Stakeholder.NextSteps"], i.NextSteps ?? p["Stakeholder.NextSteps.Default"]));
        }

        if (i.MergedInto is { } continuedIn && o.Notices.Count > 0 && !o.ContinuedRecovered)
        {
            facts.Add(new(p["Stakeholder.NextUpdate"], o.ContinuedNextUpdateBy is { } then
                ? clock.Say("Stakeholder.NextUpdateMergedAt", then, continuedIn)
                : p.Format("Stakeholder.NextUpdateMerged", continuedIn)));
        }
        else if ((i.IsOpen || i.RecoveryNoticeOwed) && o.Notices.Count > 0)
        {
            // A promise the responders have not kept yet is said to be late (trial 54, executive walk): a reader opening the view at
            // 01:15 read 「00:55頃（JST）までにお知らせします。」 as if it were still ahead.
            facts.Add(new(p["Stakeholder.NextUpdate"], o.NextUpdateBy is { } next
                ? clock.Say(NextUpdatePromise.IsLate(next, n.Now) ? "Overview.NextUpdateLate" : "Stakeholder.NextUpdateAt", next)
                : p["Stakeholder.NextUpdateOff"]));
        }

        // One audience's view names only the duplicates it was told about.
        if ((o.MergedShown ?? i.MergedIncidents) is { Count: > 0 } shown)
        {
            facts.Add(new(p["PmPage.MergedIncidents"], p.Join(shown)) { Links = [.. shown.Select(m => new FactLink(m, Overview(m)))] });
        }

        // An audience's own view ends its facts as their notices end: whom to ask (their contact, else the duty pair by name and mail).
        if (numbered && StakeholderContact(n.Contact, i, n.Holder, NoneAway, p, n.CommsLead) is { } contact)
        {
            facts.Add(new(p["Stakeholder.Contact"], contact));
        }

        var notices = o.Notices.Select(s =>
        {
            // Headed as its mail opened (「第2報（SEV2・原因特定）：原因は…と判明しました。」, unnumbered in the general view), with the
            // opening's own choice of news; the line under it says the changes the heading did not.
            string lead;
            string? below;
            if (s.Merged)
            {
                lead = p.Format((numbered ? "Stakeholder" : "Overview") + ".Lead.Merged", s.Number, s.Incident is null ? i.MergedInto : i.Id);
                below = NoticeChanges(s, p, clock).Said is { Count: > 0 } said ? string.Join(p["Stakeholder.ChangedSeparator"], said) : null;
            }
            else
            {
                var (said, statusChanged) = NoticeChanges(s, p, clock);
                var recoveredAt = s.Status == IncidentStatus.Resolved ? s.RecoveredAt ?? i.ResolvedAt ?? s.At : (DateTimeOffset?)null;
                var news = OpeningNews(
                    p, s.Number > 1, recoveredAt is { } at ? clock.Say("Stakeholder.Opening.Recovered", at) : null, said, statusChanged, s.Text,
                    () => s.Impact is { Length: > 0 } affected ? FirstSentence(affected) : IncidentTitle(i, p));
                lead = Opening(p, numbered ? s.Number : null, SevLabel(s.Severity ?? i.Severity), s.Status, news.Substance);
                below = news.Below;
                if (s.Corrections.Count > 0 && recoveredAt is null)
                {
                    // As the correction's mail opened: that it corrects, then what was wrong and what is right in full.
                    lead = Opening(p, numbered ? s.Number : null, SevLabel(s.Severity ?? i.Severity), s.Status, p.Format("Stakeholder.Correction.Opening", s.Corrects));
                    below = string.Join(p["Stakeholder.ChangedSeparator"], said);
                }
            }

            return new SentNoticeView(
                // A notice about an incident merged into this one since: which one it was about.
                lead + (s.Incident is { } about ? p.Format("Overview.AsIncident", about) : ""),
                Time(s.At),
                s.At.ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture),
                ActorText.ForStakeholders(s.By, id => Name(i, id, n.Names), p),
                s.Text,
                below,
                // The reader's own view names no other audience: its numbers are what confused them. One that went to no audience says
                // it went only to the incident's followers, as the incident page's timeline row says it.
                numbered ? null
                : s is { Audiences.Count: 0, FollowersOnly: > 0 and var followers } ? p.Format(p.Counted("PmPage.Timeline.NoticeToFollowersOnly", followers), followers)
                : p.Format("Overview.SentTo", p.Join(s.Audiences.Select(a => p.Format("Overview.TheirNumber", a.Name, a.Number)))));
        }).ToList();

        if (o.FinalReport is { } report)
        {
            // Newest first: it went after the recovery notice. What it said, as its mail's sections; to whom in the general view.
            notices.Insert(0, new SentNoticeView(
                p["Overview.FinalReport.Lead"],
                Time(report.At),
                report.At.ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture),
                ActorText.ForStakeholders(report.By, id => Name(i, id, n.Names), p),
                report.Text is { } text ? FinalReportSections(text, p) : null,
                null,
                numbered ? null : p.Format("Overview.SentTo", p.JoinNames(report.Audiences))));
        }

        var model = new OverviewPageView(
            LanguageTag(n.Language),
            p.Format("Overview.Title", i.Id, IncidentTitle(i, p)),
            i.Id,
            IncidentTitle(i, p),
            p["Overview.ReadOnly"],
            facts,
            notices,
            clock.Say("PmPage.Status.AsOf", n.Now));
        return templates.RenderHtml("overview-page.html", model, p);
    }

    /// <summary>
    /// What a notice in the history changed, as its mail said it, each a sentence: the status moved since the notice before
    /// (<c>StatusChanged</c>, also returned alone: the heading gives its place to the update's first sentence, as the mail's opening
    /// does), a severity raised or lowered (「重大度を SEV2 から SEV1 に引き上げました。」, the mail's own words), the start a merge moved
    /// (「発生日時を 03:09 から 03:05（JST）に訂正しました。」, in the reader's zone as their mail gave it, named), then the details
    /// (「影響範囲を更新しました。」); a recovery notice's ■原因 and ■今後の対応 are not "updated" (trial day 28, L7), nor the start once the
    /// moved start said it.
    /// </summary>
    private static (List<string> Said, string? StatusChanged) NoticeChanges(SentNotice s, Phrases p, ReaderClock clock)
    {
        // A correction's sentences first, as its mail said them (what they were told, what is right).
        var said = CorrectionSentences(s.Corrections, s.Corrects, p, clock);
        string? statusChanged = null;
        if (s.StatusBefore is { } statusWas && !s.Merged && s.Status != IncidentStatus.Resolved)
        {
            said.Add(statusChanged = StatusChanged(statusWas, s.Status, p));
        }

        if (s is { SeverityBefore: { } from, SeverityNow: { } to })
        {
            said.Add(p.Format(to < from ? "Stakeholder.SeverityRaised" : "Stakeholder.SeverityLowered", SevLabel(from), SevLabel(to)));
        }

        if (s.StartMoved is { } moved && !s.Corrections.Any(c => c.Detail == ToldDetail.StartedAt))
        {
            var (was, now) = clock.Clocks(moved.From, moved.To);
            said.Add(p.Format("Stakeholder.Changed.StartMoved", was, now, clock.ClocksZone(moved.To)));
        }

        said.AddRange(s.Changes.Distinct()
            .Where(c => s.Status != IncidentStatus.Resolved || c is not (IncidentChange.Cause or IncidentChange.NextSteps))
            .Where(c => s.StartMoved is null || c != IncidentChange.StartedAt)
            .Where(c => !SaidByCorrection(c, s.Corrections))
            .Select(c => p[$"Stakeholder.Changed.{c}"]));
        if (s.AlsoTold.Count > 0)
        {
            // An update that asked to tell support too: as the mail said it to those told before.
            said.Add(p.Format("Stakeholder.Changed.AlsoTold", p.Join(s.AlsoTold)));
        }

        return (said, statusChanged);
    }

    /// <summary>A final report's text as its mail's sections say it: 「■概要」「■影響範囲」「■原因」「■再発防止策」, each heading on its own line.</summary>
    private static string FinalReportSections(FinalReportText text, Phrases p) => string.Join("\n", new[]
    {
        (p["FinalReport.Summary"], text.Summary), (p["FinalReport.Impact"], text.Impact), (p["FinalReport.Cause"], text.Cause),
        (p["FinalReport.Measures"], FinalReportMeasures(text.Measures, p)),
    }.Select(s => p["Stakeholder.Marker"] + s.Item1 + "\n" + s.Item2));

    private sealed record OverviewPageView(
        string Lang, string Title, string Id, string Heading, string ReadOnly, IReadOnlyList<Fact> Facts, IReadOnlyList<SentNoticeView> Notices, string AsOf);

    /// <summary>
    /// A notice in the history: its heading as its mail's opening (第n報（SEV2・原因特定）：… in the reader's series; unnumbered in the
    /// general view), when, who wrote the update, what they wrote, the changes the heading did not say, and to whom with each
    /// audience's own number (the general view only).
    /// </summary>
    private sealed record SentNoticeView(string Lead, string When, string WhenIso, string? By, string? Text, string? Changes, string? SentTo);
}
