using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;

namespace OnDuty.Core.Comms;

/// <summary>
/// Queues the stakeholder notice an incident owes (see <see cref="IncidentComms"/>): the audiences of its severity plus
/// every audience told before, one blind-copied email per language and series per at most 50 readers (the ACS limit), and
/// one Teams card.
/// </summary>
/// <remarks>
/// Each reader's notices are numbered from the first one any of their audiences was told (<see cref="IncidentComms.FirstNotices"/>):
/// an audience a severity raise adds reads 第1報 first, while the others read 第3報. A notice says when the severity changed
/// since the previous one (<see cref="IncidentComms.ToldSeverity"/>).
/// Readers are resolved, sorted and cut into batches when the notice is queued; each batch is one outbox row
/// (<c>incident:{id}:notice:{n}:email:{lang}:{batch}</c>, <c>…:email:{lang}.from{k}:{batch}</c> for readers first told in notice
/// k; <c>{lang}.continued.{duplicate}</c> for readers of an incident merged into this one who share the number with others) holding its own recipients, so a retry, a second run or a group that changed meanwhile can never send anyone a second copy. The rows are queued before the incident records
/// the notice as queued: a crash in between queues the same ids again (a no-op for rows already there).
/// </remarks>
public sealed class StakeholderNotifier(
    IIncidentRepository incidents,
    IRosterRepository roster,
    StakeholderAudience audience,
    INoticeRenderer renderer,
    OutboxDispatcher outbox,
    ITeamsChannel teams,
    TimeProvider time,
    IOptions<CommsOptions> comms,
    IOptions<IncidentOptions> incidentOptions,
    IOptions<TeamOptions> team,
    ILogger<StakeholderNotifier> logger,
    IncidentFollowing? following = null,
    IIncidentDraftStore? drafts = null)
{
    /// <summary>The audiences as configured: who a notice goes to (an update's <c>alsoTell</c> is checked against them).</summary>
    public CommsOptions Comms => comms.Value;

    /// <summary>Queues the notice <paramref name="incidentId"/> owes, if any; returns the outbox ids newly queued.</summary>
    /// <exception cref="DependencyUnavailableException">A group could not be expanded now; the notice stays owed.</exception>
    public async Task<IReadOnlyList<string>> NotifyDueAsync(string incidentId, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(incidentId, cancellationToken) is not { } current || current.Value.Comms.Queued >= current.Value.Comms.Issued)
        {
            return [];
        }

        var incident = current.Value;
        var update = await LatestUpdateAsync(incident, await incidents.GetTimelineAsync(incident.Id, cancellationToken), cancellationToken);
        var (queued, number, audiences, followers) = await QueueAsync(incident, update, cancellationToken, withFollowers: true);
        await incidents.MutateAsync(incidentId, i => i.MarkStakeholderNoticeQueued(number, audiences, incident.Severity, time.GetUtcNow(), Said(incident, update), incident.Comms.StartMovedByMerge, followers, toldDetails: ToldDetails.Of(incident)), cancellationToken);
        return queued;
    }

    /// <summary>
    /// The notice a just-created incident owes (declared by a person), queued from the incident as this request holds it,
    /// <paramref name="timeline"/> being what its create stored, and recorded as queued on <paramref name="incident"/> in
    /// memory for the caller's next save: a declaration reads nothing back. False when it owes none.
    /// </summary>
    /// <exception cref="DependencyUnavailableException">A group could not be expanded now; the notice stays owed.</exception>
    public async Task<bool> QueueForNewAsync(Incident incident, IReadOnlyList<TimelineEntry> timeline, CancellationToken cancellationToken)
    {
        if (incident.Comms.Queued >= incident.Comms.Issued)
        {
            return false;
        }

        var update = await LatestUpdateAsync(incident, timeline, cancellationToken);
        // Nobody can follow an incident before it exists: its declarer follows it from the notice after this one.
        // Nor has anyone saved its customer drafts yet: the audiences that link them read 未承認 without a read.
        var (_, number, audiences, _) = await QueueAsync(incident, update, cancellationToken, withFollowers: false);
        return incident.MarkStakeholderNoticeQueued(number, audiences, incident.Severity, time.GetUtcNow(), Said(incident, update), incident.Comms.StartMovedByMerge, toldDetails: ToldDetails.Of(incident));
    }

    /// <summary>
    /// Several incidents merged into <paramref name="into"/> by one request (<see cref="IncidentMerger.MergeManyAsync"/>): instead of
    /// each duplicate's own 【統合】 notice, one notice per reader listing the duplicates they were told about — the audiences each one's
    /// notice would go to, and its followers in no audience —, a reader told of the same ones sharing a blind-copied mail as the single
    /// notices do. A duplicate whose stakeholders were never told (it owes no 統合 notice) is in nobody's list; one whose notice is not
    /// owed any more (queued on its own before, by an earlier merge or the update run) neither. Then each duplicate records its notice
    /// as queued, in this one (<see cref="IncidentComms.ToldTogetherIn"/>). Ids are <paramref name="topic"/>'s (<see cref="OutboxIds.MergesTopic"/>)
    /// and the readers' duplicates: the request repeated after a crash between the rows and the records lists the same duplicates
    /// (those recorded told in it, and the rest still owed) under the same ids (a no-op), then records the rest.
    /// </summary>
    /// <returns>The duplicates whose 統合 notice the channel reads as the single one (an audience is told): the channel's card lists them.</returns>
    /// <exception cref="DependencyUnavailableException">A group could not be expanded now; the notices stay owed.</exception>
    public async Task<IReadOnlyList<string>> NotifyMergedTogetherAsync(Incident into, IReadOnlyList<Incident> duplicates, string topic, CancellationToken cancellationToken)
    {
        // Those whose notice is owed, and those whose notice went in this one before (the request repeated after a crash in between
        // marking them): each reader's list, and so each id, is the same as the first time.
        var listed = duplicates.Where(d => d.MergedInto == into.Id && d.Comms.Issued > 0 && (d.Comms.Queued < d.Comms.Issued || d.Comms.ToldTogetherIn == topic))
            .OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        IReadOnlyList<string> channel = [.. listed.Where(d => comms.Value.NextNoticeAudiences(d).Count > 0).Select(d => d.Id)];
        if (listed.All(d => d.Comms.Queued >= d.Comms.Issued))
        {
            return channel; // told already
        }

        var told = new Dictionary<string, (Incident Duplicate, IReadOnlyList<string> Audiences, int Followers)>(StringComparer.Ordinal);
        var readers = new Dictionary<string, (Language Language, string? Audience, List<Incident> Duplicates)>(StringComparer.OrdinalIgnoreCase);
        void Add(string address, Language language, string? own, Incident duplicate)
        {
            if (!readers.TryGetValue(address.Trim(), out var reader))
            {
                readers[address.Trim()] = reader = (language, own, []);
            }
            else if (reader.Audience is null && own is not null)
            {
                // A follower of one who reads another's audience mail: one mail, their audience's.
                readers[address.Trim()] = reader = reader with { Audience = own };
            }

            reader.Duplicates.Add(duplicate);
        }

        foreach (var duplicate in listed)
        {
            var audiences = comms.Value.NextNoticeAudiences(duplicate);
            var resolved = await audience.ResolveAsync(audiences, cancellationToken);
            var followers = following is not null
                ? IncidentFollowing.Recipients(IncidentFollowing.NotResponding(duplicate, await following.ListAsync(duplicate.Id, cancellationToken)), resolved)
                : [];
            foreach (var reader in resolved)
            {
                // Their own audience's view of the incident merged into (the first by name of theirs, as the single notice's link).
                Add(reader.Address, reader.Language, reader.Audiences.Order(StringComparer.OrdinalIgnoreCase).FirstOrDefault(), duplicate);
            }

            foreach (var follower in followers)
            {
                Add(follower.Address, follower.Language, null, duplicate);
            }

            told[duplicate.Id] = (duplicate, audiences, followers.Count);
        }

        var messages = new List<OutboxMessage>();
        var noticeTopic = $"{topic}:notice";
        foreach (var series in readers.GroupBy(r => (r.Value.Language, r.Value.Audience, Ids: string.Join('\n', r.Value.Duplicates.Select(d => d.Id))))
            .OrderBy(g => g.Key.Language).ThenBy(g => g.Key.Audience, StringComparer.OrdinalIgnoreCase).ThenBy(g => g.Key.Ids, StringComparer.Ordinal))
        {
            var (language, own, _) = series.Key;
            var theirs = series.First().Value.Duplicates;
            var email = renderer.Email(new IncidentsMergedNotice(language, into, theirs, own is null ? MergedNoticeReader.Followers : MergedNoticeReader.Stakeholders)
            {
                Link = BaseUrl is { } baseUrl ? IncidentMessages.IncidentOverviewLink(baseUrl, into.Id, language, own) : null,
            });
            var tag = (language == Language.Ja ? "ja" : "en") + (own is null ? " followers" : $" {own}");
            var batches = series.Select(r => r.Key).Order(StringComparer.Ordinal).Chunk(CommsOptions.ReadersPerMessage).ToList();
            for (var b = 0; b < batches.Count; b++)
            {
                messages.Add(BccBatch(
                    OutboxIds.MergesNoticeBatch(topic, language == Language.Ja ? "ja" : "en", own, theirs.Select(d => d.Id), b),
                    $"stakeholders ({tag}, merged {theirs.Count}, {b + 1}/{batches.Count}, {batches[b].Length} bcc)", batches[b], email, noticeTopic));
            }
        }

        await outbox.EnqueueAsync(messages, cancellationToken);
        foreach (var (duplicate, audiences, followers) in told.Values.Where(t => t.Duplicate.Comms.Queued < t.Duplicate.Comms.Issued))
        {
            var number = duplicate.Comms.Issued;
            await incidents.MutateAsync(
                duplicate.Id,
                i => i.MarkStakeholderNoticeQueued(number, audiences, i.Severity, time.GetUtcNow(), Said(i, new LatestUpdate(null, null, time.GetUtcNow())), i.Comms.StartMovedByMerge, followers, topic),
                cancellationToken);
        }

        logger.LogInformation("Incidents merged into {IncidentId} together: 統合 notices of {Duplicates} in one, readers {Readers}; messages {Messages}", into.Id, told.Count, readers.Count, messages.Count);
        return channel;
    }

    /// <summary>The notice's messages queued; with the followers (in no audience) it went to, which its row counts.</summary>
    private async Task<(IReadOnlyList<string> Queued, int Number, IReadOnlyList<string> Audiences, int Followers)> QueueAsync(
        Incident incident, LatestUpdate update, CancellationToken cancellationToken, bool withFollowers)
    {
        var number = incident.Comms.Issued;
        var audiences = comms.Value.NextNoticeAudiences(incident);
        var readers = await audience.ResolveAsync(audiences, cancellationToken);
        // Its followers too, each once: one in an audience reads that audience's mail; its duty members are not sent a copy.
        // Not for a confidential one: following is anyone's choice, telling is the person's pick.
        var followers = withFollowers && following is not null && !incident.Confidential
            ? IncidentFollowing.Recipients(IncidentFollowing.NotResponding(incident, await following.ListAsync(incident.Id, cancellationToken)), readers)
            : [];
        var continued = await ContinuedAsync(incident, cancellationToken);
        var draftsState = withFollowers ? await DraftsStateAsync(incident, audiences, readers, cancellationToken) : null;
        var messages = Compose(incident, number, audiences, readers, update, continued?.NextUpdateBy, continued?.Severity, followers, draftsState);
        var queued = await outbox.EnqueueAsync(messages, cancellationToken);
        if (audiences.Count == 0)
        {
            logger.LogInformation("Stakeholder notice {Number} of {IncidentId}: no audience is set for {Severity}, so nobody is told", number, incident.Id, incident.Severity);
        }
        else
        {
            logger.LogInformation(
                "Stakeholder notice {Number} of {IncidentId} queued: readers {Readers}, of {Audiences}; messages {Messages}",
                number, incident.Id, readers.Count, string.Join(", ", audiences), messages.Count);
        }

        if (followers.Count > 0)
        {
            logger.LogInformation("Stakeholder notice {Number} of {IncidentId} goes to its followers too: {Followers} not among the readers", number, incident.Id, followers.Count);
        }

        return (queued, number, audiences, followers.Count);
    }

    /// <summary>
    /// Where the customer drafts stand, by language, for the languages of the readers whose audience links them
    /// (<c>Comms__Audiences__{name}__Drafts</c>): approved and written for the incident as it is now (<see cref="IncidentDraft.StaleBecause"/>),
    /// approved before it changed, or not approved; one read a language, none when no audience links them or there is no page to link.
    /// </summary>
    private async Task<IReadOnlyDictionary<Language, StakeholderDraftsState>?> DraftsStateAsync(
        Incident incident, IReadOnlyList<string> audiences, IReadOnlyList<StakeholderRecipient> readers, CancellationToken cancellationToken)
    {
        if (drafts is null || BaseUrl is null || !audiences.Any(comms.Value.DraftsFor))
        {
            return null;
        }

        var states = new Dictionary<Language, StakeholderDraftsState>();
        foreach (var language in readers.Where(r => r.Audiences.Any(comms.Value.DraftsFor)).Select(r => r.Language).Distinct())
        {
            states[language] = await drafts.GetAsync(incident.Id, language, cancellationToken) is not { Value: { Status: DraftStatus.Approved } saved }
                ? StakeholderDraftsState.NotApproved
                : saved.StaleBecause(incident).Count == 0 ? StakeholderDraftsState.Approved : StakeholderDraftsState.ChangedSinceApproved;
        }

        return states;
    }

    /// <summary>
    /// The notice's outbox rows: per language and first notice of the readers' series, readers sorted and cut into batches of
    /// <see cref="CommsOptions.ReadersPerMessage"/>.
    /// </summary>
    /// <param name="draftsState">Where the customer drafts stand, by language (<see cref="DraftsStateAsync"/>); missing: 未承認.</param>
    internal IReadOnlyList<OutboxMessage> Compose(
        Incident incident, int number, IReadOnlyList<string> audiences, IReadOnlyList<StakeholderRecipient> readers, LatestUpdate update,
        DateTimeOffset? continuedNextUpdateBy = null, AlertSeverity? continuedSeverity = null, IReadOnlyList<StakeholderRecipient>? followers = null,
        IReadOnlyDictionary<Language, StakeholderDraftsState>? draftsState = null)
    {
        var topic = OutboxIds.StakeholderTopic(incident.Id, number);
        var messages = new List<OutboxMessage>();
        int FirstOf(StakeholderRecipient reader) => reader.Audiences.Count == 0 ? 1 : reader.Audiences.Min(a => incident.Comms.FirstNoticeOf(a, number));
        // 「…としてお知らせしていた障害の続報です」 only for readers who had the duplicate's notices: a carried audience and this
        // incident's own (or another duplicate's) can be at the same number and language, and then get a mail each (a carried
        // one's batch marked ".continued.{duplicate}"; an id as before wherever nothing is shared).
        // Readers in another zone than the team's (their audience's TimeZone) get a mail of their own with their times in it.
        // And each audience its own mail: its link opens that audience's view (?for=support), not the first audience's (trial 39, L8).
        var groups = readers.GroupBy(r => (r.Language, Zone: OtherZone(r.TimeZone), First: FirstOf(r), From: incident.Comms.ContinuesFrom(r.Audiences, number), For: OwnAudience(r)))
            .OrderBy(g => g.Key.Language).ThenBy(g => g.Key.Zone, StringComparer.Ordinal).ThenBy(g => g.Key.First).ThenBy(g => g.Key.From, StringComparer.Ordinal)
            .ThenBy(g => g.Key.For, StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var series in groups)
        {
            var (language, zone, first, from, own) = series.Key;
            var email = renderer.Email(Continued(Notice(incident, number - first + 1, language, update, own, draftsState))
                with { ContinuesFrom = from, ReaderTimeZone = zone });
            var alike = groups.Where(g => g.Key.Language == language && g.Key.Zone == zone && g.Key.First == first).ToList();
            var shared = from is not null && alike.Select(g => g.Key.From).Distinct(StringComparer.Ordinal).Count() > 1;
            // The mail of the first audience by name keeps the id a notice had when all of them shared one (a notice queued by the
            // previous release is not sent twice); another audience's mail is marked ".for.{audience}".
            var mine = alike.Where(g => g.Key.From == from).Select(g => g.Key.For).Order(StringComparer.OrdinalIgnoreCase).First();
            var addresses = series.Select(r => r.Address).Order(StringComparer.Ordinal).ToList();
            var batches = addresses.Chunk(CommsOptions.ReadersPerMessage).ToList();
            for (var b = 0; b < batches.Count; b++)
            {
                // The team's zone keeps the ids of before (a notice queued by the previous release is not sent twice).
                var tag = (language == Language.Ja ? "ja" : "en") + (zone is null ? "" : "." + zone.Replace('/', '-'))
                    + (string.Equals(own, mine, StringComparison.OrdinalIgnoreCase) ? "" : $".for.{own}");
                messages.Add(BccBatch(
                    OutboxIds.StakeholderEmailBatch(topic, shared ? $"{tag}.continued.{from}" : tag, first, b),
                    first == 1
                        ? $"stakeholders ({tag} {b + 1}/{batches.Count}, {batches[b].Length} bcc)"
                        : $"stakeholders ({tag}, first told in notice {first}, {b + 1}/{batches.Count}, {batches[b].Length} bcc)",
                    batches[b], email, topic));
            }
        }

        // Followers (in no audience): one mail per language, numbered as the incident counts its notices, linking the general view.
        // Their own batches (".followers"): the audiences' ids stay as they were, and a follower is never in both.
        foreach (var byLanguage in (followers ?? []).GroupBy(f => f.Language).OrderBy(g => g.Key))
        {
            var email = renderer.Email(Continued(Notice(incident, number, byLanguage.Key, update, null)) with { ToFollowers = true });
            var tag = (byLanguage.Key == Language.Ja ? "ja" : "en") + ".followers";
            var batches = byLanguage.Select(f => f.Address).Order(StringComparer.Ordinal).Chunk(CommsOptions.ReadersPerMessage).ToList();
            for (var b = 0; b < batches.Count; b++)
            {
                messages.Add(BccBatch(OutboxIds.StakeholderEmailBatch(topic, tag, 1, b), $"followers ({tag} {b + 1}/{batches.Count}, {batches[b].Length} bcc)", batches[b], email, topic));
            }
        }

        // The channel hears a notice when somebody is meant to: a severity with no audience tells nobody, not even the channel.
        if (teams.Enabled && audiences.Count > 0)
        {
            // The channel has heard every notice since the first one any audience was told.
            var first = audiences.Min(a => incident.Comms.FirstNoticeOf(a, number));
            // The team's own channel: the duty pair as the contact, and no drafts link (the team works on them on the incident page).
            // Its button opens the general view (no ?for=): every notice with each audience's number, as the duty pair's link does —
            // a channel reader is not the first audience by name (session 59: the card opened the executives' view).
            var card = renderer.Card(Continued(Notice(incident, number - first + 1, team.Value.TeamLanguage, update, SeriesOf(audiences, first)) with
            {
                Link = BaseUrl is { } baseUrl ? IncidentMessages.IncidentOverviewLink(baseUrl, incident.Id, team.Value.TeamLanguage, audience: null) : null,
                Contact = null,
                DraftsLink = null,
                AnswersCustomers = false,
                SentTo = [.. audiences.Select(a => comms.Value.DisplayNameOf(a, team.Value.TeamLanguage))],
            })
                with { ContinuesFrom = incident.Comms.ContinuesFrom(audiences, number) });
            messages.Add(OutboxMessage.ForTeams(topic, card));
        }

        return messages;

        // A merged incident's notice speaks of the incident its readers follow now: when it is due next, and its severity.
        StakeholderNotice Continued(StakeholderNotice notice) => notice with
        {
            ContinuedNextUpdateBy = continuedNextUpdateBy,
            ContinuedSeverity = continuedSeverity,
            SeverityMeaning = continuedSeverity is { } severity ? incidentOptions.Value.SeverityMeanings.For(severity, notice.Language) : notice.SeverityMeaning,
        };

        // A reader's zone when it is not the team's (the same zone by another spelling is the team's); null: the team's.
        string? OtherZone(string? zone) =>
            zone is not null && TimeZones.TryFind(zone, out var theirs) && TimeZones.TryFind(incidentOptions.Value.TimeZone, out var ours)
                && !string.Equals(theirs.Id, ours.Id, StringComparison.OrdinalIgnoreCase) ? zone : null;

        // The audience whose series a message's readers read (their link's ?for=): one first told in the same notice numbers
        // every notice alike and was told the same ones, so any of them is the readers' own view; the first by name, to be stable.
        string? SeriesOf(IEnumerable<string> told, int first) =>
            told.Where(a => incident.Comms.FirstNoticeOf(a, number) == first).Order(StringComparer.OrdinalIgnoreCase).FirstOrDefault();

        // A reader's own audience, whose view their link opens: of those whose series they read, the first by name (a reader in
        // execs and support reads the executives' view).
        string? OwnAudience(StakeholderRecipient reader) => SeriesOf(reader.Audiences, FirstOf(reader));
    }

    /// <summary>One blind-copied batch of a notice's readers (at most <see cref="CommsOptions.ReadersPerMessage"/>), under its own id.</summary>
    private static OutboxMessage BccBatch(string id, string recipient, string[] bcc, RenderedEmail email, string topic) => new()
    {
        Id = id,
        Channel = Channel.Email,
        Recipient = recipient,
        Bcc = bcc,
        Subject = email.Subject,
        TextBody = email.Text,
        HtmlBody = email.Html,
        Topic = topic,
    };

    /// <summary>
    /// What the notice says of the next update (■次回の更新予定): the time the last person's update promised, else the severity's
    /// interval after it rounded up; none once over, or with reminders off and nothing promised. Kept as said
    /// (<see cref="IncidentComms.LastNoticeSaid"/>): the reminders and the stakeholders' view name this time, not one worked out again.
    /// </summary>
    private NoticePromise Said(Incident incident, LatestUpdate update) => new()
    {
        NextUpdateBy = !incident.IsOpen ? null : NextUpdatePromise.Told(update.At, incident.Comms.NextUpdateAt, comms.Value.UpdateInterval.For(incident.Severity), incidentOptions.Value.Zone),
        Closed = !incident.IsOpen,
        RecoveredAt = incident.IsOpen || incident.MergedInto is not null ? null : incident.ResolvedAt,
        Round = incident.ReopenCount,
    };

    /// <summary>
    /// A merged incident: the incident merged into as its readers follow it from now on — when its next update is due, as it last
    /// promised it (the same time its 障害の状況 gives, <see cref="IncidentOverviewService"/>; null when it promised none), and its
    /// severity (■重大度 of the 統合 notice); null when it is not merged or that one is over.
    /// </summary>
    private async Task<(DateTimeOffset? NextUpdateBy, AlertSeverity Severity)?> ContinuedAsync(Incident incident, CancellationToken cancellationToken) =>
        incident.MergedInto is { } into && await incidents.GetAsync(into, cancellationToken) is { Value: { IsOpen: true } target }
            ? (NextUpdatePromise.LastTold(target.Comms, comms.Value.UpdateInterval.For(target.Comms.ToldSeverity ?? target.Severity), incidentOptions.Value.Zone), target.Severity)
            : null;

    /// <summary><c>Team__PublicBaseUrl</c> without its trailing slash; null when unset: the notices link nothing.</summary>
    private string? BaseUrl => team.Value.BaseUrl;

    private StakeholderNotice Notice(Incident incident, int number, Language language, LatestUpdate update, string? audience, IReadOnlyDictionary<Language, StakeholderDraftsState>? draftsState = null)
    {
        var options = incidentOptions.Value;
        var baseUrl = BaseUrl;
        return new StakeholderNotice(language, incident, number, options.TimeZone)
        {
            SeverityMeaning = options.SeverityMeanings.For(incident.Severity, language),
            Update = update.Text,
            // Readers told before heard that message; a reader whose first notice this is has not.
            EarlierUpdate = number == 1 && update.Text is null ? update.Earlier : null,
            // What changed since the readers' notice before: nothing for a reader whose first notice this is — they never read a
            // version before it, nor a severity a duplicate merged in was told as (trial day 33 M0).
            Changes = number == 1 ? [] : incident.Comms.Changes,
            // A start a merge moved since their notice before, from the time it gave (trial 39 M3); a first notice gives only the new.
            StartMoved = number == 1 ? null : incident.Comms.StartMovedByMerge,
            AlsoTold = number == 1 ? [] : [.. incident.Comms.AlsoTell.Select(a => comms.Value.DisplayNameOf(a, language))],
            UpdatedBy = update.By,
            UpdatedAt = update.At,
            NextUpdateBy = Said(incident, update).NextUpdateBy,
            SeverityBefore = number == 1 ? null : incident.SeverityToldBefore,
            StatusBefore = number == 1 ? null : incident.StatusToldBefore,
            HighestSeverity = incident.MergedInto is null && !incident.IsOpen && incident.Comms.HighestToldSeverity is { } highest && highest < incident.Severity ? highest : null,
            HighestWasFirst = incident.Comms.HighestToldSeverity is { } h && h == incident.Comms.FirstToldSeverity,
            Cause = incident.Cause ?? update.IdentifiedAs,
            NextSteps = incident.NextSteps,
            // The read-only view: a reader following it lands on what they were told, not among the duty pair's buttons.
            // In the notice's language: an executive's browser in English still reads the Japanese notice's view in Japanese. And
            // in the readers' own series: an executive told twice reads 第2報 there too, not support's 第5報.
            Link = baseUrl is null ? null : IncidentMessages.IncidentOverviewLink(baseUrl, incident.Id, language, audience),
            // Whom they ask: their audience's own contact where it sets one, else the duty pair (the renderer names them).
            Contact = comms.Value.ContactOf(audience),
            Holder = update.Holder,
            CommsLead = update.CommsLead,
            ContactsAway = update.ContactsAway ?? new HashSet<string>(StringComparer.Ordinal),
            // PR and support (Drafts=true) act on what customers are told: the drafts in the notice's language, and their state.
            DraftsLink = baseUrl is not null && comms.Value.DraftsFor(audience) ? IncidentMessages.IncidentDraftsLink(baseUrl, incident.Id, language) : null,
            DraftsState = draftsState?.GetValueOrDefault(language) ?? StakeholderDraftsState.NotApproved,
            AnswersCustomers = comms.Value.DraftsFor(audience),
        }.AsCorrection(incident, number);
    }

    /// <summary>
    /// What the last person said, who (by roster name where known) and when; the declaration when nobody has updated yet. And what
    /// a person said when they last set the status to 原因特定 (identified): the cause as they knew it, for a recovery notice of an
    /// incident with no cause recorded.
    /// </summary>
    /// <param name="Earlier">When the latest update says nothing: the latest status message a person wrote before it.</param>
    /// <param name="Holder">Who holds it when not one of its duty members (<see cref="ContactHolder"/>), for ■お問い合わせ先.</param>
    /// <param name="ContactsAway">Of the duty members and the holder, the member ids on leave today (<see cref="ContactsAwayAsync"/>).</param>
    internal sealed record LatestUpdate(string? Text, string? By, DateTimeOffset At, string? IdentifiedAs = null, string? Earlier = null, AssignedMember? Holder = null,
        IReadOnlySet<string>? ContactsAway = null)
    {
        /// <summary>The communications lead (<see cref="ContactHolder.CommsLeadAsync"/>), named first in ■お問い合わせ先.</summary>
        public AssignedMember? CommsLead { get; init; }
    }

    private async Task<LatestUpdate> LatestUpdateAsync(Incident incident, IReadOnlyList<TimelineEntry> timeline, CancellationToken cancellationToken)
    {
        var last = timeline.LastOrDefault(e => e.Kind is TimelineKind.Update or TimelineKind.Resolved && IsPerson(e.By))
            ?? timeline.FirstOrDefault(e => e.Kind == TimelineKind.Opened);
        // The roster once (one query) for who wrote it, who holds it and who of them is away; unreadable, each one's row as before.
        var members = await MembersOrNullAsync(incident, cancellationToken);
        var by = last?.By;
        if (by is not null && (members is null ? (await roster.GetMemberAsync(by, cancellationToken))?.Value : members.FirstOrDefault(m => m.Id == by)) is { } member)
        {
            by = member.DisplayName;
        }

        // The merge's own row ("merged into …", stored in English) is what the notice of a merged incident says in its own words.
        var text = last?.Kind == TimelineKind.Opened || (incident.MergedInto is not null && last?.Kind == TimelineKind.Resolved) ? null : last?.Message;
        var identified = timeline.LastOrDefault(e => e.Kind == TimelineKind.Update && e.Status == IncidentStatus.Identified && IsPerson(e.By) && !string.IsNullOrWhiteSpace(e.Message));
        var earlier = text is not null || incident.MergedInto is not null
            ? null
            : timeline.LastOrDefault(e => e.Kind is TimelineKind.Update or TimelineKind.Resolved && IsPerson(e.By) && !string.IsNullOrWhiteSpace(e.Message))?.Message;
        var holder = members is null ? await ContactHolder.FindAsync(incident, roster, cancellationToken) : ContactHolder.Find(incident, members);
        var lead = members is null ? await ContactHolder.CommsLeadAsync(incident, roster, cancellationToken) : ContactHolder.CommsLead(incident, members);
        return new LatestUpdate(text, by, incident.Comms.LastPersonUpdateAt ?? last?.At ?? incident.DetectedAt, identified?.Message, earlier,
            holder, await ContactsAwayAsync(incident, holder, members, cancellationToken, lead)) { CommsLead = lead };
    }

    /// <summary>
    /// Which of the people ■お問い合わせ先 names (the duty members, the holder from outside them) are on leave today, in the team's zone:
    /// the readers are not sent to someone away for two weeks (trial 56: 鈴木, who took the SEV3 and went on leave, stayed named first
    /// in every notice the pair sent while she was away). Leave that cannot be read names them as before. A member abroad is away while her
    /// own leave days hold now (trial 61: Emma, on leave 24–25 Dec in San Francisco, is named again from 26 Dec 17:00 JST). Their zones
    /// come from <paramref name="members"/>, the roster as the notice read it, not a member row each; null (unreadable): each row as before.
    /// </summary>
    private async Task<IReadOnlySet<string>> ContactsAwayAsync(Incident incident, AssignedMember? holder, IReadOnlyCollection<Member>? members, CancellationToken cancellationToken, AssignedMember? lead = null)
    {
        var now = time.GetUtcNow();
        var today = TimeZones.DateAt(now, incidentOptions.Value.Zone);
        var away = await roster.AwayUntilAsync(
            incident.Assignees.Select(a => a.Id).Append(holder?.Id).Append(lead?.Id).OfType<string>().Distinct(StringComparer.Ordinal), today, null,
            (id, ex) => logger.LogWarning("Reading the leave of {MemberId} for incident {IncidentId}'s contacts failed; naming them as ever: {Error}", id, incident.Id, ex.Message),
            cancellationToken, incidentOptions.Value.Zone, members, now);
        return away.Keys.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The roster for a notice's contacts (one query); null when it cannot be read, for each member's row to be read instead.</summary>
    private async Task<IReadOnlyCollection<Member>?> MembersOrNullAsync(Incident incident, CancellationToken cancellationToken)
    {
        try
        {
            return [.. (await roster.ListMembersAsync(cancellationToken)).Select(m => m.Value)];
        }
        catch (DependencyUnavailableException ex)
        {
            logger.LogWarning("Reading the roster for incident {IncidentId}'s notice failed; reading each member's row: {Error}", incident.Id, ex.Message);
            return null;
        }
    }

    private static bool IsPerson(string? by) =>
        !string.IsNullOrWhiteSpace(by) && by != "system" && !by.StartsWith("alert:", StringComparison.Ordinal);
}
