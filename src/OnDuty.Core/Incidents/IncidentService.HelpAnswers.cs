using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

public sealed partial class IncidentService
{
    /// <summary>
    /// Member <paramref name="memberId"/> pressed 1 on the phone call of request for help <paramref name="call"/> (one member asked
    /// by name, <see cref="IncidentNotice.AsksOnePerson"/>): it acknowledges nothing — they come to help, the incident stays whose
    /// it is. A <see cref="TimelineKind.HelpAccepted"/> row says they answered (once per member and call), and the person who asked
    /// (the call's <see cref="TimelineKind.HelpCalled"/> row) is mailed once (<see cref="Pager.HelpAnsweredAsync"/>). False, and
    /// nothing recorded, when the incident is resolved or gone.
    /// </summary>
    public async Task<bool> AnswerHelpAsync(string id, int call, string memberId, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(id, cancellationToken) is not { Value: { IsOpen: true } incident })
        {
            return false;
        }

        var timeline = await incidents.GetTimelineAsync(id, cancellationToken);
        var members = await roster.LoadRosterAsync(cancellationToken);
        var name = members.TryGetValue(memberId, out var member) && !string.IsNullOrWhiteSpace(member.DisplayName) ? member.DisplayName : memberId;
        if (!timeline.Any(e => e.Kind == TimelineKind.HelpAccepted && e.Step == call && e.By == memberId))
        {
            await incidents.AppendTimelineAsync(id,
            [
                new TimelineEntry
                {
                    At = time.GetUtcNow(),
                    Kind = TimelineKind.HelpAccepted,
                    By = memberId,
                    Step = call,
                    Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.HelpAcceptedByCall, name),
                },
            ], cancellationToken);
        }

        // Who asked, as the call's row recorded them (a member id, an address or a name): told on the roster member they are.
        var askedBy = timeline.LastOrDefault(e => e.Kind == TimelineKind.HelpCalled && e.Step == call)?.By;
        var asker = askedBy is null ? null
            : members.TryGetValue(askedBy, out var byId) ? byId
            : members.Values.FirstOrDefault(m => m.Active && (Member.SameAddress(m.Email, askedBy) || Member.SameName(m.DisplayName, askedBy)));
        await pager.HelpAnsweredAsync(incident, call, asker, askedBy, name, cancellationToken);
        return true;
    }
}
