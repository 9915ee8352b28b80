using OnDuty.Core.Notifications;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Who the pages of an incident's current round (since its last first page: a reopen starts a new one) actually reached, as the
/// timeline's delivery rows say (<see cref="Incident.DeliveryEntry"/>) by <see cref="PageReach"/>'s rule (one reported undelivered
/// afterwards reached nobody): the addresses mailed, the numbers texted, whether the channel got a card. A page recorded and never
/// sent (cancelled when it was acknowledged or resolved first) reached nobody.
/// </summary>
/// <param name="Emails">The addresses a page or escalation step was mailed to (duty members, leads, lists), each once.</param>
/// <param name="Texted">
/// The numbers texted a page about this incident alone; a text listing several incidents (a storm's step told together) is left
/// out, so a storm's recovery does not text a phone once per incident.
/// </param>
/// <param name="Channel">Whether a page went to the Teams channel.</param>
public sealed record PagesReached(IReadOnlyList<string> Emails, IReadOnlyList<string> Texted, bool Channel)
{
    public static PagesReached Nobody { get; } = new([], [], false);

    /// <summary>The addresses mailed other than <paramref name="addresses"/> (the duty pair's): the leads and lists reached.</summary>
    public IEnumerable<string> EmailsBeyond(IEnumerable<string> addresses)
    {
        var known = addresses.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return Emails.Where(e => !known.Contains(e));
    }

    /// <summary>From <paramref name="timeline"/> (the incident's, in stored order) for <paramref name="incident"/>'s current round.</summary>
    public static PagesReached Of(Incident incident, IReadOnlyList<TimelineEntry> timeline)
    {
        var round = incident.PageRound;
        // The round's first step recorded (the first page, or the leads at once when nobody was on duty).
        var start = timeline.FirstOrDefault(e => e.Kind is TimelineKind.Notified or TimelineKind.Escalated && (e.Round ?? 0) == round);
        if (start is null)
        {
            return Nobody;
        }

        var emails = new List<string>();
        var texted = new List<string>();
        var channel = false;
        // A person is reached by the one rule (PageReach): a delivery not reported undelivered since.
        var toPeople = PageReach.Deliveries(timeline).ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var e in timeline.Where(e => e.Kind == TimelineKind.Delivered && e.Step is not null && e.At >= start.At && (e.Round is null || e.Round == round)))
        {
            foreach (var recipient in e.Recipients)
            {
                if (Reached(e, Notifications.Channel.Teams))
                {
                    channel = true;
                }
                else if (!toPeople.Contains(e))
                {
                    continue;
                }
                else if (Reached(e, Notifications.Channel.Email) && AckLinkHolder.IsAddress(recipient))
                {
                    Add(emails, recipient);
                }
                else if (Reached(e, Notifications.Channel.Sms) && e.Round is not null)
                {
                    Add(texted, recipient);
                }
            }
        }

        return new(emails, texted, channel);
    }

    /// <summary>
    /// Who a "recovered" notice of <paramref name="incident"/> tells: those its pages of this round reached (<see cref="Of"/>), and,
    /// when only a tool acknowledged it, its duty members and the channel too. The tool's 対応開始 notice told them of it
    /// (<see cref="Pager.AnnounceAcknowledgementAsync"/>) even when the page, still queued, was dropped for that acknowledgement and
    /// never reached them (a tool that acknowledges within seconds): they hear that it ended too, not only that the tool had it.
    /// </summary>
    public static PagesReached ToldOfRecovery(Incident incident, IReadOnlyList<TimelineEntry> timeline) =>
        Incident.IsMonitoring(incident.AcknowledgedBy) ? WithDutyMembers(incident, Of(incident, timeline)) with { Channel = true } : Of(incident, timeline);

    /// <summary>
    /// The addresses <paramref name="incident"/> has reached so far, for its resolved-by-hand mail: those a page of this round was
    /// delivered to (<see cref="Of"/>) — a page still queued at the resolve is dropped unsent, so its reader never heard of it —
    /// and, once anyone acknowledged it, its duty members, whom the 対応開始 notice told (<see cref="Pager.AnnounceAcknowledgementAsync"/>)
    /// even when their page, still queued then, was dropped for it (as <see cref="ToldOfRecovery"/> does for a tool's acknowledgement).
    /// </summary>
    public static IReadOnlyList<string> ToldOfItSoFar(Incident incident, IReadOnlyList<TimelineEntry> timeline) =>
        incident.IsAcknowledged ? WithDutyMembers(incident, Of(incident, timeline)).Emails : Of(incident, timeline).Emails;

    /// <summary><paramref name="reached"/> with the duty members' addresses added, each once.</summary>
    private static PagesReached WithDutyMembers(Incident incident, PagesReached reached)
    {
        var emails = reached.Emails.ToList();
        foreach (var a in incident.Assignees.Where(a => !string.IsNullOrWhiteSpace(a.Email)))
        {
            Add(emails, a.Email);
        }

        return reached with { Emails = emails };
    }

    /// <summary>A delivery row of <paramref name="channel"/>: its text starts with the channel's name (<see cref="TimelineTexts.Delivered"/>).</summary>
    private static bool Reached(TimelineEntry e, Channel channel) =>
        e.Message?.StartsWith(string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.Delivered, channel.Name(), ""), StringComparison.Ordinal) == true;

    private static void Add(List<string> list, string value)
    {
        var v = value.Trim();
        if (!list.Contains(v, StringComparer.OrdinalIgnoreCase))
        {
            list.Add(v);
        }
    }
}
