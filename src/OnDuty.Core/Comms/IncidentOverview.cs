using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Comms;

/// <summary>
/// What the stakeholders have been told about an incident, for the read-only view their notices link
/// (<c>/api/incidents/{id}/overview</c>): the record as it stands, every notice sent (newest first), when the next one is
/// due as promised, and the cause as the recovery notice said it. Nothing of the duty pair's working (pages, acknowledgements,
/// drafts, alerts) is in it. Either for everyone (each notice with every audience and its own number) or for one audience's
/// readers (<see cref="Audience"/>): only what it was told, numbered in its own series, as its notices were.
/// </summary>
public sealed record IncidentOverview(Incident Incident, IReadOnlyList<SentNotice> Notices)
{
    /// <summary>
    /// The audience whose series the view is in (its name as the incident recorded it); null: the general view, for no one
    /// reader (the duty pair's link, or a <c>for</c> naming an audience this incident told nothing).
    /// </summary>
    public string? Audience { get; init; }

    /// <summary>
    /// The incidents merged into it the view names (統合済み): in one audience's view only those it was told about; null: all of
    /// <see cref="Incident.MergedIncidents"/> (the general view).
    /// </summary>
    public IReadOnlyList<string>? MergedShown { get; init; }

    /// <summary>
    /// While open (or its recovery notice is owed) and once a notice went out: when the next one is due, as the last update promised it, else the severity's
    /// update interval from that update rounded up (<see cref="NextUpdatePromise.Told"/>, as the notices say ■次回の更新予定); null
    /// otherwise.
    /// </summary>
    public DateTimeOffset? NextUpdateBy { get; init; }

    /// <summary>
    /// For a duplicate merged into another (<see cref="Incident.MergedInto"/>): when that one's next update is due, as its readers
    /// were last told (<see cref="NextUpdatePromise.LastTold"/>) while it is open; null when it gave none or is over.
    /// </summary>
    public DateTimeOffset? ContinuedNextUpdateBy { get; init; }

    /// <summary>
    /// For a duplicate merged into another: that one recovered and its readers were told so (resolved, no recovery notice owed),
    /// so the duplicate's readers read it as over, not as still being handled there.
    /// </summary>
    public bool ContinuedRecovered { get; init; }

    /// <summary>
    /// The final report (最終報) sent after the retro (<see cref="TimelineKind.FinalReportSent"/>), in the view for one audience only when
    /// it went to that audience; null when none went (to them).
    /// </summary>
    public ToldFinalReport? FinalReport { get; init; }

    /// <summary>The last notice said the incident recovered (a person resolved it): its ■原因 and ■今後の対応 were sent.</summary>
    public bool RecoveryTold { get; init; }

    /// <summary>
    /// The cause as the recovery notice said it: the one a person gave with an update, else what a person wrote when setting
    /// 原因特定; null: it said the cause is still being looked into. Only meaningful with <see cref="RecoveryTold"/>.
    /// </summary>
    public string? Cause { get; init; }

    /// <summary>
    /// The overview of <paramref name="incident"/> from its whole <paramref name="timeline"/> (oldest first): each notice queued
    /// (<see cref="TimelineKind.StakeholdersNotified"/>) with the update by a person it carried — the latest one before it, as
    /// <see cref="StakeholderNotifier"/> picks it — and the status then. A notice that went to no audience is listed in the general
    /// view when it went to the incident's followers (<see cref="SentNotice.FollowersOnly"/>), else left out.
    /// </summary>
    /// <param name="interval">The update interval (<c>Comms__UpdateInterval__…</c>) of the severity the last notice said; null when reminders are off for it. Used only for a record stored before what the notice said was kept.</param>
    /// <param name="zone">The team's time zone, where the default promise is rounded (<see cref="NextUpdatePromise"/>).</param>
    /// <param name="audienceName">An audience's name as people call it (<see cref="CommsOptions.DisplayNameOf"/>); null keeps the configured name.</param>
    /// <param name="reader">
    /// The audience (configured name, any case) whose readers the view is for: only the notices it was sent, each numbered in its own
    /// series (an audience a severity raise added reads 第1報 first). One this incident never told, or null: the general view, each
    /// notice numbered in the longest series among its readers.
    /// </param>
    public static IncidentOverview From(
        Incident incident, IReadOnlyList<TimelineEntry> timeline, TimeSpan? interval, TimeZoneInfo zone, Func<string, string>? audienceName = null, string? reader = null)
    {
        // From the incident's own record, not the settings: a link outlives an audience renamed or removed since.
        var series = reader is null ? null : timeline
            .Where(e => e is { Kind: TimelineKind.StakeholdersNotified, Step: not null })
            .SelectMany(e => e.Recipients)
            .FirstOrDefault(a => string.Equals(a, reader, StringComparison.OrdinalIgnoreCase));
        var notices = new List<SentNotice>();
        var status = IncidentStatus.Investigating;
        TimelineEntry? carried = null;
        // Since the notice before: whether a person's update came (its changes are this notice's), and the severity rows.
        var updatedSince = false;
        (AlertSeverity From, AlertSeverity To)? severitySince = null;
        var anyNotice = false;
        // The status the notice before said (any reader's, as the mail's IncidentComms.ToldStatus is): a notice that says another says the change.
        IncidentStatus? statusTold = null;
        string? identified = null;
        var merged = false;
        // The severity the last notice said as the severity rows since moved it (what a notice said when its row keeps no change), and
        // when it last resolved.
        AlertSeverity? severityNow = null;
        DateTimeOffset? resolvedAt = null;
        ToldFinalReport? finalReport = null;
        var mergedText = incident.MergedInto is { } into ? string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.MergedInto, into) : null;
        foreach (var entry in timeline)
        {
            if (entry.Kind is TimelineKind.Resolved)
            {
                status = IncidentStatus.Resolved;
                resolvedAt = entry.At;
            }
            else if (entry.Status is { } changed)
            {
                status = changed;
            }

            switch (entry.Kind)
            {
                case TimelineKind.Opened:
                    carried ??= entry;
                    break;
                case TimelineKind.SeverityRaised or TimelineKind.SeverityLowered when TimelineStory.SeverityChange(entry) is { } severity:
                    severitySince = (severitySince?.From ?? severity.From, severity.To);
                    severityNow = severity.To;
                    break;
                case TimelineKind.Update or TimelineKind.Resolved when Incident.IsPerson(entry.By):
                    carried = entry;
                    updatedSince = true;
                    merged |= mergedText is not null && entry.Kind == TimelineKind.Resolved && entry.Message == mergedText;
                    if (entry is { Kind: TimelineKind.Update, Status: IncidentStatus.Identified, Message: { Length: > 0 } cause })
                    {
                        identified = cause;
                    }

                    break;
                case TimelineKind.FinalReportSent when series is null || entry.Recipients.Contains(series, StringComparer.OrdinalIgnoreCase):
                    finalReport = new ToldFinalReport(entry.At, entry.By, [.. entry.Recipients.Select(a => audienceName?.Invoke(a) ?? a)], entry.FinalReport);
                    break;
                // A correction (【訂正】) went to the same readers: the view says what is right, not what the final report first said.
                case TimelineKind.FinalReportCorrected when finalReport is not null && entry.FinalReport is not null:
                    finalReport = finalReport with { Text = entry.FinalReport };
                    break;
                case TimelineKind.StakeholdersNotified when entry.Step is not null:
                    // What changed since the notice before, as this one said it: a severity raised or lowered (as its row kept it; on a
                    // row from before that was kept, the severity rows since the notice before, none before the first notice: nothing
                    // was said yet), the details the carried update changed.
                    var changes = updatedSince ? carried?.Changes ?? [] : [];
                    // Kept on the notice's row since 12-07; a notice row from before: as the update it carried asked (kept since 12-06).
                    var alsoTold = entry.AlsoTold ?? (updatedSince ? carried?.AlsoTold : null) ?? [];
                    var severityChanged = entry is { SeverityFrom: { } said, SeverityTo: { } now } ? (From: said, To: now)
                        : anyNotice && severitySince is { } moved && moved.From != moved.To ? severitySince : null;
                    var statusWas = statusTold is { } toldStatus && toldStatus != status && toldStatus != IncidentStatus.Resolved ? toldStatus : (IncidentStatus?)null;
                    (updatedSince, severitySince, anyNotice, statusTold) = (false, null, true, status);
                    // One that went to no audience is listed when it went to the incident's followers (the general view only: no
                    // audience's series holds it), as the incident page's row says it.
                    if (entry is not { Step: { } number } || (entry.Recipients.Count == 0 && entry.Followers is not > 0))
                    {
                        break;
                    }

                    if (series is not null && !entry.Recipients.Contains(series, StringComparer.OrdinalIgnoreCase))
                    {
                        // Before the reader's audience was first told: not theirs to read.
                        break;
                    }

                    var audiences = entry.Recipients
                        .Select(a => new NoticeAudience(audienceName?.Invoke(a) ?? a, incident.Comms.NumberIn(a, number)))
                        .ToList();
                    var own = series is not null ? incident.Comms.NumberIn(series, number) : audiences.Count > 0 ? audiences.Max(a => a.Number) : number;
                    // Its readers' first notice said no change: they read no version before it (trial day 33 M0).
                    var first = own <= 1;
                    notices.Add(new SentNotice(own, entry.At, status)
                    {
                        By = carried?.By,
                        // A declaration carries no update of its own; the merge's row (stored in English) is said by the notice in its own words.
                        Text = carried is null || carried.Kind == TimelineKind.Opened || (merged && carried.Kind == TimelineKind.Resolved) ? null : carried.Message,
                        Merged = merged,
                        Audiences = audiences,
                        FollowersOnly = audiences.Count == 0 ? entry.Followers ?? 0 : 0,
                        Changes = first ? [] : changes,
                        AlsoTold = first ? [] : [.. alsoTold.Select(a => audienceName?.Invoke(a) ?? a)],
                        SeverityBefore = first ? null : severityChanged?.From,
                        StatusBefore = first ? null : statusWas,
                        SeverityNow = first ? null : severityChanged?.To,
                        StartMoved = first ? null : entry.StartMoved,
                        // A correction, to readers who read the notice it corrected (numbered in the same series as this one).
                        Corrections = !first && entry.Correction is { } correction && own - (number - correction.Corrects) >= 1 ? correction.Details : [],
                        Corrects = entry.Correction is { } corrected ? own - (number - corrected.Corrects) : 0,
                        // As its opening said them: the severity then (before any row moved it, the first notice's), a recovery's
                        // time (rows before 12-06: the resolving row's), a first notice's impact (none kept before 12-06: the title).
                        Severity = severityNow = entry.SeverityTo ?? severityNow ?? incident.Comms.FirstToldSeverity,
                        RecoveredAt = status == IncidentStatus.Resolved && !merged ? entry.RecoveredAt ?? resolvedAt : null,
                        Impact = first && !merged ? entry.Impact : null,
                    });
                    break;
            }
        }

        var last = notices.LastOrDefault();
        var recoveryTold = last is { Status: IncidentStatus.Resolved, Merged: false } && !incident.IsOpen && incident.MergedInto is null && !incident.RecoveryNoticeOwed;
        DateTimeOffset? next = null;
        // Open, or resolved by monitoring with no recovery notice yet: stakeholders still expect the next update they were told of.
        if ((incident.IsOpen || incident.RecoveryNoticeOwed) && last is not null)
        {
            // As the last notice said it (kept when it was queued): a severity raised or a reopen since does not change what
            // stakeholders were told. A record stored before that was kept has it worked out again (NextUpdatePromise.LastTold).
            next = NextUpdatePromise.LastTold(incident.Comms, interval, zone);
        }

        notices.Reverse();
        return new IncidentOverview(incident, notices)
        {
            Audience = series,
            NextUpdateBy = next,
            RecoveryTold = recoveryTold,
            FinalReport = finalReport,
            Cause = recoveryTold ? incident.Cause ?? identified : null,
        };
    }
}
