using OnDuty.Core.Alerts;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Where telling stakeholders about an incident stands. A notice is numbered (第n報) when a person declares the incident or
/// posts an update, and queued right after; <see cref="Queued"/> behind <see cref="Issued"/> means the queuing is still
/// owed (a crash or an unreachable directory in between) and is done again, under the same outbox ids.
/// </summary>
public sealed record IncidentComms
{
    /// <summary>Notices issued by people so far; the last one's number.</summary>
    public int Issued { get; init; }

    /// <summary>The highest notice number whose messages are in the outbox.</summary>
    public int Queued { get; init; }

    /// <summary>When a person last declared or updated it; null while only monitoring has spoken.</summary>
    public DateTimeOffset? LastPersonUpdateAt { get; init; }

    /// <summary>Every audience told so far: a later notice goes to them too, so a severity change only ever widens it.</summary>
    public IReadOnlyList<string> ToldAudiences { get; init; } = [];

    /// <summary>
    /// The notice each audience was first told in: their own series of notices starts there (a reader added by a severity raise
    /// reads 第1報 first, not 第3報). An audience told before this was recorded counts from notice 1.
    /// </summary>
    public IReadOnlyDictionary<string, int> FirstNotices { get; init; } = new Dictionary<string, int>();

    /// <summary>The severity the last notice queued said; null before the first (or on a record from before this was kept).</summary>
    public AlertSeverity? ToldSeverity { get; init; }

    /// <summary>The notice <paramref name="audience"/> was first told in; <paramref name="number"/> (the one being queued) when never.</summary>
    public int FirstNoticeOf(string audience, int number)
    {
        foreach (var (name, first) in FirstNotices)
        {
            if (string.Equals(name, audience, StringComparison.OrdinalIgnoreCase))
            {
                return first;
            }
        }

        return ToldAudiences.Contains(audience, StringComparer.OrdinalIgnoreCase) ? 1 : number;
    }

    /// <summary>
    /// The next update the last person's update promised (<see cref="IncidentEdit.NextUpdateAt"/>); null: none was promised, so
    /// the severity's update interval from <see cref="LastPersonUpdateAt"/> applies (as for records stored before this was kept).
    /// </summary>
    public DateTimeOffset? NextUpdateAt { get; init; }

    /// <summary>
    /// What the last notice queued said of the next update (■次回の更新予定), exactly as its text gave it; null on a record stored
    /// before this was kept (then it is worked out again from <see cref="LastPersonUpdateAt"/>, <see cref="NextUpdateAt"/> and the
    /// severity's interval), or before the first notice.
    /// </summary>
    public NoticePromise? LastNoticeSaid { get; init; }

    /// <summary>What the last person's update changed of the details the notice shows (<see cref="IncidentChange"/>), in order.</summary>
    public IReadOnlyList<IncidentChange> Changes { get; init; } = [];

    /// <summary>Reminders to update sent since <see cref="LastPersonUpdateAt"/> (or detection): one per missed interval.</summary>
    public int Nudges { get; init; }

    /// <summary>
    /// Reminders sent since the last notice that the stakeholders are owed word of its recovery (<see cref="Incident.RecoveryNoticeOwed"/>):
    /// 1 when monitoring resolved it, 2 once more after the severity's update interval; never more. 0 on a record from before this was kept.
    /// </summary>
    public int RecoveryReminders { get; init; }

    /// <summary>When the last of <see cref="RecoveryReminders"/> went: the one more reminder counts its interval from it.</summary>
    public DateTimeOffset? RecoveryRemindedAt { get; init; }
}

/// <summary>What a stakeholder notice said of the next one: the time it gave, or none.</summary>
public sealed record NoticePromise
{
    /// <summary>The time the notice said the next update would come by (頃); null: it gave none (状況に変化があり次第, or it said the incident was over).</summary>
    public DateTimeOffset? NextUpdateBy { get; init; }

    /// <summary>The notice said the incident was over: recovered (resolved by a person) or merged into another.</summary>
    public bool Closed { get; init; }
}
