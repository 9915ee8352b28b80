using System.Globalization;
using OnDuty.Core.Notifications;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Personal call rules (PagerDuty's personal notification rules, narrowed to what a sleeper needs): a duty member who sleeps through
/// texts asks to be rung <see cref="AssignedMember.CallAfterMinutes"/> after a first page nobody acknowledged (0: with it). The rule
/// only adds a call, sooner than the team's (<c>Voice__FromStep</c>): it removes or delays no page, and changes nothing once step 1
/// went (the team's calls ring from there) or where the team's calls already ring with the first page.
/// </summary>
public sealed partial class Incident
{
    /// <summary>The page round <see cref="PersonalCalled"/> is of; a later round (a reopen, a lapsed acknowledgement) starts with nobody called.</summary>
    public int? PersonalCallsRound { get; private set; }

    /// <summary>Member ids rung by their own rule in round <see cref="PersonalCallsRound"/>: each once a round.</summary>
    public IReadOnlyList<string> PersonalCalled { get; private set; } = [];

    /// <summary>Whether <paramref name="memberId"/>'s own rule rang them in the current round.</summary>
    public bool PersonallyCalled(string memberId) =>
        PersonalCallsRound == PageRound && PersonalCalled.Contains(memberId, StringComparer.Ordinal);

    /// <summary>
    /// The duty members whose own call rule is due at <paramref name="now"/>: open, nobody acknowledged, the first page of this round
    /// queued and no later step recorded, its pages not held by a maintenance window, calls on for its severity and not ringing with
    /// the first page already (<paramref name="voice"/>), the member has a number and a rule whose time (from the escalation clock's
    /// start, as step 1's) has come and is before step 1's, and was not rung by it this round. Empty when calls are off (null).
    /// </summary>
    public IReadOnlyList<AssignedMember> PersonalCallsDue(DateTimeOffset now, AckTimeouts timeouts, VoiceOptions? voice)
    {
        if (voice is null || !voice.Rings(Severity) || voice.Covers(Severity, 0)
            || !IsOpen || IsAcknowledged || MergedInto is not null || PagesNobodyFor is not null || PagesHeldAt(now)
            || NotifiedStep != 0 || !StepQueued)
        {
            return [];
        }

        var stepOne = timeouts.For(Severity);
        return [.. Assignees.Where(a => a.CallAfterMinutes is { } minutes && TimeSpan.FromMinutes(minutes) < stepOne
            && EscalationStart + TimeSpan.FromMinutes(minutes) <= now
            && a.Phone is { } phone && PhoneNumber.IsValid(phone)
            && !PersonallyCalled(a.Id)).DistinctBy(a => a.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Records that the own rules of the members in <paramref name="due"/> came due at <paramref name="at"/>, one timeline row each: rung
    /// (<c>Called</c>: the caller queued the call before, under <see cref="IncidentNotice.PersonalCall"/>'s id; <see cref="TimelineTexts.PersonalCall"/>,
    /// <see cref="TimelineTexts.PersonalCallAtFirstPage"/>), or not, their call budget spent by a storm (<see cref="TimelineTexts.PersonalCallWithheld"/>):
    /// either way done for the round. Only those still due are recorded: false (nothing changed) when another run recorded them first
    /// or someone acknowledged meanwhile.
    /// </summary>
    public bool RecordPersonalCalls(IReadOnlyList<(string MemberId, bool Called)> due, DateTimeOffset at, AckTimeouts timeouts, VoiceOptions? voice)
    {
        var asked = due.GroupBy(d => d.MemberId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Any(d => d.Called), StringComparer.Ordinal);
        var still = PersonalCallsDue(at, timeouts, voice).Where(a => asked.ContainsKey(a.Id)).ToList();
        if (still.Count == 0)
        {
            return false;
        }

        PersonalCalled = PersonalCallsRound == PageRound ? [.. PersonalCalled, .. still.Select(a => a.Id)] : [.. still.Select(a => a.Id)];
        PersonalCallsRound = PageRound;
        foreach (var a in still)
        {
            Record(new TimelineEntry
            {
                At = at,
                Kind = TimelineKind.PersonalCall,
                By = "system",
                Round = PageRound,
                Members = [new PagedMember(a.Email, a.Id, a.Phone)],
                Message = !asked[a.Id] ? string.Format(CultureInfo.InvariantCulture, TimelineTexts.PersonalCallWithheld, a.DisplayName)
                    : a.CallAfterMinutes == 0 ? string.Format(CultureInfo.InvariantCulture, TimelineTexts.PersonalCallAtFirstPage, a.DisplayName)
                    : string.Format(CultureInfo.InvariantCulture, TimelineTexts.PersonalCall, a.DisplayName, a.CallAfterMinutes),
            });
        }

        return true;
    }
}
