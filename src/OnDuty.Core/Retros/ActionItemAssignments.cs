using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;

namespace OnDuty.Core.Retros;

/// <summary>
/// Tells the owners of the action items a retro save gave them (trial 39 M7): one mail per owner listing their open items that are new
/// in this save — an item is new to its owner when the version before had no open or done item of theirs with the same title (an item
/// given to someone else, added, or retitled) — in the owner's language, with the retro's link. Not to the person who saved it (they
/// typed it), nor to an owner who is inactive, off the roster or without an address (the leads hear of those from
/// <see cref="RetroNudger"/>). The outbox id names the items (<see cref="OutboxIds.ActionItemsAssignedTopic"/>): saving the same
/// items again, or two saves racing, queues one mail.
/// </summary>
public sealed class ActionItemAssignments(
    INoticeRenderer renderer,
    OutboxDispatcher outbox,
    IOptions<TeamOptions> team,
    ILogger<ActionItemAssignments> logger)
{
    /// <summary>
    /// Queues the mails for a save of <paramref name="incident"/>'s retro from <paramref name="before"/> (the items of the version it
    /// replaced; empty for the first) to <paramref name="after"/>, saved by <paramref name="by"/>; <paramref name="members"/> is the
    /// roster by id. Returns the owners whose mail was queued for the first time (roster order of their items), so the page that
    /// saved the retro can say whom it tells — by name, never by address. The retro is saved already: a failure to queue is logged,
    /// not thrown (the owner still finds the item in the open list and is reminded when it is overdue).
    /// </summary>
    public async Task<IReadOnlyList<Member>> TellOwnersAsync(
        Incident incident, IReadOnlyList<ActionItem> before, IReadOnlyList<ActionItem> after, string by, IReadOnlyDictionary<string, Member> members, CancellationToken cancellationToken)
    {
        var saver = members.Values.FirstOrDefault(m => m.IsRecordedAs(by));
        var messages = new List<(OutboxMessage Message, Member Owner)>();
        foreach (var owned in after
            .Where(a => a.Status == ActionItemStatus.Open && !before.Any(b => b.Owner == a.Owner && string.Equals(b.Title, a.Title, StringComparison.Ordinal)))
            .GroupBy(a => a.Owner, StringComparer.Ordinal))
        {
            if (!members.TryGetValue(owned.Key, out var owner) || !owner.Active || string.IsNullOrWhiteSpace(owner.Email) || owner.Id == saver?.Id)
            {
                continue;
            }

            var items = owned.DistinctBy(i => i.Title, StringComparer.Ordinal).ToList();
            messages.Add((OutboxMessage.ForEmail(
                OutboxIds.ActionItemsAssignedTopic(incident.Id, owner.Id, items), owner.Email.Trim(), owner.DisplayName,
                renderer.Email(new ActionItemAssignedNotice(owner.Language, incident.Id, incident.Title, saver?.DisplayName ?? by, items) { Link = Link(incident.Id) })), owner));
        }

        if (messages.Count == 0)
        {
            return [];
        }

        try
        {
            var queued = await outbox.EnqueueAsync([.. messages.Select(m => m.Message)], cancellationToken);
            if (queued.Count > 0)
            {
                logger.LogInformation("Action items of the retro of {IncidentId}: owners told: {Count}", incident.Id, queued.Count);
            }

            return [.. messages.Where(m => queued.Contains(m.Message.Id, StringComparer.Ordinal)).Select(m => m.Owner)];
        }
        catch (DependencyUnavailableException ex)
        {
            logger.LogError(ex, "Telling the owners of the new action items of the retro of {IncidentId} failed; the retro is saved and the items are on the open list", incident.Id);
            return [];
        }
    }

    private string? Link(string incidentId) => RetroNudger.RetroLink(team.Value, incidentId);
}
