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
/// their open items — to give them new owners. Each goes out once: its outbox id (<see cref="OutboxIds.RetroDueTopic"/>,
/// <see cref="OutboxIds.ActionItemDueTopic"/>, <see cref="OutboxIds.ActionItemsOfLeaverTopic"/>) is the idempotency key, so a timer that fires twice, on two instances or after a crash, queues nothing new.
/// </summary>
public sealed class RetroNudger(
    RetroBacklog backlog,
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
        var messages = new List<OutboxMessage>();
        var leavers = new Dictionary<string, List<(Incident Incident, StoredRetro Retro, ActionItem Item, bool Overdue)>>(StringComparer.Ordinal);
        foreach (var (incident, retro) in await backlog.LoadAsync(now, cancellationToken))
        {
            if (retro is null && RetroDue.IsOwed(incident, options.Value.SelfResolvedGrace))
            {
                var due = RetroDue.Of(incident, zone, options.Value.DueWorkingDays, calendar);
                if (today >= due)
                {
                    var topic = OutboxIds.RetroDueTopic(incident.Id);
                    messages.AddRange(incident.Assignees.Where(a => !string.IsNullOrWhiteSpace(a.Email)).Select(a => OutboxMessage.ForEmail(
                        topic, a.Email, a.DisplayName, renderer.Email(new RetroDueNotice(Language(members, a.Id, a.Language), incident, due, incidentOptions.Value.TimeZone) { Link = Link(incident.Id) }))));
                }
            }

            foreach (var item in (retro?.Content.ActionItems ?? []).Where(i => i.Status == ActionItemStatus.Open))
            {
                var overdue = item.Due is { } itemDue && itemDue < today;
                var owner = members.GetValueOrDefault(item.Owner) ?? Member.Missing(item.Owner);
                var gone = Gone(owner, today);
                if (gone || owner.LeavesOn is not null)
                {
                    // Told below, all of the owner's items in one mail per lead.
                    (leavers.TryGetValue(owner.Id, out var items) ? items : leavers[owner.Id] = []).Add((incident, retro!, item, overdue));
                }

                if (!gone && overdue)
                {
                    messages.Add(OutboxMessage.ForEmail(
                        OutboxIds.ActionItemDueTopic(incident.Id, item), owner.Email, owner.DisplayName,
                        renderer.Email(new ActionItemDueNotice(owner.Language, incident, item) { Link = Link(incident.Id) })));
                }
            }
        }

        foreach (var (ownerId, items) in leavers.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            messages.AddRange(NewOwnerMails(members.GetValueOrDefault(ownerId) ?? Member.Missing(ownerId), items, today, members));
        }

        var queued = await outbox.EnqueueAsync(messages, cancellationToken);
        if (queued.Count > 0)
        {
            logger.LogInformation("Retro reminders: {Count} queued on {Day}", queued.Count, today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        return queued.Count;
    }

    /// <summary>An owner who can no longer act on an item: off the roster or inactive, without an address, or past their last day.</summary>
    private static bool Gone(Member owner, DateOnly today) => !owner.Active || string.IsNullOrWhiteSpace(owner.Email) || owner.LeavesOn < today;

    /// <summary>
    /// Trial 37 M3: an owner who has left cannot act on their items, nor can one about to leave for long: the leads hear of them,
    /// once when the leaving is known (or found) and again once an item is overdue after they left, and give them new owners —
    /// one mail per lead listing all of that person's open items with their retros (not one per item). The mail is named by the
    /// owner, the leaving date and which items in which state (<see cref="OutboxIds.ActionItemsOfLeaverTopic"/>): a later run with
    /// the same items queues nothing; an item added, given away or past due is a new mail listing those still open.
    /// </summary>
    private IEnumerable<OutboxMessage> NewOwnerMails(
        Member owner, List<(Incident Incident, StoredRetro Retro, ActionItem Item, bool Overdue)> items, DateOnly today, IReadOnlyDictionary<string, Member> members)
    {
        var gone = Gone(owner, today);
        var leavesOn = gone ? null : owner.LeavesOn;
        var ordered = items.OrderBy(i => i.Item.Due ?? DateOnly.MaxValue).ThenBy(i => i.Incident.Id, StringComparer.Ordinal).ThenBy(i => i.Item.Title, StringComparer.Ordinal).ToList();

        // With leads every item goes to the same people; without, each item to those who know it, so a reader's list is theirs.
        var readers = ordered
            .SelectMany(i => Reassigners(owner, i.Incident, i.Retro, members).Select(r => (Reader: r, Item: i)))
            .GroupBy(x => x.Reader.Address, StringComparer.OrdinalIgnoreCase);
        foreach (var reader in readers)
        {
            var (address, name, language) = reader.First().Reader;
            var list = reader.Select(x => x.Item).ToList();
            var topic = OutboxIds.ActionItemsOfLeaverTopic(owner.Id, leavesOn, list.Select(i => (i.Incident.Id, i.Item, gone && i.Overdue)));
            yield return OutboxMessage.ForEmail(topic, address, name, renderer.Email(new ActionItemNewOwnerNotice(
                language, owner.DisplayName, leavesOn,
                [.. list.Select(i => new ActionItemToReassign(i.Incident.Id, i.Incident.Title, i.Item, i.Overdue) { Link = Link(i.Incident.Id) })])));
        }
    }

    /// <summary>
    /// Who gives a departing owner's item a new owner: the leads (<c>Incidents__Leads</c>) but the owner; with none of them left, the
    /// retro's last author and the incident's duty members (the people who know the item best). On the roster: by their name and in
    /// their language; anyone else in the team's.
    /// </summary>
    private List<(string Address, string? Name, Language Language)> Reassigners(Member owner, Incident incident, StoredRetro retro, IReadOnlyDictionary<string, Member> members)
    {
        var active = members.Values.Where(m => m.Active && !string.IsNullOrWhiteSpace(m.Email) && m.Id != owner.Id).ToList();
        var addresses = incidentOptions.Value.Leads.Where(l => !string.IsNullOrWhiteSpace(l) && !owner.IsMailedAt(l!)).Select(l => l!.Trim()).ToList();
        if (addresses.Count == 0)
        {
            addresses = [.. active.Where(m => m.Id == retro.Version.SavedBy || m.HasAddress(retro.Version.SavedBy) || Member.SameName(m.DisplayName, retro.Version.SavedBy)).Select(m => m.Email.Trim()),
                .. incident.Assignees.Where(a => !string.IsNullOrWhiteSpace(a.Email) && a.Id != owner.Id && !owner.IsMailedAt(a.Email)).Select(a => a.Email.Trim())];
        }

        return [.. addresses.Distinct(StringComparer.OrdinalIgnoreCase).Select(address => active.FirstOrDefault(m => m.IsMailedAt(address)) is { } m
            ? (address, (string?)m.DisplayName, m.Language)
            : (address, null, team.Value.TeamLanguage))];
    }

    /// <summary>The member's language as the roster says it now; as recorded on the incident if they left.</summary>
    private static Language Language(IReadOnlyDictionary<string, Member> members, string id, Language recorded) =>
        members.TryGetValue(id, out var member) ? member.Language : recorded;

    private string? Link(string incidentId) =>
        string.IsNullOrWhiteSpace(team.Value.PublicBaseUrl) ? null : $"{team.Value.PublicBaseUrl.TrimEnd('/')}/api/incidents/{Uri.EscapeDataString(incidentId)}/retro/page";
}
