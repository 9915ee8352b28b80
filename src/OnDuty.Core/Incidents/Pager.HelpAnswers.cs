using Microsoft.Extensions.Logging;
using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

public sealed partial class Pager
{
    /// <summary>
    /// <paramref name="answeredBy"/> (a name) pressed 1 on the phone call of call <paramref name="call"/> for help: the person who asked
    /// (<paramref name="asker"/>, the roster member they are) gets one mail in their language saying so, with the incident's page
    /// (<see cref="IncidentNotice.HelpAccepted"/>: one id per call, so pressing 1 again tells nobody twice). One who asked and is on no
    /// roster (a script, a name typed) cannot be mailed: logged, the timeline row says it all the same.
    /// </summary>
    public async Task HelpAnsweredAsync(Incident incident, int call, Member? asker, string? askedBy, string answeredBy, CancellationToken cancellationToken)
    {
        if (asker is not { Email.Length: > 0 })
        {
            logger.LogInformation("Incident {IncidentId}: {Member} answered help call {Call}; who asked ({AskedBy}) has no address on the roster, not mailed",
                incident.Id, answeredBy, call, askedBy);
            return;
        }

        var notice = IncidentNotice.HelpAccepted(call, answeredBy);
        await outbox.EnqueueAsync(
            messages.Compose(incident, notice, [PageRecipient.From(asker)], incident.Assignees, TeamLanguage, includeTeams: false, BaseUrl, options.Value,
                nameOf: NamesIn(await RosterNowAsync(cancellationToken))),
            cancellationToken);
        logger.LogInformation("Incident {IncidentId}: {Member} answered help call {Call}; {Asker} told", incident.Id, answeredBy, call, asker.Id);
    }
}
