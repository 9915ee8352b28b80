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
/// Reminders after incidents, on the team's working days from <see cref="RetroOptions.NudgeLocalTime"/>: the duty members of
/// a resolved SEV1–SEV2 incident once its retro is <see cref="RetroOptions.DueWorkingDays"/> working days overdue
/// (holidays and closures do not count), and the owner of each open action item once its due date has passed — or, when the
/// owner has left the team or has a leaving date (<see cref="Member.LeavesOn"/>), the leads — one mail per such person listing all
/// their open items — to give them new owners; the owner of an open item without a due date once, <see cref="RetroOptions.UndatedReminderDays"/>
/// days after the retro listing it was saved (<see cref="OutboxIds.ActionItemUndatedTopic"/>). An owner on leave is reminded on their first
/// working day back, and an item overdue meanwhile goes to the leads at once (<see cref="OutboxIds.ActionItemDueOwnerAwayTopic"/>). Each goes out once: its outbox id (<see cref="OutboxIds.RetroDueTopic"/>,
/// <see cref="OutboxIds.ActionItemDueTopic"/>, <see cref="OutboxIds.ActionItemsOfLeaverTopic"/>) is the idempotency key, so a timer that fires twice, on two instances or after a crash, queues nothing new.
/// Retros due come from the <see cref="RetroBacklog"/> (the last <see cref="RetroOptions.LookBackDays"/>); action items from the
/// action-item index (<see cref="IRetroRepository.ListOpenActionItemsAsync"/>, one query), so an item of a retro however old is
/// reminded and listed to the leads when its owner leaves (session 39: before, items of older retros were missed).
/// </summary>
public sealed class RetroNudger(
    RetroBacklog backlog,
    IRetroRepository retros,
    IIncidentRepository incidents,
    IRosterRepository roster,
    IWorkingCalendar calendar,
    INoticeRenderer renderer,
    OutboxDispatcher outbox,
    TimeProvider time,
    IOptions<RetroOptions> options,
    IOptions<IncidentOptions> incidentOptions,
    IOptions<TeamOptions> team,
    ILogger<RetroNudger> logger)
{
    /// <summary>Queues the reminders due now; returns how many messages were queued for the first time.</summary>
    public async Task<int> NudgeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var zone = incidentOptions.Value.Zone;
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var today = DateOnly.FromDateTime(local.DateTime);
        if (!calendar.IsWorkingDay(today) || TimeOnly.FromDateTime(local.DateTime) < options.Value.NudgeLocalTime)
        {
            return 0;
        }

        var members = await roster.LoadRosterAsync(cancellationToken);
        // An owner taken off the roster since: the leads are told of them by the name they had, not their id.
        var former = (await roster.ListFormerMembersAsync(cancellationToken)).ToDictionary(f => f.Id, StringComparer.Ordinal);
        var messages = new List<OutboxMessage>();
        var leavers = new Dictionary<string, List<(IndexedActionItem Indexed, bool Overdue)>>(StringComparer.Ordinal);
        var knowers = new Dictionary<string, (StoredRetro? Retro, Incident? Incident)>(StringComparer.Ordinal);
        var retrosDue = (await backlog.LoadAsync(now, cancellationToken))
            .Where(e => e.Retro is null && RetroDue.IsOwed(e.Incident, options.Value.SelfResolvedGrace))
            .Select(e => (e.Incident, Due: RetroDue.Of(e.Incident, zone, options.Value.DueWorkingDays, calendar)))
            .Where(e => today >= e.Due)
            .ToList();
        var openItems = await retros.ListOpenActionItemsAsync(cancellationToken);
        var owners = openItems.Select(i => members.GetValueOrDefault(i.Item.Owner) ?? Member.Missing(i.Item.Owner, incidentOptions.Value.TimeZone, former.GetValueOrDefault(i.Item.Owner))).ToList();

        // Who of those reminded today is on leave, one leave read each (trial 56): the duty members of the retros due and the owners of
        // the items due. Leave that cannot be read: reminded as ever.
        var away = await roster.AwayUntilAsync(
            retrosDue.SelectMany(e => Owers(e.Incident).Select(a => a.Id))
                .Concat(openItems.Zip(owners).Where(x => !Gone(x.Second, today) && (Overdue(x.First.Item, today) || UndatedDue(x.First, today, zone))).Select(x => x.Second.Id)),
            today, calendar,
            (id, ex) => logger.LogWarning("Reading the leave of {MemberId} for the retro reminders failed; reminding them as ever: {Error}", id, ex.Message),
            cancellationToken, zone, [.. members.Values], now);

        foreach (var (incident, due) in retrosDue)
        {
            messages.AddRange(RetroDueMails(incident, due, today, members, away));
        }

        foreach (var (indexed, owner) in openItems.Zip(owners))
        {
            var item = indexed.Item;
            var overdue = Overdue(item, today);
            var gone = Gone(owner, today);
            if (gone || owner.LeavesOn is not null)
            {
                // Told below, all of the owner's items in one mail per lead.
                (leavers.TryGetValue(owner.Id, out var items) ? items : leavers[owner.Id] = []).Add((indexed, overdue));
            }

            // On leave today (trial 56: 鈴木's item fell due on the 10th of her two weeks away and the reminder went to her alone): nothing
            // to her until she is back — the reminder's id is the item's, so it goes on her first working day back — and the
            // overdue item to those who would give it a new owner, the leads, with whose it is and until when.
            var undatedDue = UndatedDue(indexed, today, zone);
            LeaveAbsence? awayUntil = !gone && away.TryGetValue(owner.Id, out var leave) ? leave : null;
            if (!gone && overdue && awayUntil is { } until)
            {
                foreach (var (address, name, language) in await ReassignersAsync(owner, indexed.IncidentId, members, knowers, cancellationToken))
                {
                    messages.Add(OutboxMessage.ForEmail(
                        OutboxIds.ActionItemDueOwnerAwayTopic(indexed.IncidentId, item), address, name,
                        renderer.Email(new ActionItemDueNotice(language, indexed.IncidentId, indexed.IncidentTitle, item)
                        {
                            Link = Link(indexed.IncidentId),
                            OwnerAwayUntil = until,
                            OwnerName = owner.DisplayName,
                        })));
                }
            }
            else if (!gone && overdue)
            {
                messages.Add(OutboxMessage.ForEmail(
                    OutboxIds.ActionItemDueTopic(indexed.IncidentId, item), owner.Email, owner.DisplayName,
                    renderer.Email(new ActionItemDueNotice(owner.Language, indexed.IncidentId, indexed.IncidentTitle, item) { Link = Link(indexed.IncidentId) })));
            }
            else if (!gone && undatedDue && awayUntil is null)
            {
                // Never past due without a date: reminded once, asked for one (session 48); on return when away.
                messages.Add(OutboxMessage.ForEmail(
                    OutboxIds.ActionItemUndatedTopic(indexed.IncidentId, item), owner.Email, owner.DisplayName,
                    renderer.Email(new ActionItemDueNotice(owner.Language, indexed.IncidentId, indexed.IncidentTitle, item)
                    {
                        Link = Link(indexed.IncidentId),
                        UndatedDays = options.Value.UndatedReminderDays,
                    })));
            }
        }

        foreach (var (ownerId, items) in leavers.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            messages.AddRange(await NewOwnerMailsAsync(members.GetValueOrDefault(ownerId) ?? Member.Missing(ownerId, incidentOptions.Value.TimeZone, former.GetValueOrDefault(ownerId)), items, today, members, knowers, cancellationToken));
        }

        var queued = await outbox.EnqueueAsync(messages, cancellationToken);
        if (queued.Count > 0)
        {
            logger.LogInformation("Retro reminders: {Count} queued on {Day}", queued.Count, today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        return queued.Count;
    }

    /// <summary>
    /// The reminders that <paramref name="incident"/>'s retro is due: to its duty members but those on leave today (theirs waits for
    /// their first working day back: its id is per reader), each saying who is away and until when. With every one of them away, the
    /// leads (<c>Incidents__Leads</c>) are told instead; without leads it waits for whoever is back first.
    /// </summary>
    private IEnumerable<OutboxMessage> RetroDueMails(Incident incident, DateOnly due, DateOnly today, IReadOnlyDictionary<string, Member> members, IReadOnlyDictionary<string, LeaveAbsence> away)
    {
        var owers = Owers(incident).ToList();
        List<MemberAway> gone = [.. owers.Where(a => away.ContainsKey(a.Id))
            .Select(a => new MemberAway(members.TryGetValue(a.Id, out var m) ? m.DisplayName : a.DisplayName, Language(members, a.Id, a.Language), away[a.Id]))];
        var readers = owers.Where(a => !away.ContainsKey(a.Id)).Select(a => (Address: a.Email, Name: (string?)a.DisplayName, Language: Language(members, a.Id, a.Language))).ToList();
        if (readers.Count == 0)
        {
            var active = members.Values.Where(m => m.Active && !string.IsNullOrWhiteSpace(m.Email)).ToList();
            readers = [.. incidentOptions.Value.LeadAddresses.Where(l => !owers.Any(a => Member.SameAddress(a.Email, l))).Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(l => active.FirstOrDefault(m => m.IsMailedAt(l)) is { } m ? (l, (string?)m.DisplayName, m.Language) : (l, null, team.Value.TeamLanguage))];
        }

        var topic = OutboxIds.RetroDueTopic(incident.Id);
        var counted = RetroDue.CountOf(incident, incidentOptions.Value.Zone, options.Value.DueWorkingDays, calendar);
        return readers.Select(r => OutboxMessage.ForEmail(topic, r.Address, r.Name, renderer.Email(
            new RetroDueNotice(r.Language, incident, due, incidentOptions.Value.TimeZone) { Link = Link(incident.Id), Today = today, DueCount = counted, Away = gone })));
    }

    private static bool Overdue(ActionItem item, DateOnly today) => item.Due is { } due && due < today;

    /// <summary>An item without a due date whose retro was saved <see cref="RetroOptions.UndatedReminderDays"/> days ago or more.</summary>
    private bool UndatedDue(IndexedActionItem indexed, DateOnly today, TimeZoneInfo zone) =>
        indexed.Item.Due is null && indexed.SavedAt is { } savedAt && TimeZones.DateAt(savedAt, zone).AddDays(options.Value.UndatedReminderDays) <= today;

    /// <summary>Who owes <paramref name="incident"/>'s retro and is reminded of it: its duty members with an address (the monthly report names them too).</summary>
    public static IEnumerable<AssignedMember> Owers(Incident incident) => incident.Assignees.Where(a => !string.IsNullOrWhiteSpace(a.Email));

    /// <summary>An owner who can no longer act on an item: off the roster or inactive, without an address, or past their last day.</summary>
    private static bool Gone(Member owner, DateOnly today) => !owner.Active || string.IsNullOrWhiteSpace(owner.Email) || owner.LeavesOn < today;

    /// <summary>
    /// Trial 37 M3: an owner who has left cannot act on their items, nor can one about to leave for long: the leads hear of them,
    /// once when the leaving is known (or found) and again once an item is overdue after they left, and give them new owners —
    /// one mail per lead listing all of that person's open items with their retros (not one per item). The mail is named by the
    /// owner, the leaving date and which items in which state (<see cref="OutboxIds.ActionItemsOfLeaverTopic"/>): a later run with
    /// the same items queues nothing; an item added, given away or past due is a new mail listing those still open.
    /// </summary>
    private async Task<List<OutboxMessage>> NewOwnerMailsAsync(
        Member owner, List<(IndexedActionItem Indexed, bool Overdue)> items, DateOnly today, IReadOnlyDictionary<string, Member> members,
        Dictionary<string, (StoredRetro? Retro, Incident? Incident)> knowers, CancellationToken cancellationToken)
    {
        var gone = Gone(owner, today);
        var leavesOn = gone ? null : owner.LeavesOn;
        var ordered = items
            .Select(i => (i.Indexed.IncidentId, i.Indexed.IncidentTitle, i.Indexed.Item, i.Overdue))
            .OrderBy(i => i.Item.Due ?? DateOnly.MaxValue).ThenBy(i => i.IncidentId, StringComparer.Ordinal).ThenBy(i => i.Item.Title, StringComparer.Ordinal).ToList();

        // With leads every item goes to the same people; without, each item to those who know it, so a reader's list is theirs.
        var withReaders = new List<((string Address, string? Name, Language Language) Reader, (string IncidentId, string IncidentTitle, ActionItem Item, bool Overdue) Item)>();
        foreach (var item in ordered)
        {
            withReaders.AddRange((await ReassignersAsync(owner, item.IncidentId, members, knowers, cancellationToken)).Select(r => (r, item)));
        }

        var mails = new List<OutboxMessage>();
        foreach (var reader in withReaders.GroupBy(x => x.Reader.Address, StringComparer.OrdinalIgnoreCase))
        {
            var (address, name, language) = reader.First().Reader;
            var list = reader.Select(x => x.Item).ToList();
            var topic = OutboxIds.ActionItemsOfLeaverTopic(owner.Id, leavesOn, list.Select(i => (i.IncidentId, i.Item, gone && i.Overdue)));
            mails.Add(OutboxMessage.ForEmail(topic, address, name, renderer.Email(new ActionItemNewOwnerNotice(
                language, owner.DisplayName, leavesOn,
                [.. list.Select(i => new ActionItemToReassign(i.IncidentId, i.IncidentTitle, i.Item, i.Overdue) { Link = Link(i.IncidentId) })]))));
        }

        return mails;
    }

    /// <summary>
    /// Who gives a departing owner's item a new owner: the leads (<c>Incidents__Leads</c>) but the owner; with none of them left, the
    /// retro's last author and the incident's duty members (the people who know the item best: the index names neither, so only
    /// then are the retro and the incident read, once a run each). On the roster: by their name and in their language; anyone
    /// else in the team's.
    /// </summary>
    private async Task<List<(string Address, string? Name, Language Language)>> ReassignersAsync(
        Member owner, string incidentId, IReadOnlyDictionary<string, Member> members, Dictionary<string, (StoredRetro? Retro, Incident? Incident)> knowers, CancellationToken cancellationToken)
    {
        var active = members.Values.Where(m => m.Active && !string.IsNullOrWhiteSpace(m.Email) && m.Id != owner.Id).ToList();
        var addresses = incidentOptions.Value.LeadAddresses.Where(l => !owner.IsMailedAt(l)).ToList();
        if (addresses.Count == 0)
        {
            if (!knowers.TryGetValue(incidentId, out var known))
            {
                knowers[incidentId] = known = ((await retros.GetAsync(incidentId, cancellationToken))?.Value, (await incidents.GetAsync(incidentId, cancellationToken))?.Value);
            }

            var author = known.Retro?.Version.SavedBy;
            addresses = [.. active.Where(m => m.IsRecordedAs(author)).Select(m => m.Email.Trim()),
                .. (known.Incident?.Assignees ?? []).Where(a => !string.IsNullOrWhiteSpace(a.Email) && a.Id != owner.Id && !owner.IsMailedAt(a.Email)).Select(a => a.Email.Trim())];
        }

        return [.. addresses.Distinct(StringComparer.OrdinalIgnoreCase).Select(address => active.FirstOrDefault(m => m.IsMailedAt(address)) is { } m
            ? (address, (string?)m.DisplayName, m.Language)
            : (address, null, team.Value.TeamLanguage))];
    }

    /// <summary>The member's language as the roster says it now; as recorded on the incident if they left.</summary>
    private static Language Language(IReadOnlyDictionary<string, Member> members, string id, Language recorded) =>
        members.TryGetValue(id, out var member) ? member.Language : recorded;

    private string? Link(string incidentId) => RetroLink(team.Value, incidentId);

    /// <summary>The retro page of <paramref name="incidentId"/> for a mail; null without <c>Team__PublicBaseUrl</c>.</summary>
    internal static string? RetroLink(TeamOptions team, string incidentId) =>
        team.BaseUrl is { } baseUrl ? $"{baseUrl}/api/incidents/{Uri.EscapeDataString(incidentId)}/retro/page" : null;
}
