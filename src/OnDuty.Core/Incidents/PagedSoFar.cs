using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Who an incident's pages have reached in its current round (since it opened or last reopened): the duty members of the steps
/// sent (and those who left duty after being paged, <see cref="Incident.PagedBefore"/>), and the people of each later step sent;
/// a person every delivery of a step failed for (a provider refused the page) was not reached by it.
/// A step beyond the duty members that would reach none but these is passed over (<see cref="EscalationPolicy.Plan(int, int, Func{int, IReadOnlyList{PageRecipient}}, PagedSoFar)"/>).
/// </summary>
/// <remarks>
/// One person is one member id or one address (trimmed, any case), and an address an active roster member has is that member
/// (<see cref="Member.IsMailedAt"/>, given as <c>memberIdAt</c>): a lead configured by address who is on duty is paged already.
/// </remarks>
public sealed class PagedSoFar
{
    private readonly HashSet<string> _ids = new(StringComparer.OrdinalIgnoreCase);

    private readonly HashSet<string> _addresses = new(StringComparer.OrdinalIgnoreCase);

    private readonly Func<string, string?>? _memberIdAt;

    private PagedSoFar(Func<string, string?>? memberIdAt) => _memberIdAt = memberIdAt;

    /// <summary>Nobody paged yet.</summary>
    public static PagedSoFar None { get; } = new(null);

    /// <summary>Who the steps recorded on <paramref name="incident"/> reached, up to and with <see cref="Incident.NotifiedStep"/>.</summary>
    /// <param name="memberIdAt">The active roster member who has an address (their id), null for an address no member has; null: addresses as they are.</param>
    /// <param name="timeline">
    /// The incident's timeline, when known: a person a step's page was given up on (<see cref="Incident.GaveUpOn"/>: every email
    /// failed or bounced, no text or call through) was not reached by that step, and counts only if another step reached them or
    /// is still being sent to them. Without it, every person a step was queued for counts.
    /// </param>
    /// <param name="now">
    /// With <paramref name="timeline"/>: a person nothing of this round has reached yet (no email, text or call delivered to them)
    /// although their latest step was recorded <see cref="StillSending"/> or more before now was not reached either — their mail is
    /// still being retried (a mail outage): a lead on duty whose every page is stuck is paged by the leads' step all the same
    /// (trial 36 H1). Null: a step still being sent counts.
    /// </param>
    public static PagedSoFar Of(Incident incident, IncidentOptions options, Language teamLanguage, Func<string, string?>? memberIdAt = null,
        IReadOnlyList<TimelineEntry>? timeline = null, DateTimeOffset? now = null)
    {
        var paged = new PagedSoFar(memberIdAt);
        if (incident.NotifiedStep < 0)
        {
            return paged; // nothing sent in this round: its duty members were not paged yet
        }

        foreach (var id in incident.PagedBefore)
        {
            paged._ids.Add(id);
        }

        // Steps 0 and 1 go to the duty members; a later step recorded was sent (or reached nobody new, so adds nobody).
        for (var s = 0; s <= incident.NotifiedStep; s++)
        {
            var step = s;
            var sentBefore = timeline is not null && now is { } at ? Incident.StepRecordedAt(timeline, step, incident.PageRound) < at - StillSending : false;
            paged.Add(EscalationPolicy.Recipients(incident, s, options, teamLanguage)
                .Where(r => timeline is null || !Incident.GaveUpOn(timeline, step, incident.PageRound, r) && (!sentBefore || Incident.ReachedInRound(timeline, incident.PageRound, r))));
        }

        return paged;
    }

    /// <summary>
    /// A page normally reaches its person within seconds; one recorded this long ago that nothing of the round has delivered to
    /// them is stuck (retried through a mail outage), not on its way.
    /// </summary>
    public static readonly TimeSpan StillSending = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The duty members <paramref name="duty"/> as paged by the first page and its reminder: what a week's pair makes of the later
    /// steps (a lead among them is paged already).
    /// </summary>
    public static PagedSoFar OnDuty(IEnumerable<AssignedMember> duty, Func<string, string?>? memberIdAt = null)
    {
        var paged = new PagedSoFar(memberIdAt);
        paged.Add(duty.Where(a => !string.IsNullOrWhiteSpace(a.Email)).Select(a => PageRecipient.MailOnly(a)));
        return paged;
    }

    /// <summary>Whether <paramref name="recipient"/> was paged already (by member id, address, or the member who has that address).</summary>
    public bool Has(PageRecipient recipient) =>
        _ids.Contains(recipient.TokenSubject)
        || _addresses.Contains(recipient.Email.Trim())
        || _memberIdAt?.Invoke(recipient.Email) is { } id && _ids.Contains(id);

    private void Add(IEnumerable<PageRecipient> recipients)
    {
        foreach (var r in recipients)
        {
            _ids.Add(r.TokenSubject);
            _addresses.Add(r.Email.Trim());
            if (_memberIdAt?.Invoke(r.Email) is { } id)
            {
                _ids.Add(id);
            }
        }
    }
}
