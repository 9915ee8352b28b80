using OnDuty.Core.Notifications;

namespace OnDuty.Core.Incidents;

/// <summary>What kind of notice: the first page, an escalation step, "acknowledged by", a call for help, or "merged into".</summary>
/// <remarks>
/// <see cref="Round"/> is the incident's round of pages (<see cref="Incident.PageRound"/>): a reopen, or a raise to SEV1 over a
/// tool's acknowledgement, restarts escalation from step 0 under new ids.
/// </remarks>
public sealed record IncidentNotice(string Kind, int Step, string? AcknowledgedBy = null, int Round = 0)
{
    public static IncidentNotice Page { get; } = new("page", 0);

    public static IncidentNotice Escalation(int step) => new("escalation", step);

    /// <summary>Step <paramref name="step"/> of escalation round <paramref name="round"/> (0 = the first page).</summary>
    public static IncidentNotice ForStep(int step, int round) => step == 0 ? Page with { Round = round } : Escalation(step) with { Round = round };

    /// <summary>
    /// <paramref name="by"/> took it, in round <paramref name="round"/> of its pages: the round names the message, so a person taking
    /// it after a tool's acknowledgement (or after a reopen) is told though the earlier acknowledgement's notice went out.
    /// </summary>
    /// <remarks>
    /// <paramref name="overTool"/>: a person took it over a monitoring tool's acknowledgement (<see cref="Incident.Acknowledge"/>),
    /// whose 対応開始 notice holds the round's <c>ack</c> ids: this one goes under <c>ack:person</c> (<see cref="IdPart"/>), or it would
    /// be taken for that one and never sent.
    /// </remarks>
    /// <param name="tool">With <paramref name="overTool"/>: the name the tool gave itself (<see cref="Incident.AcknowledgedVia"/>), which
    /// the incident no longer holds once a person took it; null when it gave none.</param>
    public static IncidentNotice Ack(string by, int round = 0, bool overTool = false, string? tool = null) =>
        new("ack", 0, by, round) { OverToolAck = overTool, OverTool = overTool && !string.IsNullOrWhiteSpace(tool) ? tool : null };

    /// <summary>An acknowledgement notice for a person who took it over a monitoring tool's acknowledgement (<see cref="Ack"/>).</summary>
    public bool OverToolAck { get; init; }

    /// <summary>The tool whose acknowledgement the person took over, as it named itself (<see cref="OverToolAck"/>); null when unnamed.</summary>
    public string? OverTool { get; init; }

    /// <summary>Call <paramref name="call"/> for help from <paramref name="by"/>, to the whole PM organisation.</summary>
    public static IncidentNotice Help(int call, string by, string? message) => new("help", call) { CalledBy = by, Note = message };

    /// <summary>
    /// <paramref name="by"/> (a name), asked by name in call <paramref name="call"/> for help, pressed 1 on its phone call: the person
    /// who asked is told, once (<c>incident:{id}:help:{n}:accepted</c>). Not a page: it goes though the incident is resolved meanwhile.
    /// </summary>
    public static IncidentNotice HelpAccepted(int call, string by) => new("helpAccepted", call) { AnsweredBy = by };

    /// <summary>Who answered a request for help, by name (help-accepted notices).</summary>
    public string? AnsweredBy { get; init; }

    /// <summary>
    /// <paramref name="by"/> merged the incident into <paramref name="into"/>: the people paged about it, and the channel, are told
    /// where the work goes on. Not a page: it is sent though the incident is resolved.
    /// </summary>
    public static IncidentNotice Merged(string into, string by) => new("merged", 0) { MergedInto = into, MergedBy = by };

    /// <summary>
    /// Monitoring resolved round <paramref name="round"/> of an incident nobody acknowledged: those its pages reached are told no
    /// one needs to act. Not a page: sent though the incident is resolved (and dropped if it reopens before it goes).
    /// </summary>
    public static IncidentNotice Recovered(int round) => new("recovered", 0) { Round = round };

    /// <summary>
    /// Round <paramref name="round"/> of an unanswered incident passed to another pair (the handoff, a replacement): the members
    /// paged about it and taken off it are told who has it now. Not a page: sent whatever happens next.
    /// </summary>
    public static IncidentNotice HandedOver(int round) => new("handedOver", 0) { Round = round };

    /// <summary>
    /// <paramref name="by"/> (a name) resolved it by hand, writing <paramref name="said"/>: the others paged about it are told it is
    /// over and nothing more is asked of them (trial 48: the partner of the one who acknowledged never heard it ended). Numbered
    /// by the incident's reopens (<paramref name="reopens"/>): each close is told once.
    /// </summary>
    public static IncidentNotice Resolved(string by, int reopens, string? said) => new("resolved", reopens) { ResolvedBy = by, Note = said };

    /// <summary>
    /// <paramref name="by"/> (a name) took the incident over (<see cref="Incident.TakeOver"/>): the previous holder is told that
    /// from now on the requests for updates go to them. Named by the new holder (<paramref name="holder"/>, their member id): a
    /// repeated takeover by the same member tells nobody twice.
    /// </summary>
    /// <param name="stillOnDuty">The previous holder is on duty now: the requests for updates still reach them as one of the pair
    /// (<see cref="OnDuty.Core.Comms.UpdateNudger"/>), and the notice says so (trial 54: told they would go to 佐藤 alone, 伊藤 got the next one too).</param>
    public static IncidentNotice TookOver(string by, string holder, bool stillOnDuty = false) =>
        new("tookOver", 0) { TookOverBy = by, Holder = holder, PreviousStillOnDuty = stillOnDuty };

    /// <summary>
    /// <paramref name="by"/> (a name: a lead) handed the incident to <paramref name="holder"/> (their member id), who is told it is
    /// theirs (trial 61: reassigned through the API, the new holder never heard of it). Named by the holder, as a takeover is.
    /// </summary>
    public static IncidentNotice Assigned(string by, string holder) => new("assigned", 0) { TookOverBy = by, Holder = holder };

    /// <summary>
    /// <paramref name="by"/> (a name) made <paramref name="lead"/> (their member id) the communications lead (連絡担当): they are told once
    /// that the requests for updates come to them and that stakeholder notices name them first. Named by the member and the how-manieth
    /// time a lead was set (<c>commsLead:{member}:{n}</c>, <see cref="Incident.CommsLeadCount"/>): a repeated request tells nobody twice.
    /// </summary>
    public static IncidentNotice CommsLeadAssigned(string by, string lead, int count) => new("commsLead", count) { TookOverBy = by, Holder = lead };

    /// <summary>
    /// <paramref name="by"/> (a name) added <paramref name="address"/> as a reader of a confidential incident (<see cref="IncidentReaders"/>):
    /// they are told once that they may read it, and not to forward it. Named by the address (<c>reader:{address}</c>): added again, nobody is told twice.
    /// </summary>
    public static IncidentNotice ReaderAdded(string by, string address) => new("reader", 0) { TookOverBy = by, Holder = address };

    /// <summary>
    /// <paramref name="by"/> (a name) declared or marked a confidential incident at <paramref name="at"/>, saying
    /// <paramref name="reason"/> (or nothing): each address in <see cref="IncidentOptions.ConfidentialReaders"/> (the security officer)
    /// is told once that they may read it, and not to forward it. Named <c>confidential</c> alone: marked again after a lift, nobody is
    /// told twice (they could read it all along).
    /// </summary>
    public static IncidentNotice MarkedConfidential(string by, DateTimeOffset at, string? reason) =>
        new("confidential", 0) { TookOverBy = by, MarkedAt = at, Note = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim() };

    /// <summary>When it was declared or marked confidential (confidential notices).</summary>
    public DateTimeOffset? MarkedAt { get; init; }

    /// <summary>
    /// 「まだ対応中ですか？」 to the holder whose acknowledgement expired for the <paramref name="expiry"/>-th time
    /// (<see cref="Incident.RecordAckExpired"/>), quiet for <paramref name="quietFor"/>, the pair paged <paramref name="lapsesIn"/> later
    /// unless they answer: by mail, and by text and call where the severity pages by them, with the acknowledge link. Named by the
    /// expiry: each pages once.
    /// </summary>
    public static IncidentNotice StillYours(int expiry, TimeSpan quietFor, TimeSpan lapsesIn, bool snoozed) =>
        new("stillYours", expiry) { QuietFor = quietFor, LapsesIn = lapsesIn, SnoozeEnded = snoozed };

    /// <summary>How long nothing by a person happened (still-yours notices).</summary>
    public TimeSpan? QuietFor { get; init; }

    /// <summary>How soon after it the pair is paged unless the holder answers (still-yours notices): the severity's ack timeout.</summary>
    public TimeSpan? LapsesIn { get; init; }

    /// <summary>A snooze ended (still-yours notices), rather than the quiet time of the setting.</summary>
    public bool SnoozeEnded { get; init; }

    /// <summary>
    /// A duty member's own call rule rang them (<see cref="Team.Member.CallAfterMinutes"/>, <see cref="Incident.RecordPersonalCalls"/>): the
    /// first page again, by phone, under ids of its own (<c>incident:{id}:rule:voice:{member id}</c>, <c>rule:r{n}</c> in a later round),
    /// so it is queued once per member and round, and cancelled as a page is once someone acknowledged it or it resolved.
    /// </summary>
    public static IncidentNotice PersonalCall(int round) => new("rule", 0) { Round = round };

    /// <summary>A page, an escalation step or a member's own call: nobody is paged by it once someone acknowledged.</summary>
    public bool StopsAtAcknowledgement => IsPage || Kind == "rule";

    /// <summary>Asks the reader to acknowledge: a page, an escalation step, or 「まだ対応中ですか？」 to the holder.</summary>
    public bool AsksToAcknowledge => IsPage || Kind == "stillYours";

    /// <summary>Took-over notices: the previous holder is on duty now, so the requests for updates reach them too.</summary>
    public bool PreviousStillOnDuty { get; init; }

    /// <summary>
    /// <paramref name="by"/> (a name) undid the merge of it into <paramref name="from"/> (<see cref="IncidentUnmerger"/>): the person who
    /// had taken it before the merge is told it is theirs again. Named by the round of pages (<paramref name="round"/>): undone
    /// again in the same round, nobody is told twice.
    /// </summary>
    public static IncidentNotice Unmerged(string from, string by, int round) => new("unmerged", 0) { UnmergedFrom = from, UnmergedBy = by, Round = round };

    /// <summary>The incident its merge into was undone from (unmerged notices).</summary>
    public string? UnmergedFrom { get; init; }

    /// <summary>Who undid the merge, by name (unmerged notices).</summary>
    public string? UnmergedBy { get; init; }

    /// <summary>Who took it over, by name (took-over notices).</summary>
    public string? TookOverBy { get; init; }

    /// <summary>The member id of who took it over (took-over notices): it names the message.</summary>
    public string? Holder { get; init; }

    /// <summary>The incident it was merged into (merged notices).</summary>
    public string? MergedInto { get; init; }

    /// <summary>Who merged it (merged notices).</summary>
    public string? MergedBy { get; init; }

    /// <summary>Who resolved it by hand (resolved notices).</summary>
    public string? ResolvedBy { get; init; }

    /// <summary>Who called for help (help notices).</summary>
    public string? CalledBy { get; init; }

    /// <summary>The member asked by name, as the roster names them (help notices to one person); null: the whole organisation.</summary>
    public string? Asked { get; init; }

    /// <summary>What the caller wrote (help notices); what the person who resolved it wrote (resolved notices); why it was marked confidential (confidential notices).</summary>
    public string? Note { get; init; }

    /// <summary>The message-id part after the incident: <c>page</c>, <c>escalation:2</c>, <c>ack</c> (<c>ack:person</c> over a tool's), <c>help:1</c>, <c>recovered</c>, <c>resolved:0</c> (by the reopens before it), <c>tookOver:ito</c> (by the new holder); in a later round <c>page:r1</c>, <c>escalation:2:r1</c>, <c>ack:r1</c>, <c>recovered:r1</c>.</summary>
    public string IdPart => Kind == "helpAccepted" ? $"help:{Step}:accepted"
        : Kind == "commsLead" && Holder is { } lead ? $"{Kind}:{lead}:{Step}"
        : Kind is "tookOver" or "assigned" or "reader" && Holder is { } holder ? $"{Kind}:{holder}"
        : (Kind is "escalation" or "help" or "resolved" or "stillYours" ? $"{Kind}:{Step}" : OverToolAck ? $"{Kind}:{PersonOverTool}" : Kind) + (Round > 0 ? $":r{Round}" : "");

    /// <summary>The id part after <c>ack</c> of a person's acknowledgement over a tool's (<see cref="OverToolAck"/>).</summary>
    private const string PersonOverTool = "person";

    /// <summary>A page or an escalation step: asks someone to act, so it applies only while nobody has.</summary>
    public bool IsPage => Kind is "page" or "escalation";

    /// <summary>
    /// Asks one member by name: a call for help to them (<see cref="Asked"/>) or the incident handed to them (<c>assigned</c>). It goes
    /// by SMS too where the severity pages by SMS (<see cref="Messages.AskedTextNotice"/>, trial 61).
    /// </summary>
    public bool AsksOnePerson => Kind is "assigned" or "commsLead" || (Kind == "help" && Asked is not null);

    public OutboxPriority Priority => AsksToAcknowledge ? OutboxPriority.Page : OutboxPriority.Normal;

    /// <summary>The outbox topic of this notice about incident <paramref name="incidentId"/>.</summary>
    public string Topic(string incidentId) => OutboxIds.IncidentTopic(incidentId, this);

    internal const string TopicPrefix = "incident:";

    /// <summary>Reads a topic written by <see cref="Topic"/>; false for topics about anything else.</summary>
    /// <summary>The incident any message of an incident's (<c>incident:{id}:…</c>: a page, a notice, a reminder) is about; null for other topics.</summary>
    public static string? IncidentOf(string topic) =>
        topic.StartsWith(TopicPrefix, StringComparison.Ordinal) && topic[TopicPrefix.Length..].Split(':')[0] is { Length: > 0 } id ? id : null;

    public static bool TryParseTopic(string topic, out string incidentId, out IncidentNotice notice)
    {
        incidentId = "";
        notice = Page;
        if (!topic.StartsWith(TopicPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = topic[TopicPrefix.Length..].Split(':');
        switch (parts)
        {
            case [var id, "page", .. var rest] when TryRound(rest, out var round):
                incidentId = id;
                notice = Page with { Round = round };
                return true;
            case [var id, "escalation", var step, .. var rest] when int.TryParse(step, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && TryRound(rest, out var round):
                incidentId = id;
                notice = Escalation(n) with { Round = round };
                return true;
            case [var id, "help", var call, .. var rest] when int.TryParse(call, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && TryRound(rest, out var round):
                // Who called and what they wrote are in the rendered message, not the topic.
                incidentId = id;
                notice = new IncidentNotice("help", n) { Round = round };
                return true;
            case [var id, "stillYours", var expiry] when int.TryParse(expiry, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n):
                incidentId = id;
                notice = new IncidentNotice("stillYours", n);
                return true;
            case [var id, "ack", .. var rest] when TryRound(rest, out var round):
                incidentId = id;
                notice = new IncidentNotice("ack", 0, Round: round);
                return true;
            case [var id, "ack", PersonOverTool, .. var rest] when TryRound(rest, out var round):
                incidentId = id;
                notice = new IncidentNotice("ack", 0, Round: round) { OverToolAck = true };
                return true;
            case [var id, "resolved", var reopens, .. var rest] when int.TryParse(reopens, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && TryRound(rest, out var round):
                incidentId = id;
                notice = new IncidentNotice("resolved", n) { Round = round };
                return true;
            case [var id, "rule", .. var rest] when TryRound(rest, out var round):
                incidentId = id;
                notice = PersonalCall(round);
                return true;
            case [var id, "recovered", .. var rest] when TryRound(rest, out var round):
                incidentId = id;
                notice = Recovered(round);
                return true;
            case [var id, var kind] when id.Length > 0 && kind.Length > 0:
                incidentId = id;
                notice = new IncidentNotice(kind, 0);
                return true;
            default:
                return false;
        }
    }

    /// <summary>No suffix (round 0) or <c>r{n}</c>.</summary>
    private static bool TryRound(string[] rest, out int round)
    {
        round = 0;
        return rest switch
        {
            [] => true,
            [var r] when r.StartsWith('r') => int.TryParse(r.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out round),
            _ => false,
        };
    }
}
