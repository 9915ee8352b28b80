using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Team;

/// <summary>
/// Whether a member is away on leave on a day, the last day of that leave as entered and the first working day back
/// (<see cref="LeaveAbsence"/>): the one reading that the update reminders, the handoff brief, the contacts of a stakeholder notice,
/// the pages and the retro reminders share (trial 56).
/// </summary>
public static class LeaveLookup
{
    /// <summary>Non-working days looked across at most (a year-end closure with its weekends is about ten).</summary>
    private const int MaxNonWorkingRun = 31;

    /// <summary>
    /// <paramref name="memberId"/>'s leave that includes <paramref name="today"/> (leave entered back to back taken as one): its last
    /// day and the first working day after it; null when they are not on leave. Throws <see cref="Common.DependencyUnavailableException"/> as the roster does.
    /// </summary>
    /// <param name="calendar">
    /// With the team's calendar, leave also runs on over the non-working days that follow it (and bridges to leave that starts after
    /// them): leave to a Friday holds over the weekend, and they are back on Monday (trial 56: from Saturday a reminder every 4 h
    /// piled up for Monday). Without it, the leave's own days only.
    /// </param>
    /// <param name="teamZone">
    /// The team's zone, whose date <paramref name="today"/> is: leave of a member in another zone is read in the team's dates it touches
    /// (<see cref="Leave.DatesIn(Member?, TimeZoneInfo)"/>, trial 59; their member row is read only when they have leave and
    /// <paramref name="members"/> does not hold them). Null: as entered.
    /// </param>
    /// <param name="members">The roster as the caller already read it, when it did: its zone of the member is used, not read again.</param>
    /// <param name="at">
    /// The instant it is read at (<paramref name="today"/> is its date in <paramref name="teamZone"/>): with the team's zone, a member in
    /// another zone is away while her leave's days, in her calendar, hold at that instant (<see cref="AwayAt"/>, trial 61: at 26 Dec
    /// 18:00 JST Emma, whose leave in San Francisco ended with her 25 Dec at 17:00 JST, is back). Null: in the team's dates.
    /// </param>
    public static async Task<LeaveAbsence?> AwayUntilAsync(this IRosterRepository roster, string memberId, DateOnly today, IWorkingCalendar? calendar, CancellationToken cancellationToken, TimeZoneInfo? teamZone = null, IReadOnlyCollection<Member>? members = null, DateTimeOffset? at = null)
    {
        var leave = await roster.ListLeaveForMemberAsync(memberId, cancellationToken);
        if (teamZone is not null && leave.Count > 0)
        {
            var member = members?.FirstOrDefault(m => m.Id == memberId) ?? (await roster.GetMemberAsync(memberId, cancellationToken))?.Value;
            if (at is { } now && member is not null && Leave.ZoneOf(member, teamZone) is var own && !Leave.SameZone(own, teamZone))
            {
                return AwayAt(leave, now, own, teamZone, calendar);
            }

            leave = [.. leave.Select(l => l.DatesIn(member, teamZone))];
        }

        return AwayUntil(leave, today, calendar);
    }

    /// <summary>
    /// Whether a member of <paramref name="memberZone"/> is on leave at <paramref name="at"/>: <see cref="AwayUntil"/> on the date it is
    /// there, so she is away exactly while her leave's <see cref="Leave.Span(TimeZoneInfo)"/> holds (and, with the team's calendar, over
    /// the non-working days after it, in her dates), with <see cref="LeaveAbsence.Abroad"/>: when that ends and she is back, to be said
    /// in <paramref name="teamZone"/>'s terms.
    /// </summary>
    public static LeaveAbsence? AwayAt(IEnumerable<Leave> leave, DateTimeOffset at, TimeZoneInfo memberZone, TimeZoneInfo teamZone, IWorkingCalendar? calendar)
    {
        if (AwayUntil(leave, TimeZones.DateAt(at, memberZone), calendar) is not { } own)
        {
            return null;
        }

        return Leave.SameZone(memberZone, teamZone)
            ? own
            : own with { Abroad = (TimeZones.StartOfDay(own.LastDay.AddDays(1), memberZone), TimeZones.StartOfDay(own.BackOn, memberZone), teamZone) };
    }

    /// <inheritdoc cref="AwayUntilAsync"/>
    public static LeaveAbsence? AwayUntil(IEnumerable<Leave> leave, DateOnly today, IWorkingCalendar? calendar)
    {
        var sorted = leave.OrderBy(l => l.From).ThenBy(l => l.To).ToList();
        DateOnly? last = null;
        foreach (var l in sorted.Where(l => l.From <= today && RunsTo(l.To, today, calendar, inclusive: true)))
        {
            last = last is { } known && known >= l.To ? known : l.To;
        }

        if (last is null)
        {
            return null;
        }

        // Leave entered after it, from the next day or after non-working days only, is the same absence.
        foreach (var l in sorted.Where(l => l.To > last && l.From > today))
        {
            if (RunsTo(last.Value, l.From, calendar, inclusive: false))
            {
                last = l.To;
            }
        }

        return new LeaveAbsence(last.Value, BackOn(last.Value, calendar), today);
    }

    /// <summary>The first working day after <paramref name="lastDay"/> (the next day without a calendar, or past a run of non-working days too long to be one).</summary>
    private static DateOnly BackOn(DateOnly lastDay, IWorkingCalendar? calendar)
    {
        for (var d = lastDay.AddDays(1); calendar is not null && d.DayNumber - lastDay.DayNumber <= MaxNonWorkingRun; d = d.AddDays(1))
        {
            if (calendar.IsWorkingDay(d))
            {
                return d;
            }
        }

        return lastDay.AddDays(1);
    }

    /// <summary>
    /// Of <paramref name="memberIds"/>, those on leave <paramref name="today"/> (<see cref="AwayUntilAsync(IRosterRepository, string, DateOnly, IWorkingCalendar?, CancellationToken)"/>),
    /// by member id, with that leave; one leave read each. A member whose leave cannot be read is left out, after
    /// <paramref name="unreadable"/> says so: each caller says what that means for them (reminded as ever, told as not on leave).
    /// </summary>
    public static async Task<Dictionary<string, LeaveAbsence>> AwayUntilAsync(
        this IRosterRepository roster, IEnumerable<string> memberIds, DateOnly today, IWorkingCalendar? calendar, Action<string, DependencyUnavailableException> unreadable, CancellationToken cancellationToken, TimeZoneInfo? teamZone = null,
        IReadOnlyCollection<Member>? members = null, DateTimeOffset? at = null)
    {
        var away = new Dictionary<string, LeaveAbsence>(StringComparer.Ordinal);
        foreach (var id in memberIds.Distinct(StringComparer.Ordinal))
        {
            try
            {
                if (await roster.AwayUntilAsync(id, today, calendar, cancellationToken, teamZone, members, at) is { } last)
                {
                    away[id] = last;
                }
            }
            catch (DependencyUnavailableException ex)
            {
                unreadable(id, ex);
            }
        }

        return away;
    }

    /// <summary>
    /// Of <paramref name="incidents"/>, the open ones a roster member acknowledged who is on leave today, by incident id, with that
    /// leave: the pages say 「対応者：鈴木 一郎（2026年12月18日(金)まで休暇中）」 and suggest taking it over (trial 56). One leave
    /// read per such member; leave that cannot be read leaves them as not on leave.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, LeaveAbsence>> HoldersAwayAsync(
        this IRosterRepository roster, IEnumerable<Incident> incidents, IReadOnlyCollection<Member> members, DateOnly today, IWorkingCalendar? calendar, CancellationToken cancellationToken, TimeZoneInfo? teamZone = null, DateTimeOffset? at = null)
    {
        var holders = new List<(string Incident, string Holder)>();
        foreach (var incident in incidents.Where(i => i.IsOpen && i.AcknowledgedByPerson))
        {
            var by = incident.AcknowledgedBy;
            if ((members.FirstOrDefault(m => m.Id == by) ?? members.FirstOrDefault(m => m.IsRecordedAs(by))) is { } holder)
            {
                holders.Add((incident.Id, holder.Id));
            }
        }

        // Leave that cannot be read: shown as not on leave (the page says nothing rather than fail).
        var away = await roster.AwayUntilAsync(holders.Select(h => h.Holder), today, calendar, (_, _) => { }, cancellationToken, teamZone, members, at);
        return holders.Where(h => away.ContainsKey(h.Holder)).ToDictionary(h => h.Incident, h => away[h.Holder], StringComparer.Ordinal);
    }

    /// <summary>
    /// Whether leave ending on <paramref name="end"/> still holds on <paramref name="day"/>: it is on or before the day after, or
    /// (with a calendar) every day after <paramref name="end"/> up to it — <paramref name="day"/> itself when <paramref name="inclusive"/> —
    /// is a non-working day.
    /// </summary>
    private static bool RunsTo(DateOnly end, DateOnly day, IWorkingCalendar? calendar, bool inclusive)
    {
        if (day <= end.AddDays(inclusive ? 0 : 1))
        {
            return true;
        }

        if (calendar is null || day.DayNumber - end.DayNumber > MaxNonWorkingRun)
        {
            return false;
        }

        for (var d = end.AddDays(1); inclusive ? d <= day : d < day; d = d.AddDays(1))
        {
            if (calendar.IsWorkingDay(d))
            {
                return false;
            }
        }

        return true;
    }
}
