using OnDuty.Core.Alerts;
using OnDuty.Core.Common;

namespace OnDuty.Core.Heartbeats;

/// <summary>
/// A heartbeat (ハートビート, a dead man's switch): something that should reach OnDuty every <see cref="Interval"/>: Alertmanager's
/// always-firing <c>Watchdog</c> alert, a nightly batch job, a monitoring pipeline. When it stops (nothing within the interval
/// and its <see cref="Grace"/>), or says it failed, OnDuty opens an incident and pages the duty pair, as for any alert; when it
/// is heard again, the incident resolves. Monitoring that stops sending is otherwise the silence nobody notices.
/// </summary>
public sealed record Heartbeat
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 1_000;
    public const int MaxFailureLength = 500;
    public const int MaxLabels = 10;
    public const int MaxLabelLength = LabelRules.MaxLength;
    public const int MaxRunbookLength = Incidents.TrackedAlert.MaxLinkLength;

    public static readonly TimeSpan ShortestInterval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan LongestInterval = TimeSpan.FromDays(31);
    public static readonly TimeSpan LongestGrace = TimeSpan.FromDays(7);

    /// <summary>The route name (<c>/api/heartbeats/{name}/ping</c>): a slug, e.g. <c>alertmanager-watchdog</c>.</summary>
    public required string Name { get; init; }

    public required string Title { get; init; }

    /// <summary>What it watches and what to check when it stops; goes into the incident.</summary>
    public string? Description { get; init; }

    /// <summary>
    /// Its owner's runbook (what to check, whom to call): an absolute http(s) link the page, the incident page and its card
    /// show as an Alertmanager alert's <c>runbook_url</c>.
    /// </summary>
    public Uri? Runbook { get; init; }

    /// <summary>
    /// Paused until then (<c>pausedUntil</c>: a job stopped on purpose, as Healthchecks.io's pause): while paused a silent heartbeat
    /// pages nobody; the first signal heard (ping, start or failure) clears it, and after it ends it is due its interval and grace from then, not at once.
    /// </summary>
    public DateTimeOffset? PausedUntil { get; init; }

    /// <summary>Paused at <paramref name="now"/> (<see cref="PausedUntil"/> not reached, nothing heard since it was set).</summary>
    public bool PausedAt(DateTimeOffset now) => PausedUntil is { } until && now < until;

    /// <summary>Who owns its job: named in its page, and told by mail (not paged) when it goes silent and when it is heard again.</summary>
    public HeartbeatOwner? Owner { get; init; }

    /// <summary>How often it is expected.</summary>
    public required TimeSpan Interval { get; init; }

    /// <summary>How late it may be before it counts as stopped (a job that runs long, a sender's retry).</summary>
    public required TimeSpan Grace { get; init; }

    /// <summary>The severity of the incident it opens.</summary>
    public AlertSeverity Severity { get; init; } = AlertSeverity.Sev2;

    /// <summary>Labels of its alert, besides <c>heartbeat={name}</c>: what a maintenance window matches.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public required string CreatedBy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public string? ChangedBy { get; init; }

    public DateTimeOffset? ChangedAt { get; init; }

    /// <summary>When it was last heard; null: never (it waits for its first ping and pages nobody).</summary>
    public DateTimeOffset? LastPingAt { get; init; }

    /// <summary>When it last said it failed (<c>/fail</c>); it is down while that is newer than <see cref="LastPingAt"/>.</summary>
    public DateTimeOffset? LastFailAt { get; init; }

    /// <summary>What the sender said with its failure, if anything.</summary>
    public string? LastFailure { get; init; }

    /// <summary>Since when it is down (as OnDuty first saw it); null while it is up.</summary>
    public DateTimeOffset? DownSince { get; init; }

    /// <summary>What the incident intake was last told: nothing yet, firing (an incident is open for it) or resolved.</summary>
    public HeartbeatReport Reported { get; init; }

    /// <summary>
    /// <see cref="Reported"/> was decided and may not have reached the intake yet (the sender stopped, storage failed): the next
    /// check sends it again. Sending again is harmless: a firing folds into the open incident, a resolve of a resolved one is ignored.
    /// </summary>
    public bool ReportPending { get; init; }

    /// <summary>When <see cref="Reported"/> was last decided, or confirmed still right (its incident found open).</summary>
    public DateTimeOffset? ReportedAt { get; init; }

    /// <summary>
    /// How long a heartbeat that is still stopped may stay without an open incident (a person resolved it by hand) before its
    /// alert is raised again: its interval and grace, at least an hour, as Alertmanager repeats a firing alert.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public TimeSpan RepeatAfter => Interval + Grace > TimeSpan.FromHours(1) ? Interval + Grace : TimeSpan.FromHours(1);

    /// <summary>Still stopped, its alert raised (and sent) <see cref="RepeatAfter"/> ago or more: time to see whether its incident is still open.</summary>
    public bool RepeatDueAt(DateTimeOffset now) =>
        Reported == HeartbeatReport.Firing && !ReportPending && !PausedAt(now) && ReportAt(now) == HeartbeatReport.Firing
        && now - (ReportedAt ?? DownSince ?? now) >= RepeatAfter;

    /// <summary>
    /// Expected on working days only (<c>Calendar__*</c>: weekends, public holidays, company closures such as 年末年始): a job
    /// that does not run on those days is not late on them. <see cref="ExpectedBy"/> then holds the due time, worked out
    /// when it was last heard.
    /// </summary>
    public bool WorkingDaysOnly { get; init; }

    /// <summary>With <see cref="WorkingDaysOnly"/>: when it is due, each non-working day until then adding a day (set by the monitor).</summary>
    public DateTimeOffset? ExpectedBy { get; init; }

    /// <summary>When it is due: the last ping plus the interval and the grace (later by the non-working days between, with
    /// <see cref="WorkingDaysOnly"/>); null before the first ping.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public DateTimeOffset? DueAt => LastPingAt is not { } last ? null
        // After a pause (cleared by a ping, so one stored is later than the last ping) it is due a whole interval from its end.
        : PausedUntil is { } until && until + Interval + Grace > Due(last) ? until + Interval + Grace
        : Due(last);

    private DateTimeOffset Due(DateTimeOffset last) =>
        WorkingDaysOnly && ExpectedBy is { } expected && expected > last ? expected : last + Interval + Grace;

    /// <summary>
    /// When a heartbeat last heard at <paramref name="last"/> is due when it is expected on working days only: the interval and
    /// grace later, plus a day for each non-working day (in <paramref name="zone"/>) from the day after <paramref name="last"/>
    /// up to that due day. So a daily job heard on Friday at 02:00 is due on Monday, not on Saturday; over 年末年始, after it.
    /// </summary>
    public static DateTimeOffset WorkingDayDue(DateTimeOffset last, TimeSpan span, Calendar.IWorkingCalendar calendar, TimeZoneInfo zone)
    {
        static DateOnly Day(DateTimeOffset at, TimeZoneInfo zone) => TimeZones.DateAt(at, zone);
        var due = last + span;
        var day = Day(last, zone).AddDays(1);
        for (var guard = 0; day <= Day(due, zone) && guard < 400; guard++, day = day.AddDays(1))
        {
            if (!calendar.IsWorkingDay(day))
            {
                due = due.AddDays(1);
            }
        }

        return due;
    }

    /// <summary>This heartbeat with <see cref="ExpectedBy"/> worked out for its last ping (null unless <see cref="WorkingDaysOnly"/>).</summary>
    public Heartbeat WithExpectedBy(Calendar.IWorkingCalendar calendar, TimeZoneInfo zone) =>
        this with { ExpectedBy = WorkingDaysOnly && LastPingAt is { } last ? WorkingDayDue(last, Interval + Grace, calendar, zone) : null };

    /// <summary>
    /// Defined longer ago than its interval and grace and never heard at all (no ping, start or failure): its sender points
    /// elsewhere or lacks the key, and it cannot page. A paused one is silent on purpose: not while paused, and once the pause
    /// ends only when its interval and grace from then pass unheard, as it is then due.
    /// </summary>
    public bool NeverHeardAt(DateTimeOffset now) =>
        LastPingAt is null && LastStartAt is null && LastFailAt is null && !PausedAt(now)
        && now - (PausedUntil is { } until && until > CreatedAt ? until : CreatedAt) > Interval + Grace;

    /// <summary>It said it failed, and was not heard from since.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Failed => LastFailAt is { } failed && (LastPingAt is not { } last || failed >= last);

    public HeartbeatState StateAt(DateTimeOffset now) =>
        PausedAt(now) ? HeartbeatState.Paused
        : Failed ? HeartbeatState.Failed
        : FinishBy is { } finish ? (now > finish ? HeartbeatState.Overrun : HeartbeatState.Running)
        : DueAt is not { } due ? HeartbeatState.Waiting
        : now > due ? HeartbeatState.Late
        : HeartbeatState.Up;

    /// <summary>Since when it counts as stopped at <paramref name="now"/>: when it said it failed, when its run should have finished, or when it was due.</summary>
    public DateTimeOffset? StoppedSince(DateTimeOffset now) => StateAt(now) switch
    {
        HeartbeatState.Failed => LastFailAt,
        HeartbeatState.Overrun => FinishBy,
        HeartbeatState.Late => DueAt,
        _ => null,
    };

    /// <summary>
    /// How long a run may take from its start signal (<c>/start</c>) to its ping; null: the grace. A start not followed by a
    /// ping in time is as stopped as a missing ping: the job hangs.
    /// </summary>
    public TimeSpan? MaxRun { get; init; }

    /// <summary>When its sender last said a run started (<c>/start</c>).</summary>
    public DateTimeOffset? LastStartAt { get; init; }

    /// <summary>A run started and has not pinged (or failed) since.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Running => LastStartAt is { } start && (LastPingAt is not { } last || start > last) && (LastFailAt is not { } failed || start > failed);

    /// <summary>While <see cref="Running"/>: when the run should have pinged by.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public DateTimeOffset? FinishBy => Running ? LastStartAt + (MaxRun ?? Grace) : null;

    /// <summary>What the intake should have been told at <paramref name="now"/>: firing while it is down, resolved once it is back after firing.</summary>
    public HeartbeatReport ReportAt(DateTimeOffset now) =>
        // Paused: nothing new is raised, and an open incident is not resolved as if it had been heard (a person resolves it).
        PausedAt(now) ? Reported
        : StateAt(now).IsStopped() ? HeartbeatReport.Firing
        : Reported == HeartbeatReport.Firing ? HeartbeatReport.Resolved
        : Reported;

    /// <summary>
    /// The heartbeat with <see cref="Reported"/> as it should be at <paramref name="now"/>, marked pending when that changed
    /// (and <see cref="DownSince"/> kept with it); null when nothing changes.
    /// </summary>
    public Heartbeat? Decide(DateTimeOffset now)
    {
        var report = ReportAt(now);
        if (report == Reported)
        {
            return null;
        }

        return this with
        {
            Reported = report,
            ReportPending = true,
            ReportedAt = now,
            DownSince = report == HeartbeatReport.Firing ? StoppedSince(now) ?? now : null,
        };
    }

    /// <summary>The alert it tells the intake (<paramref name="title"/> and <paramref name="description"/> in the team's language).</summary>
    public AlertNotification Notification(string title, string? description, DateTimeOffset now)
    {
        var firing = Reported == HeartbeatReport.Firing;
        var labels = new Dictionary<string, string>(Labels, StringComparer.Ordinal) { [LabelName] = Name };
        var alert = new AlertInstance
        {
            DedupKey = "heartbeat:" + Name,
            Status = firing ? AlertStatus.Firing : AlertStatus.Resolved,
            Severity = Severity,
            Summary = title,
            Description = description,
            StartsAt = DownSince ?? now,
            EndsAt = firing ? null : now,
            Labels = labels,
            AffectedResource = "heartbeat/" + Name,
            Heartbeat = HeartbeatFacts.Of(this, now),
            Links = Runbook is { } runbook ? [new AlertLink(AlertLinkKinds.Runbook, runbook)] : [],
        };
        return new AlertNotification
        {
            Source = AlertSource.Heartbeat,
            GroupKey = Name,
            Status = alert.Status,
            Title = title,
            Severity = Severity,
            Alerts = [alert],
        };
    }

    /// <summary>The label every heartbeat's alert carries, with its name: <c>heartbeat=nightly-batch</c>.</summary>
    public const string LabelName = "heartbeat";

    /// <summary>
    /// A heartbeat from what a person asked for, checked (every problem at once, as <see cref="ValidationException"/>). Given
    /// <paramref name="existing"/>, it is changed: what it heard and reported is kept.
    /// </summary>
    public static Heartbeat Define(string name, HeartbeatRequest request, Heartbeat? existing, string by, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        errors.When(!Slug.IsValid(name), "name", Slug.Rule, Refusal.Of("heartbeatName"));
        var title = string.IsNullOrWhiteSpace(request.Title) ? name : request.Title.Trim();
        errors.CheckText("title", title, MaxTitleLength);
        errors.When(title.Contains('\n') || title.Contains('\r'), "title", "must be one line", Refusal.Of("heartbeatOneLine"));
        var description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
        errors.CheckText("description", description, MaxDescriptionLength);
        var runbook = RunbookOf(request.RunbookUrl, errors);
        var owner = HeartbeatOwner.Of(request.Owner, errors);

        TimeSpan interval = default;
        if (request.IntervalMinutes is not { } minutes)
        {
            errors.Add("intervalMinutes", "is required: how often it is expected, in minutes (e.g. 5, or 1440 for a daily job)", Refusal.Of("heartbeatIntervalRequired"));
        }
        else if (minutes < ShortestInterval.TotalMinutes || minutes > LongestInterval.TotalMinutes)
        {
            errors.Add("intervalMinutes", $"must be {ShortestInterval.TotalMinutes:0} to {LongestInterval.TotalMinutes:0} (31 days)", MinutesRefusal(ShortestInterval, LongestInterval));
        }
        else
        {
            interval = TimeSpan.FromMinutes(minutes);
        }

        var grace = DefaultGrace(interval);
        if (request.GraceMinutes is { } graceMinutes)
        {
            errors.When(graceMinutes < 0 || graceMinutes > LongestGrace.TotalMinutes, "graceMinutes", $"must be 0 to {LongestGrace.TotalMinutes:0} (7 days)", MinutesRefusal(TimeSpan.Zero, LongestGrace));
            grace = TimeSpan.FromMinutes(Math.Clamp(graceMinutes, 0, LongestGrace.TotalMinutes));
        }

        TimeSpan? maxRun = null;
        if (request.MaxRunMinutes is { } run)
        {
            errors.When(run < 1 || run > LongestInterval.TotalMinutes, "maxRunMinutes", $"must be 1 to {LongestInterval.TotalMinutes:0} (31 days)", MinutesRefusal(ShortestInterval, LongestInterval));
            maxRun = TimeSpan.FromMinutes(Math.Clamp(run, 1, LongestInterval.TotalMinutes));
        }

        var severity = AlertSeverity.Sev2;
        if (request.Severity is { } s)
        {
            if (SeverityLabel.Parse(s) is { } parsed)
            {
                severity = parsed;
            }
            else
            {
                errors.Add("severity", SeverityLabel.Problem(s));
            }
        }

        var paused = request.PausedUntil;
        errors.When(paused is { } until && (until <= now || until > now + LongestInterval), "pausedUntil",
            $"must be after now and within {LongestInterval.TotalDays:0} days, with its offset (e.g. 2026-12-21T20:00:00+09:00)", Refusal.Of("heartbeatPause", ("days", (int)LongestInterval.TotalDays)));

        var labels = request.Labels ?? new Dictionary<string, string>();
        errors.When(labels.ContainsKey(LabelName), "labels", $"'{LabelName}' is set by OnDuty (to the heartbeat's name)", Refusal.Of("heartbeatLabel", ("label", LabelName)));
        LabelRules.Check(errors, labels, MaxLabels);

        errors.ThrowIfAny();
        var defined = new Heartbeat
        {
            Name = name,
            Title = title,
            Description = description,
            Runbook = runbook,
            Owner = owner,
            PausedUntil = paused,
            Interval = interval,
            Grace = grace,
            Severity = severity,
            Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal),
            WorkingDaysOnly = request.WorkingDaysOnly ?? false,
            MaxRun = maxRun,
            CreatedBy = by,
            CreatedAt = now,
        };
        return existing is null
            ? defined
            : existing with
            {
                Title = defined.Title,
                Description = defined.Description,
                Runbook = defined.Runbook,
                Owner = defined.Owner,
                PausedUntil = defined.PausedUntil,
                Interval = defined.Interval,
                Grace = defined.Grace,
                Severity = defined.Severity,
                Labels = defined.Labels,
                WorkingDaysOnly = defined.WorkingDaysOnly,
                MaxRun = defined.MaxRun,
                ChangedBy = by,
                ChangedAt = now,
            };
    }

    /// <summary>The runbook link asked for: null when blank; an absolute http(s) URL of one piece (no spaces or line breaks), else a problem.</summary>
    private static Uri? RunbookOf(string? url, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        var trimmed = url.Trim();
        var ok = Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && !trimmed.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));
        errors.When(!ok, "runbookUrl", "must be an absolute http(s) URL, e.g. https://wiki.example.com/runbooks/billing-export", Refusal.Of("heartbeatRunbookUrl"));
        errors.When(trimmed.Length > MaxRunbookLength, "runbookUrl", $"must be at most {MaxRunbookLength} characters", Refusal.Of("heartbeatTooLong", ("max", MaxRunbookLength)));
        return ok && trimmed.Length <= MaxRunbookLength ? uri : null;
    }

    /// <summary>A count of minutes out of range, with the range (「1〜44640分（31日）」 in Japanese).</summary>
    private static Refusal MinutesRefusal(TimeSpan low, TimeSpan high) =>
        Refusal.Of("heartbeatMinutes", ("min", (int)low.TotalMinutes), ("max", (int)high.TotalMinutes), ("days", (int)high.TotalDays));

    /// <summary>A fifth of the interval, at least a minute and at most an hour: a five-minute heartbeat may be a minute late, a daily job an hour.</summary>
    public static TimeSpan DefaultGrace(TimeSpan interval) =>
        TimeSpan.FromMinutes(Math.Clamp(Math.Ceiling(interval.TotalMinutes / 5), 1, 60));
}

/// <summary>Where a heartbeat stands.</summary>
public enum HeartbeatState
{
    /// <summary>Never heard yet: it pages nobody until its first ping.</summary>
    Waiting,

    Up,

    /// <summary>A run started (<c>/start</c>) and may still ping in time.</summary>
    Running,

    /// <summary>A run started and did not ping within <see cref="Heartbeat.MaxRun"/>: the job hangs.</summary>
    Overrun,

    /// <summary>Nothing within its interval and grace.</summary>
    Late,

    /// <summary>Its sender said it failed, and was not heard from since.</summary>
    Failed,

    /// <summary>Paused (<see cref="Heartbeat.PausedUntil"/>): silent on purpose, it pages nobody until the pause ends or it is heard (ping, start, failure).</summary>
    Paused,
}

public static class HeartbeatStates
{
    /// <summary>Late, failed or overrun: its alert fires.</summary>
    public static bool IsStopped(this HeartbeatState state) => state is HeartbeatState.Late or HeartbeatState.Failed or HeartbeatState.Overrun;
}

/// <summary>What the incident intake was last told of a heartbeat.</summary>
public enum HeartbeatReport
{
    None,
    Firing,
    Resolved,
}

/// <summary>What a person asks for (<c>PUT /api/heartbeats/{name}</c>); <see cref="IntervalMinutes"/> required.</summary>
public sealed record HeartbeatRequest
{
    public string? Title { get; init; }

    public string? Description { get; init; }

    /// <summary>An absolute http(s) link to its owner's runbook; shown with its page.</summary>
    public string? RunbookUrl { get; init; }

    /// <summary>Paused until then: pages nobody while silent; its first ping, or the end, resumes it.</summary>
    public DateTimeOffset? PausedUntil { get; init; }

    /// <summary>Who owns its job (<c>{"email","name"}</c>); told when it goes silent and when it is heard again.</summary>
    public HeartbeatOwnerRequest? Owner { get; init; }

    public int? IntervalMinutes { get; init; }

    /// <summary>Default: <see cref="Heartbeat.DefaultGrace"/>.</summary>
    public int? GraceMinutes { get; init; }

    /// <summary><c>sev1</c> … <c>sev4</c>; default <c>sev2</c>.</summary>
    public string? Severity { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Expected on working days only (default false: every day).</summary>
    public bool? WorkingDaysOnly { get; init; }

    /// <summary>How long a run may take from <c>/start</c> to its ping (default: the grace).</summary>
    public int? MaxRunMinutes { get; init; }
}
