using OnDuty.Core.Alerts;
using OnDuty.Core.Common;

namespace OnDuty.Core.Incidents;

/// <summary>
/// An incident. State changes go through methods that guard the rules and record a timeline entry each;
/// the repository stores the record and those entries together (one entity-group transaction), so the
/// timeline never disagrees with the record.
/// </summary>
public sealed partial class Incident
{
    public const string ManualSource = "manual";
    public const int MaxTitleLength = 200;
    public const int MaxTextLength = 4000;
    public const int MaxListItems = 20;
    public const int MaxListItemLength = 100;

    /// <summary>How far a person's <c>startedAt</c> may lie ahead of the server clock (a phone's clock runs a little fast).</summary>
    public static readonly TimeSpan StartedAtSkew = TimeSpan.FromMinutes(5);

    /// <summary>How far a recovery time (<c>resolvedAt</c>) may lie ahead of the server clock: the minute the form types it in.</summary>
    public static readonly TimeSpan ResolvedAtSkew = TimeSpan.FromMinutes(1);

    /// <summary>How far back a person's <c>startedAt</c> may lie: further is a typo (a wrong year), not an incident.</summary>
    public static readonly TimeSpan StartedAtMaxAge = TimeSpan.FromDays(366);

    private readonly List<TimelineEntry> _pending = [];

    private Incident(IncidentSnapshot s)
    {
        Id = s.Id;
        Title = s.Title;
        Severity = s.Severity;
        Status = s.Status;
        Source = s.Source;
        GroupKey = s.GroupKey;
        JoinedGroups = s.JoinedGroups ?? [];
        MergedGroups = s.MergedGroups ?? [];
        MergedIncidents = s.MergedIncidents ?? [];
        MergedInto = s.MergedInto;
        MergeTakings = s.MergeTakings ?? [];
        StatusBeforeMerge = s.StatusBeforeMerge;
        UnmergedFrom = s.UnmergedFrom;
        MergingInto = s.MergingInto;
        MergingSince = s.MergingSince;
        AffectedAreas = s.AffectedAreas;
        Platforms = s.Platforms;
        UserImpact = s.UserImpact;
        Workaround = s.Workaround;
        Cause = s.Cause;
        NextSteps = s.NextSteps;
        BridgeUrl = s.BridgeUrl;
        StartedAt = s.StartedAt;
        DetectedAt = s.DetectedAt;
        OpenedBy = s.OpenedBy;
        OpenedVia = s.OpenedVia;
        Refusal = s.Refusal;
        AcknowledgedAt = s.AcknowledgedAt;
        AcknowledgedBy = s.AcknowledgedBy;
        AcknowledgedFrom = s.AcknowledgedFrom;
        TakenOverAt = s.TakenOverAt;
        ResolvedAt = s.ResolvedAt;
        _closedAt = s.ClosedAt;
        Assignees = s.Assignees;
        PagedBefore = s.PagedBefore;
        LeadsOnLeave = s.LeadsOnLeave;
        NotifiedStep = s.NotifiedStep;
        StepQueued = s.StepQueued;
        EscalationClockFrom = s.EscalationClockFrom;
        ReopenCount = s.ReopenCount;
        AlertVersion = s.AlertVersion;
        ResolveVersion = s.ResolveVersion ?? s.AlertVersion;
        HelpCalls = s.HelpCalls;
        Comms = s.Comms ?? new IncidentComms();
        Revision = s.Revision;
        LastPersonUpdate = s.LastPersonUpdate;
        LastPersonUpdateKnown = s.LastPersonUpdateKnown;
        TextPurgedAt = s.TextPurgedAt;
        PagesHeldUntil = s.PagesHeldUntil;
        PagesHeldBy = s.PagesHeldBy;
        ClosedBy = s.ClosedBy;
        AcknowledgedVia = s.AcknowledgedVia;
        SeverityBy = s.SeverityBy;
        ReopenedOverPerson = s.ReopenedOverPerson;
        LastReopenedAt = s.LastReopenedAt;
        MonitoringTitle = s.MonitoringTitle;
        RaisedRounds = s.RaisedRounds ?? 0;
        RaisedOverToolAck = s.RaisedOverToolAck;
        StepToldBeforeHandOver = s.StepToldBeforeHandOver ?? false;
        PagesTogether = s.PagesTogether ?? [];
        PagesHeldFor = s.PagesHeldFor;
        PagesHeldFromStep = s.PagesHeldFromStep;
        RecoveredTold = s.RecoveredTold;
        DeclaredMergedIn = s.DeclaredMergedIn ?? false;
        Confidential = s.Confidential ?? false;
        OfficerMailOwed = s.OfficerMailOwed;
        CommsLead = s.CommsLead;
        CommsLeadAt = s.CommsLeadAt;
        CommsLeadCount = s.CommsLeadCount ?? 0;
        PagesNobodyFor = s.PagesNobodyFor;
        MaxSeverity = s.MaxSeverity;
        SnoozedUntil = s.SnoozedUntil;
        SnoozedBy = s.SnoozedBy;
        AckRenewedAt = s.AckRenewedAt;
        AckExpiredAt = s.AckExpiredAt;
        AckExpiries = s.AckExpiries ?? 0;
        AckLapsedRound = s.AckLapsedRound;
        AckLapsedBy = s.AckLapsedBy;
        PersonalCallsRound = s.PersonalCallsRound;
        PersonalCalled = s.PersonalCalled ?? [];
    }

    public string Id { get; }

    public string Title { get; private set; }

    public AlertSeverity Severity { get; private set; }

    public IncidentStatus Status { get; private set; }

    public string Source { get; }

    public string? GroupKey { get; }

    /// <summary>
    /// Other groups of <see cref="Source"/> that joined it by alert grouping (<see cref="AlertSourceOptions.GroupWindow"/>), in the
    /// order they joined: it holds their claims too while open, and frees them when it resolves.
    /// </summary>
    public IReadOnlyList<string> JoinedGroups { get; private set; }

    /// <summary>The most groups that may join one incident; a new group past it opens an incident of its own.</summary>
    public const int MaxJoinedGroups = 50;

    /// <summary>
    /// The most characters their keys may take together as the record stores them (one table property of at most 32K UTF-16
    /// characters holds the whole record as JSON, where a quote or a control character takes six).
    /// </summary>
    public const int MaxJoinedGroupsLength = 8000;

    /// <summary>
    /// How the record's JSON encodes text in storage (the repository serialises with it): every script as it is, so 4,000
    /// Japanese characters fit a property; quotes, HTML-sensitive and control characters escaped. Limits on what the record
    /// holds count with it.
    /// </summary>
    public static System.Text.Encodings.Web.JavaScriptEncoder StoredTextEncoder { get; } =
        System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>
    /// The record's free texts together — title, areas, platforms, user impact, workaround, cause, next steps, bridge and the
    /// last person's update — in characters as stored (<see cref="StoredTextEncoder"/>: '&amp;', '&lt;', '&gt;' and quotes take
    /// six, a line break two). With the groups (<see cref="MaxJoinedGroupsLength"/>) and the rest of the record they stay
    /// within the 32K characters a table string property holds; each text within its own limit could otherwise pass it
    /// (two texts of 4,000 '&amp;' are 48,000), and storage would refuse the row.
    /// </summary>
    public const int MaxStoredTexts = 20_000;

    /// <summary>Characters <paramref name="text"/> takes in the stored record's JSON.</summary>
    internal static int StoredLength(string text) => System.Text.Json.JsonEncodedText.Encode(text, StoredTextEncoder).ToString().Length;

    /// <summary>
    /// Groups that came with incidents merged into it by a person (<see cref="MergeIn"/>), of any source: it holds their
    /// claims while open and frees them when it resolves, as it does its own.
    /// </summary>
    public IReadOnlyList<HeldGroup> MergedGroups { get; private set; }

    /// <summary>The incidents merged into this one, in the order they were merged.</summary>
    public IReadOnlyList<string> MergedIncidents { get; private set; }

    /// <summary>
    /// The incident this one was merged into (<see cref="MarkMergedInto"/>): it is resolved, holds no group any more, and alerts that
    /// still reach it are folded into that one.
    /// </summary>
    public string? MergedInto { get; private set; }

    /// <summary>
    /// The incident a merge in progress is merging this one into (<see cref="TryBeginMerge"/>), and since when: the merge's lock,
    /// so that two merges of one incident, or two incidents merged into each other, cannot run at once. It changes nothing else.
    /// </summary>
    public string? MergingInto { get; private set; }

    /// <inheritdoc cref="MergingInto"/>
    public DateTimeOffset? MergingSince { get; private set; }

    /// <summary>How long a merge's lock holds: a merge that stopped half-way (its request died) is taken over after it.</summary>
    public static readonly TimeSpan MergeLockTimeout = TimeSpan.FromMinutes(2);

    /// <summary>True while a merge into another incident holds its lock at <paramref name="at"/>.</summary>
    public bool IsBeingMerged(DateTimeOffset at) => MergedInto is null && MergingInto is not null && at - MergingSince < MergeLockTimeout;

    /// <summary>
    /// Takes the merge lock for merging it into <paramref name="into"/> at <paramref name="at"/>. Null when taken (<paramref name="taken"/>:
    /// whether that changed the record: false when this merge held it already); <see cref="MergeRefusal.BeingMerged"/> while another
    /// merge holds it.
    /// </summary>
    public MergeRefusal? TryBeginMerge(string into, DateTimeOffset at, out bool taken)
    {
        taken = false;
        if (MergingInto == into && IsBeingMerged(at))
        {
            return null;
        }

        if (IsBeingMerged(at))
        {
            return MergeRefusal.BeingMerged;
        }

        MergingInto = into;
        MergingSince = at;
        taken = true;
        return null;
    }

    /// <summary>Gives the merge lock back when the merge into <paramref name="into"/> was refused before it changed anything; false when not held for it.</summary>
    public bool EndMerge(string into)
    {
        if (MergingInto != into || MergedInto is not null)
        {
            return false;
        }

        MergingInto = null;
        MergingSince = null;
        return true;
    }

    /// <summary>The most incidents that may be merged into one.</summary>
    public const int MaxMergedIncidents = 50;

    /// <summary>Every group of <see cref="Source"/> it holds: its own, then those that joined, then those merged in from the same source.</summary>
    public IEnumerable<string> Groups => HeldGroups.Where(g => g.Source == Source).Select(g => g.GroupKey);

    /// <summary>Every group it holds, of any source: none once merged into another.</summary>
    public IEnumerable<HeldGroup> HeldGroups => MergedInto is null ? OwnGroups : [];

    /// <summary>
    /// Every group it holds, or held before it was merged into another (<see cref="HeldGroups"/> whether merged or not): the groups an
    /// undo of the merge gives back, with the alerts that came through them.
    /// </summary>
    public IEnumerable<HeldGroup> OwnGroups
    {
        get
        {
            if (GroupKey is not null)
            {
                yield return new HeldGroup(Source, GroupKey);
            }

            foreach (var joined in JoinedGroups)
            {
                yield return new HeldGroup(Source, joined);
            }

            foreach (var merged in MergedGroups)
            {
                yield return merged;
            }
        }
    }

    /// <summary>
    /// The monitoring source its alerts came from (<c>azure-monitor</c>, …), to say what that source's own severity is here; null
    /// when they may have come from several (another source's incident merged in) or it was declared by a person.
    /// </summary>
    public string? AlertSource => HeldGroups.Select(g => g.Source).Distinct(StringComparer.Ordinal).Take(2).ToList() switch
    {
        [var only] when only != ManualSource => only,
        // A duplicate merged into another holds no groups any more: its alerts were its own source's.
        [] when Source != ManualSource => Source,
        _ => null,
    };

    /// <summary>Characters the groups it took in (joined and merged) take in the record, and how many there are.</summary>
    private (int Count, int Length) TakenIn =>
        (JoinedGroups.Count + MergedGroups.Count, JoinedGroups.Sum(StoredLength) + MergedGroups.Sum(g => StoredLength(g.Source) + StoredLength(g.GroupKey)));

    public IReadOnlyList<string> AffectedAreas { get; private set; }

    public IReadOnlyList<string> Platforms { get; private set; }

    public string? UserImpact { get; private set; }

    public string? Workaround { get; private set; }

    /// <summary>The cause as far as it is known, as a person last wrote it with an update; null: nobody has said yet.</summary>
    public string? Cause { get; private set; }

    /// <summary>What the team will do next (prevent a recurrence, report back), as a person last wrote it; null: not said.</summary>
    public string? NextSteps { get; private set; }

    /// <summary>
    /// This incident's own bridge, an https call URL a person gave (a Teams meeting opened for it): offered instead of the
    /// team's standing one (<see cref="IncidentOptions.BridgeUrl"/>). Null: none of its own.
    /// </summary>
    public string? BridgeUrl { get; private set; }

    /// <summary>The longest bridge URL kept.</summary>
    public const int MaxBridgeUrlLength = 2000;

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset DetectedAt { get; }

    /// <summary>
    /// Who opened it: a member id or the name a person typed (an incident reported by hand), <c>alert:{source}</c> (monitoring);
    /// null for incidents stored before it was kept (the timeline's first row says it).
    /// </summary>
    public string? OpenedBy { get; }

    /// <summary>
    /// Opened by a monitoring tool (<see cref="OpenedBy"/> <c>alert:{source}</c>): the name the sending tool gave itself in the delivery
    /// that opened it (Events v2 <c>client</c>, "Datadog": the route is only the format), said beside the route's name. Null when it
    /// gave none, a person opened it, or the record was stored before it was kept. Never changes: merges, reopens and later alerts
    /// leave it as the opening delivery said it. At most <see cref="MaxAcknowledgedViaLength"/> characters.
    /// </summary>
    public string? OpenedVia { get; }

    /// <summary>
    /// Opened about a refused delivery (<see cref="RefusedDeliveries"/>): the refusal that opened it, as data
    /// (<see cref="RefusedDelivery.Stored"/>). Its title is stored in the team's language and worded from this for each reader while it is
    /// the title OnDuty gave; a title a person wrote is theirs. Null for any other incident and for records stored before it was kept
    /// (their title reads as stored). Never changes.
    /// </summary>
    public RefusedDelivery? Refusal { get; }

    public DateTimeOffset? AcknowledgedAt { get; private set; }

    public string? AcknowledgedBy { get; private set; }

    /// <summary>
    /// The address the acknowledgement came from, when known and not already <see cref="AcknowledgedBy"/>: the list's or lead's
    /// address whose signed acknowledge link someone pressed giving their name, or the signed-in address of whoever acknowledged on the
    /// incident page. Null for a member acknowledging by id (their roster entry has their address) and for records stored before.
    /// </summary>
    public string? AcknowledgedFrom { get; private set; }

    /// <summary>
    /// When the person who holds it (<see cref="AcknowledgedBy"/>) took it over from the one before (<see cref="TakeOver"/>): said
    /// beside the holder instead of <see cref="AcknowledgedAt"/>, which stays the first acknowledgement (the reports' time to
    /// acknowledge count from it). Null when the holder acknowledged it, and for records stored before it was kept.
    /// </summary>
    public DateTimeOffset? TakenOverAt { get; private set; }

    /// <summary>
    /// A tool's acknowledgement (<see cref="AcknowledgedBy"/> <c>alert:{source}</c>): the name the sending tool gave itself
    /// (Events v2 <c>client</c>, "Datadog"), said instead of the route's name; null when it gave none, or a person acknowledged.
    /// </summary>
    public string? AcknowledgedVia { get; private set; }

    /// <summary>The longest <see cref="AcknowledgedVia"/> kept.</summary>
    public const int MaxAcknowledgedViaLength = 100;

    public DateTimeOffset? ResolvedAt { get; private set; }

    private DateTimeOffset? _closedAt;

    /// <summary>
    /// When it was closed (the resolving update or alert arrived), while resolved: what intake compares deliveries and the
    /// reopen window with, and what reminders count from. <see cref="ResolvedAt"/> is when users stopped being affected as a
    /// person may give it, earlier — notices and reports say that one. Records stored before this was kept closed at their
    /// <see cref="ResolvedAt"/>.
    /// </summary>
    public DateTimeOffset? ClosedAt => IsOpen ? null : _closedAt ?? ResolvedAt;

    /// <summary>The duty members: set when it opened, and again whenever a step is sent (duty is resolved at send time).</summary>
    public IReadOnlyList<AssignedMember> Assignees { get; private set; }

    /// <summary>
    /// Ids of members paged about it who are no longer on it: a duty change at a later step (the week handed over, a cover
    /// ended, a replacement) took them off. They get no further steps, but their answer to the page they got still counts:
    /// a text reply <c>1</c> acknowledges it as them, as the page's link and call do.
    /// </summary>
    public IReadOnlyList<string> PagedBefore { get; private set; }

    /// <summary>
    /// Leads (addresses as configured) its leads' step passed over in this round because they were on leave then, the others (or,
    /// with none left, the organisation's list) paged instead; not paged by later steps either. Empty for an incident stored
    /// before this was kept (a previous release reads it as nobody passed over).
    /// </summary>
    public IReadOnlyList<string> LeadsOnLeave { get; private set; } = [];

    public int NotifiedStep { get; private set; }

    public bool StepQueued { get; private set; }

    public DateTimeOffset EscalationClockFrom { get; private set; }

    /// <summary>
    /// Opened (or reopened) by an alert during a maintenance window that covers it: nobody is paged before this time, and the
    /// first page goes out then if it is still open and unacknowledged (escalation counts from then). Null when never held;
    /// kept after the hold ended, to say it was.
    /// </summary>
    public DateTimeOffset? PagesHeldUntil { get; private set; }

    /// <summary>The maintenance window that held its pages (<see cref="PagesHeldUntil"/>).</summary>
    public string? PagesHeldBy { get; private set; }

    /// <summary>That window's title, as it was then.</summary>
    public string? PagesHeldFor { get; private set; }

    /// <summary>
    /// Held while open and paged already (a window planned with <c>holdOpen</c>): the step last sent when the hold began. Its
    /// escalation clock was set so that the next step is due the moment the hold ends, and the one after a full ack timeout later
    /// (<see cref="HoldOpenPages"/>). Null for a hold of a first page, or never held.
    /// </summary>
    public int? PagesHeldFromStep { get; private set; }

    /// <summary>
    /// Opened by an announcement, not an outage (an Azure Service Health <c>Maintenance</c> or <c>Information</c> communication,
    /// <see cref="Alerts.AlertNotification.PagesNobody"/>): listed and tracked like any incident, resolved on its stage, but it
    /// pages nobody, at any step, reopened or not. Null for every other incident.
    /// </summary>
    public string? PagesNobodyFor { get; private set; }

    /// <summary>
    /// When its opening paged the pair (<see cref="DetectedAt"/>): what the storm hold counts on every instance
    /// (<see cref="IncidentOptions.StormPages"/>, <see cref="IIncidentRepository.CountFirstPagesAsync"/>). Null when its opening paged
    /// nobody: an announcement, or a maintenance window that held its first page (a hold begun after it was paged keeps it).
    /// </summary>
    public DateTimeOffset? FirstPagedAt => PagesNobodyFor is null && (PagesHeldBy is null || PagesHeldFromStep is not null) ? DetectedAt : null;

    /// <summary>Whether its pages are held at <paramref name="at"/> (open, nobody acknowledged, the window not over).</summary>
    public bool PagesHeldAt(DateTimeOffset at) => IsOpen && !IsAcknowledged && PagesHeldUntil is { } until && at < until;

    /// <summary>
    /// When escalation's clock starts: the last detection or reopen, or the end of a hold, whichever is later. A hold of an
    /// incident paged already (<see cref="PagesHeldFromStep"/>) set the clock itself, so its end does not restart it.
    /// </summary>
    public DateTimeOffset EscalationStart => PagesHeldFromStep is null && PagesHeldUntil is { } until && until > EscalationClockFrom ? until : EscalationClockFrom;

    public int ReopenCount { get; private set; }

    /// <summary>
    /// Rounds of pages started without a reopen: a raise to SEV1 of an incident only a tool had acknowledged
    /// (<see cref="RaiseSeverity"/>, trial 35 H3) pages the pair from step 0 under ids of its own. Not a reopen: texts and reports
    /// count <see cref="ReopenCount"/>. 0 on records stored before 12-04 (a previous release ignores it: such a round's messages
    /// reuse the ids of the round before, so its outbox sends nothing new).
    /// </summary>
    public int RaisedRounds { get; private set; }

    /// <summary>
    /// The round of pages now: every reopen and every raise over a tool's acknowledgement (<see cref="RaisedRounds"/>) starts one,
    /// escalation restarting from step 0. Message ids (<see cref="IncidentNotice.Round"/>), step claims and the timeline's page
    /// rows (<see cref="TimelineEntry.Round"/>) carry it; for records from before 12-04 it is <see cref="ReopenCount"/>, as they were.
    /// </summary>
    public int PageRound => ReopenCount + RaisedRounds;

    /// <summary>
    /// The current round of pages began with a raise to SEV1 over a tool's acknowledgement: the name that tool gave itself (the
    /// acknowledgement's <see cref="AcknowledgedVia"/>), or empty when it gave none. The first page of the round says why the pair is
    /// paged although the tool had it. Null otherwise; a reopen clears it.
    /// </summary>
    public string? RaisedOverToolAck { get; private set; }

    /// <summary>
    /// Handed over unanswered after the leads' step or later (<see cref="HandOverUnanswered"/>): the step recorded was queued
    /// already — its people told, perhaps in a storm's digest under an id of its own — so queuing it again pages only the members
    /// new to it, never its people twice (trial 36 M1). Cleared once that is queued or another step is recorded; false on
    /// records stored before 12-04 (a previous release ignores it and queues the step again, as it did).
    /// </summary>
    public bool StepToldBeforeHandOver { get; private set; }

    /// <summary>
    /// The messages that listed this incident with others (a storm's step told together, <see cref="MarkStepQueued"/>), by round:
    /// the incident page reads their delivery as its own pages' (<see cref="PagesUndelivered.MessageIds"/>). The latest
    /// <see cref="MaxPagesTogether"/>; empty on records stored before 12-06 (their line reads the incident's own pages only).
    /// </summary>
    public IReadOnlyList<PagesTogether> PagesTogether { get; private set; } = [];

    /// <summary>How many <see cref="PagesTogether"/> are kept (a step's mails to a few readers and its card, over a round's steps).</summary>
    public const int MaxPagesTogether = 16;

    /// <summary>
    /// Who closed it last (a member, <c>alert:{source}</c>, <c>system</c>), while resolved and after a reopen until the next close;
    /// null on records stored before it was kept (read as monitoring's close).
    /// </summary>
    public string? ClosedBy { get; private set; }

    /// <summary>
    /// Who last set its severity: a person (an update or a merge that raised or lowered it) or <c>alert:{source}</c> (a more
    /// urgent alert raised it); null while it is the severity it opened with. A severity a person set is not raised by repeats of
    /// alerts already in the incident, nor by the delivery that reopens it: only an alert firing anew may raise it.
    /// </summary>
    public string? SeverityBy { get; private set; }

    /// <summary>Whether a person set its severity (<see cref="SeverityBy"/>).</summary>
    public bool SeverityByPerson => IsPerson(SeverityBy);

    /// <summary>
    /// Whether its severity is a person's choice: one set later (<see cref="SeverityByPerson"/>), or the one a person declared it
    /// with and nobody changed since (trial 39 H1: a declared SEV2 with an alert merged in was raised to SEV1 by the alert's
    /// reopen, though the README promises a reopen never raises a severity a person chose).
    /// </summary>
    public bool SeverityChosenByPerson => SeverityByPerson || (SeverityBy is null && IsPerson(OpenedBy));

    /// <summary>
    /// The highest severity it held (SEV1 the highest), as stored since 12-03: set when it opens and on every raise and lowering.
    /// Null on records stored before it was kept; <see cref="HighestSeverity"/> then falls back to what else is known.
    /// </summary>
    public AlertSeverity? MaxSeverity { get; private set; }

    /// <summary>
    /// The highest severity it held: <see cref="MaxSeverity"/>, its current severity, and — for records stored before
    /// <see cref="MaxSeverity"/> was kept — the highest severity stakeholders were told (<see cref="IncidentComms.HighestToldSeverity"/>)
    /// or one recalled from its timeline (<see cref="RecallMaxSeverity"/>). A SEV1 lowered to SEV3 is a SEV1 here: it owes a retro.
    /// </summary>
    public AlertSeverity HighestSeverity =>
        new[] { Severity, MaxSeverity ?? Severity, Comms.HighestToldSeverity ?? Severity }.Min();

    /// <summary>
    /// Whether its highest severity may be higher than what the record alone says: a record stored before <see cref="MaxSeverity"/>
    /// was kept whose severity somebody set (raised or lowered). Its timeline says (<see cref="RecallMaxSeverity"/>).
    /// </summary>
    public bool MaxSeverityUnknown => MaxSeverity is null && SeverityBy is not null && Severity != AlertSeverity.Sev1;

    /// <summary>
    /// The highest severity its timeline shows it held, for a record stored before <see cref="MaxSeverity"/> was kept: raises and
    /// lowerings say what it was before (「severity lowered from SEV1 to SEV3」). Kept in memory; stored if the record is saved.
    /// </summary>
    public void RecallMaxSeverity(IEnumerable<TimelineEntry> timeline)
    {
        var held = timeline
            .Where(e => e.Kind is TimelineKind.SeverityRaised or TimelineKind.SeverityLowered && e.Message is not null)
            .Select(e => SeverityChangeFrom().Match(e.Message!))
            .Where(m => m.Success)
            .Select(m => (AlertSeverity)int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .Where(Enum.IsDefined)
            .Append(MaxSeverity ?? Severity)
            .Min();
        MaxSeverity = held < Severity ? held : MaxSeverity ?? Severity;
    }

    /// <summary>The texts <see cref="TimelineTexts.SeverityRaised"/> and <see cref="TimelineTexts.SeverityLowered"/> write.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^severity (?:raised|lowered) from SEV([1-4]) to SEV([1-4])$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex SeverityChangeFrom();

    /// <summary>
    /// Keeps <see cref="MaxSeverity"/> as the severity leaves <paramref name="from"/>. A record from before it was kept whose
    /// severity was set before (<see cref="MaxSeverityUnknown"/>) stays without one: its timeline, this change included, says.
    /// </summary>
    private void HeldSeverity(AlertSeverity from, AlertSeverity to)
    {
        if (!MaxSeverityUnknown)
        {
            MaxSeverity = new[] { HighestSeverity, from, to }.Min();
        }
    }

    /// <summary>
    /// The last reopen was monitoring's, of an incident a person had resolved (the person said fixed, the alert still fires) or whose
    /// recovery a person had confirmed after monitoring resolved it (an update on it, the recovery notice): the acknowledgement no
    /// longer covered it, and its page says why it came back.
    /// </summary>
    public bool ReopenedOverPerson { get; private set; }

    /// <summary>When it last reopened; null while it never did (or on a record stored before 12-03, trial 33).</summary>
    public DateTimeOffset? LastReopenedAt { get; private set; }

    /// <summary>
    /// The title monitoring opened it with (the alert's name, 「PostgresPrimaryDown」); null for one a person declared, and on a
    /// record stored before 12-06. While <see cref="Title"/> is still this, the stakeholder notices carry the alert's name.
    /// </summary>
    public string? MonitoringTitle { get; private set; }

    /// <summary>Its title is still the one monitoring gave (<see cref="MonitoringTitle"/>): nobody has named it in words yet.</summary>
    public bool TitleFromMonitoring => MonitoringTitle is not null && string.Equals(Title, MonitoringTitle, StringComparison.Ordinal);

    /// <summary>
    /// When the stakeholders were told it recovered, while that is the last thing they were told: the last notice queued was a
    /// recovery notice (<see cref="NoticePromise.Closed"/>, not a merge's) and went to an audience. Null otherwise. A record stored
    /// before the notice's time was kept reads the last update by a person, which issued it.
    /// </summary>
    public DateTimeOffset? RecoveryToldAt =>
        MergedInto is null && Comms.ToldAudiences.Count > 0 && Comms.Queued == Comms.Issued && Comms.LastNoticeSaid is { Closed: true } said
            ? said.ToldAt ?? Comms.LastPersonUpdateAt
            : null;

    /// <summary>
    /// Open again after the stakeholders were told it recovered, and nobody has told them since (<see cref="RecoveryToldAt"/>): they
    /// believe it is fixed, so an update is owed now. The page mail, the incident page and the status page say so.
    /// </summary>
    public bool ReopenedAfterRecoveryTold => IsOpen && ReopenCount > 0 && RecoveryToldAt is not null;

    /// <summary>
    /// The recovery time the stakeholders' recovery notice said (<see cref="NoticePromise.RecoveredAt"/>), when the record's
    /// <see cref="ResolvedAt"/> now says another minute (resolved again after a reopen, or corrected) or it is open again; null
    /// otherwise, or when the notice's time is not known (a record stored before 12-03).
    /// </summary>
    public DateTimeOffset? RecoveryTimeToldDiffers =>
        RecoveryToldAt is not null && Comms.LastNoticeSaid?.RecoveredAt is { } told && !IsOpen && ResolvedAt is { } recorded
        && MinuteOf(told) != MinuteOf(recorded) ? told : null;

    private static long MinuteOf(DateTimeOffset at) => at.UtcTicks / TimeSpan.TicksPerMinute;

    /// <summary>
    /// Those its pages of this round reached were told it recovered by itself (<see cref="Pager.AnnounceRecoveryAsync"/>), or there
    /// was nobody to tell: set once that notice is queued, cleared by a reopen. Until then a monitoring resolve nobody acknowledged
    /// owes it (<see cref="OwesRecoveredNotice"/>), and the escalation timer queues it when queuing it at the resolve failed.
    /// </summary>
    public bool RecoveredTold { get; private set; }

    /// <summary>
    /// Resolved before any person acknowledged it, nobody posted an update, nothing owed to stakeholders, not merged, paged (step 0 or
    /// later), and those paged not yet told it recovered: the "recovered, nothing needed" notice is owed. A tool's acknowledgement
    /// (<see cref="AcknowledgedByPerson"/> false) does not stop it (trial 35 M4): nobody in OnDuty took it, and those paged were told
    /// only to look in the tool; the notice says the tool had it.
    /// </summary>
    public bool OwesRecoveredNotice => RecoveredUnansweredAt is not null && !RecoveredTold;

    /// <summary>
    /// When it closed, for an incident that owes or was told its "recovered, nothing needed" notice (<see cref="OwesRecoveredNotice"/>
    /// whether told or not): what the storm hold counts of recoveries on every instance (<see cref="IIncidentRepository.CountRecoveriesAsync"/>).
    /// Null for every other incident.
    /// </summary>
    public DateTimeOffset? RecoveredUnansweredAt =>
        !IsOpen && !AcknowledgedByPerson && Comms.LastPersonUpdateAt is null && !RecoveryNoticeOwed && MergedInto is null && NotifiedStep >= 0 ? ClosedAt : null;

    /// <summary>The "recovered" notice of this round is queued (or had nobody to reach); false when told before or it reopened meanwhile.</summary>
    public bool RecordRecoveredTold(int round)
    {
        if (IsOpen || RecoveredTold || PageRound != round)
        {
            return false;
        }

        RecoveredTold = true;
        return true;
    }

    /// <summary>
    /// Bumped by every alert state change: an alert firing anew or resolving, the incident resolving or reopening. The
    /// record is saved at its ETag together with those changes, so a resolve computed on a stale view of the alerts fails
    /// and is computed again; repeats of firing alerts change nothing here (insert-only timeline rows).
    /// </summary>
    public long AlertVersion { get; private set; }

    /// <summary>
    /// The <see cref="AlertVersion"/> of the last change that could leave an alert no longer firing: an alert resolved, the
    /// incident resolved or reopened. Alerts seen firing at version <c>v</c> still fire while this is at most <c>v</c>, whatever
    /// fired anew since (another alert of the group, a group joining by alert grouping): a repeat accepted then is still a repeat.
    /// </summary>
    public long ResolveVersion { get; private set; }

    /// <inheritdoc cref="IncidentSnapshot.HelpCalls"/>
    public int HelpCalls { get; private set; }
    /// <summary>Where telling stakeholders stands (see <see cref="IncidentComms"/>).</summary>
    public IncidentComms Comms { get; private set; }

    public bool IsOpen => Status != IncidentStatus.Resolved;

    /// <summary>
    /// The stakeholders were told it started (a notice went to an audience), it is resolved, and no notice went out since it
    /// resolved: monitoring resolved it, and nobody has told them it is over. Derived from what the record holds, so a record
    /// stored before this was asked reads right. A person's update on the resolved incident (which issues the recovery notice)
    /// clears it, as a reopen does; a person resolving with an update never owes it (that update is the recovery notice), nor
    /// does a duplicate merged into another (its merge notice says where it goes on). OnDuty never sends it itself: a person
    /// writes the cause. Nor is it owed when the last notice they got said it was over (a person resolved it with the recovery
    /// notice, monitoring reopened it and nobody told them, then monitoring resolved it): they never heard it came back, so a
    /// second recovery notice would tell them of a reopen they never knew of.
    /// </summary>
    /// <remarks>
    /// Since 12-03 (trial 33) a recovery notice of an earlier round (<see cref="NoticePromise.Round"/> below <see cref="ReopenCount"/>:
    /// it reopened after they were told it recovered, and resolved again) owes a new one: the reopen paged the pair as 【再発】, and
    /// the re-occurrence and the new 復旧日時 must be told anyway. A record stored before the round was kept reads as before.
    /// </remarks>
    public bool RecoveryNoticeOwed =>
        !IsOpen && MergedInto is null && ClosedAt is { } resolved && Comms.ToldAudiences.Count > 0 && !(Comms.LastPersonUpdateAt >= resolved)
        && (Comms.LastNoticeSaid is not { Closed: true } || RecoveryToldBeforeReopen);

    /// <summary>The last notice told the stakeholders it recovered, and it has reopened since (<see cref="NoticePromise.Round"/>).</summary>
    public bool RecoveryToldBeforeReopen => Comms.LastNoticeSaid is { Closed: true, Round: { } round } && round < ReopenCount && MergedInto is null;

    /// <summary>When its free text was removed after the retention (<c>Retention__IncidentText</c>); null while it is kept.</summary>
    public DateTimeOffset? TextPurgedAt { get; private set; }

    /// <summary>
    /// Removes what people and monitoring wrote in free text — user impact, workaround, the last update's message — once the
    /// incident has been resolved for the retention. What makes the history count stays: id, title, severity, status, times,
    /// areas and platforms, who was assigned and acknowledged, counts. False when it is open or was purged already. The
    /// timeline's messages and the alerts' details are the repository's rows: <see cref="TimelineEntry.WithoutText"/>,
    /// <see cref="TrackedAlert.WithoutDetails"/>.
    /// </summary>
    public bool PurgeText(DateTimeOffset at)
    {
        if (IsOpen || TextPurgedAt is not null)
        {
            return false;
        }

        UserImpact = null;
        Workaround = null;
        Cause = null;
        NextSteps = null;
        Comms = Comms with { Told = null };
        LastPersonUpdate = LastPersonUpdate is null ? null : LastPersonUpdate with { Message = null };
        TextPurgedAt = at;
        return true;
    }

    public bool IsAcknowledged => AcknowledgedAt is not null;

    /// <summary>
    /// A person took it (not a tool's acknowledgement, <c>alert:{source}</c>, which says only that someone may be on it in the
    /// sending tool: nobody in OnDuty took it, so it neither stops the "recovered" notice nor counts as a person's in reports).
    /// </summary>
    public bool AcknowledgedByPerson => IsAcknowledged && IsPerson(AcknowledgedBy);

    /// <summary>
    /// A person runs it, so monitoring does not decide it is over (trial 39 M4): it was declared by a person (the form or the API, not
    /// opened by an alert; alerts reach it by a merge), or a person set it to 経過観察中 (monitoring) and it still is. When every alert
    /// of such an incident resolves it stays open (<see cref="RecordAlertsResolved"/>). An incident monitoring opened and a person
    /// only acknowledged or updated (調査中, 原因特定) is still resolved by monitoring, the recovery notice reminded (trial 33). One an incident
    /// a person declared was merged into is theirs too (<see cref="DeclaredMergedIn"/>).
    /// </summary>
    public bool RunByPerson => IsOpen && (IsPerson(OpenedBy) || DeclaredMergedIn || Status == IncidentStatus.Monitoring);

    /// <summary>
    /// An incident a person declared (or one such an incident was merged into) was merged into this one (<see cref="MergeIn"/>): the
    /// declaration is part of it and its people work it, so a person runs it (<see cref="RunByPerson"/>) however it was opened — the
    /// PM merged the customer report's INC-A into the older alert's INC-B, and the alert's resolve no longer closes B. False for merges
    /// of alert-opened incidents, and on records stored before 12-05 (nothing was recorded then).
    /// </summary>
    public bool DeclaredMergedIn { get; private set; }

    /// <summary>
    /// Every monitoring alert of it has resolved (<paramref name="tools"/>: the tools whose alerts they were) and it stays open for the
    /// person running it to decide (<see cref="RunByPerson"/>): a timeline row says so. False (nothing recorded) when it is not open.
    /// </summary>
    public bool RecordAlertsResolved(string by, DateTimeOffset at, IReadOnlyList<AlertTool> tools)
    {
        if (!IsOpen)
        {
            return false;
        }

        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.AlertsResolved,
            By = by,
            Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.AlertsResolvedLeftOpen, AlertTool.Format(tools)),
        });
        return true;
    }

    /// <inheritdoc cref="IncidentSnapshot.Revision"/>
    public long Revision { get; private set; }

    /// <inheritdoc cref="IncidentSnapshot.LastPersonUpdate"/>
    public PersonUpdate? LastPersonUpdate { get; private set; }

    /// <inheritdoc cref="IncidentSnapshot.LastPersonUpdateKnown"/>
    public bool LastPersonUpdateKnown { get; private set; }

    /// <summary>Timeline entries made by this instance's methods and not yet stored.</summary>
    public IReadOnlyList<TimelineEntry> PendingTimeline => _pending;

    /// <param name="via">Opened by a monitoring tool: the name it gave itself (<see cref="OpenedVia"/>); ignored for anyone else.</param>
    public static Incident Open(string id, NewIncident details, IReadOnlyList<AssignedMember> assignees, string by, DateTimeOffset at, string? via = null)
    {
        var errors = Validate(details.Title, details.AffectedAreas, details.Platforms, details.UserImpact, details.Workaround, null)
            .When(!Enum.IsDefined(details.Severity), "severity", "must be sev1, sev2, sev3 or sev4");
        CheckBridge(errors, details.BridgeUrl);

        // A person's time is checked; a monitoring tool's is taken as it comes (clamped below): refusing it would drop the alert.
        if (details.Source == ManualSource)
        {
            CheckStartedAt(errors, details.StartedAt, at);
        }

        if (!errors.Any)
        {
            CheckStoredTexts(errors, [("title", details.Title), ("affectedAreas", Joined(details.AffectedAreas)), ("platforms", Joined(details.Platforms)), ("userImpact", details.UserImpact), ("workaround", details.Workaround), ("bridgeUrl", details.BridgeUrl)], []);
        }

        errors.ThrowIfAny();
        var incident = new Incident(new IncidentSnapshot
        {
            Id = id,
            Title = details.Title.Trim(),
            Severity = details.Severity,
            Status = IncidentStatus.Investigating,
            Source = details.Source,
            GroupKey = details.GroupKey,
            AffectedAreas = Clean(details.AffectedAreas),
            Platforms = Clean(details.Platforms),
            UserImpact = Blank(details.UserImpact),
            Workaround = Blank(details.Workaround),
            BridgeUrl = Blank(details.BridgeUrl),
            StartedAt = details.StartedAt is { } started && started <= at ? started : at,
            DetectedAt = at,
            OpenedBy = by,
            OpenedVia = IsMonitoring(by) && via is { Length: > 0 } ? via : null,
            MonitoringTitle = IsMonitoring(by) ? details.Title.Trim() : null,
            Refusal = details.Refusal,
            Assignees = assignees,
            EscalationClockFrom = at,
            LastPersonUpdateKnown = true,
            MaxSeverity = details.Severity,
            Confidential = details.Confidential ? true : null,
        });
        incident.Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.Opened,
            By = by,
            Via = IsMonitoring(by) && via is { Length: > 0 } ? via : null,
            Status = IncidentStatus.Investigating,
            Message = details.Title.Trim(),
            Refusal = details.Refusal,
            Recipients = [.. assignees.Select(a => a.Id)],
        });
        return incident;
    }

    public static Incident Restore(IncidentSnapshot snapshot) => new(snapshot);

    public IncidentSnapshot ToSnapshot() => new()
    {
        Id = Id,
        Title = Title,
        Severity = Severity,
        Status = Status,
        Source = Source,
        GroupKey = GroupKey,
        JoinedGroups = JoinedGroups,
        MergedGroups = MergedGroups,
        MergedIncidents = MergedIncidents,
        MergedInto = MergedInto,
        MergeTakings = MergeTakings.Count == 0 ? null : MergeTakings,
        StatusBeforeMerge = StatusBeforeMerge,
        UnmergedFrom = UnmergedFrom,
        MergingInto = MergingInto,
        MergingSince = MergingSince,
        AffectedAreas = AffectedAreas,
        Platforms = Platforms,
        UserImpact = UserImpact,
        Workaround = Workaround,
        Cause = Cause,
        NextSteps = NextSteps,
        BridgeUrl = BridgeUrl,
        StartedAt = StartedAt,
        DetectedAt = DetectedAt,
        OpenedBy = OpenedBy,
        OpenedVia = OpenedVia,
        Refusal = Refusal,
        AcknowledgedAt = AcknowledgedAt,
        AcknowledgedBy = AcknowledgedBy,
        AcknowledgedFrom = AcknowledgedFrom,
        TakenOverAt = TakenOverAt,
        ResolvedAt = ResolvedAt,
        ClosedAt = _closedAt,
        Assignees = Assignees,
        PagedBefore = PagedBefore,
        LeadsOnLeave = LeadsOnLeave,
        NotifiedStep = NotifiedStep,
        StepQueued = StepQueued,
        EscalationClockFrom = EscalationClockFrom,
        ReopenCount = ReopenCount,
        AlertVersion = AlertVersion,
        ResolveVersion = ResolveVersion,
        HelpCalls = HelpCalls,
        Comms = Comms,
        Revision = Revision,
        LastPersonUpdate = LastPersonUpdate,
        LastPersonUpdateKnown = LastPersonUpdateKnown,
        TextPurgedAt = TextPurgedAt,
        PagesHeldUntil = PagesHeldUntil,
        PagesHeldBy = PagesHeldBy,
        PagesHeldFor = PagesHeldFor,
        PagesHeldFromStep = PagesHeldFromStep,
        ClosedBy = ClosedBy,
        AcknowledgedVia = AcknowledgedVia,
        SeverityBy = SeverityBy,
        ReopenedOverPerson = ReopenedOverPerson,
        LastReopenedAt = LastReopenedAt,
        MonitoringTitle = MonitoringTitle,
        RaisedRounds = RaisedRounds == 0 ? null : RaisedRounds,
        RaisedOverToolAck = RaisedOverToolAck,
        StepToldBeforeHandOver = StepToldBeforeHandOver ? true : null,
        PagesTogether = PagesTogether.Count == 0 ? null : PagesTogether,
        RecoveredTold = RecoveredTold,
        DeclaredMergedIn = DeclaredMergedIn ? true : null,
        Confidential = Confidential ? true : null,
        OfficerMailOwed = OfficerMailOwed,
        CommsLead = CommsLead,
        CommsLeadAt = CommsLeadAt,
        CommsLeadCount = CommsLeadCount == 0 ? null : CommsLeadCount,
        PagesNobodyFor = PagesNobodyFor,
        MaxSeverity = MaxSeverity,
        SnoozedUntil = SnoozedUntil,
        SnoozedBy = SnoozedBy,
        AckRenewedAt = AckRenewedAt,
        AckExpiredAt = AckExpiredAt,
        AckExpiries = AckExpiries == 0 ? null : AckExpiries,
        AckLapsedRound = AckLapsedRound,
        AckLapsedBy = AckLapsedBy,
        PersonalCallsRound = PersonalCallsRound,
        PersonalCalled = PersonalCalled.Count == 0 ? null : PersonalCalled,
    };

    /// <summary>
    /// Someone has taken it: escalation stops. A second acknowledgement changes nothing (false) — except a person's over one only a
    /// monitoring tool gave (<c>alert:{source}</c>): the tool's word says only that someone may be on it in the tool, so the person
    /// on duty who takes it becomes who has it (<see cref="AcknowledgedByPerson"/>), and the tool's row stays on the timeline.
    /// </summary>
    /// <param name="how">How, when it says something (<see cref="TimelineTexts.AcknowledgedByText"/>); the timeline row's text.</param>
    /// <param name="from">The address it came from (<see cref="AcknowledgedFrom"/>), when known.</param>
    /// <param name="via">A tool's acknowledgement: the name it gave itself (<see cref="AcknowledgedVia"/>).</param>
    public bool Acknowledge(string by, DateTimeOffset at, string? how = null, string? from = null, string? via = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        if (IsAcknowledged && (AcknowledgedByPerson || !IsPerson(by)))
        {
            // The holder asked 「まだ対応中ですか？」 answers with 「対応します」: that is activity, and the pages to come are off.
            return AcknowledgedByPerson && RenewAcknowledgement(by, at, how);
        }

        AcknowledgedAt = at;
        AcknowledgedBy = by;
        AcknowledgedFrom = string.IsNullOrWhiteSpace(from) || string.Equals(from.Trim(), by.Trim(), StringComparison.OrdinalIgnoreCase) ? null : from.Trim();
        AcknowledgedVia = IsPerson(by) ? null : via;
        TakenOverAt = null;
        Record(new TimelineEntry { At = at, Kind = TimelineKind.Acknowledged, By = by, Message = how, Via = IsMonitoring(by) && via is { Length: > 0 } ? via : null });
        return true;
    }

    /// <summary>
    /// Member <paramref name="by"/> takes over the open incident from the person who holds it (<see cref="AcknowledgedBy"/>): from
    /// now on it is theirs — the update reminders reach them, not the one who had it — and the timeline says who took it from whom
    /// (<see cref="TimelineTexts.TookOver"/>). When no person had acknowledged it yet, taking it over is acknowledging it
    /// (<see cref="Acknowledge"/>: escalation stops). Returns the previous holder; null when nobody held it, and also when nothing
    /// changed because <paramref name="by"/> holds it already (<paramref name="changed"/> false). The caller refuses a resolved one.
    /// </summary>
    /// <param name="assignedBy">Who handed it to <paramref name="by"/> (<see cref="TimelineEntry.AssignedBy"/>); null: they took it themselves.</param>
    public string? TakeOver(string by, DateTimeOffset at, string? from, out bool changed, string? assignedBy = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        changed = false;
        if (!IsOpen || (AcknowledgedByPerson && string.Equals(AcknowledgedBy, by, StringComparison.Ordinal)))
        {
            return null;
        }

        if (!AcknowledgedByPerson)
        {
            changed = Acknowledge(by, at, from: from);
            return null;
        }

        var previous = AcknowledgedBy!;
        AcknowledgedBy = by;
        TakenOverAt = at;
        EndSnooze(); // the snooze was the previous holder's
        AcknowledgedFrom = string.IsNullOrWhiteSpace(from) || string.Equals(from.Trim(), by.Trim(), StringComparison.OrdinalIgnoreCase) ? null : from.Trim();
        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.TookOver,
            By = by,
            Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.TookOver, by, previous),
            AssignedBy = string.IsNullOrWhiteSpace(assignedBy) ? null : assignedBy.Trim(),
        });
        changed = true;
        return previous;
    }

    /// <summary>
    /// A tool's acknowledgement (<paramref name="by"/> <c>alert:{source}</c>, named <paramref name="via"/>) in a round of pages that a
    /// raise to SEV1 over a tool's acknowledgement started (<see cref="RaisedOverToolAck"/>): the pair is paged because the tool's word
    /// did not cover a SEV1, so a second one does not either — only a person's acknowledgement stops this round's escalation. The row
    /// says the tool acknowledged and that the pages go on; nothing else changes. False (nothing recorded) in any other case: then
    /// <see cref="Acknowledge"/> applies.
    /// </summary>
    public bool RecordToolAckNotCounted(string by, DateTimeOffset at, string? via)
    {
        if (!IsMonitoring(by) || !IsOpen || IsAcknowledged || RaisedOverToolAck is null)
        {
            return false;
        }

        var tool = via is { Length: > 0 } ? via : null;
        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.ToolAckNotCounted,
            By = by,
            Message = tool is null
                ? TimelineTexts.UnnamedToolAckNotCounted
                : string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.ToolAckNotCounted, tool),
        });
        return true;
    }

    /// <summary>A status change and/or a note from the people working on it. Resolving goes through here too.</summary>
    /// <remarks>
    /// A severity raised by hand re-paces escalation as <see cref="RaiseSeverity"/> does when <paramref name="timeouts"/>
    /// is given, so a long-open SEV4 made SEV1 does not send every step at once on the next timer run.
    /// </remarks>
    public void PostUpdate(IncidentStatus? status, string? message, string by, DateTimeOffset at, IncidentEdit? edit = null, AckTimeouts? timeouts = null)
    {
        var resolvedAfter = status == IncidentStatus.Resolved || (status is null && !IsOpen);
        CheckUpdate(status, message, edit, at, resolvedAfter).ThrowIfAny();

        var changes = edit is null ? [] : Apply(edit, by, at, timeouts);

        // What this update promises and changed, for the notice it issues (a later update replaces both).
        Comms = Comms with { NextUpdateAt = resolvedAfter ? null : edit?.NextUpdateAt, Changes = changes };
        if (edit?.Correction == true)
        {
            IssueAsCorrection();
        }

        var alsoTold = TellAlso(edit?.AlsoTell);
        var text = Blank(message);
        if (status == IncidentStatus.Resolved && IsOpen)
        {
            Resolve(by, at, text, edit?.ResolvedAt);
            NameAlsoTold(alsoTold);
            return;
        }

        if (edit?.ResolvedAt is { } correctedTo && !IsOpen)
        {
            // A resolved incident's recovery time, corrected by a person (the details edit).
            ResolvedAt = RecoveryTime(correctedTo, at);
        }

        if (status is { } next && next != IncidentStatus.Resolved && !IsOpen)
        {
            Reopen(by, at, text ?? TimelineTexts.ReopenedByUpdate);
        }

        Status = status ?? Status;
        Record(new TimelineEntry { At = at, Kind = TimelineKind.Update, By = by, Status = status, Message = text, Changes = changes });
        NameAlsoTold(alsoTold);
    }

    /// <summary>
    /// A person corrects the record's details without telling the stakeholders (a typo in the title, a recovery time a minute
    /// off): the details change and a <see cref="TimelineKind.Corrected"/> row says what changed, and nothing of telling them
    /// moves — no notice is owed (<see cref="IncidentComms.Issued"/>), the update clock and its reminders
    /// (<see cref="IncidentComms.LastPersonUpdateAt"/>, <see cref="IncidentComms.Nudges"/>, <see cref="IncidentComms.RecoveryReminders"/>)
    /// stay, so a recovery notice owed stays owed, and what the next notice will say changed (<see cref="IncidentComms.Changes"/>)
    /// is left to the next update. False when it changes nothing (nothing recorded).
    /// </summary>
    /// <remarks>
    /// Not with a promised next update (a promise is made to the stakeholders) nor a raised severity (a raise may add audiences
    /// who must hear of it): those go with an update that tells them. A lowered severity is recorded as an update records it.
    /// </remarks>
    public bool Correct(IncidentEdit edit, string by, DateTimeOffset at, AckTimeouts? timeouts = null)
    {
        ArgumentNullException.ThrowIfNull(edit);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var errors = CheckUpdate(null, null, edit, at, resolvedAfter: !IsOpen);
        errors.When(edit.NextUpdateAt is not null, "nextUpdateAt", "is a promise to the stakeholders: give it with an update that tells them (notifyStakeholders true)");
        errors.When(edit.Severity is { } raised && Enum.IsDefined(raised) && raised < Severity, "severity", "raised, it is told to its audiences: raise it with an update that tells them (notifyStakeholders true)");
        errors.When(edit.AlsoTell is { Count: > 0 }, "alsoTell", "tells an audience: give it with an update that tells them (notifyStakeholders true)");
        errors.ThrowIfAny();

        var changes = ChangesBy(edit);
        var severityChanged = edit.Severity is { } severity && severity != Severity;
        var bridgeChanged = edit.BridgeUrl is not null && Blank(edit.BridgeUrl) != BridgeUrl;
        if (changes.Count == 0 && !severityChanged && !bridgeChanged)
        {
            return false;
        }

        var was = (StartedAt, ResolvedAt, Severity, Title, UserImpact, AffectedAreas, Platforms);
        Apply(edit, by, at, timeouts);
        if (edit.ResolvedAt is { } correctedTo && !IsOpen)
        {
            ResolvedAt = RecoveryTime(correctedTo, at);
        }

        // Nobody was told: the row keeps what was replaced, so 影響時間, the report's minutes and the SLA figures can be traced back.
        var corrected = new CorrectedValues
        {
            StartedAt = was.StartedAt != StartedAt ? new(was.StartedAt, StartedAt) : null,
            ResolvedAt = was.ResolvedAt is { } resolvedWas && ResolvedAt is { } resolvedNow && resolvedWas != resolvedNow ? new(resolvedWas, resolvedNow) : null,
            Severity = was.Severity != Severity ? new(was.Severity, Severity) : null,
            Title = was.Title != Title ? new(was.Title, Title) : null,
            UserImpact = was.UserImpact != UserImpact ? new(was.UserImpact, UserImpact) : null,
            AffectedAreas = !was.AffectedAreas.SequenceEqual(AffectedAreas, StringComparer.Ordinal) ? new(was.AffectedAreas, AffectedAreas) : null,
            Platforms = !was.Platforms.SequenceEqual(Platforms, StringComparer.Ordinal) ? new(was.Platforms, Platforms) : null,
        };
        Record(new TimelineEntry { At = at, Kind = TimelineKind.Corrected, By = by, Changes = changes, Corrected = corrected.Any ? corrected : null });
        return true;
    }

    /// <summary>What is wrong with an update (<see cref="PostUpdate"/>) or a correction (<see cref="Correct"/>) of this record.</summary>
    private ValidationErrors CheckUpdate(IncidentStatus? status, string? message, IncidentEdit? edit, DateTimeOffset at, bool resolvedAfter)
    {
        var errors = Validate(edit?.Title ?? Title, edit?.AffectedAreas, edit?.Platforms, edit?.UserImpact, edit?.Workaround, message);
        errors.CheckText("cause", edit?.Cause, MaxTextLength);
        errors.CheckText("nextSteps", edit?.NextSteps, MaxTextLength);
        errors.When(status is null && string.IsNullOrWhiteSpace(message) && edit is null, "message", "is required when status is not given");
        errors.When(status is { } s && !Enum.IsDefined(s), "status", "must be investigating, identified, monitoring or resolved");
        errors.When(edit?.Severity is { } sev && !Enum.IsDefined(sev), "severity", "must be sev1, sev2, sev3 or sev4");
        CheckStartedAt(errors, edit?.StartedAt, at);
        CheckBridge(errors, edit?.BridgeUrl);
        errors.When(MergedInto is not null && status is not (null or IncidentStatus.Resolved), "status", $"cannot reopen it: it was merged into {MergedInto}; update that one");
        CheckTimes(errors, edit, resolvedAfter, at);
        if (!errors.Any)
        {
            CheckStoredTexts(
                errors,
                [("title", edit?.Title), ("affectedAreas", Joined(edit?.AffectedAreas)), ("platforms", Joined(edit?.Platforms)), ("userImpact", edit?.UserImpact), ("workaround", edit?.Workaround), ("cause", edit?.Cause), ("nextSteps", edit?.NextSteps), ("bridgeUrl", edit?.BridgeUrl), ("message", message)],
                [
                    edit?.Title is null ? Title : null,
                    edit?.AffectedAreas is null ? Joined(AffectedAreas) : null,
                    edit?.Platforms is null ? Joined(Platforms) : null,
                    edit?.UserImpact is null ? UserImpact : null,
                    edit?.Workaround is null ? Workaround : null,
                    edit?.Cause is null ? Cause : null,
                    edit?.NextSteps is null ? NextSteps : null,
                    edit?.BridgeUrl is null ? BridgeUrl : null,
                    string.IsNullOrWhiteSpace(message) ? LastPersonUpdate?.Message : null,
                ],
                new[] { Title, Joined(AffectedAreas), Joined(Platforms), UserImpact, Workaround, Cause, NextSteps, BridgeUrl, LastPersonUpdate?.Message }
                    .Sum(t => string.IsNullOrEmpty(t) ? 0 : StoredLength(t)));
        }

        return errors;
    }

    /// <summary>Applies a checked edit's fields (a severity change on the timeline); returns what it changed of what notices show.</summary>
    private List<IncidentChange> Apply(IncidentEdit edit, string by, DateTimeOffset at, AckTimeouts? timeouts)
    {
        var changes = ChangesBy(edit);
        Title = edit.Title?.Trim() ?? Title;
        if (timeouts is not null && edit.Severity is { } raisedTo && raisedTo < Severity)
        {
            RaiseSeverity(raisedTo, by, at, timeouts);
        }
        else if (edit.Severity is { } loweredTo && loweredTo > Severity)
        {
            // On the timeline like a raise, so the page and the retro show who lowered it and when.
            Record(new TimelineEntry
            {
                At = at,
                Kind = TimelineKind.SeverityLowered,
                By = by,
                Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.SeverityLowered, (int)Severity, (int)loweredTo),
                SeverityFrom = Severity,
                SeverityTo = loweredTo,
            });
            SeverityBy = by;
            HeldSeverity(Severity, loweredTo);
        }

        Severity = edit.Severity ?? Severity;
        AffectedAreas = edit.AffectedAreas is null ? AffectedAreas : Clean(edit.AffectedAreas);
        Platforms = edit.Platforms is null ? Platforms : Clean(edit.Platforms);
        UserImpact = edit.UserImpact is null ? UserImpact : Blank(edit.UserImpact);
        Workaround = edit.Workaround is null ? Workaround : Blank(edit.Workaround);
        Cause = edit.Cause is null ? Cause : Blank(edit.Cause);
        NextSteps = edit.NextSteps is null ? NextSteps : Blank(edit.NextSteps);
        BridgeUrl = edit.BridgeUrl is null ? BridgeUrl : Blank(edit.BridgeUrl);
        var startedWas = StartedAt;
        StartedAt = edit.StartedAt is { } started ? (started <= at ? started : at) : StartedAt;
        if (StartedAt != startedWas && Comms.Queued > 0)
        {
            // The stakeholders were told the start before: their next notice says from what to what (「発生日時を 13:50 から 13:05（JST）に
            // 訂正しました。」), as after a merge, not a bare 「発生日時を訂正しました。」 that leaves them to find which of the two is right.
            Comms = Comms with { StartMovedByMerge = new(Comms.StartMovedByMerge?.From ?? startedWas, StartedAt) };
        }

        return changes;
    }

    /// <summary>
    /// "If in doubt, shout": a person asks the whole PM organisation for help, or one member by name (<paramref name="asked"/>, a
    /// member id: PagerDuty's "add responders"; kept as the row's recipient). Each call is numbered, so each reaches its readers
    /// once however often its messages are queued again.
    /// </summary>
    public int CallForHelp(string by, DateTimeOffset at, string? message, string? asked = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        new ValidationErrors().When(message?.Length > MaxTextLength, "message", $"must be at most {MaxTextLength} characters").ThrowIfAny();
        HelpCalls++;
        Record(new TimelineEntry { At = at, Kind = TimelineKind.HelpCalled, By = by, Step = HelpCalls, Message = Blank(message), Recipients = asked is null ? [] : [asked] });
        return HelpCalls;
    }

    /// <summary>
    /// The recovery time a person gave, as given when it is not after <paramref name="at"/> or within the minute after it (the form
    /// takes minutes: 07:50 typed at 07:49:59 is 07:50, not a silent 07:49); a later one is <paramref name="at"/>.
    /// </summary>
    private static DateTimeOffset RecoveryTime(DateTimeOffset given, DateTimeOffset at) => given - at < TimeSpan.FromMinutes(1) ? given : at;

    /// <summary>
    /// Closes it. Resolving a resolved incident changes nothing (false). <paramref name="recoveredAt"/>: when users stopped being
    /// affected, when a person says it was earlier than now (checked by <see cref="PostUpdate"/>); the timeline row is at <paramref name="at"/>.
    /// </summary>
    public bool Resolve(string by, DateTimeOffset at, string? message = null, DateTimeOffset? recoveredAt = null)
    {
        if (!IsOpen)
        {
            return false;
        }

        Status = IncidentStatus.Resolved;
        ResolvedAt = recoveredAt is { } recovered ? RecoveryTime(recovered, at) : at;
        _closedAt = at;
        ClosedBy = by;
        AlertVersion++;
        ResolveVersion = AlertVersion;
        Record(new TimelineEntry { At = at, Kind = TimelineKind.Resolved, By = by, Status = IncidentStatus.Resolved, Message = Blank(message) });
        return true;
    }

    /// <summary>
    /// Opens it again (the same alert fired within the reopen window, or a person says so). An earlier person's
    /// acknowledgement stands — the same people already know this one — so flapping after monitoring's resolve does not page
    /// anyone again; an unacknowledged incident restarts escalation from step 0 (the duty members on duty now are paged again).
    /// The acknowledgement no longer covers it, and escalation restarts too, when monitoring reopens what a person resolved
    /// (they said fixed, the alert says otherwise: <see cref="ReopenedOverPerson"/>, said in the reason), when monitoring reopens
    /// what it resolved and a person has since confirmed as recovered (an update on the resolved incident, the recovery notice to
    /// the stakeholders: they were told fixed and must hear it came back, <see cref="ReopenedAfterRecoveryTold"/>), or when only a
    /// tool acknowledged it (<c>alert:{source}</c>: nobody in OnDuty ever took it). A person reopening it with an update tells the
    /// stakeholders in that update; their acknowledgement stands. Nor does it stand when monitoring reopens it and the duty member
    /// who took it is off duty now (<paramref name="onDuty"/>: reopened after the handoff) — nobody on duty would hear of it.
    /// </summary>
    /// <param name="onDuty">Ids of the members on duty now, when known (monitoring's reopens); null or empty: not read.</param>
    public bool Reopen(string by, DateTimeOffset at, string reason, IReadOnlyCollection<string>? onDuty = null)
    {
        if (IsOpen || MergedInto is not null)
        {
            return false;
        }

        // A person said it is fixed — resolved it, or confirmed monitoring's resolve with an update (the recovery notice) — and
        // monitoring disagrees. Flapping under a person's watch (nobody confirmed anything since monitoring resolved) is not this.
        var byMonitoring = IsMonitoring(by);
        var confirmed = Comms.LastPersonUpdateAt >= ClosedAt || RecoveryToldAt is not null;
        ReopenedOverPerson = byMonitoring && (IsPerson(ClosedBy) || confirmed);
        if (ReopenedOverPerson)
        {
            reason = IsPerson(ClosedBy) ? TimelineTexts.ReopenedOverPersonResolve : TimelineTexts.ReopenedAfterRecoveryConfirmed;
        }

        // Flapping under a person's watch, but the watch has passed: the duty member who took it went off duty since (the handoff).
        var takerOffDuty = byMonitoring && !ReopenedOverPerson && onDuty is { Count: > 0 } && IsAcknowledged && IsPerson(AcknowledgedBy)
            && Assignees.Any(a => a.Id == AcknowledgedBy) && !onDuty.Contains(AcknowledgedBy!);
        if (takerOffDuty)
        {
            reason = TimelineTexts.ReopenedTakerOffDuty;
        }

        if (IsAcknowledged && (ReopenedOverPerson || !IsPerson(AcknowledgedBy) || takerOffDuty))
        {
            ForgetAcknowledgement();
        }

        // Those asked to tell the stakeholders it recovered (【復旧の報告をお願いします】) must hear it did not, before they send it:
        // the page says so when the reopen pages, a mail of its own when the acknowledgement stands and it pages nobody (session 57).
        // Not after a person confirmed the recovery: the asks were answered.
        var withdrawn = byMonitoring && !ReopenedOverPerson && Comms.RecoveryReminders > 0 && ClosedAt is { } recovered
            ? new WithdrawnRecoveryAsk { Round = ReopenCount + 1, Asks = Comms.RecoveryReminders, RecoveredAt = recovered, ReopenedAt = at, Owed = IsAcknowledged }
            : null;
        if (withdrawn is not null)
        {
            reason = TimelineTexts.WithRecoveryAskWithdrawn(reason);
        }

        Status = IncidentStatus.Investigating;
        ResolvedAt = null;
        _closedAt = null;
        ClosedBy = null;
        ReopenCount++;
        RaisedOverToolAck = null;
        LastReopenedAt = at;
        AlertVersion++;
        ResolveVersion = AlertVersion;
        EscalationClockFrom = at;
        // Whoever was paged about its earlier life is not waited for now: a text reply of theirs must not acknowledge the
        // reopened incident, which pages whoever is on duty now.
        PagedBefore = [];
        LeadsOnLeave = [];

        // Its next close, if monitoring's and the stakeholders were told, is reminded afresh; those paged hear of it afresh.
        Comms = Comms with { RecoveryReminders = 0, RecoveryAskWithdrawn = withdrawn };
        RecoveredTold = false;
        PagesHeldFromStep = null; // a hold of its earlier life has done its work
        if (!IsAcknowledged)
        {
            NotifiedStep = -1;
            StepQueued = true;
        }

        Record(new TimelineEntry { At = at, Kind = TimelineKind.Reopened, By = by, Status = IncidentStatus.Investigating, Message = reason });
        return true;
    }

    /// <summary>
    /// Makes an incident monitoring is opening one that pages nobody, because <paramref name="why"/> (<see cref="PagesNobodyFor"/>)
    /// announces rather than reports an outage; a timeline row says so. False (nothing recorded) once anyone was paged.
    /// </summary>
    public bool PageNobody(string why, string by, DateTimeOffset at)
    {
        if (NotifiedStep >= 0 || PagesNobodyFor is not null || string.IsNullOrWhiteSpace(why))
        {
            return false;
        }

        PagesNobodyFor = why.Trim();
        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.NotPaged,
            By = by,
            Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.NotPaged, PagesNobodyFor),
        });
        return true;
    }

    /// <summary>
    /// An incident that pages nobody (<see cref="PagesNobodyFor"/>) pages from now: a later communication of the Azure issue that
    /// opened it is of class <paramref name="now"/>, which pages (an outage, an action required, a security advisory, a class not
    /// known: when in doubt, page). It takes <paramref name="severity"/> if more urgent, and escalation starts now, so step 0 is due
    /// at once, as for a new incident; a timeline row says so. Someone who acknowledged the announcement took a notice, not this:
    /// the acknowledgement no longer covers it (as after a re-fire following a confirmed recovery) and the pair is paged from step 0,
    /// the row saying so (<see cref="TimelineTexts.PagesFromNowAcknowledged"/>). False (nothing changes) unless it is open and pages nobody.
    /// </summary>
    public bool PagesFromNow(string now, AlertSeverity severity, string by, DateTimeOffset at, AckTimeouts timeouts)
    {
        if (!IsOpen || PagesNobodyFor is not { } was || string.IsNullOrWhiteSpace(now))
        {
            return false;
        }

        PagesNobodyFor = null;
        var acknowledged = IsAcknowledged;
        ForgetAcknowledgement();

        if (NotifiedStep < 0 && EscalationClockFrom < at)
        {
            EscalationClockFrom = at;
        }

        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.PagesReleased,
            By = by,
            Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, acknowledged ? TimelineTexts.PagesFromNowAcknowledged : TimelineTexts.PagesFromNow, was, now.Trim()),
        });
        RaiseSeverity(severity, by, at, timeouts);
        return true;
    }

    /// <summary>
    /// Holds the first page of an incident monitoring just opened or reopened, while <paramref name="window"/> covers its alerts:
    /// nobody is paged before the window ends; then the first page goes out if it is still open and nobody acknowledged it.
    /// False (nothing recorded) unless it is open, unacknowledged and has paged nobody since it opened or reopened, and the
    /// window runs at <paramref name="at"/>.
    /// </summary>
    public bool HoldPages(Maintenance.MaintenanceWindow window, DateTimeOffset at)
    {
        if (!IsOpen || IsAcknowledged || NotifiedStep >= 0 || !StepQueued || !window.IsActiveAt(at))
        {
            return false;
        }

        PagesHeldUntil = window.Until;
        PagesHeldBy = window.Id;
        PagesHeldFor = window.Title;
        PagesHeldFromStep = null;
        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.PagesHeld,
            By = "system",
            Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.PagesHeld, window.Id, window.Title),
        });
        return true;
    }

    /// <summary>
    /// Pauses the escalation of an incident open and paged before <paramref name="window"/> began, because the window was planned
    /// with <c>holdOpen</c> by <paramref name="by"/>: nobody is paged while it runs. When it ends (or is ended early) and the
    /// incident is still open and unacknowledged, the next step is due at once and the one after a full ack timeout
    /// (<paramref name="timeouts"/> at its severity) later. False (nothing recorded) unless it is open, unacknowledged, paged
    /// already with the step queued, not held now, never held by this window before, and the window runs at <paramref name="at"/>.
    /// </summary>
    public bool HoldOpenPages(Maintenance.MaintenanceWindow window, string by, DateTimeOffset at, AckTimeouts timeouts)
    {
        if (!IsOpen || IsAcknowledged || NotifiedStep < 0 || !StepQueued || PagesHeldAt(at) || !window.IsActiveAt(at)
            || string.Equals(PagesHeldBy, window.Id, StringComparison.Ordinal))
        {
            return false;
        }

        PagesHeldUntil = window.Until;
        PagesHeldBy = window.Id;
        PagesHeldFor = window.Title;
        PagesHeldFromStep = NotifiedStep;
        EscalationClockFrom = window.Until - (timeouts.For(Severity) * (NotifiedStep + 1));
        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.PagesHeld,
            By = by,
            Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.PagesHeldOpen, window.Id, window.Title, by),
        });
        return true;
    }

    /// <summary>
    /// The hold ends now and escalation counts from here: the window that held its pages ended early (<paramref name="by"/> ended
    /// it, or it was found ended), or an alert it does not cover fired (<paramref name="reason"/>, a <see cref="TimelineTexts"/> form
    /// taking the window's id). False when its pages are not held by <paramref name="windowId"/> right now.
    /// </summary>
    public bool ReleasePages(string windowId, string by, DateTimeOffset at, string reason = TimelineTexts.PagesReleased)
    {
        if (!PagesHeldAt(at) || !string.Equals(PagesHeldBy, windowId, StringComparison.Ordinal))
        {
            return false;
        }

        if (PagesHeldFromStep is not null)
        {
            // Held while paged already: the next step is due now, as it would have been at the window's end.
            EscalationClockFrom -= PagesHeldUntil!.Value - at;
        }
        else if (EscalationClockFrom < at)
        {
            EscalationClockFrom = at;
        }

        PagesHeldUntil = at;

        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.PagesReleased,
            By = by,
            Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, reason, windowId),
        });
        return true;
    }

    /// <summary>
    /// The end of the window that holds its pages moved (later or earlier, not before <paramref name="at"/>): held until
    /// <paramref name="until"/>, a row saying so with the new end in the team's <paramref name="zone"/> (<see cref="TimelineTexts.HoldExtended"/>,
    /// <see cref="TimelineTexts.HoldShortened"/>): whoever opens the incident sees why nobody was paged at the old end. False (nothing
    /// recorded) when not held by it right now, or the same end.
    /// </summary>
    public bool MoveHold(string windowId, DateTimeOffset until, DateTimeOffset at, TimeZoneInfo zone)
    {
        if (!PagesHeldAt(at) || !string.Equals(PagesHeldBy, windowId, StringComparison.Ordinal) || until == PagesHeldUntil || until <= at)
        {
            return false;
        }

        var later = until > PagesHeldUntil!.Value;
        if (PagesHeldFromStep is not null)
        {
            EscalationClockFrom += until - PagesHeldUntil!.Value; // the next step stays due at the (new) end
        }

        PagesHeldUntil = until;
        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.PagesHeld,
            By = "system",
            Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, later ? TimelineTexts.HoldExtended : TimelineTexts.HoldShortened,
                windowId, TimelineTexts.Instant(until, zone)),
        });
        return true;
    }

    /// <summary>
    /// Alert grouping: the first firing of another group of the same source joins this open incident instead of opening one. Recorded
    /// before the group is claimed for it, so a crash in between never leaves a group claimed by an incident that would not free it.
    /// False (nothing recorded) when the group is its own or joined already. Call it only where <see cref="CanJoin"/> holds (open,
    /// with room): otherwise it throws.
    /// </summary>
    public bool JoinGroup(string groupKey, string by, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupKey);
        if (!CanJoin(groupKey))
        {
            throw new InvalidOperationException($"Incident {Id} is full or resolved: group '{groupKey}' cannot join it.");
        }

        if (Groups.Contains(groupKey, StringComparer.Ordinal))
        {
            return false;
        }

        JoinedGroups = [.. JoinedGroups, groupKey];
        Record(new TimelineEntry { At = at, Kind = TimelineKind.GroupJoined, By = by, Message = groupKey.Length > 1024 ? groupKey[..1023] + "…" : groupKey });
        return true;
    }

    /// <summary>
    /// True while open when <paramref name="groupKey"/> holds a place here (its own group or a joined one) or there is room for it.
    /// A resolved incident takes no group: a group firing after it resolved reopens it only through the reopen window.
    /// </summary>
    public bool CanJoin(string groupKey) =>
        IsOpen && (Groups.Contains(groupKey, StringComparer.Ordinal)
            || (TakenIn.Count < MaxJoinedGroups && TakenIn.Length + StoredLength(groupKey) <= MaxJoinedGroupsLength));

    /// <summary>
    /// Why <paramref name="other"/> cannot be merged into this one, or null when it can: both open, not the same, and the groups it
    /// holds fit here (the limits alert grouping has: <see cref="MaxJoinedGroups"/>, <see cref="MaxJoinedGroupsLength"/>).
    /// Merging it again once merged is no reason: <see cref="MergeIn"/> then changes nothing.
    /// </summary>
    /// <param name="other">The incident to merge into this one.</param>
    /// <param name="at">When given, a merge still holding its lock then is a reason too: of <paramref name="other"/> into a third
    /// incident, or of this one into another (two incidents merged into each other at once would each end up merged into the
    /// other). <see cref="TryBeginMerge"/> decides under a race; this says so beforehand.</param>
    public MergeRefusal? CannotMergeIn(Incident other, DateTimeOffset? at = null)
    {
        if (other.Id == Id)
        {
            return MergeRefusal.Itself;
        }

        if (other.MergedInto == Id)
        {
            return null;
        }

        if (!IsOpen)
        {
            return MergedInto is null ? MergeRefusal.IntoResolved : MergeRefusal.IntoMerged;
        }

        if (!other.IsOpen)
        {
            return other.MergedInto is null ? MergeRefusal.Resolved : MergeRefusal.Merged;
        }

        if (at is { } now && other.IsBeingMerged(now) && other.MergingInto != Id)
        {
            return MergeRefusal.BeingMerged;
        }

        if (at is { } then && IsBeingMerged(then))
        {
            return MergeRefusal.IntoBeingMerged;
        }

        var adding = other.HeldGroups.Where(g => !HeldGroups.Contains(g)).ToList();
        var (count, length) = TakenIn;
        return MergedIncidents.Count >= MaxMergedIncidents
            || count + adding.Count > MaxJoinedGroups
            || length + adding.Sum(g => StoredLength(g.Source) + StoredLength(g.GroupKey)) > MaxJoinedGroupsLength
            ? MergeRefusal.IntoFull
            : null;
    }

    /// <summary>
    /// A person merges <paramref name="other"/> (a duplicate) into this one: the groups it holds are recorded here before their
    /// claims move, so a stop in between never leaves a group claimed by an incident that would not free it; a more urgent
    /// severity comes along (escalation re-paced as for a more urgent alert), and so does an earlier start. False when it was merged here already and holds
    /// nothing new (a repeated merge only adds groups that joined the other since). Call it only
    /// where <see cref="CannotMergeIn"/> is null: otherwise it throws.
    /// </summary>
    /// <param name="takeTitle">
    /// The other's title replaces this one's: a person wrote it (declared it, or edited it) and only monitoring wrote this one's
    /// (<see cref="TitleWrittenByPerson"/>). Stakeholders told about the other know the outage by that name.
    /// </param>
    /// <param name="keepSeverity">
    /// A more urgent severity of the other's does not come along: the person merging judged this one's right (trial 39 M2: a SEV1 from an
    /// alert's label mapping merged into a SEV2 a PM had judged). A row says so (<see cref="TimelineTexts.MergeSeverityKept"/>) and the
    /// severity is theirs from now on (<see cref="SeverityBy"/>), so repeats of the alerts that came along do not raise it either; the
    /// highest severity the other held comes along only as far as its stakeholders were told it (the person judged its alert's wrong).
    /// </param>
    /// <param name="zone">The team's zone: the row saying the start moved gives the times in it (<see cref="CorrectedValues.StoredTimes"/>).</param>
    public bool MergeIn(Incident other, string by, DateTimeOffset at, AckTimeouts timeouts, bool takeTitle = false, bool keepSeverity = false, TimeZoneInfo? zone = null)
    {
        if (CannotMergeIn(other) is { } refusal)
        {
            throw new InvalidOperationException(MergeRefusals.Describe(refusal, other, this));
        }

        var adding = other.HeldGroups.Where(g => !HeldGroups.Contains(g)).Distinct().ToList();
        MergedGroups = [.. MergedGroups, .. adding];
        var declaredBefore = DeclaredMergedIn;
        var declared = IsPerson(other.OpenedBy) || other.DeclaredMergedIn;
        DeclaredMergedIn |= declared;
        if (MergedIncidents.Contains(other.Id, StringComparer.Ordinal))
        {
            // Merged here already: only groups that joined it since come along (a merge repeated after the other changed).
            return adding.Count > 0 || DeclaredMergedIn != declaredBefore;
        }

        MergedIncidents = [.. MergedIncidents, other.Id];
        var was = (Title, Severity, UserImpact, AffectedAreas, Platforms, Workaround, Audiences: Comms.ToldAudiences, MaxSeverity, Comms.HighestToldSeverity, Declared: (Before: declaredBefore, Brought: declared));

        // One outage: it started when the earlier of the two says it did (what stakeholders and the retro are told).
        var startedWas = StartedAt;
        if (other.StartedAt < StartedAt)
        {
            StartedAt = other.StartedAt;
        }

        // What stakeholders were told of it stays: its details where this one has none, and its audiences' series go on here.
        var (taken, kept) = TakeDetailsOf(other, takeTitle);
        Comms = Comms.ContinueSeriesOf(other.Id, other.Comms);
        if (StartedAt != startedWas && Comms.Issued > 0)
        {
            // Its stakeholders were told the later start: their next notice says it moved (trial 39 M3), from what they were told.
            Comms = Comms with { StartMovedByMerge = new(Comms.StartMovedByMerge?.From ?? startedWas, StartedAt) };
        }
        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.Merged,
            By = by,
            Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.Merged, other.Id, other.Title),
            Changes = taken,
        });
        foreach (var (field, text) in kept)
        {
            Record(new TimelineEntry
            {
                At = at,
                Kind = TimelineKind.Merged,
                By = by,
                Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.MergeKept, field, other.Id, text),
            });
        }

        if (other.Confidential && !Confidential)
        {
            // Its details (the merged row's title, what it said) are this one's now: readers outside it must not read them here either.
            // Unmerging leaves it confidential: a person lifts it.
            Confidential = true;
            Record(new TimelineEntry
            {
                At = at,
                Kind = TimelineKind.ConfidentialityChanged,
                By = by,
                Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.MarkedConfidentialByMerge, other.Id),
            });
        }

        string? leadTaken = null;
        if (CommsLead is null && other.CommsLead is { } lead)
        {
            leadTaken = lead;
            // One outage, one person telling the stakeholders: the duplicate's lead goes on here (no mail: they are the lead already).
            CommsLead = lead;
            CommsLeadAt = at;
            CommsLeadCount++;
            Comms = Comms with { LeadNudges = 0 };
            Record(new TimelineEntry
            {
                At = at,
                Kind = TimelineKind.CommsLead,
                By = by,
                Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.CommsLeadByMerge, lead, other.Id),
            });
        }

        if (StartedAt != startedWas)
        {
            // The start said until now (第1報, 第2報) moved: the row says from what to what and why (trial 39 M3).
            var (from, to) = CorrectedValues.StoredTimes(new(startedWas, StartedAt), zone ?? TimeZoneInfo.Utc);
            Record(new TimelineEntry
            {
                At = at,
                Kind = TimelineKind.Merged,
                By = by,
                Message = string.Format(
                    System.Globalization.CultureInfo.InvariantCulture,
                    IsMonitoring(other.OpenedBy) ? TimelineTexts.MergeMovedStartToAlert : TimelineTexts.MergeMovedStart,
                    from,
                    to,
                    other.Id),
            });
        }

        if (keepSeverity && other.Severity < Severity)
        {
            // The person merging judged this severity right: theirs from now on, said on the timeline.
            SeverityBy = by;
            Record(new TimelineEntry
            {
                At = at,
                Kind = TimelineKind.SeverityKept,
                By = by,
                Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.MergeSeverityKept, other.Id, (int)other.Severity, (int)Severity, by),
            });

            // What the other's stakeholders were told stays told (a retro owed for it); its alert's severity, judged wrong, does not.
            if (other.Comms.HighestToldSeverity is { } told && told < HighestSeverity)
            {
                MaxSeverity = told;
            }

            KeepTaking(other.Id, was, startedWas, leadTaken);
            return true;
        }

        RaiseSeverity(other.Severity, by, at, timeouts);
        CarryMaxSeverityOf(other);
        KeepTaking(other.Id, was, startedWas, leadTaken);
        return true;
    }

    /// <summary>
    /// Keeps what merging <paramref name="from"/> changed here (<see cref="MergeTakings"/>), from the values it found (<paramref name="was"/>);
    /// <paramref name="commsLead"/>: the communications lead it took from <paramref name="from"/>, if any.
    /// </summary>
    private void KeepTaking(
        string from,
        (string Title, AlertSeverity Severity, string? UserImpact, IReadOnlyList<string> AffectedAreas, IReadOnlyList<string> Platforms, string? Workaround, IReadOnlyList<string> Audiences,
            AlertSeverity? MaxSeverity, AlertSeverity? HighestToldSeverity, (bool Before, bool Brought) Declared) was,
        DateTimeOffset startedWas,
        string? commsLead)
    {
        var taking = new MergeTaking
        {
            From = from,
            CommsLead = commsLead,
            Title = was.Title != Title ? new(was.Title, Title) : null,
            StartedAt = startedWas != StartedAt ? new(startedWas, StartedAt) : null,
            Severity = was.Severity != Severity ? new(was.Severity, Severity) : null,
            MaxSeverity = was.MaxSeverity != MaxSeverity ? new(was.MaxSeverity, MaxSeverity) : null,
            HighestTold = was.HighestToldSeverity != Comms.HighestToldSeverity ? new(was.HighestToldSeverity, Comms.HighestToldSeverity) : null,
            QueuedAtMerge = Comms.Queued,
            DeclaredSet = !was.Declared.Before && DeclaredMergedIn,
            Declared = was.Declared.Brought,
            UserImpact = was.UserImpact is null ? MergeTaking.Fingerprint(UserImpact) : null,
            AffectedAreas = was.AffectedAreas.Count == 0 ? MergeTaking.Fingerprint(AffectedAreas) : null,
            Platforms = was.Platforms.Count == 0 ? MergeTaking.Fingerprint(Platforms) : null,
            Workaround = was.Workaround is null ? MergeTaking.Fingerprint(Workaround) : null,
            Audiences = [.. Comms.ToldAudiences.Where(a => !was.Audiences.Contains(a, StringComparer.OrdinalIgnoreCase))],
        };
        MergeTakings = [.. MergeTakings.Where(t => t.From != from), taking];
    }

    /// <summary>
    /// One outage: the highest severity either held is this one's (a SEV1 duplicate lowered to SEV3 before its merge still makes the
    /// incident merged into owe a SEV1's retro). A record from before <see cref="MaxSeverity"/> was kept whose severity was set
    /// (<see cref="MaxSeverityUnknown"/>) takes only a SEV1: its timeline may hold something higher than the other's.
    /// </summary>
    private void CarryMaxSeverityOf(Incident other)
    {
        var theirs = other.HighestSeverity;
        if (theirs < HighestSeverity && (!MaxSeverityUnknown || theirs == AlertSeverity.Sev1))
        {
            MaxSeverity = theirs;
        }
    }

    /// <summary>
    /// True when a person wrote <paramref name="incident"/>'s title: they declared it, or changed the title with an update, a
    /// correction or a merge (<paramref name="timeline"/>, its whole timeline). False: the title is what monitoring gave it.
    /// </summary>
    public static bool TitleWrittenByPerson(Incident incident, IEnumerable<TimelineEntry> timeline) =>
        incident.Source == ManualSource
        || timeline.Any(e => e.Kind is TimelineKind.Update or TimelineKind.Corrected or TimelineKind.Merged && IsPerson(e.By) && e.Changes.Contains(IncidentChange.Title));

    /// <summary>
    /// Takes the user impact, workaround, areas and platforms of <paramref name="other"/> (merged into this one) where this one has
    /// none, and its title with <paramref name="takeTitle"/>. A text this one has already stays (a person wrote it here); where the
    /// other said something else, that is returned as kept (the field's name as <see cref="TimelineTexts.MergeKept"/> has it, and
    /// the other's text) for the timeline. A text that would take the record past <see cref="MaxStoredTexts"/> is kept out too.
    /// </summary>
    private (List<IncidentChange> Taken, List<(string Field, string Text)> Kept) TakeDetailsOf(Incident other, bool takeTitle)
    {
        var taken = new List<IncidentChange>();
        var kept = new List<(string, string)>();
        var stored = new[] { Title, Joined(AffectedAreas), Joined(Platforms), UserImpact, Workaround, Cause, NextSteps, BridgeUrl, LastPersonUpdate?.Message }
            .Sum(t => string.IsNullOrEmpty(t) ? 0 : StoredLength(t));
        bool Fits(string? now, string? then)
        {
            var grown = (string.IsNullOrEmpty(then) ? 0 : StoredLength(then)) - (string.IsNullOrEmpty(now) ? 0 : StoredLength(now));
            if (stored + grown > MaxStoredTexts)
            {
                return false;
            }

            stored += grown;
            return true;
        }

        if (other.Title != Title)
        {
            if (takeTitle && Fits(Title, other.Title))
            {
                Title = other.Title;
                taken.Add(IncidentChange.Title);
            }
            else if (other.Source == ManualSource)
            {
                kept.Add((MergeFields.Title, other.Title));
            }
        }

        var impact = false;
        if (other.UserImpact is { } userImpact && userImpact != UserImpact)
        {
            if (UserImpact is null && Fits(null, userImpact))
            {
                UserImpact = userImpact;
                impact = true;
            }
            else
            {
                kept.Add((MergeFields.UserImpact, userImpact));
            }
        }

        if (other.AffectedAreas.Count > 0 && !other.AffectedAreas.SequenceEqual(AffectedAreas, StringComparer.Ordinal))
        {
            if (AffectedAreas.Count == 0 && Fits(null, Joined(other.AffectedAreas)))
            {
                AffectedAreas = other.AffectedAreas;
                impact = true;
            }
            else
            {
                kept.Add((MergeFields.AffectedAreas, Joined(other.AffectedAreas)!));
            }
        }

        if (other.Platforms.Count > 0 && !other.Platforms.SequenceEqual(Platforms, StringComparer.Ordinal))
        {
            if (Platforms.Count == 0 && Fits(null, Joined(other.Platforms)))
            {
                Platforms = other.Platforms;
                impact = true;
            }
            else
            {
                kept.Add((MergeFields.Platforms, Joined(other.Platforms)!));
            }
        }

        if (impact)
        {
            taken.Add(IncidentChange.Impact);
        }

        if (other.Workaround is { } workaround && workaround != Workaround)
        {
            if (Workaround is null && Fits(null, workaround))
            {
                Workaround = workaround;
                taken.Add(IncidentChange.WorkaroundAdded);
            }
            else
            {
                kept.Add((MergeFields.Workaround, workaround));
            }
        }

        return (taken, kept);
    }

    /// <summary>
    /// Resolves it as merged into <paramref name="into"/>: it holds no group from now on (their claims moved there), and alerts that
    /// still reach it fold into that one; stakeholders told about it are owed a last notice saying where it goes on. False when it
    /// was merged already.
    /// </summary>
    public bool MarkMergedInto(string into, string by, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(into);
        if (MergedInto is not null)
        {
            return false;
        }

        if (!IsOpen)
        {
            throw new InvalidOperationException($"Incident {Id} is resolved: it cannot be merged into {into}.");
        }

        MergedInto = into;
        StatusBeforeMerge = Status;
        UnmergedFrom = null;
        MergingInto = null;
        MergingSince = null;
        if (Comms.Issued > 0)
        {
            // Stakeholders were told about it: they are told it goes on under the other, instead of waiting for news that never comes.
            Comms = Comms with { NextUpdateAt = null, Changes = [] };
            IssueStakeholderNotice(at);
        }

        Status = IncidentStatus.Resolved;
        ResolvedAt = at;
        _closedAt = at;
        AlertVersion++;
        ResolveVersion = AlertVersion;
        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.Resolved,
            By = by,
            Status = IncidentStatus.Resolved,
            Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.MergedInto, into),
        });
        return true;
    }

    /// <summary>
    /// A more urgent alert joined the incident: its severity goes up (never down: lowering is a person's call, through an
    /// update). While unacknowledged, escalation follows the new severity's ack timeout from here: the next step is due
    /// one new timeout from now, or sooner if the old pace had it due sooner; steps already sent stay sent.
    /// </summary>
    public bool RaiseSeverity(AlertSeverity severity, string by, DateTimeOffset at, AckTimeouts timeouts)
    {
        if (!Enum.IsDefined(severity) || severity >= Severity)
        {
            return false;
        }

        var from = Severity;
        if (IsOpen && !IsAcknowledged && !PagesHeldAt(at))
        {
            // Held by maintenance: the clock starts when the hold ends, at the pace of the severity then.
            var next = Math.Max(NotifiedStep, 0) + 1;
            var oldDue = EscalationStart + (timeouts.For(from) * next);
            var newDue = at + timeouts.For(severity);
            var due = oldDue < newDue ? oldDue : newDue;
            if (due < at)
            {
                due = at;
            }

            EscalationClockFrom = due - (timeouts.For(severity) * next);
        }
        else if (PagesHeldAt(at) && PagesHeldFromStep is { } heldFrom)
        {
            // Held while paged already: the next step is still due at the hold's end, at the new pace after it.
            EscalationClockFrom = PagesHeldUntil!.Value - (timeouts.For(severity) * (heldFrom + 1));
        }

        HeldSeverity(from, severity);
        Severity = severity;
        SeverityBy = by;
        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.SeverityRaised,
            By = by,
            Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.SeverityRaised, (int)from, (int)severity),
            SeverityFrom = from,
            SeverityTo = severity,
        });
        PagesOverToolAck(by, at);
        return true;
    }

    /// <summary>
    /// Raised to SEV1, not by a person, while only a tool had acknowledged it (trial 35 H3: a PagerDuty re-trigger with
    /// <c>severity: critical</c>): the last thing the pair read was "handled in the tool" at the lower severity, and nobody in OnDuty
    /// took it. The tool's acknowledgement no longer covers it (as at a reopen) and a round of pages of its own
    /// (<see cref="RaisedRounds"/>, not a reopen) starts from step 0 now, at SEV1's pace, with a row saying why. A person's
    /// acknowledgement stands (they are told of the raise by the notices that follow it); a hold by maintenance holds it as any page.
    /// </summary>
    private void PagesOverToolAck(string by, DateTimeOffset at)
    {
        if (Severity != AlertSeverity.Sev1 || !IsOpen || !IsAcknowledged || IsPerson(AcknowledgedBy) || IsPerson(by) || PagesNobodyFor is not null)
        {
            return;
        }

        var tool = AcknowledgedVia ?? "";
        ForgetAcknowledgement();
        StartPageRound(at, overToolAck: tool);
        RecoveredTold = false;
        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.PagesReleased,
            By = by,
            Message = tool.Length > 0
                ? string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.PagesAfterToolAckRaised, tool)
                : TimelineTexts.PagesAfterUnnamedToolAckRaised,
        });
    }

    /// <summary>
    /// A round of pages of its own (<see cref="RaisedRounds"/>, not a reopen) starts from step 0 at <paramref name="at"/>: nobody
    /// paged before is waited for, a hold of the earlier pages has done its work. <paramref name="overToolAck"/>: the tool whose
    /// acknowledgement the round pages over (<see cref="RaisedOverToolAck"/>), null for none.
    /// </summary>
    private void StartPageRound(DateTimeOffset at, string? overToolAck)
    {
        RaisedRounds++;
        RaisedOverToolAck = overToolAck;
        NotifiedStep = -1;
        StepQueued = true;
        EscalationClockFrom = at;
        PagesHeldFromStep = null;
        PagedBefore = [];
        LeadsOnLeave = [];
    }

    /// <summary>An acknowledgement that no longer covers the incident (a reopen, pages from now, a raise over a tool's, an expiry): who, when, from where and through what, all gone.</summary>
    private void ForgetAcknowledgement()
    {
        AcknowledgedAt = null;
        AcknowledgedBy = null;
        AcknowledgedFrom = null;
        AcknowledgedVia = null;
        TakenOverAt = null;
        EndSnooze();
    }

    /// <summary>
    /// What an alert delivery does to the severity: <paramref name="firing"/> is the most urgent alert firing in it,
    /// <paramref name="firedAnew"/> the most urgent of those that fired anew (not repeats), <paramref name="reopened"/> whether
    /// the delivery reopened it. A severity a person chose (<see cref="SeverityChosenByPerson"/>) is raised only by an alert firing anew
    /// outside a reopen; a reopen that would have raised it says so instead (the alert's severity, the person's kept). Otherwise
    /// as <see cref="RaiseSeverity"/>. True when the record changed.
    /// </summary>
    public bool RaiseSeverityByAlert(AlertSeverity? firing, AlertSeverity? firedAnew, bool reopened, string by, DateTimeOffset at, AckTimeouts timeouts)
    {
        if (!IsOpen)
        {
            return false;
        }

        if (!SeverityChosenByPerson)
        {
            return firing is { } severity && RaiseSeverity(severity, by, at, timeouts);
        }

        if (!reopened && firedAnew is { } anew && RaiseSeverity(anew, by, at, timeouts))
        {
            return true;
        }

        if (reopened && firing is { } asked && Enum.IsDefined(asked) && asked < Severity)
        {
            Record(new TimelineEntry
            {
                At = at,
                Kind = TimelineKind.SeverityKept,
                By = by,
                Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.SeverityKept, (int)asked, (int)Severity),
            });
            return true;
        }

        return false;
    }

    /// <summary>
    /// Nobody step <paramref name="step"/> was sent to could be reached (<see cref="Reached"/>): the next step comes due at
    /// <paramref name="at"/> instead of after the acknowledgement timeout, and later steps a timeout apart from then. False
    /// (nothing changes) unless it is the step last sent, the incident still waits for someone, a step is left and not yet due.
    /// </summary>
    public bool EscalateUnreached(int step, DateTimeOffset at, AckTimeouts timeouts)
    {
        if (!IsOpen || IsAcknowledged || PagesHeldAt(at) || step != NotifiedStep || step >= EscalationPolicy.LastStep)
        {
            return false;
        }

        var timeout = timeouts.For(Severity);
        var next = step + 1;
        if (EscalationStart + (timeout * next) <= at)
        {
            return false; // due already
        }

        EscalationClockFrom = at - (timeout * next);
        if (PagesHeldUntil is { } heldUntil && heldUntil > EscalationClockFrom)
        {
            // A hold that ended lately would still set the clock (EscalationStart): it has done its work, the step is due now.
            PagesHeldUntil = null;
        }

        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.Unreached,
            By = "system",
            Step = step,
            Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.Unreached, step, next),
        });
        return true;
    }

    /// <summary>
    /// Whether anyone step <paramref name="step"/> was sent to (the people of its <see cref="TimelineKind.Notified"/> or
    /// <see cref="TimelineKind.Escalated"/> row; the Teams channel is no person) may have been reached, by <see cref="PageReach"/>:
    /// each email, text and call of the step, the latest word for each address or number counting. False only when every
    /// person's email was given up or reported undelivered and no text or call of the step reached anyone; true while any is
    /// unsettled, so a step is never declared unreached early.
    /// </summary>
    public static bool Reached(IReadOnlyList<TimelineEntry> timeline, int step)
    {
        var people = PageReach.Sent(timeline, step)?.Recipients.Where(PageReach.IsPerson).ToList() ?? [];
        if (people.Count == 0)
        {
            return true;
        }

        var reach = PageReach.OfStep(timeline, step);
        return reach.Anyone || !people.All(p => reach.On(p) == false);
    }

    /// <summary>When step <paramref name="step"/> of round <paramref name="round"/> was last recorded as sent (its <c>notified</c>/<c>escalated</c> row); null when not on the timeline.</summary>
    public static DateTimeOffset? StepRecordedAt(IReadOnlyList<TimelineEntry> timeline, int step, int round) => PageReach.Sent(timeline, step, round)?.At;

    /// <summary>
    /// Whether a step of round <paramref name="round"/> reached <paramref name="recipient"/> (<see cref="PageReach.Reached"/>): an email
    /// to their address, or a text or call to their number, that was not reported undelivered afterwards.
    /// </summary>
    public static bool ReachedInRound(IReadOnlyList<TimelineEntry> timeline, int round, PageRecipient recipient) =>
        PageReach.OfRound(timeline, round).Any(step => step.Reached(recipient));

    /// <summary>
    /// Whether step <paramref name="step"/> of round <paramref name="round"/> gave up on <paramref name="recipient"/>
    /// (<see cref="PageReach.GaveUpOn"/>): the latest word on their email since the step was sent is a failure (given up, bounced)
    /// and no text or call to their number got through. False while anything is unsettled (queued, retrying: it will reach them)
    /// and for a step not on the timeline.
    /// </summary>
    public static bool GaveUpOn(IReadOnlyList<TimelineEntry> timeline, int step, int round, PageRecipient recipient) =>
        PageReach.OfStep(timeline, step, round).GaveUpOn(recipient);

    /// <summary>
    /// Records that escalation step <paramref name="step"/> (0 = the first page) goes to <paramref name="recipients"/>, and the
    /// steps passed over on the way with why. Recorded before the messages are queued (<see cref="StepQueued"/> false until
    /// <see cref="MarkStepQueued"/>), so a message can always be checked against the step it belongs to.
    /// </summary>
    /// <param name="members">The step's people who are roster members, as their texts and calls go (<see cref="TimelineEntry.Members"/>).</param>
    public bool RecordNotified(int step, IReadOnlyList<string> recipients, DateTimeOffset at, IReadOnlyList<SkippedStep>? skipped = null,
        IReadOnlyList<PagedMember>? members = null)
    {
        if (step <= NotifiedStep)
        {
            return false;
        }

        foreach (var s in skipped ?? [])
        {
            Record(new TimelineEntry { At = at, Kind = TimelineKind.StepSkipped, By = "system", Step = s.Step, Message = s.Reason });
        }

        if (PagesHeldFromStep is { } heldFrom && NotifiedStep == heldFrom && PagesHeldUntil <= at && PagesHeldBy is { } window)
        {
            // The first step after a hold of an incident paged already: said once, before the step's own row.
            Record(new TimelineEntry
            {
                At = at,
                Kind = TimelineKind.PagesReleased,
                By = "system",
                Step = step,
                Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.PagesResumed, window, step),
            });
        }

        NotifiedStep = step;
        StepQueued = false;
        StepToldBeforeHandOver = false;
        EscalationClockFrom = EscalationStart; // a hold that ended: escalation counts from its end
        Record(new TimelineEntry
        {
            At = at,
            Kind = step == 0 ? TimelineKind.Notified : TimelineKind.Escalated,
            By = "system",
            Step = step,
            Round = PageRound,
            Recipients = recipients,
            Members = members,
            // An escalation says to whom (the leads, the organisation's list): the row reads 「リーダー（山田 太郎）に連絡しました」.
            Message = step == 0 ? TimelineTexts.PagedDutyMembers
                : recipients.Where(r => r != "teams").ToList() is { Count: > 0 } to ? string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.EscalationStepTo, step, string.Join(", ", to))
                : string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.EscalationStep, step),
        });
        return true;
    }

    /// <summary>
    /// Which channel reached whom (or gave up on whom) for a page or escalation step: a fact for the timeline only, which changes
    /// nothing the record holds, so it is appended (<see cref="IIncidentRepository.AppendTimelineAsync"/>) without rewriting the record.
    /// </summary>
    public static TimelineEntry DeliveryEntry(int step, string channel, string recipient, string? error, DateTimeOffset at, int? round = null) => new()
    {
        At = at,
        Kind = error is null ? TimelineKind.Delivered : TimelineKind.DeliveryFailed,
        By = "system",
        Step = step,
        Round = round,
        Recipients = [recipient],
        Message = error is null ? string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.Delivered, channel, recipient) : string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.GaveUp, channel, recipient, error),
    };

    /// <summary>
    /// A page of step <paramref name="step"/> to <paramref name="recipient"/> (an address, or a member id for a text or call) not
    /// sent because its recipient came off duty while it waited: readdressed to the pair on duty now
    /// (<see cref="TimelineTexts.PageReaddressed"/>), or, when step <paramref name="later"/> already went to them, superseded
    /// (<see cref="TimelineTexts.PageSuperseded"/>). With <paramref name="replaced"/>, step <paramref name="later"/> to the same
    /// person, still on duty, takes its place (<see cref="TimelineTexts.PageReplaced"/>, trial 32a M2): no change of duty.
    /// A <c>dutyChanged</c> row, appended as <see cref="DeliveryEntry"/> is.
    /// </summary>
    public static TimelineEntry PageNotSentEntry(int step, int? round, string recipient, int? later, DateTimeOffset at, bool replaced = false) => new()
    {
        At = at,
        Kind = TimelineKind.DutyChanged,
        By = "system",
        Step = step,
        Round = round,
        Recipients = [recipient],
        PageReplaced = later is not null && replaced ? true : null,
        Message = later is { } superseding
            ? string.Format(System.Globalization.CultureInfo.InvariantCulture, replaced ? TimelineTexts.PageReplaced : TimelineTexts.PageSuperseded, step, recipient, superseding)
            : string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.PageReaddressed, step, recipient),
    };

    /// <summary>
    /// An email its provider reported, after taking it, as not delivered to <paramref name="recipient"/> (a page's, with its
    /// <paramref name="step"/>; a stakeholder notice's or a call for help's, without).
    /// </summary>
    public static TimelineEntry UndeliveredEntry(int? step, string recipient, string status, string? details, DateTimeOffset at, int? round = null) => new()
    {
        At = at,
        Kind = TimelineKind.DeliveryFailed,
        By = "system",
        Step = step,
        Round = round,
        Recipients = [recipient],
        Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.EmailNotDelivered, recipient, status,
            string.IsNullOrWhiteSpace(details) ? TimelineTexts.NoDetails : details.Trim()),
    };

    /// <summary>Every step was passed over (nobody to send any of them to): escalation ends here, on the timeline.</summary>
    public bool RecordAllSkipped(IReadOnlyList<SkippedStep> skipped, DateTimeOffset at)
    {
        if (skipped.Count == 0 || skipped[^1].Step <= NotifiedStep)
        {
            return false;
        }

        foreach (var s in skipped)
        {
            Record(new TimelineEntry { At = at, Kind = TimelineKind.StepSkipped, By = "system", Step = s.Step, Message = s.Reason });
        }

        NotifiedStep = skipped[^1].Step;
        StepQueued = true;
        return true;
    }

    /// <summary>
    /// The messages of the recorded step are all in the outbox; <paramref name="together"/>: the topics of those that list it with
    /// other incidents (<see cref="PagesTogether"/>).
    /// </summary>
    public bool MarkStepQueued(int step, IReadOnlyList<string>? together = null)
    {
        if (StepQueued || step != NotifiedStep)
        {
            return false;
        }

        StepQueued = true;
        StepToldBeforeHandOver = false;
        if (together is { Count: > 0 })
        {
            var round = PageRound;
            PagesTogether = [.. PagesTogether.Concat(together.Distinct(StringComparer.Ordinal).Select(t => new PagesTogether(round, t))).Distinct().TakeLast(MaxPagesTogether)];
        }

        return true;
    }

    /// <summary>
    /// Duty is resolved when a step is sent: a reopen days later or an escalation after the weekly handoff goes to whoever is
    /// on duty then. A change of members is put on the timeline; the same members (in any order) change nothing.
    /// </summary>
    public bool ChangeDuty(IReadOnlyList<AssignedMember> members, DateTimeOffset at)
    {
        var before = Assignees.Select(a => a.Id).Order(StringComparer.Ordinal);
        if (before.SequenceEqual(members.Select(m => m.Id).Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            return false;
        }

        var was = Assignees.Count == 0 ? TimelineTexts.Nobody : string.Join(", ", Assignees.Select(a => a.Id));
        if (NotifiedStep >= 0)
        {
            // Those leaving it were paged about it (the first page went out): their answer to that page still counts.
            PagedBefore = [.. PagedBefore.Union(Assignees.Select(a => a.Id), StringComparer.Ordinal).Except(members.Select(m => m.Id), StringComparer.Ordinal)];
        }

        Assignees = members;
        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.DutyChanged,
            By = "system",
            Recipients = [.. members.Select(m => m.Id)],
            Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.OnDutyNow, members.Count == 0 ? TimelineTexts.Nobody : string.Join(", ", members.Select(m => m.Id)), was),
        });
        return true;
    }

    /// <summary>
    /// Step <paramref name="step"/> went to a pair that took the incident over unanswered (the handoff, a replacement) with members
    /// never paged about it: for them it is the first page, so their acknowledgement timeout starts now — the next step (the leads,
    /// the organisation) is a full timeout from <paramref name="at"/>, not what was left of the previous pair's. False when
    /// the clock already gives them that much.
    /// </summary>
    public bool RestartClockFor(int step, DateTimeOffset at, AckTimeouts timeouts)
    {
        var from = at - (timeouts.For(Severity) * step);
        if (from <= EscalationStart || PagesHeldAt(at))
        {
            return false;
        }

        EscalationClockFrom = from;
        if (PagesHeldUntil is { } heldUntil && heldUntil > EscalationClockFrom)
        {
            PagesHeldUntil = null; // a hold that ended has done its work
        }

        return true;
    }

    /// <summary>
    /// The pair changed (the handoff, an override, leave or a cover) while the incident waits unanswered and escalation 1 (or a
    /// later step) already went to the pair before: the members who come on duty and were never paged about it are paged at once
    /// with escalation 1, as members it was handed over to (<see cref="PagedBefore"/> names who had it). The change and the page go
    /// on the timeline (a <c>dutyChanged</c> row, then an <c>escalated</c> row of step 1 naming them:
    /// <see cref="TimelineTexts.HandedOverEscalation"/>), the step is marked not queued so its messages are queued (those already
    /// in the outbox keep their ids), and when escalation 1 is the step last sent the incoming members get a whole acknowledgement
    /// timeout before the leads. After the leads' step the escalation keeps its schedule: the leads were told already.
    /// False (nothing changes) when nobody new came on duty, or the incident does not wait for anyone.
    /// </summary>
    public bool HandOverUnanswered(IReadOnlyList<AssignedMember> duty, DateTimeOffset at, AckTimeouts timeouts)
    {
        if (!IsOpen || IsAcknowledged || PagesHeldAt(at) || NotifiedStep < 1 || !StepQueued || duty.Count == 0)
        {
            return false;
        }

        var incoming = IncomingOf(duty);
        if (incoming.Count == 0 || !ChangeDuty(duty, at))
        {
            return false;
        }

        RecordHandedOverPage(incoming, at);
        if (NotifiedStep == 1)
        {
            RestartClockFor(1, at, timeouts);
        }

        StepToldBeforeHandOver = NotifiedStep >= EscalationPolicy.LeadsStep;
        StepQueued = false;
        return true;
    }

    /// <summary>
    /// Whom the step last recorded goes to, for its claim (<see cref="IIncidentRepository.TryClaimStepAsync"/>): null while the
    /// incident is with the members it was first paged to; once it changed hands (a hand-over, a page re-addressed to the pair on
    /// duty now: <see cref="PagedBefore"/> names who had it), the ids of the members on it now, so each page to another pair is
    /// claimed, and queued, once on its own.
    /// </summary>
    public string? ClaimTo() => PagedBefore.Count == 0 ? null : string.Join(",", Assignees.Select(a => a.Id).Order(StringComparer.Ordinal));

    /// <summary>The members of <paramref name="duty"/> never paged about this incident (neither on it now nor taken off it).</summary>
    public IReadOnlyList<AssignedMember> IncomingOf(IReadOnlyList<AssignedMember> duty)
    {
        var known = Assignees.Select(a => a.Id).Concat(PagedBefore).ToHashSet(StringComparer.Ordinal);
        return [.. duty.Where(m => !known.Contains(m.Id) && !string.IsNullOrWhiteSpace(m.Email))];
    }

    /// <summary>The <c>escalated</c> row of step 1 to members the incident was handed over to unanswered (by address).</summary>
    public void RecordHandedOverPage(IReadOnlyList<AssignedMember> incoming, DateTimeOffset at) =>
        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.Escalated,
            By = "system",
            Step = 1,
            Round = PageRound,
            Recipients = [.. incoming.Select(m => m.Email!)],
            Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.HandedOverEscalation, string.Join(", ", incoming.Select(m => m.Email))),
        });

    /// <summary>
    /// The duty step just recorded went to <paramref name="paged"/> and not to <paramref name="notWorking"/>, part-timers who do not
    /// work today (<see cref="TimelineTexts.NotWorkingToday"/>), or, when nobody on duty works today, to them all
    /// (<see cref="TimelineTexts.NobodyWorkingToday"/>). A <see cref="TimelineKind.DutyChanged"/> row without a step, so it settles
    /// no page's delivery.
    /// </summary>
    public void RecordNotWorkingToday(IReadOnlyList<string> notWorking, IReadOnlyList<string> paged, DateTimeOffset at) =>
        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.DutyChanged,
            By = "system",
            Round = PageRound,
            Recipients = [.. paged],
            Message = notWorking.Count == paged.Count && notWorking.All(paged.Contains)
                ? string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.NobodyWorkingToday, string.Join(", ", notWorking))
                : string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.NotWorkingToday, string.Join(", ", notWorking), string.Join(", ", paged)),
        });

    /// <summary>
    /// The leads' step just planned passed over <paramref name="away"/>, leads on leave (kept in <see cref="LeadsOnLeave"/>), and went
    /// to <paramref name="paged"/>, the other leads (<see cref="TimelineTexts.LeadsOnLeave"/>); with none paged the step's own
    /// skipped row says it (<see cref="SkippedStep.LeadsAway"/>). With <paramref name="pagedAnyway"/> (nobody after the leads' step),
    /// they were paged all the same (<see cref="TimelineTexts.LeadsOnLeavePagedAnyway"/>). A <see cref="TimelineKind.DutyChanged"/>
    /// row without a step, so it settles no page's delivery.
    /// </summary>
    public void RecordLeadsOnLeave(IReadOnlyList<string> away, IReadOnlyList<string> paged, IReadOnlyList<string> pagedAnyway, DateTimeOffset at)
    {
        LeadsOnLeave = [.. away];
        if (pagedAnyway.Count == 0 && (away.Count == 0 || paged.Count == 0))
        {
            return;
        }

        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.DutyChanged,
            By = "system",
            Round = PageRound,
            Recipients = [.. pagedAnyway.Count > 0 ? pagedAnyway : paged],
            Message = pagedAnyway.Count > 0
                ? string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.LeadsOnLeavePagedAnyway, string.Join(", ", pagedAnyway))
                : string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.LeadsOnLeave, string.Join(", ", away), string.Join(", ", paged)),
        });
    }

    /// <summary>
    /// Whether <paramref name="row"/> is the page of members an unanswered incident was handed over to after its leads' step
    /// (<see cref="HandOverUnanswered"/>): their escalation 1 is queued with the step last sent.
    /// </summary>
    public static bool IsHandedOverPage(TimelineEntry row) =>
        row.Kind == TimelineKind.Escalated && row.Step == 1 && row.Message is { } text && text.StartsWith(TimelineTexts.HandedOverPrefix, StringComparison.Ordinal);

    /// <summary>
    /// The pair changed (override, leave, handover) while step <paramref name="step"/> to the duty members waited in the outbox
    /// (a mail outage): the step goes to <paramref name="members"/>, who are on duty now. The change goes on the timeline
    /// (<see cref="ChangeDuty"/>) and the step is marked not queued, so queuing it again (<see cref="MarkStepQueued"/>) adds the
    /// new members' messages; those of the ones still on duty keep their ids and are not queued twice. False (nothing changes)
    /// when the step is no longer the one last sent, the incident no longer waits for anyone, or the members are the same.
    /// </summary>
    public bool ReaddressStep(int step, int round, IReadOnlyList<AssignedMember> members, DateTimeOffset at)
    {
        if (!IsOpen || IsAcknowledged || step != NotifiedStep || step > 1 || round != PageRound || members.Count == 0 || !ChangeDuty(members, at))
        {
            return false;
        }

        StepQueued = false;
        return true;
    }

    /// <summary>Alerts fired anew or resolved: saved with this record, so writers on a stale view of the alerts conflict.</summary>
    /// <param name="firingOnly">True when alerts only fired (none resolved): <see cref="ResolveVersion"/> stays.</param>
    public void RecordAlertStateChange(bool firingOnly = false)
    {
        AlertVersion++;
        if (!firingOnly)
        {
            ResolveVersion = AlertVersion;
        }
    }

    /// <summary>
    /// <see cref="RecordAlertStateChange(bool)"/> with the alerts' own timeline rows (fired, resolved, repeated) in this record's
    /// pending timeline, so they are stored with the record in one write, in order with its other rows.
    /// </summary>
    public void RecordAlertStateChange(IEnumerable<TimelineEntry> entries)
    {
        var resolved = false;
        foreach (var entry in entries)
        {
            if (entry.Kind is not (TimelineKind.AlertFired or TimelineKind.AlertResolved or TimelineKind.AlertRepeated))
            {
                throw new ArgumentException($"'{entry.Kind}' is not an alert's timeline row.", nameof(entries));
            }

            Record(entry);
            resolved |= entry.Kind == TimelineKind.AlertResolved;
        }

        RecordAlertStateChange(firingOnly: !resolved);
    }

    /// <summary>The record and its pending entries were stored; later changes start a fresh batch.</summary>
    public void MarkStored() => _pending.Clear();

    /// <summary>
    /// The severity the notices before said, when the next one says another (a raise or a lowering since, or the severity a duplicate
    /// merged in was told as); null when the same, before the first notice, or for a duplicate's 【統合】 notice. A notice says it to
    /// readers it is not the first notice of, and its row keeps it (<see cref="MarkStakeholderNoticeQueued"/>) for the 障害の状況 view.
    /// </summary>
    public AlertSeverity? SeverityToldBefore =>
        MergedInto is null && Comms.ToldSeverity is { } told && told != Severity ? told : null;

    /// <summary>
    /// The status the notice before said, when the next one (of an open incident) says another: 調査中 → 原因特定 (<see cref="IncidentComms.ToldStatus"/>);
    /// null when the same, before the first notice, on a record stored before that was kept, for a recovery notice (its lead says
    /// it recovered), after one (the reopen's own line says it came back) and for a duplicate's 【統合】 notice.
    /// </summary>
    public IncidentStatus? StatusToldBefore =>
        MergedInto is null && IsOpen && Comms.ToldStatus is { } told && told != Status && told != IncidentStatus.Resolved ? told : null;

    /// <summary>A person declared it or posted an update: stakeholder notice number (returned) is owed, and the update clock restarts.</summary>
    public int IssueStakeholderNotice(DateTimeOffset at)
    {
        Comms = Comms with { Issued = Comms.Issued + 1, LastPersonUpdateAt = at, Nudges = 0, LeadNudges = 0, RecoveryReminders = 0 };
        return Comms.Issued;
    }

    /// <summary>
    /// Notice <paramref name="number"/>, saying <paramref name="severity"/>, is in the outbox for <paramref name="audiences"/>; an
    /// audience told for the first time starts its series there. <paramref name="said"/>: what it said of the next update, kept
    /// for the reminders and the stakeholders' view (null: not known, worked out again as before). False when recorded before.
    /// </summary>
    /// <param name="startMoveSaid">The start a merge moved that the notice said (<see cref="IncidentComms.StartMovedByMerge"/> as it was
    /// read for it): cleared when still the same, kept for the next notice when a merge moved it again meanwhile; kept on its row as said
    /// (<see cref="TimelineEntry.StartMoved"/>).</param>
    /// <param name="followers">How many followers in no audience it went to, kept on its row (<see cref="TimelineEntry.Followers"/>).</param>
    /// <param name="toldTogetherIn">A duplicate's 統合 notice told with others' in one (<see cref="IncidentComms.ToldTogetherIn"/>): that notice's topic.</param>
    /// <param name="toldDetails">What the notice said of the details a correction may put right, as it was composed (<see cref="IncidentComms.Told"/>);
    /// null: as the record says them now. A notice issued as a correction (<see cref="IncidentComms.CorrectionIssued"/>) keeps on its row what it put right.</param>
    public bool MarkStakeholderNoticeQueued(int number, IReadOnlyList<string> audiences, AlertSeverity severity, DateTimeOffset at, NoticePromise? said = null,
        Corrected<DateTimeOffset>? startMoveSaid = null, int followers = 0, string? toldTogetherIn = null, ToldDetails? toldDetails = null)
    {
        if (number <= Comms.Queued)
        {
            return false;
        }

        // A correction (【訂正】) says what the notice before said and what is right: kept on its row for the 障害の状況 view.
        var toldNow = toldDetails ?? ToldDetails.Of(this);
        var corrected = Comms.CorrectionIssued == number && CorrectionsSinceTold(toldNow) is { Count: > 0 } corrections
            ? new NoticeCorrection(Comms.Queued, corrections) : null;

        // The severity change it said, as its mail said it, kept on its row for the 障害の状況 view (trial day 33 L1).
        var before = MergedInto is null && Comms.ToldSeverity is { } told && told != severity ? told : (AlertSeverity?)null;
        var firsts = Comms.ToldAudiences.Union(audiences, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(a => a, a => Comms.FirstNoticeOf(a, number), StringComparer.OrdinalIgnoreCase);
        // The audiences an update asked to tell too, as its mail said them to those told before (「この報告からサポートにもお知らせしています。」).
        var alsoTold = Comms.AlsoTell.Count == 0 ? null : Comms.AlsoTell;
        Comms = Comms with
        {
            Queued = number,
            ToldAudiences = [.. Comms.ToldAudiences.Union(audiences, StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)],
            FirstNotices = firsts,
            ToldSeverity = severity,
            ToldStatus = Status,
            FirstToldSeverity = Comms.FirstToldSeverity ?? severity,
            HighestToldSeverity = Comms.HighestToldSeverity is { } highest && highest < severity ? highest : severity,
            LastNoticeSaid = said is null ? null : said with { ToldAt = said.ToldAt ?? at },
            StartMovedByMerge = Comms.StartMovedByMerge == startMoveSaid ? null : Comms.StartMovedByMerge,
            ToldTogetherIn = toldTogetherIn ?? Comms.ToldTogetherIn,
            Told = toldNow,
            AlsoTell = AlsoTellAfter(audiences),
        };
        Record(new TimelineEntry
        {
            At = at, Kind = TimelineKind.StakeholdersNotified, By = "system", Step = number, Recipients = audiences,
            SeverityFrom = before, SeverityTo = before is null ? null : severity,
            // As its mail said it, from the time told to the start it gave (none when that is the time told), for the 障害の状況 view.
            StartMoved = startMoveSaid is { From: var toldStart } && toldStart != StartedAt ? new(toldStart, StartedAt) : null,
            Followers = followers > 0 ? followers : null,
            // As its mail's opening said them, for the 障害の状況 view: the recovery time, and to readers whose first notice it is the impact.
            RecoveredAt = said?.RecoveredAt,
            Impact = number == 1 || audiences.Any(a => firsts[a] == number) ? UserImpact : null,
            Correction = corrected,
            AlsoTold = alsoTold,
        });
        return true;
    }

    /// <summary>Reminder <paramref name="nudge"/> (since the last update by a person) went to the duty members; false when recorded before.</summary>
    /// <param name="recipients">Whom it went to (the pair on duty then, whoever took it or declared it); null: its duty members.</param>
    /// <param name="reachedCommsLead">It went to the communications lead (<see cref="CommsLead"/>): counted in <see cref="IncidentComms.LeadNudges"/>.</param>
    public bool RecordUpdateNudge(int nudge, DateTimeOffset at, IReadOnlyList<string>? recipients = null, bool reachedCommsLead = false)
    {
        if (nudge <= Comms.Nudges)
        {
            return false;
        }

        Comms = Comms with { Nudges = nudge, LeadNudges = Comms.LeadNudges + (reachedCommsLead ? 1 : 0) };
        Record(new TimelineEntry { At = at, Kind = TimelineKind.UpdateNudged, By = "system", Step = nudge, Recipients = recipients ?? [.. Assignees.Select(a => a.Id)] });
        return true;
    }

    /// <summary>
    /// Open again after monitoring's reopen withdrew the asks to send the recovery notice, paging nobody (the acknowledgement stood),
    /// and those asked not yet told (<see cref="WithdrawnRecoveryAsk.Owed"/>): the mail that says so is owed.
    /// </summary>
    public bool OwesRecoveryAskWithdrawal => IsOpen && MergedInto is null && Comms.RecoveryAskWithdrawn is { Owed: true, Round: var round } && round == ReopenCount;

    /// <summary>The mail saying the asks of reopen <paramref name="round"/> are withdrawn is queued; false when it was before, or is not owed.</summary>
    public bool RecordRecoveryAskWithdrawalTold(int round)
    {
        if (!OwesRecoveryAskWithdrawal || Comms.RecoveryAskWithdrawn is not { } withdrawn || withdrawn.Round != round)
        {
            return false;
        }

        Comms = Comms with { RecoveryAskWithdrawn = withdrawn with { Owed = false } };
        return true;
    }

    /// <summary>
    /// Reminder <paramref name="reminder"/> that the stakeholders are owed word of its recovery (<see cref="RecoveryNoticeOwed"/>) went
    /// to the duty members; false when recorded before, or when it is no longer owed.
    /// </summary>
    /// <param name="asked">Whom it asked (member ids, else addresses), as the row says (<see cref="TimelineStory.RecoveryAsked"/>); the duty members when null.</param>
    public bool RecordRecoveryReminder(int reminder, DateTimeOffset at, IReadOnlyList<string>? asked = null)
    {
        if (!RecoveryNoticeOwed || reminder <= Comms.RecoveryReminders)
        {
            return false;
        }

        Comms = Comms with { RecoveryReminders = reminder, RecoveryRemindedAt = at };
        Record(new TimelineEntry { At = at, Kind = TimelineKind.RecoveryReminded, By = "system", Step = reminder, Recipients = [.. asked ?? Assignees.Select(a => a.Id)] });
        return true;
    }

    /// <summary>
    /// The repository numbers each write it makes of this record: a summary copied elsewhere (the list indexes) carries the
    /// number, so a writer holding an older version never overwrites a newer copy. Bumped per attempt, so a failed attempt
    /// only leaves a gap.
    /// </summary>
    public long NextRevision() => ++Revision;

    /// <summary>Monitoring (<c>alert:{source}</c>) and OnDuty itself (<c>system</c>) are not people.</summary>
    public static bool IsPerson(string? by) => by is not null && by != "system" && !IsMonitoring(by);

    /// <summary>A monitoring tool's own act (<c>alert:{source}</c>: its delivery, its acknowledge, its resolve).</summary>
    public static bool IsMonitoring(string? by) => by?.StartsWith("alert:", StringComparison.Ordinal) == true;

    /// <summary>
    /// Records the final report (最終報) as queued to <paramref name="audiences"/> (<paramref name="addresses"/> readers): once an
    /// incident; false when it was recorded before (a repeat, a double click: its messages were the same ids, so nothing went twice).
    /// Its <paramref name="text"/> is kept on the timeline row (<see cref="TimelineEntry.FinalReport"/>), not on the record: the
    /// record's texts have their own bound (<see cref="MaxStoredTexts"/>).
    /// </summary>
    public bool MarkFinalReportSent(DateTimeOffset at, string by, IReadOnlyList<string> audiences, int addresses, OnDuty.Core.Comms.FinalReportText? text = null)
    {
        if (Comms.FinalReport is not null)
        {
            return false;
        }

        Comms = Comms with { FinalReport = new SentFinalReport(at, by, audiences, addresses) };
        Record(new TimelineEntry
        {
            At = at, Kind = TimelineKind.FinalReportSent, By = by, Recipients = audiences, FinalReport = text,
            Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.FinalReportSent, string.Join(", ", audiences)),
        });
        return true;
    }

    /// <summary>
    /// Records correction <paramref name="number"/> of the final report (【訂正】) by <paramref name="by"/>, sent to the audiences the final
    /// report went to, with its <paramref name="text"/> on the timeline row; false when there is no final report or that correction was
    /// recorded already (a repeat).
    /// </summary>
    public bool MarkFinalReportCorrected(DateTimeOffset at, string by, int number, OnDuty.Core.Comms.FinalReportText text)
    {
        if (Comms.FinalReport is not { } sent || sent.Corrections >= number)
        {
            return false;
        }

        Comms = Comms with { FinalReport = sent with { Corrections = number, CorrectedAt = at } };
        Record(new TimelineEntry
        {
            At = at, Kind = TimelineKind.FinalReportCorrected, By = by, Recipients = sent.Audiences,
            Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.FinalReportCorrected, number, string.Join(", ", sent.Audiences)),
            FinalReport = text,
        });
        return true;
    }

    private void Record(TimelineEntry entry)
    {
        _pending.Add(entry);
        if (entry.Kind is TimelineKind.Opened or TimelineKind.Update or TimelineKind.Resolved or TimelineKind.Reopened && IsPerson(entry.By))
        {
            LastPersonUpdate = new PersonUpdate(entry.At, entry.Message);
        }
    }

    private static ValidationErrors Validate(string? title, IReadOnlyList<string>? areas, IReadOnlyList<string>? platforms, string? impact, string? workaround, string? message)
    {
        var errors = new ValidationErrors();
        errors.When(string.IsNullOrWhiteSpace(title), "title", "is required");
        errors.When(title?.Trim().Length > MaxTitleLength, "title", $"must be at most {MaxTitleLength} characters");
        CheckList(errors, "affectedAreas", areas);
        CheckList(errors, "platforms", platforms);
        errors.CheckText("userImpact", impact, MaxTextLength);
        errors.CheckText("workaround", workaround, MaxTextLength);
        errors.CheckText("message", message, MaxTextLength);
        return errors;
    }

    /// <summary>
    /// The record's texts after this change — <paramref name="given"/> by it, <paramref name="kept"/> from before — within
    /// <see cref="MaxStoredTexts"/> as stored; else the longest text given is named, so the person knows what to shorten.
    /// </summary>
    /// <param name="before">What the texts took before this change: a record stored before the limit, past it, may still be
    /// updated and resolved as long as the update does not make it larger.</param>
    private static void CheckStoredTexts(ValidationErrors errors, IReadOnlyList<(string Field, string? Text)> given, IReadOnlyList<string?> kept, int before = 0)
    {
        var sized = given.Where(g => !string.IsNullOrWhiteSpace(g.Text)).Select(g => (g.Field, Stored: StoredLength(g.Text!.Trim()))).ToList();
        var total = sized.Sum(g => g.Stored) + kept.Sum(k => string.IsNullOrEmpty(k) ? 0 : StoredLength(k));
        if (total <= MaxStoredTexts || total <= before || sized.Count == 0)
        {
            return;
        }

        errors.Add(
            sized.MaxBy(g => g.Stored).Field,
            $"is too long to keep with the incident's other texts: together they take {total} characters as stored ('&', '<', '>' and quotes count six, a line break two), at most {MaxStoredTexts}; shorten it or another text");
    }

    private static string? Joined(IReadOnlyList<string>? values) => values is null ? null : string.Join(",", values);

    /// <summary>A bridge is an absolute https URL (what a page's link may open), at most <see cref="MaxBridgeUrlLength"/> characters; blank clears it.</summary>
    private static void CheckBridge(ValidationErrors errors, string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return;
        }

        var trimmed = url.Trim();
        errors.When(trimmed.Length > MaxBridgeUrlLength, "bridgeUrl", $"must be at most {MaxBridgeUrlLength} characters");
        errors.When(!IsHttpsLink(trimmed), "bridgeUrl", "must be an https URL");
    }

    /// <summary>
    /// An absolute https URL and nothing else: no spaces, line breaks or control characters, so it is one link and never a
    /// second line of text in a plain-text page. What a bridge (the incident's or the team's) must be wherever it is taken.
    /// </summary>
    public static bool IsHttpsLink(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && !url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));

    private static void CheckStartedAt(ValidationErrors errors, DateTimeOffset? startedAt, DateTimeOffset now)
    {
        errors.When(startedAt > now + StartedAtSkew, "startedAt", "must not be in the future");
        errors.When(startedAt < now - StartedAtMaxAge, "startedAt", $"must be within the last {StartedAtMaxAge.Days} days");
    }

    /// <summary>
    /// A recovery time (<see cref="IncidentEdit.ResolvedAt"/>) only with the update that resolves it or on a resolved incident, not
    /// in the future, not before it started; a promised next update (<see cref="IncidentEdit.NextUpdateAt"/>) only while it stays
    /// open, after now and within <see cref="MaxNextUpdateAhead"/>.
    /// </summary>
    private void CheckTimes(ValidationErrors errors, IncidentEdit? edit, bool resolvedAfter, DateTimeOffset at)
    {
        var started = edit?.StartedAt is { } s && s <= at ? s : StartedAt;
        if (edit?.ResolvedAt is { } resolved)
        {
            errors.When(!resolvedAfter, "resolvedAt", "is given only with status resolved, or on a resolved incident");
            // Within the minute the form's minutes allow (07:50 typed at 07:49:59), else refused: a time still ahead (typed 21:55
            // at 21:51) is not silently made now, so the notice never says a recovery time nobody gave (trial 31a, L3).
            errors.When(resolved - at >= ResolvedAtSkew, "resolvedAt", "must not be in the future");
            errors.When(resolved < started, "resolvedAt", "must not be before the incident started (startedAt)");
        }
        else if (edit?.StartedAt is not null && resolvedAfter && !IsOpen && ResolvedAt is { } recorded && started > recorded)
        {
            errors.Add("startedAt", "must not be after the incident was resolved (resolvedAt)");
        }

        if (edit?.NextUpdateAt is { } next)
        {
            errors.When(resolvedAfter, "nextUpdateAt", "is given only while the incident stays open");
            errors.When(next <= at, "nextUpdateAt", "must be in the future");
            errors.When(next > at + MaxNextUpdateAhead, "nextUpdateAt", MaxNextUpdateAhead.Ticks % TimeSpan.TicksPerDay == 0
                ? $"must be within {MaxNextUpdateAhead.Days} days"
                : $"must be within {MaxNextUpdateAhead.TotalHours:0} hours");
        }
    }

    /// <summary>
    /// How far ahead a person may promise the next update: four days, so a pair can promise on Friday evening the next working
    /// day's morning, a Monday holiday included (「次回は12月14日(月) 10:00にお知らせします」), and are not reminded all weekend;
    /// a promise further out is no promise stakeholders can plan on.
    /// </summary>
    public static readonly TimeSpan MaxNextUpdateAhead = TimeSpan.FromDays(4);

    /// <summary>What <paramref name="edit"/> changes of the details a stakeholder notice shows (the severity has its own line).</summary>
    private List<IncidentChange> ChangesBy(IncidentEdit edit)
    {
        var changes = new List<IncidentChange>();
        if (edit.Title is { } title && title.Trim() != Title)
        {
            changes.Add(IncidentChange.Title);
        }

        if ((edit.UserImpact is not null && Blank(edit.UserImpact) != UserImpact)
            || (edit.AffectedAreas is not null && !Clean(edit.AffectedAreas).SequenceEqual(AffectedAreas, StringComparer.Ordinal))
            || (edit.Platforms is not null && !Clean(edit.Platforms).SequenceEqual(Platforms, StringComparer.Ordinal)))
        {
            changes.Add(IncidentChange.Impact);
        }

        if (edit.Workaround is not null && Blank(edit.Workaround) is var workaround && workaround != Workaround)
        {
            changes.Add(workaround is null ? IncidentChange.WorkaroundRemoved : Workaround is null ? IncidentChange.WorkaroundAdded : IncidentChange.WorkaroundChanged);
        }

        if (edit.StartedAt is { } started && started != StartedAt)
        {
            changes.Add(IncidentChange.StartedAt);
        }

        if (edit.Cause is not null && Blank(edit.Cause) != Cause)
        {
            changes.Add(IncidentChange.Cause);
        }

        if (edit.NextSteps is not null && Blank(edit.NextSteps) != NextSteps)
        {
            changes.Add(IncidentChange.NextSteps);
        }

        if (edit.ResolvedAt is { } resolved && !IsOpen && resolved != ResolvedAt)
        {
            changes.Add(IncidentChange.ResolvedAt);
        }

        return changes;
    }

    private static void CheckList(ValidationErrors errors, string field, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }

        errors.When(values.Count > MaxListItems, field, $"must have at most {MaxListItems} entries");
        errors.When(values.Any(v => string.IsNullOrWhiteSpace(v) || v.Length > MaxListItemLength), field, $"entries must be 1-{MaxListItemLength} characters");
    }

    private static IReadOnlyList<string> Clean(IReadOnlyList<string> values) =>
        [.. values.Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal)];

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
