using Microsoft.Extensions.Options;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Retros;

/// <summary>
/// The retros still owed from incidents before a report's days and past due today, for the monthly report's email and card
/// (<see cref="IncidentReportMailer"/>) and the report's page alike: one rule, so an October SEV1 whose retro nobody wrote is
/// before the leads wherever they read November's report. Past due "today", whatever month the report is of: that is what a
/// lead opening an old month's page wants to know, and the page says the day.
/// </summary>
public sealed class PastDueRetroService(
    RetroBacklog backlog,
    IWorkingCalendar calendar,
    TimeProvider time,
    IOptions<IncidentOptions> incidentOptions,
    IOptions<RetroOptions> retroOptions,
    IOptions<TeamOptions> team)
{
    /// <summary>Past-due retros listed at most (then 「ほか N件」); the card shows fewer of them.</summary>
    public const int MaxListed = 10;

    /// <summary>
    /// The retros still owed from incidents detected before <paramref name="before"/> and past their due day today (the team's
    /// day), newest resolved first, at most <see cref="MaxListed"/>, with how many in all. Read from the retro reminders'
    /// <see cref="RetroBacklog"/> — the incidents resolved in the last <see cref="RetroOptions.LookBackDays"/> (120 days unless
    /// set) and a point read of each one's retro, never the whole history — so the list names what the reminders chase, no
    /// older: a retro owed since before that horizon is no longer listed. Owed, due and who owes it as the reminders decide
    /// (<see cref="RetroDue"/>, <see cref="RetroNudger.Owers"/>).
    /// </summary>
    public async Task<PastDueRetroList> ComputeAsync(DateOnly before, CancellationToken cancellationToken)
    {
        var zone = incidentOptions.Value.Zone;
        var retro = retroOptions.Value;
        var now = time.GetUtcNow();
        var today = TimeZones.DateAt(now, zone);
        var owed = (await backlog.LoadAsync(now, cancellationToken))
            .Where(e => e.Retro is null && TimeZones.DateAt(e.Incident.DetectedAt, zone) < before && RetroDue.IsOwed(e.Incident, retro.SelfResolvedGrace))
            .Select(e => (e.Incident, Due: RetroDue.Of(e.Incident, zone, retro.DueWorkingDays, calendar)))
            .Where(e => e.Due < today)
            .OrderByDescending(e => e.Incident.ResolvedAt).ThenBy(e => e.Incident.Id, StringComparer.Ordinal)
            .ToList();
        return new PastDueRetroList(today, before, [.. owed.Take(MaxListed).Select(e => new PastDueRetro(
            e.Incident.Id, e.Incident.Title, e.Incident.HighestSeverity, TimeZones.DateAt(e.Incident.ResolvedAt!.Value, zone), e.Due,
            [.. RetroNudger.Owers(e.Incident).Select(a => a.DisplayName)])
        {
            Refusal = e.Incident.Refusal,
            Confidential = e.Incident.Confidential,
            Link = RetroNudger.RetroLink(team.Value, e.Incident.Id),
        })], owed.Count);
    }
}
