using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// A reminder to the duty members: an open incident has had no update by a person for <see cref="Interval"/>
/// (since <see cref="Since"/>). Either stakeholders are waiting to hear (and were told when: <see cref="PromisedBy"/>), or
/// nobody has been told anything yet (<see cref="NothingToldYet"/>) and the update sends the first notice.
/// </summary>
public sealed record UpdateNudgeNotice(Language Language, Incident Incident, TimeSpan Interval, DateTimeOffset Since, string TimeZone) : Notice(Language)
{
    /// <summary>Where to post the update; null without <c>Team__PublicBaseUrl</c>.</summary>
    public string? Link { get; init; }

    /// <summary>No stakeholder has been told anything about it yet (opened by monitoring, no update by a person).</summary>
    public bool NothingToldYet { get; init; }

    /// <summary>
    /// No stakeholder has been told anything yet, but the 第1報 is issued and its sending is being retried (a group could not be
    /// expanded): it goes out without a new update.
    /// </summary>
    public bool FirstNoticePending { get; init; }

    /// <summary>The last notice told stakeholders the incident recovered, and it is open again (monitoring reopened it): no next update was promised.</summary>
    public bool RecoveryTold { get; init; }

    /// <summary>While <see cref="NothingToldYet"/> or <see cref="FirstNoticePending"/>: the audiences the first notice would go to, by display name; empty when its severity tells nobody.</summary>
    public IReadOnlyList<string> FirstAudiences { get; init; } = [];

    /// <summary>When stakeholders were told to expect the next update (what the last notice said); null when nothing was told, or no time was.</summary>
    public DateTimeOffset? PromisedBy { get; init; }

    /// <summary>The reminder goes a minute or more after <see cref="PromisedBy"/> (<see cref="Comms.NextUpdatePromise.IsLate"/>): the promise is broken.</summary>
    public bool PromisePassed { get; init; }

    /// <summary>The reminder goes at <see cref="PromisedBy"/>, within its minute: the update is due now, not late yet.</summary>
    public bool PromiseDue { get; init; }

    /// <summary>
    /// The person who acknowledged it (「対応者：田中さん」): after a weekly handoff the reminder goes to the pair on duty now as well as
    /// to them, and the readers see whose it is without opening the page. Null when nobody (or only a tool) acknowledged it.
    /// </summary>
    public Acknowledger? Holder { get; init; }

    /// <summary>With <see cref="Holder"/>: they are a roster member not on duty now (「（当番外）」).</summary>
    public bool HolderOffDuty { get; init; }

    /// <summary>
    /// With <see cref="Holder"/>: they are on leave today, to this day (their leave's last day), and are not sent the reminder — the
    /// pair on duty is (「（2026年12月18日(金)まで休暇中のため、このお願いは届いていません）」). Null when they are not on leave.
    /// </summary>
    public LeaveAbsence? HolderAwayUntil { get; init; }

    /// <summary>Nobody has acknowledged it yet: the reminder says so first, with <see cref="AckLink"/>.</summary>
    public bool Unacknowledged { get; init; }

    /// <summary>With <see cref="Unacknowledged"/>: this reader's signed acknowledge link; null without <c>Team__PublicBaseUrl</c>.</summary>
    public string? AckLink { get; init; }

    /// <summary>
    /// The communications lead, sent the reminders alone, let <see cref="IncidentComms.LeadNudgesAlone"/> in a row go unanswered: this one
    /// goes to the pair, the holder and whoever declared it too, and says so (「連絡担当の佐藤さんから、前回のお願いのあとも更新がありません。」;
    /// to the lead: that the others are asked too). Null otherwise.
    /// </summary>
    public AssignedMember? CommsLeadUnanswered { get; init; }

    /// <summary>This copy goes to the communications lead (<see cref="Incident.CommsLead"/>).</summary>
    public bool ToCommsLead { get; init; }
}
