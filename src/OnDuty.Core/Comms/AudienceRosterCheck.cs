using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Health;
using OnDuty.Core.Incidents;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Comms;

/// <summary>
/// An audience entry that is no roster member with an email address (<c>Comms__Audiences__support__Members__1 = emma</c> after
/// emma left the roster), said on <c>/api/health</c> from the start and again whenever the roster changes — not only after the
/// first notice reached nobody there. The same warning as the fan-out's (<see cref="StakeholderAudience"/>), under the same source,
/// so the two never say it twice; cleared once the entry reads a member. The roster is the paging rotation's, as health's duty
/// checks read it (cached until it changes): no read of its own.
/// </summary>
public sealed class AudienceRosterCheck(RotationService rotations, DependencyWarnings warnings, IOptions<CommsOptions> comms, IOptions<IncidentOptions> incidents, IOptions<TeamOptions> team) : IWarningRefresh
{
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (comms.Value.Audiences.Count == 0)
        {
            return;
        }

        OnCall onCall;
        try
        {
            onCall = await rotations.GetOnCallAsync(incidents.Value.RotationId, cancellationToken);
        }
        catch (NotFoundException)
        {
            return; // no rotation: the "duty" check says so; the fan-out still reports the entry at the first notice
        }

        var readers = new AudienceRoster(onCall.Roster.Values, comms.Value, team.Value.TeamLanguage);
        foreach (var name in comms.Value.Audiences.Keys)
        {
            foreach (var (entry, reader) in readers.EntriesOf(name))
            {
                if (reader is null)
                {
                    warnings.Report(Source(name, entry), NotOnRoster(comms.Value, name, entry));
                }
                else if (!reader.Group)
                {
                    warnings.Clear(Source(name, entry));
                }
            }
        }
    }

    /// <summary>The warnings' source for <paramref name="audience"/>'s entry <paramref name="entry"/>.</summary>
    internal static string Source(string audience, string entry) => $"comms:{audience}:{entry}";

    /// <summary>What health says of an entry that is no roster member with an address: the setting, and what to do.</summary>
    internal static string NotOnRoster(CommsOptions comms, string audience, string entry)
    {
        var index = comms.Audiences[audience].Members.FindIndex(m => string.Equals(m?.Trim(), entry, StringComparison.Ordinal));
        return $"Comms__Audiences__{audience}__Members__{index} is '{entry}', which is no roster member with an email address, so its notices reach nobody there: add them to the roster (POST /api/members) or write their email address";
    }
}
