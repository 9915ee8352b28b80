using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Retros;

/// <summary>
/// Counts a rotation's duty report, as a pure function of who was on duty when (<see cref="DutySpans"/>) and what paged whom:
/// <list type="bullet">
/// <item>duty days: the days of the range (in the rotation's time zone) on which the member was on duty at any time — the day of a
/// 10:00 handoff counts for both the member handing over and the one taking over, and a cover of 19:00–23:00 counts that day for
/// the replacement and still for the member covered (on duty the rest of it); duty hours say how much of each;</item>
/// <item>holiday duty days: those of them that are not working days in the team's calendar (weekends, public holidays such as
/// 祝日, company closures) — the calendar the rotation moves its handoffs off;</item>
/// <item>duty hours: the hours on duty within the range, to a tenth;</item>
/// <item>pages: page and escalation steps sent in the range to the member (<see cref="TimelineEntry.PagesMember"/>), of any incident,
/// whether or not they were on duty then; out of hours: those sent outside working hours in the member's own time zone or on a
/// day that is not a working day (as the load report counts them);</item>
/// <item>acknowledged: incidents that paged the member in the range and that the member acknowledged — whoever the acknowledgement
/// names by the load report's rule (<see cref="IncidentResponders"/>: member id, their address then or now, their name).</item>
/// </list>
/// </summary>
public static class DutyReportCalculator
{
    public static IReadOnlyList<MemberDuty> Compute(
        IReadOnlyDictionary<string, Member> roster,
        IReadOnlyList<DutySpan> spans,
        IReadOnlyList<LoadIncident> incidents,
        ReportRange range,
        TimeZoneInfo zone,
        IWorkingCalendar calendar,
        ReportOptions options)
    {
        var clipped = spans
            .Where(s => s.Overlaps(range.Start, range.End))
            .Select(s => s with { From = s.From > range.Start ? s.From : range.Start, To = s.To < range.End ? s.To : range.End })
            .ToList();
        // Who acknowledged each incident, as the load report and the 障害報告書 name responders (IncidentResponders): an acknowledgement
        // by the address a member was paged at and has changed since, or by their name, is theirs. Narrower than the load report's
        // incidents handled on purpose: 「うち対応開始」 is the answer to the page (the allowance's count of pages answered), not any
        // later update or edit — so the acknowledgement row only, not TookOver (a takeover of one held is no answer to a page).
        var members = roster.Values.ToList();
        var acknowledgedBy = incidents.ToDictionary(i => i, i => IncidentResponders.Of(i.Incident, i.Timeline, members).Acknowledged);
        var result = new List<MemberDuty>();
        foreach (var memberSpans in clipped.GroupBy(s => s.MemberId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var id = memberSpans.Key;
            var member = roster.GetValueOrDefault(id);
            var days = new SortedSet<DateOnly>();
            foreach (var span in memberSpans)
            {
                // Every day the span touches: the last instant it holds is just before To (a span ending at midnight leaves the next day out).
                for (var day = TimeZones.DateAt(span.From, zone); day <= TimeZones.DateAt(span.To.AddTicks(-1), zone); day = day.AddDays(1))
                {
                    days.Add(day);
                }
            }

            var holidays = days.Where(d => !calendar.IsWorkingDay(d)).ToList();
            var memberZone = member?.ZoneOr(zone) ?? zone;
            var pages = member is null ? [] : incidents
                .SelectMany(i => i.Timeline.Where(e => range.Contains(e.At) && e.PagesMember(member)).Select(e => (i, e)))
                .ToList();
            var paged = pages.Select(p => p.i).Distinct().ToList();
            result.Add(new MemberDuty(
                id,
                member?.DisplayName ?? id,
                member?.Active ?? false,
                days.Count,
                holidays.Count,
                Math.Round(memberSpans.Sum(s => s.Hours), 1),
                pages.Count,
                pages.Count(p => !LoadReportCalculator.IsWorkingTime(p.e.At, memberZone, calendar, options)),
                paged.Count(i => acknowledgedBy[i].Contains(id, StringComparer.OrdinalIgnoreCase)))
            {
                Days = [.. days],
                HolidayDays = holidays,
                IncidentsPaged = paged.Count,
            });
        }

        return result;
    }
}
