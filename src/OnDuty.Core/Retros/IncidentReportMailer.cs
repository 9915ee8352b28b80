using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;

namespace OnDuty.Core.Retros;

/// <summary>
/// The monthly incident report (障害月次レポート): on the first working day of a month (the team's calendar: weekends,
/// holidays and closures skipped), from <see cref="ReportOptions.MonthlyReportLocalTime"/>, the report of the month before is
/// emailed to <see cref="ReportOptions.MonthlyReportTo"/>, or to the leads; a day missed is caught up on the days after it
/// (<see cref="CatchUpDays"/>). Each reader gets it once: its outbox id
/// (<see cref="OutboxIds.MonthlyReportTopic"/>) is the guard, looked up first so a later run that day computes nothing.
/// A reader on the roster gets it in their language, anyone else in the team's. With <see cref="ReportOptions.MonthlyReportToTeams"/>
/// the team's Teams channel gets it as a card too, once. The email also says each member's load over the month (<see cref="LoadReportService"/>:
/// weeks on duty, pages out of hours, incidents handled), so a lead sees who carried the nights without opening another page;
/// and the retros still owed from incidents detected before the month and past due that day (<see cref="PastDueRetroService"/>; the card lists the first few),
/// so an October SEV1 whose retro is still not written stays before the leads in November's report.
/// </summary>
public sealed class IncidentReportMailer(
    IncidentReportService reports,
    LoadReportService loads,
    PastDueRetroService pastDueRetros,
    IRosterRepository roster,
    IWorkingCalendar calendar,
    IOutboxStore store,
    OutboxDispatcher outbox,
    INoticeRenderer renderer,
    TimeProvider time,
    IOptions<ReportOptions> options,
    IOptions<IncidentOptions> incidentOptions,
    IOptions<TeamOptions> team,
    IOptions<OutboxOptions> outboxOptions,
    ITeamsChannel teams,
    ILogger<IncidentReportMailer> logger)
{
    /// <summary>Queues the month before's report if today is the month's first working day; returns how many were queued for the first time.</summary>
    public async Task<int> SendMonthlyAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.MonthlyReport)
        {
            return 0;
        }

        var local = TimeZoneInfo.ConvertTime(time.GetUtcNow(), incidentOptions.Value.Zone);
        var today = DateOnly.FromDateTime(local.DateTime);
        var first = FirstWorkingDay(today);
        if (today < first || today.DayNumber - first.DayNumber >= CatchUpDays
            || (today == first && TimeOnly.FromDateTime(local.DateTime) < options.Value.MonthlyReportLocalTime))
        {
            return 0;
        }

        var (from, to) = IncidentReportService.MonthBefore(today);
        var topic = OutboxIds.MonthlyReportTopic(from);
        var readers = Readers();
        var pending = new List<string>();
        foreach (var address in readers)
        {
            if (await store.GetAsync(OutboxIds.Email(topic, address), cancellationToken) is null)
            {
                pending.Add(address);
            }
        }

        // The team's channel too, when asked for (Reports__MonthlyReportToTeams) and a channel is configured.
        var card = options.Value.MonthlyReportToTeams && teams.Enabled && await store.GetAsync(OutboxIds.Teams(topic), cancellationToken) is null;
        if (pending.Count == 0 && !card)
        {
            return 0;
        }

        var report = await reports.ComputeAsync(from, to, cancellationToken);
        IReadOnlyList<MemberLoad> load = pending.Count == 0 ? [] : (await loads.ComputeAsync(from, to, aheadWeeks: 0, cancellationToken)).Members;
        // Once for the emails and the card: the same retros past due in both.
        var pastDue = await pastDueRetros.ComputeAsync(from, cancellationToken);
        var members = (await roster.LoadRosterAsync(cancellationToken)).Values
            .Where(m => m.Active && !string.IsNullOrWhiteSpace(m.Email))
            .GroupBy(m => m.Email.Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var baseUrl = team.Value.BaseUrl;
        string? Link(Language language) => baseUrl is null ? null
            : string.Create(CultureInfo.InvariantCulture, $"{baseUrl}/api/reports/incidents/page?lang={(language == Language.Ja ? "ja" : "en")}&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
        var messages = pending.Select(address =>
        {
            var member = members.GetValueOrDefault(address);
            var language = member?.Language ?? team.Value.TeamLanguage;
            return OutboxMessage.ForEmail(topic, address, member?.DisplayName, renderer.Email(new IncidentReportNotice(language, report) { Link = Link(language), Load = load, PastDue = pastDue }));
        }).ToList();
        if (card)
        {
            messages.Add(OutboxMessage.ForTeams(topic, renderer.Card(new IncidentReportNotice(team.Value.TeamLanguage, report) { Link = Link(team.Value.TeamLanguage), PastDue = pastDue })));
        }

        var queued = await outbox.EnqueueAsync(messages, cancellationToken);
        logger.LogInformation("Monthly incident report for {Month:yyyy-MM}: {Count} queued ({Incidents} incidents)", from, queued.Count, report.Totals.Incidents);
        return queued.Count;
    }

    /// <summary>
    /// Days from the first working day on which a report not sent yet still goes out (a day with every run failed, or a local
    /// time after the last run, is caught up the next day): a week, but never as long as sent messages are kept
    /// (<c>Outbox__Retention</c>), since the sent email is the guard against sending it twice.
    /// </summary>
    private int CatchUpDays => Math.Clamp((int)outboxOptions.Value.Retention.TotalDays - 1, 1, 7);

    /// <summary>The month's first working day on the team's calendar (its first day when the whole month is closed).</summary>
    public DateOnly FirstWorkingDay(DateOnly day)
    {
        var first = new DateOnly(day.Year, day.Month, 1);
        for (var d = first; d.Month == first.Month; d = d.AddDays(1))
        {
            if (calendar.IsWorkingDay(d))
            {
                return d;
            }
        }

        return first;
    }

    private List<string> Readers()
    {
        var to = options.Value.MonthlyReportTo.Count > 0 ? options.Value.MonthlyReportTo : incidentOptions.Value.Leads;
        return [.. to.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];
    }
}
