using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>
/// The leads (<c>Incidents__Leads</c>) on leave: a lead configured by address is the active roster member who has it, and their
/// leave (whole days) is read in the team's zone (<c>Incidents__TimeZone</c>). The leads' escalation step passes over a lead on
/// leave at that instant (trial 34 H3: a SEV1 on 1/1 03:00 went to the only lead, away on a family trip, and nothing said so).
/// </summary>
public static class LeadsOnLeave
{
    /// <summary>The leads (as configured, trimmed) whose leave includes <paramref name="date"/>.</summary>
    public static IReadOnlyList<string> On(DateOnly date, IncidentOptions options, IEnumerable<Member> roster, IEnumerable<Leave> leave) =>
        Leads(options, roster, leave).Where(l => l.Leave.Any(x => x.Includes(date))).Select(l => l.Address).ToList();

    /// <summary>
    /// The leads on leave at <paramref name="at"/>: its date in the team's zone, or, for a lead in another zone, at that instant of
    /// their leave's days in their own (<see cref="Leave.Span(Member, TimeZoneInfo)"/>, trial 59).
    /// </summary>
    public static IReadOnlyList<string> At(DateTimeOffset at, IncidentOptions options, IEnumerable<Member> roster, IEnumerable<Leave> leave)
    {
        var today = Common.TimeZones.DateAt(at, options.Zone);
        return Leads(options, roster, leave).Where(l => l.Own.Any(x => l.Member is { } m && TimeZones(m, options)
            ? x.Span(m, options.Zone) is var (from, to) && from <= at && at < to
            : x.Includes(today))).Select(l => l.Address).ToList();

        static bool TimeZones(Member m, IncidentOptions options) =>
            Common.TimeZones.TryFind(m.TimeZone, out var zone) && !Team.Leave.SameZone(zone, options.Zone);
    }

    /// <summary>
    /// The days from <paramref name="from"/> to <paramref name="to"/> on which every lead is on leave (none when no lead is
    /// configured): the first and last of them, or null when there is no such day.
    /// </summary>
    public static (DateOnly First, DateOnly Last)? AllAway(DateOnly from, DateOnly to, IncidentOptions options, IEnumerable<Member> roster, IEnumerable<Leave> leave)
    {
        var leads = Leads(options, roster, leave);
        if (leads.Count == 0)
        {
            return null;
        }

        DateOnly? first = null, last = null;
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            var day = d;
            if (leads.All(l => l.Leave.Any(x => x.Includes(day))))
            {
                first ??= d;
                last = d;
            }
        }

        return first is { } f && last is { } l2 ? (f, l2) : null;
    }

    /// <summary>
    /// The days from <paramref name="from"/> to <paramref name="to"/> on which every lead is on leave, as the announcement and the
    /// duty page say them, with who an unanswered page goes to then; null when there is no such day.
    /// </summary>
    public static LeadsAwayDays? Days(DateOnly from, DateOnly to, IncidentOptions options, IEnumerable<Member> roster, IEnumerable<Leave> leave) =>
        AllAway(from, to, options, roster, leave) is { } days
            ? new LeadsAwayDays(days.First, days.Last, options.OrganisationListAddress) { OneLead = options.OneLead }
            : null;

    /// <summary>
    /// The leads passed over at the leads' step for being on leave: <paramref name="onLeave"/>, or none when every lead is on leave
    /// and no step follows it (no organisation's list) — nobody else is left, and pages must reach a person, so they are paged anyway.
    /// </summary>
    public static IReadOnlyList<string> PassedOver(IReadOnlyList<string> onLeave, IncidentOptions options) =>
        onLeave.Count > 0 && string.IsNullOrWhiteSpace(options.OrganisationList)
        && options.LeadAddresses.All(l => onLeave.Any(a => Member.SameAddress(a, l)))
            ? [] : onLeave;

    /// <summary>{0}, {1} the first and last day every lead is on leave; {2} who an unanswered page goes to then (<see cref="NextText"/>).</summary>
    public const string Warning = "every lead (Incidents__Leads) is on leave from {0:yyyy-MM-dd} to {1:yyyy-MM-dd} with this leave: the leads' escalation step is passed over and an unanswered page goes {2}";

    /// <summary>Who an unanswered page goes to while every lead is on leave: the organisation's list, else the leads all the same.</summary>
    public static string NextText(IncidentOptions options) =>
        options.OrganisationListAddress is { } list
            ? $"straight to the organisation's list ({list})"
            : "to the leads all the same (no Incidents__OrganisationList: nobody else to page)";

    /// <summary>
    /// Leave of <paramref name="memberId"/> from <paramref name="from"/> to <paramref name="to"/>, already stored in
    /// <paramref name="leave"/>: when they are a lead and it leaves days with every lead on leave, the warning saying when (said,
    /// never refused, as a week left with one person is); none otherwise.
    /// </summary>
    public static IReadOnlyList<string> WarningsFor(string memberId, DateOnly from, DateOnly to, IncidentOptions options, IEnumerable<Member> roster, IEnumerable<Leave> leave)
    {
        var members = roster.ToList();
        var member = members.FirstOrDefault(m => m.Id == memberId);
        if (member is null || !options.Leads.Any(l => !string.IsNullOrWhiteSpace(l) && member.Active && member.IsMailedAt(l!)))
        {
            return [];
        }

        return AllAway(from, to, options, members, leave) is { } days
            ? [string.Format(System.Globalization.CultureInfo.InvariantCulture, Warning, days.First, days.Last, NextText(options))]
            : [];
    }

    /// <summary>The display name of lead <paramref name="address"/> as the roster has it, else the address.</summary>
    public static string NameOf(string address, IEnumerable<Member> roster) =>
        roster.FirstOrDefault(m => m.Active && m.IsMailedAt(address))?.DisplayName ?? address.Trim();

    /// <summary>
    /// Each lead with their leave in the team's dates (<see cref="Leave.DatesIn(Member?, TimeZoneInfo)"/>: a lead abroad's leave counts
    /// on every team date it touches) and as they entered it (<c>Own</c>).
    /// </summary>
    private static List<(string Address, Member? Member, List<Leave> Leave, List<Leave> Own)> Leads(IncidentOptions options, IEnumerable<Member> roster, IEnumerable<Leave> leave)
    {
        var active = roster.Where(m => m.Active).ToList();
        var all = leave.ToList();
        return [.. options.LeadAddresses.Select(l => active.FirstOrDefault(m => m.IsMailedAt(l)) is { } m
            ? (l, m, all.Where(x => x.MemberId == m.Id).Select(x => x.DatesIn(m, options.Zone)).ToList(), all.Where(x => x.MemberId == m.Id).ToList())
            : (l, (Member?)null, new List<Leave>(), new List<Leave>()))];
    }
}

/// <summary>
/// Every lead is on leave from <paramref name="First"/> to <paramref name="Last"/> (within one shift): the leads' step is passed over
/// and an unanswered page goes to <paramref name="Next"/> (the organisation's list), or, when null, to the leads all the same.
/// </summary>
public sealed record LeadsAwayDays(DateOnly First, DateOnly Last, string? Next)
{
    /// <summary>The team has one lead (<see cref="IncidentOptions.OneLead"/>): said as "the lead", not "every lead".</summary>
    public bool OneLead { get; init; }
}
