namespace OnDuty.Core.Comms;

/// <summary>
/// When the next update is due, as stakeholders are told it: what the last update by a person promised, else the severity's
/// update interval after that update rounded up on the team's clock — to 5 minutes, or 10 for an interval of an hour or more —
/// so a notice says 12:05頃, not 12:03頃. The stakeholder notice says it, the update form offers it, and the reminder to update
/// comes then: one computation, one time.
/// </summary>
public static class NextUpdatePromise
{
    /// <summary>The default promise made at <paramref name="from"/> for <paramref name="interval"/>: rounded up in <paramref name="zone"/>.</summary>
    public static DateTimeOffset Default(DateTimeOffset from, TimeSpan interval, TimeZoneInfo zone) =>
        RoundUp(from + interval, interval >= TimeSpan.FromHours(1) ? TimeSpan.FromMinutes(10) : TimeSpan.FromMinutes(5), zone);

    /// <summary>
    /// The next update stakeholders were told to expect after the update at <paramref name="since"/>: the time it promised
    /// (<paramref name="promised"/>, when after it), else the default for <paramref name="interval"/>; null when neither (reminders
    /// off for the severity and no promise: the notice said 状況に変化があり次第).
    /// </summary>
    public static DateTimeOffset? Told(DateTimeOffset since, DateTimeOffset? promised, TimeSpan? interval, TimeZoneInfo zone) =>
        promised is { } at && at > since ? at : interval is { } every ? Default(since, every, zone) : null;

    /// <summary>
    /// The next update the last notice told stakeholders to expect, as it said it (<see cref="Incidents.IncidentComms.LastNoticeSaid"/>);
    /// null when it gave none (状況に変化があり次第, or it said the incident was over). A record stored before that was kept has it
    /// worked out again: <see cref="Told"/> from the last update by a person, with <paramref name="interval"/> (the update interval of
    /// the severity the notice said).
    /// </summary>
    public static DateTimeOffset? LastTold(Incidents.IncidentComms comms, TimeSpan? interval, TimeZoneInfo zone) =>
        comms.LastNoticeSaid is { } said ? said.NextUpdateBy
        : comms.LastPersonUpdateAt is { } from ? Told(from, comms.NextUpdateAt, interval, zone)
        : comms.NextUpdateAt;

    /// <summary>
    /// What the update form offers as its next update at <paramref name="now"/>: the time stakeholders were promised while it is
    /// ahead (keeping it keeps the promise), else the default for <paramref name="interval"/> from now; null when neither.
    /// </summary>
    public static DateTimeOffset? FormDefault(DateTimeOffset? promised, DateTimeOffset now, TimeSpan? interval, TimeZoneInfo zone) =>
        promised is { } ahead && ahead > now ? ahead : interval is { } every ? Default(now, every, zone) : null;

    /// <summary>
    /// Whether the update stakeholders were told to expect by <paramref name="due"/> is late at <paramref name="now"/>: from the minute
    /// after it, not at it — a notice says 15:50頃, so at 15:50 the update is due, from 15:51 it is late (trial 54). The reminder, the
    /// 障害の状況 page and the status page say it alike.
    /// </summary>
    public static bool IsLate(DateTimeOffset due, DateTimeOffset now) => now >= due + TimeSpan.FromMinutes(1);

    /// <summary><paramref name="at"/> rounded up to the next multiple of <paramref name="step"/> on the local clock of <paramref name="zone"/> (seconds included).</summary>
    public static DateTimeOffset RoundUp(DateTimeOffset at, TimeSpan step, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var over = local.Ticks % step.Ticks;
        return over == 0 ? at : at + (step - TimeSpan.FromTicks(over));
    }
}
