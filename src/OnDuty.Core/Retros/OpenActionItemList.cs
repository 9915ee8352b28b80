using Microsoft.Extensions.Options;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Retros;

/// <summary>
/// The open action items across retros, for the lead (trial 37 M4): overdue first, then by due date (undated last). There is no
/// index of action items, so this reads what the reminders read — the retros of <see cref="RetroBacklog"/>'s window
/// (<see cref="RetroOptions.LookBackDays"/>) and of every open incident, a point read each — never the whole history.
/// </summary>
public sealed class OpenActionItemList(RetroBacklog backlog, IRosterRepository roster, TimeProvider time, IOptions<IncidentOptions> incidentOptions)
{
    public async Task<IReadOnlyList<OpenActionItem>> ListAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, incidentOptions.Value.Zone).DateTime);
        var members = await roster.LoadRosterAsync(cancellationToken);
        var items = new List<OpenActionItem>();
        foreach (var (incident, retro) in await backlog.LoadAsync(now, cancellationToken))
        {
            foreach (var item in (retro?.Content.ActionItems ?? []).Where(i => i.Status == ActionItemStatus.Open))
            {
                var owner = members.GetValueOrDefault(item.Owner) ?? Member.Missing(item.Owner);
                var left = !owner.Active || owner.LeavesOn < today;
                items.Add(new OpenActionItem(incident.Id, incident.Title, item, owner.DisplayName, left, item.Due < today));
            }
        }

        return [.. items
            .OrderByDescending(i => i.Overdue)
            .ThenBy(i => i.Item.Due is null)
            .ThenBy(i => i.Item.Due)
            .ThenBy(i => i.IncidentId, StringComparer.Ordinal)
            .ThenBy(i => i.Item.Title, StringComparer.Ordinal)];
    }
}
