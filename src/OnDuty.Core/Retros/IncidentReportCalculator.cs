using OnDuty.Core.Alerts;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Retros;

/// <summary>
/// The incident report as a pure function of what happened (easy to check by hand): counts, times to acknowledge and
/// resolve per severity, retros owed and overdue, recurring alert groups and the areas hit. See <see cref="IncidentReport"/>.
/// </summary>
public static class IncidentReportCalculator
{
    /// <summary>Recurring groups, areas and overdue retros a report lists at most.</summary>
    public const int MaxListed = 10;

    /// <summary>Incidents a report lists at most (newest first); the CSV export has them all.</summary>
    public const int MaxRows = 50;

    private static readonly AlertSeverity[] Severities = [AlertSeverity.Sev1, AlertSeverity.Sev2, AlertSeverity.Sev3, AlertSeverity.Sev4];

    /// <summary>The report of <paramref name="range"/> beside <paramref name="previous"/>, from the incidents of both (others are left out).</summary>
    public static IncidentReport Compute(
        ReportRange range,
        ReportRange previous,
        IReadOnlyList<ReportIncident> incidents,
        bool truncated,
        DateOnly today,
        TimeZoneInfo zone,
        string timeZone,
        IWorkingCalendar calendar,
        ReportOptions options,
        int retroDueWorkingDays,
        TimeSpan? selfResolvedGrace = null)
    {
        var current = incidents.Where(i => range.Contains(i.Incident.DetectedAt)).ToList();
        var outages = current.Where(i => i.Incident.MergedInto is null).ToList();
        var severities = Severities.Select(severity =>
        {
            // By the highest severity it held: a SEV1 lowered to SEV2 once the cause was found is still the month's SEV1.
            var of = outages.Where(i => MaxSeverity(i) == severity).ToList();
            var acks = of.Select(AckMinutes).OfType<double>().ToList();
            var resolves = of.Select(ResolveMinutes).OfType<double>().ToList();
            return new SeverityStats(
                severity, of.Count, acks.Count, Percentile(acks, 0.5), Percentile(acks, 0.9), resolves.Count, Percentile(resolves, 0.5), Percentile(resolves, 0.9),
                of.Count(Escalated), of.Count(AutoResolvedUnacknowledged))
            {
                AcknowledgedByTool = of.Count(AcknowledgedByToolOnly),
                AckMinutesMax = Longest(acks),
                ResolveMinutesMax = Longest(resolves),
            };
        }).ToList();

        DateOnly Due(ReportIncident i) => RetroDue.Of(i.Incident, zone, retroDueWorkingDays, calendar);
        ReportIncidentRef Named(ReportIncident i) => new(i.Incident.Id, i.Incident.Title, i.Incident.Severity) { RetroDue = Due(i), Refusal = i.Incident.Refusal, Confidential = i.Incident.Confidential };
        var owed = outages.Where(i => RetroDue.IsOwed(i.Incident, selfResolvedGrace)).ToList();
        var unwritten = owed.Where(i => i.Retro is null).ToList();
        var overdue = unwritten.Where(i => Due(i) < today).OrderBy(i => i.Incident.ResolvedAt).ToList();
        var pending = unwritten.Where(i => Due(i) >= today).OrderBy(Due).ThenBy(i => i.Incident.ResolvedAt).ToList();
        var items = current.Where(i => i.Retro is not null).SelectMany(i => i.Retro!.ActionItems ?? []).ToList();
        var finalExpected = outages.Where(i => FinalReportDue.IsExpected(i.Incident)).ToList();
        var finalOwed = finalExpected.Where(i => FinalReportDue.IsOwed(i.Incident, i.Retro is not null)).OrderBy(i => i.Incident.ResolvedAt).ToList();
        var retros = new RetroStats(
            owed.Count,
            owed.Count(i => i.Retro is not null),
            overdue.Count,
            items.Count,
            items.Count(a => a.Status == ActionItemStatus.Done),
            items.Count(a => a.Status == ActionItemStatus.Open && a.Due is { } due && due < today),
            [.. overdue.Take(MaxListed).Select(Named)])
        {
            PendingIncidents = [.. pending.Take(MaxListed).Select(Named)],
            WrittenLate = owed.Count(i => WrittenLate(i, Due(i), zone)),
            FinalReportsExpected = finalExpected.Count,
            FinalReportsSent = finalExpected.Count(i => i.Incident.Comms.FinalReport is not null),
            FinalReportsOwed = finalOwed.Count,
            FinalReportOwedIncidents = [.. finalOwed.Take(MaxListed).Select(i => new ReportIncidentRef(i.Incident.Id, i.Incident.Title, i.Incident.Severity) { Refusal = i.Incident.Refusal, Confidential = i.Incident.Confidential })],
        };

        var recurring = outages
            .Where(i => !string.IsNullOrEmpty(i.Incident.GroupKey))
            .GroupBy(i => i.Incident.GroupKey!, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g =>
            {
                var newest = g.OrderByDescending(i => i.Incident.DetectedAt).ToList();
                return new RecurringAlert(g.Key, newest[0].Incident.Title, newest.Count, newest[0].Incident.DetectedAt, [.. newest.Select(i => i.Incident.Id)]) { Refusal = newest[0].Incident.Refusal, Confidential = newest.Any(i => i.Incident.Confidential) };
            })
            .OrderByDescending(r => r.Incidents).ThenByDescending(r => r.LastDetectedAt)
            .Take(MaxListed)
            .ToList();

        // A confidential incident's areas are withheld like its impact: they are not counted by area.
        var areas = outages
            .Where(i => !i.Incident.Confidential)
            .SelectMany(i => i.Incident.AffectedAreas.Distinct(StringComparer.Ordinal))
            .GroupBy(a => a, StringComparer.Ordinal)
            .Select(g => new AreaCount(g.Key, g.Count()))
            .OrderByDescending(a => a.Incidents).ThenBy(a => a.Area, StringComparer.Ordinal)
            .Take(MaxListed)
            .ToList();

        return new IncidentReport(
            range.First, range.Last, timeZone, truncated,
            Totals(current, zone, calendar, options),
            previous.First, previous.Last,
            Totals([.. incidents.Where(i => previous.Contains(i.Incident.DetectedAt))], zone, calendar, options),
            severities, retros, recurring, areas)
        {
            AsOf = today,
            Months = Months(range, outages, zone),
            Incidents = [.. outages
                .OrderByDescending(i => i.Incident.DetectedAt).ThenByDescending(i => i.Incident.Id, StringComparer.Ordinal)
                .Take(MaxRows)
                .Select(i => RowOf(i, zone, calendar, retroDueWorkingDays, selfResolvedGrace, today))],
        };
    }

    /// <summary>The outages of each calendar month <paramref name="range"/> touches, by the highest severity held.</summary>
    private static List<MonthCount> Months(ReportRange range, IReadOnlyList<ReportIncident> outages, TimeZoneInfo zone)
    {
        var months = new List<MonthCount>();
        for (var month = new DateOnly(range.First.Year, range.First.Month, 1); month <= range.Last; month = month.AddMonths(1))
        {
            var of = outages.Where(i => TimeZones.DateAt(i.Incident.DetectedAt, zone) is var day && day.Year == month.Year && day.Month == month.Month)
                .Select(MaxSeverity).ToList();
            months.Add(new MonthCount(
                month, of.Count, of.Count(s => s == AlertSeverity.Sev1), of.Count(s => s == AlertSeverity.Sev2), of.Count(s => s == AlertSeverity.Sev3), of.Count(s => s == AlertSeverity.Sev4)));
        }

        return months;
    }

    /// <summary>
    /// An incident as the report lists it (the page, the JSON and the CSV alike): its retro's state as of <paramref name="today"/>, with
    /// its due day where one is owed and whether it was written late, and its final report (最終報) sent or owed.
    /// </summary>
    public static ReportIncidentRow RowOf(ReportIncident i, TimeZoneInfo zone, IWorkingCalendar calendar, int retroDueWorkingDays, TimeSpan? selfResolvedGrace, DateOnly today)
    {
        var incident = i.Incident;
        DateOnly? due = RetroDue.IsOwed(incident, selfResolvedGrace) ? RetroDue.Of(incident, zone, retroDueWorkingDays, calendar) : null;
        var retro = i.Retro is not null ? ReportRetroStatus.Written
            : due is { } day ? (day < today ? ReportRetroStatus.Overdue : ReportRetroStatus.Owed)
            : incident is { IsOpen: true, HighestSeverity: AlertSeverity.Sev1 or AlertSeverity.Sev2 } ? ReportRetroStatus.AfterRecovery
            : ReportRetroStatus.NotNeeded;
        return new ReportIncidentRow(
            incident.Id, incident.Title, incident.Severity, incident.Status, incident.DetectedAt, incident.IsOpen ? null : incident.ResolvedAt,
            ImpactMinutes(i), retro, due)
        {
            MaxSeverity = MaxSeverity(i) is var max && max < incident.Severity ? max : null,
            Refusal = incident.Refusal,
            RetroLate = due is { } owedBy && WrittenLate(i, owedBy, zone),
            FinalReportSentAt = incident.Comms.FinalReport?.At,
            FinalReportOwed = FinalReportDue.IsOwed(incident, i.Retro is not null),
            Confidential = incident.Confidential,
        };
    }

    /// <summary>Its retro was first saved on a day (team time zone) after <paramref name="due"/>.</summary>
    private static bool WrittenLate(ReportIncident i, DateOnly due, TimeZoneInfo zone) =>
        i.Retro is not null && i.RetroWrittenAt is { } at && TimeZones.DateAt(at, zone) > due;

    /// <summary>
    /// The highest severity the incident held (SEV1 the highest): its current one or any it was raised or lowered from on its
    /// timeline (<see cref="SeverityStep.History"/>).
    /// </summary>
    public static AlertSeverity MaxSeverity(ReportIncident i) =>
        SeverityStep.History(i.Incident, i.Timeline).Select(s => s.Severity).Append(i.Incident.HighestSeverity).Min();

    /// <summary>
    /// Minutes users were affected (影響時間): the incident's <see cref="ImpactSpan"/>, as its 障害報告書, recovery notice and 障害の
    ///状況 say it — from its start (before detection when a person says so) to its last recovery, a reopen's quiet spell
    /// included (it was not over at the first recovery), so the list and the report never disagree; null while open.
    /// </summary>
    public static double? ImpactMinutes(ReportIncident i) => ImpactSpan.Of(i.Incident) is { } span ? Minutes(span.Length) : null;

    /// <summary>
    /// Minutes the incident was open from detection to its first acknowledgement, without the quiet spells between a
    /// resolution and the reopen that followed it (a flapping alert acknowledged only at its reopen is not days late); null when
    /// nobody acknowledged it.
    /// </summary>
    public static double? AckMinutes(ReportIncident i) => FirstAcknowledged(i) is { } at ? OpenMinutes(i, at) : null;

    /// <summary>
    /// When a person first acknowledged it (the timeline's first acknowledgement by a person, else the record's when a person's);
    /// null if no person did. A tool's acknowledgement (<c>alert:{source}</c>, a PagerDuty-style <c>acknowledge</c>) is not one:
    /// nobody in OnDuty took it (trial 35 M5: two test-script acks read as 「対応開始 約0分」); it counts in <see cref="AcknowledgedByToolOnly"/>.
    /// </summary>
    public static DateTimeOffset? FirstAcknowledged(ReportIncident i) =>
        i.Timeline.Where(e => e.Kind == TimelineKind.Acknowledged && !Incident.IsMonitoring(e.By)).Select(e => (DateTimeOffset?)e.At).Min()
        ?? (i.Incident.IsAcknowledged && !Incident.IsMonitoring(i.Incident.AcknowledgedBy) ? i.Incident.AcknowledgedAt : null);

    /// <summary>Only a monitoring tool acknowledged it (its sender's <c>acknowledge</c>), never a person: unacknowledged, said apart.</summary>
    public static bool AcknowledgedByToolOnly(ReportIncident i) =>
        FirstAcknowledged(i) is null
        && (i.Timeline.Any(e => e.Kind == TimelineKind.Acknowledged && Incident.IsMonitoring(e.By)) || (i.Incident.IsAcknowledged && Incident.IsMonitoring(i.Incident.AcknowledgedBy)));

    /// <summary>
    /// Minutes to resolve, from the start as <see cref="ImpactMinutes"/> counts it: from the start (<see cref="Incident.StartedAt"/>) when it
    /// is before detection — a late declaration (impact from 21:40 the day before, declared 21:44) is a 24-hour outage, not 7
    /// minutes — else from detection, to the resolution, without the quiet spells between a resolution and the reopen that
    /// followed it; null while it is open.
    /// </summary>
    /// <remarks>
    /// The resolution is when users stopped being affected as a person gave it (<see cref="IncidentEdit.ResolvedAt"/>), which
    /// may lie before detection (it recovered before anyone declared it): then the minutes from the start to it.
    /// </remarks>
    public static double? ResolveMinutes(ReportIncident i)
    {
        if (i.Incident.IsOpen || i.Incident.ResolvedAt is not { } resolved)
        {
            return null;
        }

        var (detected, started) = (i.Incident.DetectedAt, Min(i.Incident.StartedAt, i.Incident.DetectedAt));
        return resolved <= detected ? Minutes(resolved - started) : OpenMinutes(i, resolved) + Minutes(detected - started);
    }

    /// <summary>Minutes from detection to <paramref name="until"/> less the quiet spells (resolved, then reopened) before it.</summary>
    private static double OpenMinutes(ReportIncident i, DateTimeOffset until)
    {
        var quiet = TimeSpan.Zero;
        DateTimeOffset? resolvedAt = null;
        foreach (var entry in i.Timeline.Where(e => e.At <= until).OrderBy(e => e.At))
        {
            if (entry.Kind == TimelineKind.Resolved)
            {
                resolvedAt = entry.At;
            }
            else if (entry.Kind == TimelineKind.Reopened && resolvedAt is { } r)
            {
                quiet += entry.At - r;
                resolvedAt = null;
            }
        }

        return Minutes(until - i.Incident.DetectedAt - quiet);
    }

    /// <summary>The largest of the values; null for none.</summary>
    private static double? Longest(IReadOnlyList<double> values) => values.Count == 0 ? null : values.Max();

    /// <summary>Nearest-rank percentile (one of the values, as exact as they are); null for no values.</summary>
    public static double? Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static IncidentTotals Totals(IReadOnlyList<ReportIncident> current, TimeZoneInfo zone, IWorkingCalendar calendar, ReportOptions options)
    {
        var outages = current.Where(i => i.Incident.MergedInto is null).ToList();
        var acks = outages.Select(AckMinutes).OfType<double>().ToList();
        var resolves = outages.Select(ResolveMinutes).OfType<double>().ToList();
        var acksFromReached = outages.Select(AckFromReachedMinutes).OfType<double>().ToList();
        return new IncidentTotals(
            outages.Count,
            current.Count - outages.Count,
            // By how it was opened, merged or not: a declaration merged into a monitoring incident was still declared.
            current.Count(i => i.Incident.Source == Incident.ManualSource),
            current.Count(i => i.Incident.Source != Incident.ManualSource),
            outages.Count(i => i.Incident.IsOpen),
            outages.Count(i => i.Incident.ReopenCount > 0 || i.Timeline.Any(e => e.Kind == TimelineKind.Reopened)),
            outages.Count(Escalated),
            outages.Count(i => i.Timeline.Any(e => e.Kind == TimelineKind.Unreached)),
            outages.Count(i => !LoadReportCalculator.IsWorkingTime(i.Incident.DetectedAt, zone, calendar, options)),
            acks.Count,
            outages.Count(AutoResolvedUnacknowledged),
            Percentile(acks, 0.5), Percentile(acks, 0.9), Percentile(resolves, 0.5), Percentile(resolves, 0.9))
        {
            AcknowledgedByTool = outages.Count(AcknowledgedByToolOnly),
            AckMinutesMax = Longest(acks),
            ResolveMinutesMax = Longest(resolves),
            DeclaredMerged = current.Count(i => i.Incident.MergedInto is not null && i.Incident.Source == Incident.ManualSource),
            FromMonitoringMerged = current.Count(i => i.Incident.MergedInto is not null && i.Incident.Source != Incident.ManualSource),
            PagesLate = outages.Count(PagedLate),
            AckFromReachedMinutesP50 = Percentile(acksFromReached, 0.5),
            AckFromReachedMinutesP90 = Percentile(acksFromReached, 0.9),
            HeldForMaintenance = outages.Count(i => i.Incident is { PagesHeldUntil: not null, PagesHeldFromStep: null }),
        };
    }

    /// <summary>A page of it reached a person more than <see cref="Notifications.LatePagesCheck.Late"/> after it was queued (<see cref="TimelineEntry.Late"/>).</summary>
    public static bool PagedLate(ReportIncident i) => i.Timeline.Any(e => e.Step is not null && e.Late > Notifications.LatePagesCheck.Late);

    /// <summary>
    /// When a page of it first reached a person: its first delivery row of a step to anyone but the Teams channel, not reported
    /// undelivered afterwards (<see cref="PageReach.Deliveries"/>); null when none did.
    /// </summary>
    public static DateTimeOffset? FirstReached(ReportIncident i) =>
        PageReach.Deliveries(i.Timeline).Select(e => (DateTimeOffset?)e.At).Min();

    /// <summary>
    /// Minutes from <see cref="FirstReached"/> to <see cref="FirstAcknowledged"/>, quiet spells left out as in <see cref="AckMinutes"/>;
    /// null when nobody acknowledged it or no page reached anyone before.
    /// </summary>
    public static double? AckFromReachedMinutes(ReportIncident i) =>
        FirstAcknowledged(i) is { } acked && FirstReached(i) is { } reached && reached <= acked ? Math.Max(0, OpenMinutes(i, acked) - OpenMinutes(i, reached)) : null;

    /// <summary>
    /// Resolved by monitoring (its alert's resolution, or OnDuty itself) before anybody acknowledged it: not acknowledged, as
    /// PagerDuty counts an incident resolved unacknowledged, but said apart so a lead can tell noise from pages nobody answered.
    /// A person who resolves without acknowledging leaves it unacknowledged too, not auto-resolved.
    /// </summary>
    public static bool AutoResolvedUnacknowledged(ReportIncident i) =>
        !i.Incident.IsOpen
        && FirstAcknowledged(i) is null
        && i.Timeline.Where(e => e.Kind == TimelineKind.Resolved).MaxBy(e => e.At) is { By: { } by }
        && !Incident.IsPerson(by);

    private static bool Escalated(ReportIncident i) => i.Timeline.Any(e => e.Kind == TimelineKind.Escalated);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>
    /// Exact minutes, never rounded here: what shows them rounds once, from the exact value (<c>DurationText.About</c> to the
    /// minute, hour or day; the CSV to a tenth). Rounded here too, 59.46 became 59.5 and then 「約1時間」 instead of 「約59分」.
    /// </summary>
    private static double Minutes(TimeSpan span) => Math.Max(0, span.TotalMinutes);
}
