using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// A page or an escalation step by SMS, for one duty member: the page's subject (severity, id, title cut short) and their own
/// acknowledge link, short enough to read on a phone's lock screen.
/// </summary>
public sealed record PageTextNotice(Language Language, Incident Incident, IncidentNotice Stage, string AckLink) : Notice(Language)
{
    /// <summary>Replies to OnDuty's number are heard (<c>Sms__AcceptReplies</c>): the text says that replying 1 acknowledges.</summary>
    public bool RepliesAccepted { get; init; }

    /// <summary>The last text for a while (<see cref="Notifications.TextBudget"/>): no more texts for this long, pages go by email.</summary>
    public TimeSpan? QuietFor { get; init; }

    /// <summary>The page that acknowledges every waiting incident at once, named when <see cref="QuietFor"/> is set.</summary>
    public string? AckTogetherLink { get; init; }

    /// <summary>Pages go to the team's Teams channel too (<c>Teams__WebhookUrl</c> set): the text names Teams beside email only then.</summary>
    public bool TeamsEnabled { get; init; } = true;

    /// <summary>On the leads' step, to a lead not on duty: the text says it comes to them as the lead and whose silence it is; null = not said.</summary>
    public LeadsStep? AsLead { get; init; }

    /// <summary>The team's time zone (IANA id): a 【再発】 page says when it came back in it, with its name (「11:05（JST）」).</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>The duty member's own zone when it is not the team's (<see cref="PageRecipient.TimeZone"/>, trial 59): the 【再発】 time in hers first, the team's beside it.</summary>
    public string? ReaderTimeZone { get; init; }
}

/// <summary>
/// Several incidents' page or escalation step told together (a storm nobody answered yet) by SMS: how many, the most severe of
/// them, and the page that acknowledges them together.
/// </summary>
public sealed record PagesTextNotice(Language Language, int Step, IReadOnlyList<Incident> Incidents, string AckTogetherLink) : Notice(Language)
{
    /// <inheritdoc cref="PageTextNotice.RepliesAccepted"/>
    public bool RepliesAccepted { get; init; }

    /// <inheritdoc cref="PageTextNotice.QuietFor"/>
    public TimeSpan? QuietFor { get; init; }

    /// <inheritdoc cref="PageTextNotice.TeamsEnabled"/>
    public bool TeamsEnabled { get; init; } = true;

    /// <summary>
    /// On the leads' step, to a lead on duty for none of them: the text says it comes to them as the lead and whose silence it is
    /// (<see cref="LeadsStep.Pair"/> empty when the incidents' pairs differ: not named); null = not said.
    /// </summary>
    public LeadsStep? AsLead { get; init; }
}
