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
/// owner has left the team or has a leaving date (<see cref="Member.LeavesOn"/>), the leads, to give the item a new owner. Each goes
/// out once: its outbox id (<see cref="OutboxIds.RetroDueTopic"/>, <see cref="OutboxIds.ActionItemDueTopic"/>) is the
/// idempotency key, so a timer that fires twice, on two instances or after a crash, queues nothing new.
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
                var gone = !owner.Active || string.IsNullOrWhiteSpace(owner.Email) || owner.LeavesOn < today;
                if (gone || owner.LeavesOn is not null)
                {
                    // Trial 37 M3: an owner who has left cannot act on it, nor can one about to leave for long: the leads hear of it,
                    // once when the leaving is known (or found) and again once it is overdue, and give it a new owner.
                    var topic = gone && overdue ? OutboxIds.ActionItemDueTopic(incident.Id, item) : OutboxIds.ActionItemOwnerLeavesTopic(incident.Id, item, owner.LeavesOn);
                    messages.AddRange(Reassigners(owner, incident, retro!, members).Select(r => OutboxMessage.ForEmail(topic, r.Address, r.Name,
                        renderer.Email(new ActionItemNewOwnerNotice(r.Language, incident, item, owner.DisplayName, gone ? null : owner.LeavesOn, overdue) { Link = Link(incident.Id) }))));
                }

                if (!gone && overdue)
                {
                    messages.Add(OutboxMessage.ForEmail(
                        OutboxIds.ActionItemDueTopic(incident.Id, item), owner.Email, owner.DisplayName,
                        renderer.Email(new ActionItemDueNotice(owner.Language, incident, item) { Link = Link(incident.Id) })));
                }
            }
        }

        var queued = await outbox.EnqueueAsync(messages, cancellationToken);
        if (queued.Count > 0)
        {
            logger.LogInformation("Retro reminders: {Count} queued on {Day}", queued.Count, today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        return queued.Count;
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
