using OnDuty.Core.Alerts;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Builds the typed notices about an incident — one per recipient in their language, one for the channel in the team's — and
/// queues them rendered. Ids come from <see cref="OutboxIds"/> (<c>incident:{id}:{notice}:email:{address}</c>,
/// <c>incident:{id}:{notice}:teams</c>): the outbox refuses a second insert, so each recipient gets a notice once.
/// A page or an escalation step also goes by SMS (<c>…:sms:{member id}</c>) to each duty member with a phone number, when an
/// SMS provider is configured and <c>Sms__Severities</c> covers the incident's severity (so does a call for help or an assignment
/// to one member by name, <see cref="IncidentNotice.AsksOnePerson"/>); and, from <c>Voice__FromStep</c>, as a
/// phone call (<c>…:voice:{member id}</c>) that speaks it and takes 1 as the acknowledgement, when calls are on. A call for help
/// to one member by name rings them too where the severity rings (<see cref="HelpCallNotice"/>): 1 there answers the request.
/// </summary>
public sealed class IncidentMessages(
    AckToken tokens, INoticeRenderer renderer, ISmsSender? sms = null, Microsoft.Extensions.Options.IOptions<SmsOptions>? smsOptions = null, TextBudget? budget = null,
    IVoiceCaller? voice = null, Microsoft.Extensions.Options.IOptions<VoiceOptions>? voiceOptions = null, CallBudget? callBudget = null,
    Microsoft.Extensions.Options.IOptions<Comms.CommsOptions>? comms = null, ITeamsChannel? teams = null)
{
    /// <summary>Pages go to the team's Teams channel too: a text's "no more texts for a while" says where pages go meanwhile.</summary>
    private bool TeamsEnabled => teams?.Enabled ?? true;

    /// <summary>The call settings when page calls are on (a caller is there and <c>Voice__Enabled</c>); null otherwise.</summary>
    public VoiceOptions? Calls => VoiceOptions.On(voice, voiceOptions);

    /// <summary>
    /// The call a duty member's own rule asks for (<see cref="Incident.PersonalCallsDue"/>): the first page of the round, spoken as its
    /// call is, under <see cref="IncidentNotice.PersonalCall"/>'s id, counted in their call budget as page calls are. Null when calls
    /// are off, the member has no number, or their budget is spent (the texts and mail of the page reached them anyway).
    /// </summary>
    public OutboxMessage? ComposePersonalCall(Incident incident, AssignedMember member)
    {
        if (Calls is null)
        {
            return null;
        }

        var page = IncidentNotice.ForStep(0, incident.PageRound);
        return PageCall(IncidentNotice.PersonalCall(incident.PageRound).Topic(incident.Id), new PageCallNotice(member.Language, incident, page), PageRecipient.From(member), page);
    }

    /// <summary>Whether step <paramref name="step"/> of a page about an incident of <paramref name="severity"/> rings the phones it reaches.</summary>
    private bool CallsFor(AlertSeverity severity, int step) => VoiceOptions.On(voice, voiceOptions)?.Covers(severity, step) == true;

    /// <summary>The phone-call copy of a page to <paramref name="reader"/>, when they have a number and their call budget allows it.</summary>
    private OutboxMessage? PageCall(string topic, Messages.Notice notice, PageRecipient reader, IncidentNotice stage) =>
        reader.Phone is { } phone && PhoneNumber.IsValid(phone) && (callBudget?.Take(reader.TokenSubject) ?? TextAllowance.Allowed) != TextAllowance.Withheld
            ? OutboxMessage.ForVoice(topic, reader.TokenSubject, phone, reader.Name, renderer.Text(notice)) with { Priority = stage.Priority }
            : null;

    /// <summary>
    /// Help asked of one member by name: their mail, text and call go as pages do (<see cref="OutboxPriority.Page"/>) — ahead of a
    /// storm's notices, and <c>/api/health</c>'s <c>pages</c> says so when one waits — as someone is waiting on them at 03:00. The call to
    /// the whole organisation stays a notice.
    /// </summary>
    private static bool AskedForHelp(IncidentNotice notice) => notice.Kind == "help" && notice.AsksOnePerson;

    /// <summary>Whether a page about an incident of <paramref name="severity"/> goes by SMS too (to those with a number).</summary>
    private bool TextsFor(AlertSeverity severity) => sms is { Enabled: true } && (smsOptions?.Value ?? new SmsOptions()).Covers(severity);

    private bool RepliesAccepted => smsOptions?.Value.AcceptReplies ?? false;

    /// <summary>
    /// The text-message copy of a page to <paramref name="reader"/>, when they have a number and their text budget allows it
    /// (<see cref="TextBudget"/>); <paramref name="notice"/> is given whether it is the last one for a while.
    /// </summary>
    private OutboxMessage? PageText(string topic, Func<TimeSpan?, Messages.Notice> notice, PageRecipient reader, IncidentNotice stage)
    {
        if (reader.Phone is not { } phone || !PhoneNumber.IsValid(phone))
        {
            return null;
        }

        var allowance = budget?.Take(reader.TokenSubject) ?? TextAllowance.Allowed;
        if (allowance == TextAllowance.Withheld)
        {
            return null;
        }

        var quiet = allowance == TextAllowance.Last ? (smsOptions?.Value ?? new SmsOptions()).TextWindow : (TimeSpan?)null;
        return OutboxMessage.ForSms(topic, reader.TokenSubject, phone, reader.Name, renderer.Text(notice(quiet))) with { Priority = stage.Priority };
    }

    /// <param name="nameOf">
    /// A roster member's display name by member id or address (who reported it, the leads a next step goes to); null, or null
    /// from it: shown as recorded.
    /// </param>
    /// <param name="memberIdAt">
    /// The active roster member who has an address (their id), so a lead configured by address is known as the member paged
    /// already (<see cref="PagedSoFar"/>); null: addresses as they are.
    /// </param>
    /// <param name="otherOpen">On a new incident's first page: the other incidents open now, read once for every copy (trial 39 M1); null = none or not read.</param>
    public IReadOnlyList<OutboxMessage> Compose(Incident incident, IncidentNotice notice, IReadOnlyList<PageRecipient> recipients, IReadOnlyList<AssignedMember> mention,
        Language teamLanguage, bool includeTeams, string baseUrl, IncidentOptions options, IReadOnlyList<TrackedAlert>? alerts = null, Func<string, string?>? nameOf = null,
        Func<string, string?>? memberIdAt = null, IReadOnlyCollection<string>? stayedOnDuty = null, IReadOnlyCollection<string>? leadsAway = null,
        IReadOnlyList<string>? notReached = null, OtherOpenIncidents? otherOpen = null)
    {
        var messages = new List<OutboxMessage>();
        var topic = OutboxIds.IncidentTopic(incident.Id, notice);
        var fired = FiredAlerts(alerts ?? []);
        // Where the work is done: the page a duty member acknowledges on and posts the first update from, a call for help asks
        // people to join (behind the PMs' sign-in); a merge's says where the work goes on (the incident it was merged into).
        var pageLink = IncidentPageLink(baseUrl, notice.Kind == "merged" && notice.MergedInto is { } into ? into : incident.Id);
        var reportedBy = ReportedBy(incident, nameOf);
        var lapsedHolder = LapsedHolder(incident, nameOf);
        // An escalation says what happens if nobody answers it: when, and to whom, the next step goes, or that none will.
        var next = notice.Kind == "escalation" ? NextEscalation(incident, notice.Step, options, teamLanguage, nameOf, memberIdAt, leadsAway) : null;
        var isLastStep = notice.Kind == "escalation" && next is null;
        // A page asks someone to act: when a storm opened many, the page that acknowledges them together.
        var ackTogether = notice.IsPage ? AckTogetherLink(baseUrl) : null;
        // Only the first page names the other open incidents: an escalation or a later round goes to people who had the first.
        otherOpen = notice.Kind == "page" ? otherOpen : null;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in recipients.Where(r => !string.IsNullOrWhiteSpace(r.Email)))
        {
            if (!seen.Add(r.Email))
            {
                continue;
            }

            // Only pages and escalations ask someone to acknowledge; a call for help asks people to join.
            var link = !notice.AsksToAcknowledge ? null : AckLink(baseUrl, incident.Id, r);
            var asLead = AsLead(incident, notice, r, options);
            var email = renderer.Email(Notice(incident, notice, r.Language, link, options, fired, alerts?.Count ?? 0) with
            {
                PageLink = pageLink,
                ReaderTimeZone = r.TimeZone,
                AckTogetherLink = ackTogether,
                ReportedBy = reportedBy,
                LapsedHolder = lapsedHolder,
                Next = next,
                IsLastStep = isLastStep,
                AsLead = asLead,
                HandedOverFrom = HandedOverFrom(incident, notice, r, nameOf, stayedOnDuty),
                StillOnDuty = StillOnDuty(incident, notice, r, stayedOnDuty),
                LeadsOnLeave = LeadsOnLeave(incident, notice, nameOf),
                NotReached = notice.Kind == "escalation" && notice.Step >= EscalationPolicy.LeadsStep ? notReached : null,
                OtherOpen = otherOpen,
            });
            messages.Add(OutboxMessage.ForEmail(topic, r.Email, r.Name, email) with { Priority = AskedForHelp(notice) ? OutboxPriority.Page : notice.Priority });
            if (link is not null && TextsFor(incident.Severity) && PageText(topic, quiet => new PageTextNotice(r.Language, incident, notice, link) { RepliesAccepted = RepliesAccepted, QuietFor = quiet, AckTogetherLink = ackTogether, AsLead = asLead, TeamsEnabled = TeamsEnabled, TimeZone = options.TimeZone, ReaderTimeZone = r.TimeZone }, r, notice) is { } text)
            {
                messages.Add(text);
            }

            // One member asked by name (help, an assignment): a short text too where the severity pages by SMS, counted in their text
            // budget as pages are — asked at night, a mail alone waits till morning (trial 61).
            if (notice.AsksOnePerson && TextsFor(incident.Severity) && PageText(topic, _ => new AskedTextNotice(r.Language, incident, notice, pageLink), r, notice) is { } asked)
            {
                messages.Add(AskedForHelp(notice) ? asked with { Priority = OutboxPriority.Page } : asked);
            }

            // One member asked by name to help: a call too where the severity rings (Voice__Severities), counted in their call budget
            // as pages are — a text at 03:00 is missed. Pressing 1 answers the request; it acknowledges nothing (VoiceAnswers).
            if (notice.Kind == "help" && notice.AsksOnePerson && Calls?.Rings(incident.Severity) == true
                && PageCall(topic, new HelpCallNotice(r.Language, incident, notice.CalledBy ?? ""), r, notice) is { } helpCall)
            {
                messages.Add(helpCall with { Priority = OutboxPriority.Page });
            }

            if (link is not null && CallsFor(incident.Severity, notice.Kind == "stillYours" ? 0 : notice.Step) && PageCall(topic, new PageCallNotice(r.Language, incident, notice), r, notice) is { } call)
            {
                messages.Add(call);
            }
        }

        if (includeTeams)
        {
            var card = renderer.Card(Notice(incident, notice, teamLanguage, null, options, fired, alerts?.Count ?? 0) with
            {
                PageLink = pageLink,
                AckTogetherLink = ackTogether,
                ReportedBy = reportedBy,
                LapsedHolder = lapsedHolder,
                Next = next,
                IsLastStep = isLastStep,
                LeadsPaged = LeadsPaged(incident, notice, recipients, options, nameOf),
                LeadsOnLeave = LeadsOnLeave(incident, notice, nameOf),
                Mentions = Mentions(mention),
                OtherOpen = otherOpen,
            });
            messages.Add(OutboxMessage.ForTeams(topic, card) with { Priority = notice.Priority });
        }

        return messages;
    }

    /// <summary>
    /// Monitoring resolved <paramref name="incident"/> before anyone acknowledged it: each of <paramref name="readers"/> (everyone its
    /// pages reached) gets a short mail in their language saying it recovered and nothing is needed, with the incident's page; each
    /// member <paramref name="texted"/> a page about it a short text too (when its severity still pages by SMS); the channel a
    /// card in the team's language when its pages went there. Ids name the round (<see cref="IncidentNotice.Recovered"/>): told once.
    /// </summary>
    public IReadOnlyList<OutboxMessage> ComposeRecovered(
        Incident incident, IReadOnlyList<PageRecipient> readers, IReadOnlyList<PageRecipient> texted, Language teamLanguage, bool includeTeams, string baseUrl, IncidentOptions options)
    {
        var notice = IncidentNotice.Recovered(incident.PageRound);
        var topic = OutboxIds.IncidentTopic(incident.Id, notice);
        var pageLink = IncidentPageLink(baseUrl, incident.Id);
        var messages = new List<OutboxMessage>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in readers.Where(r => !string.IsNullOrWhiteSpace(r.Email) && seen.Add(r.Email.Trim())))
        {
            messages.Add(OutboxMessage.ForEmail(topic, r.Email, r.Name, renderer.Email(Notice(incident, notice, r.Language, null, options, [], 0) with { PageLink = pageLink })));
        }

        if (TextsFor(incident.Severity))
        {
            // Not counted against the text budget: that keeps a storm's pages from flooding a phone, and a page withheld for this
            // one would be worse than this one withheld. Only texts about this incident alone are answered, one each.
            foreach (var r in texted.Where(r => r.Phone is { } phone && PhoneNumber.IsValid(phone)).DistinctBy(r => r.TokenSubject, StringComparer.OrdinalIgnoreCase))
            {
                messages.Add(OutboxMessage.ForSms(topic, r.TokenSubject, r.Phone!, r.Name, renderer.Text(new RecoveredTextNotice(r.Language, incident) { TimeZone = options.TimeZone })));
            }
        }

        if (includeTeams)
        {
            messages.Add(OutboxMessage.ForTeams(topic, renderer.Card(Notice(incident, notice, teamLanguage, null, options, [], 0) with { PageLink = pageLink })));
        }

        return messages;
    }

    /// <summary>
    /// Incidents monitoring resolved unacknowledged within a storm (<paramref name="incidents"/>, most severe first): each of
    /// <paramref name="readers"/> (everyone their pages reached) gets one mail in their language listing theirs, and that nothing
    /// is needed, with the status page; each member <paramref name="texted"/> about any of them one text (when one of theirs still
    /// pages by SMS); the channel one card listing all when their pages went there. Ids name the incidents and rounds
    /// (<see cref="OutboxIds.RecoveriesTopic"/>): told once.
    /// </summary>
    public IReadOnlyList<OutboxMessage> ComposeRecoveredTogether(
        IReadOnlyList<Incident> incidents, IReadOnlyList<(PageRecipient Reader, IReadOnlyList<Incident> Incidents)> readers,
        IReadOnlyList<(PageRecipient Reader, IReadOnlyList<Incident> Incidents)> texted, Language teamLanguage, bool includeTeams, string baseUrl, string? timeZone = null)
    {
        var statusLink = StatusLink(baseUrl);
        var messages = new List<OutboxMessage>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (r, theirs) in readers.Where(x => !string.IsNullOrWhiteSpace(x.Reader.Email) && x.Incidents.Count > 0 && seen.Add(x.Reader.Email.Trim())))
        {
            messages.Add(OutboxMessage.ForEmail(OutboxIds.RecoveriesTopic(theirs), r.Email, r.Name, renderer.Email(new IncidentsRecoveredNotice(r.Language, theirs, statusLink) { TimeZone = timeZone })) with { About = [.. theirs.Select(i => i.Id)] });
        }

        foreach (var (r, theirs) in texted.Where(x => x.Reader.Phone is { } phone && PhoneNumber.IsValid(phone) && x.Incidents.Any(i => TextsFor(i.Severity))).DistinctBy(x => x.Reader.TokenSubject, StringComparer.OrdinalIgnoreCase))
        {
            messages.Add(OutboxMessage.ForSms(OutboxIds.RecoveriesTopic(theirs), r.TokenSubject, r.Phone!, r.Name, renderer.Text(new IncidentsRecoveredTextNotice(r.Language, theirs))) with { About = [.. theirs.Select(i => i.Id)] });
        }

        if (includeTeams)
        {
            messages.Add(OutboxMessage.ForTeams(OutboxIds.RecoveriesTopic(incidents), renderer.Card(new IncidentsRecoveredNotice(teamLanguage, incidents, statusLink) { TimeZone = timeZone })) with { About = [.. incidents.Select(i => i.Id)] });
        }

        return messages;
    }

    /// <summary>
    /// Incidents acknowledged together by <paramref name="by"/> (a name): one email per recipient in their language and one card
    /// for the channel in the team's, each listing <paramref name="incidents"/> with a link to the status page.
    /// </summary>
    /// <param name="overTool">Those a monitoring tool alone had acknowledged, by id, with the tool's name ("" when none): marked so in the list.</param>
    public IReadOnlyList<OutboxMessage> ComposeAcknowledgedTogether(
        IReadOnlyList<Incident> incidents, string by, IReadOnlyList<PageRecipient> recipients, string topic, Language teamLanguage, bool includeTeams, string baseUrl,
        IReadOnlyDictionary<string, string>? overTool = null)
    {
        var tools = overTool ?? new Dictionary<string, string>();
        var statusLink = StatusLink(baseUrl);
        var messages = new List<OutboxMessage>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in recipients.Where(r => !string.IsNullOrWhiteSpace(r.Email) && seen.Add(r.Email)))
        {
            messages.Add(OutboxMessage.ForEmail(topic, r.Email, r.Name, renderer.Email(new IncidentsAcknowledgedNotice(r.Language, by, incidents, statusLink) { OverTool = tools })));
        }

        if (includeTeams)
        {
            messages.Add(OutboxMessage.ForTeams(topic, renderer.Card(new IncidentsAcknowledgedNotice(teamLanguage, by, incidents, statusLink) { OverTool = tools })));
        }

        return messages;
    }

    /// <summary>
    /// Several incidents merged into <paramref name="into"/> by one request (<see cref="IncidentMerger.MergeManyAsync"/>): each of
    /// <paramref name="readers"/> gets one email in their language listing the duplicates they would each have been told of, and the
    /// channel one card listing <paramref name="channel"/> (none when empty), each linking the page of the incident merged into.
    /// </summary>
    public IReadOnlyList<OutboxMessage> ComposeMergedTogether(
        Incident into, string by, IReadOnlyList<(PageRecipient Reader, IReadOnlyList<Incident> Duplicates)> readers, IReadOnlyList<Incident> channel, string topic,
        Language teamLanguage, bool includeTeams, string baseUrl)
    {
        var page = IncidentPageLink(baseUrl, into.Id);
        var messages = new List<OutboxMessage>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (r, duplicates) in readers.Where(r => !string.IsNullOrWhiteSpace(r.Reader.Email) && r.Duplicates.Count > 0 && seen.Add(r.Reader.Email.Trim())))
        {
            messages.Add(OutboxMessage.ForEmail(topic, r.Email, r.Name, renderer.Email(new IncidentsMergedNotice(r.Language, into, duplicates, MergedNoticeReader.Team) { By = by, Link = page })));
        }

        if (includeTeams && channel.Count > 0)
        {
            messages.Add(OutboxMessage.ForTeams(topic, renderer.Card(new IncidentsMergedNotice(teamLanguage, into, channel, MergedNoticeReader.Team) { By = by, Link = page })));
        }

        return messages;
    }

    /// <summary>
    /// Incidents that reached escalation step <paramref name="step"/> together (<paramref name="incidents"/>, most severe first):
    /// each of <paramref name="readers"/> gets one email in their language listing theirs, with their own acknowledge link for
    /// each, and the channel one card listing all of them. Each incident is listed with its page and, on an escalation step, its
    /// own next step (when, by its severity's timeout, and to whom), as its own escalation would say. Ids name the step and the
    /// incidents listed (<see cref="OutboxIds.EscalationsTopic"/>), and each message carries the incidents it speaks for, so the
    /// sender cancels it only once every one of them was acknowledged or resolved.
    /// </summary>
    /// <param name="nameOf">A roster member's display name by member id or address (the leads a next step goes to); as for <see cref="Compose"/>.</param>
    /// <param name="memberIdAt">The active roster member who has an address; as for <see cref="Compose"/>.</param>
    /// <param name="handedOver">
    /// Escalation 1 of incidents handed over unanswered to the pair on duty now (trial 36 L6): each mail and the card say so in their
    /// subject and opening, naming the members taken off them (<see cref="IncidentsEscalatedNotice.HandedOverFrom"/>), under ids of
    /// the hand-over (<see cref="OutboxIds.HandoversTopic"/>), not of the step the pair before was told.
    /// </param>
    public IReadOnlyList<OutboxMessage> ComposeEscalatedTogether(
        int step, IReadOnlyList<Incident> incidents, IReadOnlyList<(PageRecipient Reader, IReadOnlyList<Incident> Incidents)> readers, IReadOnlyList<AssignedMember> mention,
        Language teamLanguage, bool includeTeams, string baseUrl, IncidentOptions options, Func<string, string?>? nameOf = null, Func<string, string?>? memberIdAt = null,
        int answered = 0, IReadOnlyDictionary<string, IReadOnlyList<string>>? stayedOnDuty = null, IReadOnlyCollection<string>? leadsAway = null, bool handedOver = false,
        OtherOpenIncidents? otherOpen = null)
    {
        handedOver = handedOver && step == 1;
        string Topic(IReadOnlyList<Incident> listed) => handedOver
            ? OutboxIds.HandoversTopic(listed, listed.SelectMany(i => i.Assignees).Select(a => a.Id))
            : OutboxIds.EscalationsTopic(step, listed);
        string NameOf(string id) => nameOf?.Invoke(id) is { Length: > 0 } name ? name : id;
        var priority = IncidentNotice.ForStep(step, 0).Priority;
        // Step 0 is a first page (queued late): like a single page, it says no next step.
        var next = incidents.ToDictionary(i => i.Id, i => step > 0 ? NextEscalation(i, step, options, teamLanguage, nameOf, memberIdAt, leadsAway) : null, StringComparer.Ordinal);
        EscalatedIncident Listed(Incident i, string? ackLink, PageRecipient? reader = null) => new(i, ackLink)
        {
            PageLink = IncidentPageLink(baseUrl, i.Id),
            Next = next.GetValueOrDefault(i.Id),
            IsLastStep = step > 0 && next.GetValueOrDefault(i.Id) is null,
            // As the single mail says it: handed over unanswered to a member new to it.
            HandedOverFrom = reader is null ? null : HandedOverFrom(i, IncidentNotice.ForStep(step, i.PageRound), reader, nameOf, stayedOnDuty?.GetValueOrDefault(i.Id)),
        };
        IncidentsEscalatedNotice Notice(Language language, IEnumerable<EscalatedIncident> listed) =>
            new(language, step, [.. listed], options.TimeZone, StatusLink(baseUrl))
            {
                AckTogetherLink = AckTogetherLink(baseUrl), BridgeLink = options.Bridge, Answered = answered, OtherOpen = step == 0 ? otherOpen : null,
            };
        // Handed over: whose silence it was for this reader (as each incident's single mail names them), and who stays on duty.
        IncidentsEscalatedNotice HandedOverTo(IncidentsEscalatedNotice notice, PageRecipient r, IReadOnlyList<Incident> theirs) => !handedOver ? notice : notice with
        {
            HandedOverFrom = [.. notice.Incidents.SelectMany(e => e.HandedOverFrom ?? []).Distinct(StringComparer.Ordinal)],
            StillOnDuty = [.. theirs.SelectMany(i => StillOnDuty(i, IncidentNotice.ForStep(1, i.PageRound), r, stayedOnDuty?.GetValueOrDefault(i.Id)) ?? []).Distinct(StringComparer.Ordinal)],
        };

        var messages = new List<OutboxMessage>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (r, theirs) in readers.Where(x => !string.IsNullOrWhiteSpace(x.Reader.Email) && seen.Add(x.Reader.Email)))
        {
            var email = renderer.Email(HandedOverTo(Notice(r.Language, theirs.Select(i => Listed(i, AckLink(baseUrl, i.Id, r), r))), r, theirs) with
            {
                AsLead = AsLead(step, theirs, r, options) ?? AfterLeads(step, theirs, r, options, nameOf),
                ReaderTimeZone = r.TimeZone,
            });
            var topic = Topic(theirs);
            messages.Add(OutboxMessage.ForEmail(topic, r.Email, r.Name, email) with { Priority = priority, About = [.. theirs.Select(i => i.Id)] });
            if (theirs.Any(i => TextsFor(i.Severity))
                && PageText(topic, quiet => new PagesTextNotice(r.Language, step, theirs, AckTogetherLink(baseUrl)) { RepliesAccepted = RepliesAccepted, QuietFor = quiet, AsLead = AsLead(step, theirs, r, options), TeamsEnabled = TeamsEnabled }, r, IncidentNotice.ForStep(step, 0)) is { } text)
            {
                messages.Add(text with { About = [.. theirs.Select(i => i.Id)] });
            }

            if (theirs.Any(i => CallsFor(i.Severity, step))
                && PageCall(topic, new PagesCallNotice(r.Language, step, theirs), r, IncidentNotice.ForStep(step, 0)) is { } call)
            {
                messages.Add(call with { About = [.. theirs.Select(i => i.Id)] });
            }
        }

        if (includeTeams)
        {
            var card = renderer.Card(Notice(teamLanguage, incidents.Select(i => Listed(i, null))) with
            {
                Mentions = Mentions(mention.DistinctBy(m => m.Email, StringComparer.OrdinalIgnoreCase)),
                // The channel: the members taken off them, whoever reads it.
                HandedOverFrom = handedOver ? [.. incidents.SelectMany(i => i.PagedBefore).Distinct(StringComparer.Ordinal).Select(NameOf)] : null,
                LeadsPaged = LeadsPaged(step, incidents, [.. readers.Select(x => x.Reader)], options, nameOf),
            });
            messages.Add(OutboxMessage.ForTeams(Topic(incidents), card) with { Priority = priority, About = [.. incidents.Select(i => i.Id)] });
        }

        return messages;
    }

    /// <summary>
    /// Several incidents handed over unanswered in one run (a storm open at the handoff): each member taken off them
    /// (<paramref name="readers"/>, with theirs, most severe first) gets one mail in their language listing them, saying they went to
    /// the pair on duty now and who of it stays (<paramref name="stayedOnDuty"/>, by incident), instead of one
    /// <see cref="IncidentNotice.HandedOver"/> mail per incident; one taken off only one gets that incident's usual mail. Ids name the
    /// incidents and their rounds (<see cref="OutboxIds.HandedOverTopic"/>): told once however often this runs.
    /// </summary>
    public IReadOnlyList<OutboxMessage> ComposeHandedOverTogether(
        IReadOnlyList<(PageRecipient Reader, IReadOnlyList<Incident> Incidents)> readers, Language teamLanguage, string baseUrl, IncidentOptions options,
        Func<string, string?>? nameOf = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? stayedOnDuty = null)
    {
        var messages = new List<OutboxMessage>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (r, theirs) in readers.Where(x => x.Incidents.Count > 0 && !string.IsNullOrWhiteSpace(x.Reader.Email) && seen.Add(x.Reader.Email)))
        {
            if (theirs.Count == 1)
            {
                var incident = theirs[0];
                messages.AddRange(Compose(incident, IncidentNotice.HandedOver(incident.PageRound), [r], incident.Assignees, teamLanguage, includeTeams: false, baseUrl, options,
                    nameOf: nameOf, stayedOnDuty: stayedOnDuty?.GetValueOrDefault(incident.Id)));
                continue;
            }

            var notice = new IncidentsEscalatedNotice(r.Language, 1, [.. theirs.Select(i => new EscalatedIncident(i, null) { PageLink = IncidentPageLink(baseUrl, i.Id) })], options.TimeZone, StatusLink(baseUrl))
            {
                HandedOverAway = true,
                ReaderTimeZone = r.TimeZone,
                StillOnDuty = [.. theirs.SelectMany(i => StillOnDuty(i, IncidentNotice.HandedOver(i.PageRound), r, stayedOnDuty?.GetValueOrDefault(i.Id)) ?? []).Distinct(StringComparer.Ordinal)],
            };
            messages.Add(OutboxMessage.ForEmail(OutboxIds.HandedOverTopic(theirs), r.Email, r.Name, renderer.Email(notice)) with { About = [.. theirs.Select(i => i.Id)] });
        }

        return messages;
    }

    public static string SevLabel(AlertSeverity severity) => $"SEV{(int)severity}";

    /// <summary>The reader's own signed acknowledge link for the incident (a signed token for them and it; it opens a confirmation page).</summary>
    private string AckLink(string baseUrl, string incidentId, PageRecipient reader) => $"{baseUrl.TrimEnd('/')}/api/ack/{tokens.Issue(incidentId, reader.TokenSubject)}";

    /// <summary>
    /// The incident page's update form with 復旧済み chosen (<c>/api/incidents/{id}/page?status=resolved#h-update</c>): one click from
    /// "resolve it if it is over" to the form that resolves it (and tells the stakeholders it recovered).
    /// </summary>
    public static string ResolveFormLink(string baseUrl, string incidentId) => $"{IncidentPageLink(baseUrl, incidentId)}?status=resolved#h-update";

    /// <summary>
    /// 【アラート解消・要確認】 (<see cref="AlertsResolvedNotice"/>) to <paramref name="readers"/>, one mail each in their language, and with
    /// <paramref name="teamsEnabled"/> one card to the team's channel in <paramref name="teamLanguage"/> (the same content and resolve link),
    /// under <see cref="OutboxIds.AlertsResolvedTopic"/> of <paramref name="resolvedAt"/>: queued again, nothing is sent twice.
    /// </summary>
    public IReadOnlyList<OutboxMessage> ComposeAlertsResolved(
        Incident incident, IReadOnlyList<PageRecipient> readers, string source, IReadOnlyList<AlertTool> tools, DateTimeOffset resolvedAt, string baseUrl, IncidentOptions options,
        bool teamsEnabled = false, Language teamLanguage = Language.Ja)
    {
        var topic = OutboxIds.AlertsResolvedTopic(incident.Id, resolvedAt);
        var link = ResolveFormLink(baseUrl, incident.Id);
        AlertsResolvedNotice Notice(Language language) => new(language, incident, options.TimeZone) { Source = source, Tools = tools, ResolvedAt = resolvedAt, Link = link };
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        List<OutboxMessage> messages = [.. readers.Where(r => !string.IsNullOrWhiteSpace(r.Email) && seen.Add(r.Email.Trim()))
            .Select(r => OutboxMessage.ForEmail(topic, r.Email, r.Name, renderer.Email(Notice(r.Language))))];
        if (teamsEnabled)
        {
            messages.Add(OutboxMessage.ForTeams(topic, renderer.Card(Notice(teamLanguage))));
        }

        return messages;
    }

    /// <summary>The incident's PM page (<c>/api/incidents/{id}/page</c>).</summary>
    public static string IncidentPageLink(string baseUrl, string incidentId) => $"{baseUrl.TrimEnd('/')}/api/incidents/{Uri.EscapeDataString(incidentId)}/page";

    /// <summary>
    /// The customer drafts (お知らせ・回避策・想定問答) on the incident's PM page in <paramref name="language"/>
    /// (<c>/api/incidents/{id}/page?lang=ja#h-drafts</c>): what the notices of an audience with <c>Drafts</c> on link for PR and support.
    /// </summary>
    public static string IncidentDraftsLink(string baseUrl, string incidentId, Language language) =>
        $"{IncidentPageLink(baseUrl, incidentId)}{(language == Language.Ja ? "?lang=ja" : "?lang=en")}#h-drafts";

    /// <summary>
    /// The incident's read-only view for stakeholders (<c>/api/incidents/{id}/overview?lang=ja&amp;for=execs</c>): what their notices
    /// link, not the working page. In <paramref name="language"/>, and in <paramref name="audience"/>'s own series of notices (its
    /// configured name), so a reader sees the 第n報 their mail said; without <c>for</c> when none is given or the name cannot be one
    /// (<see cref="Comms.AudienceName"/>): the general view.
    /// </summary>
    public static string IncidentOverviewLink(string baseUrl, string incidentId, Language language, string? audience)
    {
        var link = $"{baseUrl.TrimEnd('/')}/api/incidents/{Uri.EscapeDataString(incidentId)}/overview{(language == Language.Ja ? "?lang=ja" : "?lang=en")}";
        return Comms.AudienceName.IsWellFormed(audience) ? $"{link}&{Comms.AudienceName.Parameter}={Uri.EscapeDataString(audience!)}" : link;
    }

    /// <summary>
    /// Who reported an incident opened by hand, by display name where the roster knows them, else as typed; null for monitoring's,
    /// when not kept, or when a tool gave no name (the JSON API's stand-in <c>api</c> names nobody).
    /// </summary>
    private static string? ReportedBy(Incident incident, Func<string, string?>? nameOf) =>
        incident.Source == Incident.ManualSource && incident.OpenedBy is { Length: > 0 } by && by is not ("api" or "system")
            ? incident.Assignees.FirstOrDefault(a => a.Id == by)?.DisplayName ?? nameOf?.Invoke(by) ?? by
            : null;

    /// <summary>
    /// Whose acknowledgement lapsed unanswered (<see cref="Incident.AckLapsedBy"/>, a member id) while the round it started is the
    /// current one, by display name where the pair or the roster knows them, else as recorded; null otherwise.
    /// </summary>
    private static string? LapsedHolder(Incident incident, Func<string, string?>? nameOf) =>
        incident.PagedAfterAckLapsed && incident.AckLapsedBy is { Length: > 0 } by
            ? incident.Assignees.FirstOrDefault(a => a.Id == by)?.DisplayName ?? nameOf?.Invoke(by) ?? by
            : null;

    /// <summary>
    /// The step after <paramref name="step"/> that tells anyone new (<see cref="EscalationPolicy.NextStep"/>: a step whose people were
    /// all paged already, a lead on duty this week, is passed over), to whom by name: its people not paged already (by display
    /// name where the roster has their address), or the organisation's list.
    /// </summary>
    /// <param name="leadsAway">Leads on leave now whom the leads' step, still to come, will pass over: not named as who it goes to.</param>
    private static NextEscalation? NextEscalation(Incident incident, int step, IncidentOptions options, Language teamLanguage, Func<string, string?>? nameOf, Func<string, string?>? memberIdAt,
        IReadOnlyCollection<string>? leadsAway)
    {
        IReadOnlyCollection<string> away = leadsAway is { Count: > 0 } ? [.. incident.LeadsOnLeave, .. leadsAway] : incident.LeadsOnLeave;
        string Name(PageRecipient r) => r.Name is { Length: > 0 } name ? name : nameOf?.Invoke(r.Email) ?? r.Email;
        if (incident.NotifiedStep > step && incident.NotifiedStep >= EscalationPolicy.LeadsStep)
        {
            // Worded as it goes out, late (a mail outage held it): a later step went meanwhile — say so, not "within 5 minutes".
            var sent = incident.NotifiedStep;
            var those = EscalationPolicy.Recipients(incident, sent, options, teamLanguage).Where(r => !IsDutyMember(incident, r)).Select(Name).ToList();
            if (those.Count > 0)
            {
                return new NextEscalation(sent, TimeSpan.Zero, those) { Sent = true };
            }
        }

        if (EscalationPolicy.NextStep(incident, step, options, teamLanguage, memberIdAt, away) is not { } next)
        {
            return null;
        }

        var paged = PagedSoFar.Of(incident, options, teamLanguage, memberIdAt);
        // A lead who is on duty this week is paged already: "the leads (you) too" says nothing new (trial day 27).
        var fresh = EscalationPolicy.Recipients(incident.Assignees, next.Step, options, teamLanguage, away).Where(r => !paged.Has(r));
        return new NextEscalation(next.Step, next.After, [.. fresh.Select(Name)]);
    }

    /// <summary>On the leads' step and after: the leads it passed over for leave (<see cref="Incident.LeadsOnLeave"/>), by name; null otherwise.</summary>
    private static IReadOnlyList<string>? LeadsOnLeave(Incident incident, IncidentNotice notice, Func<string, string?>? nameOf) =>
        notice.Kind == "escalation" && notice.Step >= EscalationPolicy.LeadsStep && incident.LeadsOnLeave.Count > 0
            ? [.. incident.LeadsOnLeave.Select(a => nameOf?.Invoke(a) is { Length: > 0 } name ? name : a)]
            : null;

    /// <summary>Whether <paramref name="reader"/> is one of the incident's duty members (by member id or address, any case).</summary>
    private static bool IsDutyMember(Incident incident, PageRecipient reader) =>
        incident.Assignees.Any(a => string.Equals(a.Id, reader.TokenSubject, StringComparison.OrdinalIgnoreCase) || Member.SameAddress(a.Email, reader.Email));

    /// <summary>
    /// On the leads' step (2), to a reader who is not on duty: the pair that has not answered, and for how long at least (the two
    /// ack timeouts the first page and the reminder waited), so a lead reads it as theirs and not as the pair's page. Null otherwise.
    /// </summary>
    private static LeadsStep? AsLead(Incident incident, IncidentNotice notice, PageRecipient reader, IncidentOptions options) =>
        notice.Kind == "escalation" && notice.Step == EscalationPolicy.LeadsStep && incident.Assignees.Count > 0
        && !IsDutyMember(incident, reader)
            ? new LeadsStep(incident.Assignees, options.AckTimeouts.For(incident.Severity) * EscalationPolicy.LeadsStep)
            : null;

    /// <summary>
    /// On the leads' step, to a reader who is none of <paramref name="incidents"/>' duty members: for the grouped text, as
    /// <see cref="AsLead(Incident, IncidentNotice, PageRecipient, IncidentOptions)"/> says it for one — the pair when every incident
    /// has the same one (else none named), silent for two ack timeouts of the shortest severity's at least. Null otherwise.
    /// </summary>
    private static LeadsStep? AsLead(int step, IReadOnlyList<Incident> incidents, PageRecipient reader, IncidentOptions options)
    {
        if (step != EscalationPolicy.LeadsStep || incidents.Count == 0 || incidents.Any(i => i.Assignees.Count == 0 || IsDutyMember(i, reader)))
        {
            return null;
        }

        return new LeadsStep(SharedPair(incidents), Silent(incidents, options, EscalationPolicy.LeadsStep));
    }

    /// <summary>
    /// On the organisation's step (3), to a reader who is none of <paramref name="incidents"/>' duty members: the pair as
    /// <see cref="AsLead(int, IReadOnlyList{Incident}, PageRecipient, IncidentOptions)"/> says it, silent for three ack timeouts of
    /// the shortest severity's at least, and the leads paged before (by name) who have not answered either — or, when the leads'
    /// step was passed over (no lead configured, or every one on duty or on leave), <see cref="LeadsStep.LeadsToo"/> false: no lead
    /// was paged first, and the step went out when the leads' was due (two ack timeouts). Null otherwise.
    /// </summary>
    private static LeadsStep? AfterLeads(int step, IReadOnlyList<Incident> incidents, PageRecipient reader, IncidentOptions options, Func<string, string?>? nameOf)
    {
        if (step <= EscalationPolicy.LeadsStep || incidents.Count == 0 || incidents.Any(i => i.Assignees.Count == 0 || IsDutyMember(i, reader)))
        {
            return null;
        }

        var leads = LeadsOffDuty(incidents, options, nameOf);
        return new LeadsStep(SharedPair(incidents), Silent(incidents, options, leads.Count > 0 ? step : EscalationPolicy.LeadsStep)) { Leads = leads, Step = step, LeadsToo = leads.Count > 0 };
    }

    /// <summary>The leads the leads' step paged for <paramref name="incidents"/> who are on duty for none of them, by name (else address).</summary>
    private static List<string> LeadsOffDuty(IReadOnlyList<Incident> incidents, IncidentOptions options, Func<string, string?>? nameOf) =>
        Named(OffDuty(incidents.SelectMany(i => EscalationPolicy.Recipients(i, EscalationPolicy.LeadsStep, options, Language.En)), incidents), nameOf);

    /// <summary>Of <paramref name="recipients"/>, those with an address who are on duty for none of <paramref name="incidents"/>.</summary>
    private static IEnumerable<PageRecipient> OffDuty(IEnumerable<PageRecipient> recipients, IReadOnlyList<Incident> incidents) =>
        recipients.Where(r => !string.IsNullOrWhiteSpace(r.Email) && !incidents.Any(i => IsDutyMember(i, r)));

    /// <summary><paramref name="recipients"/> by name (their own, else the roster's for their address, else the address), each once.</summary>
    private static List<string> Named(IEnumerable<PageRecipient> recipients, Func<string, string?>? nameOf) =>
        recipients.Select(r => r.Name is { Length: > 0 } name ? name : nameOf?.Invoke(r.Email) ?? r.Email).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>How long the pair of <paramref name="incidents"/> has been silent at least by <paramref name="step"/>: that many ack timeouts of the shortest severity's.</summary>
    private static TimeSpan Silent(IReadOnlyList<Incident> incidents, IncidentOptions options, int step) =>
        incidents.Min(i => options.AckTimeouts.For(i.Severity)) * step;

    /// <summary>The duty pair of <paramref name="incidents"/> when every one has the same one; empty when they differ.</summary>
    private static IReadOnlyList<AssignedMember> SharedPair(IReadOnlyList<Incident> incidents)
    {
        static string Pair(Incident i) => string.Join("\n", i.Assignees.Select(a => a.Id).Order(StringComparer.Ordinal));
        return incidents.Select(Pair).Distinct(StringComparer.Ordinal).Count() == 1 ? incidents[0].Assignees : [];
    }

    /// <summary>
    /// On the leads' step, for the channel's one card about <paramref name="incidents"/>: the leads paged now (<paramref name="recipients"/>
    /// on duty for none of them, by name) and, as <see cref="AsLead(int, IReadOnlyList{Incident}, PageRecipient, IncidentOptions)"/> says
    /// it, the pair when every incident has the same one and for how long at least. Null otherwise, or when no lead off duty is paged.
    /// </summary>
    /// <remarks>
    /// On the organisation's step: its lists by address (<see cref="LeadsStep.Leads"/>), three ack timeouts, and whether the leads
    /// were paged before it (<see cref="LeadsStep.LeadsToo"/>: a lead off duty for some of them), as each incident's single card says it.
    /// </remarks>
    private static LeadsStep? LeadsPaged(int step, IReadOnlyList<Incident> incidents, IReadOnlyList<PageRecipient> recipients, IncidentOptions options, Func<string, string?>? nameOf)
    {
        if (step < EscalationPolicy.LeadsStep || incidents.Count == 0 || incidents.Any(i => i.Assignees.Count == 0))
        {
            return null;
        }

        if (step > EscalationPolicy.LeadsStep)
        {
            var lists = OffDuty(recipients, incidents).Select(r => r.Email).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var leadsToo = LeadsOffDuty(incidents, options, nameOf).Count > 0;
            return lists.Count == 0 ? null
                : new LeadsStep(SharedPair(incidents), Silent(incidents, options, leadsToo ? step : EscalationPolicy.LeadsStep)) { Leads = lists, Step = step, LeadsToo = leadsToo };
        }

        var leads = Named(OffDuty(recipients, incidents), nameOf);
        return leads.Count == 0 ? null : new LeadsStep(SharedPair(incidents), Silent(incidents, options, EscalationPolicy.LeadsStep)) { Leads = leads };
    }

    /// <summary>
    /// On the leads' step, for the channel: the pair that has not answered and for how long (as <see cref="AsLead(Incident, IncidentNotice, PageRecipient, IncidentOptions)"/>),
    /// and the leads this step pages (<paramref name="recipients"/> not on duty, by name), so the card says who is paged now and why;
    /// on the organisation's step the same with its list, three ack timeouts, and whether the leads were paged too. Null otherwise.
    /// </summary>
    private static LeadsStep? LeadsPaged(Incident incident, IncidentNotice notice, IReadOnlyList<PageRecipient> recipients, IncidentOptions options, Func<string, string?>? nameOf)
    {
        if (notice.Kind != "escalation" || notice.Step < EscalationPolicy.LeadsStep || incident.Assignees.Count == 0)
        {
            return null;
        }

        var timeout = options.AckTimeouts.For(incident.Severity);
        if (notice.Step > EscalationPolicy.LeadsStep)
        {
            // The organisation's step: its list by address, and whether the leads were paged before it (a lead not on duty).
            var leadsToo = EscalationPolicy.Recipients(incident, EscalationPolicy.LeadsStep, options, Language.En).Any(r => !IsDutyMember(incident, r));
            var lists = recipients.Where(r => !string.IsNullOrWhiteSpace(r.Email)).Select(r => r.Email).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            // Without the leads' step, the organisation's went out when the leads' was due: two ack timeouts, not three.
            return lists.Count == 0 ? null
                : new LeadsStep(incident.Assignees, timeout * (leadsToo ? notice.Step : EscalationPolicy.LeadsStep)) { Leads = lists, Step = notice.Step, LeadsToo = leadsToo };
        }

        var leads = Named(OffDuty(recipients, [incident]), nameOf);
        return leads.Count == 0 ? null : new LeadsStep(incident.Assignees, timeout * EscalationPolicy.LeadsStep) { Leads = leads };
    }

    /// <summary>
    /// On escalation 1 to a duty member who was not paged about it before (the pair changed since the first page): the members
    /// paged before and taken off it, by name, so the reader knows it was handed over unanswered. Null otherwise.
    /// </summary>
    /// <remarks>A member who stayed on duty through the handover (<paramref name="stayedOnDuty"/>, by id) had it all along: not handed over to them.</remarks>
    private static IReadOnlyList<string>? HandedOverFrom(Incident incident, IncidentNotice notice, PageRecipient reader, Func<string, string?>? nameOf, IReadOnlyCollection<string>? stayedOnDuty = null) =>
        notice.Kind == "escalation" && notice.Step == 1 && incident.PagedBefore.Count > 0
        && IsDutyMember(incident, reader)
        && !incident.PagedBefore.Contains(reader.TokenSubject, StringComparer.OrdinalIgnoreCase)
        && !(stayedOnDuty?.Contains(reader.TokenSubject, StringComparer.OrdinalIgnoreCase) ?? false)
            ? [.. incident.PagedBefore.Select(id => nameOf?.Invoke(id) is { Length: > 0 } name ? name : id)]
            : null;

    /// <summary>
    /// On the handed-over mails (escalation 1 to a member new to it, the mail to those taken off it): the members on duty who
    /// stayed through the last handover (<paramref name="stayedOnDuty"/>, by member id), by display name, the reader left out.
    /// </summary>
    private static IReadOnlyList<string>? StillOnDuty(Incident incident, IncidentNotice notice, PageRecipient reader, IReadOnlyCollection<string>? stayedOnDuty) =>
        stayedOnDuty is not { Count: > 0 } || !(notice.Kind == "handedOver" || (notice.Kind == "escalation" && notice.Step == 1)) ? null
            : [.. incident.Assignees.Where(a => stayedOnDuty.Contains(a.Id) && !string.Equals(a.Id, reader.TokenSubject, StringComparison.OrdinalIgnoreCase)).Select(a => a.DisplayName)];

    /// <summary>The status page: every open incident and those resolved lately.</summary>
    internal static string StatusLink(string baseUrl) => $"{baseUrl.TrimEnd('/')}/api/status";

    /// <summary>The status page's heartbeats section (its heading's id, as the pages name theirs: <c>h-…</c>).</summary>
    public const string HeartbeatsAnchor = "h-heartbeats";

    /// <summary>The status page opened at its heartbeats (<see cref="HeartbeatsAnchor"/>): where a heartbeat's owner or the brief's reader looks.</summary>
    public static string HeartbeatsStatusLink(string baseUrl) => StatusLink(baseUrl) + "#" + HeartbeatsAnchor;

    /// <summary>The page that acknowledges every waiting incident at once.</summary>
    private static string AckTogetherLink(string baseUrl) => $"{baseUrl.TrimEnd('/')}/api/status/ack";

    /// <summary>
    /// The duty members a card mentions: Teams resolves a mention by UPN or Entra id, not by mail address, so without a UPN the
    /// name is plain text.
    /// </summary>
    private static IReadOnlyList<Mention> Mentions(IEnumerable<AssignedMember> members) =>
        [.. members.Where(m => !string.IsNullOrWhiteSpace(m.Email)).Select(m => new Mention(m.DisplayName, string.IsNullOrWhiteSpace(m.Upn) ? null : m.Upn))];

    private IncidentPageNotice Notice(Incident incident, IncidentNotice notice, Language language, string? link, IncidentOptions options, IReadOnlyList<FiredAlert> fired, int total) =>
        new(language, incident, notice, options.TimeZone, link)
        {
            StakeholderUpdateBy = StakeholderUpdateBy(incident, options),
            SeverityMeaning = options.SeverityMeanings.For(incident.Severity, language),
            // Where to join while there is work to do: not on a merge's notice (the work goes on elsewhere) or once resolved.
            BridgeLink = incident.IsOpen && notice.Kind != "merged" ? incident.BridgeUrl ?? options.Bridge : null,
            Alerts = fired,
            MoreAlerts = Math.Max(0, total - fired.Count),
        };

    /// <summary>
    /// Reopened after the stakeholders were told it recovered: when their update is due — the severity's interval from the reopen,
    /// rounded up as a notice says it, the time the update reminder comes (<see cref="Comms.UpdateNudger"/>); null otherwise, or
    /// with reminders off for the severity.
    /// </summary>
    private DateTimeOffset? StakeholderUpdateBy(Incident incident, IncidentOptions options) =>
        incident.ReopenedAfterRecoveryTold && incident.LastReopenedAt is { } reopened && comms?.Value.UpdateInterval.For(incident.Severity) is { } every
            ? Comms.NextUpdatePromise.Default(reopened, every, options.Zone)
            : null;

    /// <summary>The first few alerts, firing before resolved, most severe first.</summary>
    private static IReadOnlyList<FiredAlert> FiredAlerts(IReadOnlyList<TrackedAlert> alerts) =>
        [.. alerts
            .OrderBy(a => a.Status == AlertStatus.Firing ? 0 : 1).ThenBy(a => a.Severity).ThenBy(a => a.FirstFiredAt)
            .Take(FiredAlert.MaxShown)
            .Select(a => new FiredAlert(a.Summary, a.Severity, a.Status)
            {
                Description = a.Description,
                Heartbeat = a.Heartbeat,
                Refusal = a.Refusal,
                Conditions = a.Conditions,
                // Rows stored before the details existed have only the resource.
                Labels = a.Labels.Count > 0 ? a.Labels : a.AffectedResource is null ? [] : [new("resource", a.AffectedResource)],
                Links = a.Links,
                Runbook = a.Runbook,
                ResolvesOnlyByHand = a.ResolvesOnlyByHand,
            })];
}
