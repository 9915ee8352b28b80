using System.Text.Json;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Retros;

/// <summary>
/// Use cases for retro notes: read (pre-filled when none exists), save as a new version, list versions.
/// A retro may be drafted while the incident is still open: long incidents are written up as they go, and a
/// draft is never lost; reminders to write one (later) only concern resolved incidents.
/// </summary>
public sealed class RetroService(
    IRetroRepository retros,
    ILessonIndex index,
    IIncidentRepository incidents,
    IRosterRepository roster,
    ICriteriaRepository criteria,
    TimeProvider time,
    ILogger<RetroService> logger,
    Microsoft.Extensions.Options.IOptions<Incidents.IncidentOptions>? incidentOptions = null,
    ILessonWordings? wordings = null,
    ActionItemAssignments? assignments = null)
{
    /// <summary>The team's time zone, for the times a quiet correction replaced (said to the minute on its retro line).</summary>
    private TimeZoneInfo Zone => (incidentOptions?.Value ?? new Incidents.IncidentOptions()).Zone;

    /// <summary>Lines copied from the incident's timeline into a new retro at most.</summary>
    public const int MaxPrefill = 200;

    private const int MaxOverwriteAttempts = 5;

    public async Task<RetroState> GetAsync(string incidentId, CancellationToken cancellationToken)
    {
        var incident = await incidents.GetAsync(incidentId, cancellationToken) ?? throw new NotFoundException("Incident", incidentId);
        var saved = await retros.GetAsync(incidentId, cancellationToken);
        if (saved is not null)
        {
            return new RetroState(incident.Value, saved, []);
        }

        return new RetroState(incident.Value, null, await PrefillAsync(incident.Value, cancellationToken));
    }

    /// <summary>
    /// The timeline a new retro starts from: the incident's own (<see cref="Prefill"/>) and, in time order, those of the duplicates
    /// merged into it, each such line saying where it came from — what the retro page pre-fills, and what an API save without
    /// <c>timeline</c> stores.
    /// </summary>
    private async Task<IReadOnlyList<RetroTimelineEntry>> PrefillAsync(Incident incident, CancellationToken cancellationToken)
    {
        var own = await incidents.GetTimelineAsync(incident.Id, cancellationToken);
        if (incident.MaxSeverityUnknown)
        {
            // Stored before the highest severity was kept: the page says 「最大重大度 SEV1」 from the timeline.
            incident.RecallMaxSeverity(own);
        }

        var lines = Prefill(own, Zone, incident.Comms).ToList();
        foreach (var merged in incident.MergedIncidents)
        {
            // The duplicates merged into it tell the same outage: their lines too, in time order, each saying where it came from.
            var comms = (await incidents.GetAsync(merged, cancellationToken))?.Value.Comms;
            lines.AddRange(Prefill(await incidents.GetTimelineAsync(merged, cancellationToken), Zone, comms).Select(e => e with { Incident = merged }));
        }

        // A member recorded by id (the acknowledge link, a signed-in form) or address is written by name, as typed names are:
        // the retro is the team's document, and 「yamada」 beside 「佐藤 花子」 read as two kinds of people (trial 33, L2).
        var names = await NamesAsync(incident, cancellationToken);
        lines = [.. lines.Select(e => e.By is { } by && names.TryGetValue(by, out var name) ? e with { By = name } : e)];
        return incident.MergedIncidents.Count == 0 ? lines : [.. lines.OrderBy(e => e.At).Take(MaxPrefill)];
    }

    /// <summary>
    /// Display names by member id and by address: the incident's duty members as recorded on it, then the roster's (ids as recorded
    /// when the roster cannot be read).
    /// </summary>
    private async Task<Dictionary<string, string>> NamesAsync(Incident incident, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var assignee in incident.Assignees)
        {
            names.TryAdd(assignee.Id, assignee.DisplayName);
            if (!string.IsNullOrEmpty(assignee.Email))
            {
                names.TryAdd(assignee.Email, assignee.DisplayName);
            }
        }

        try
        {
            foreach (var member in (await roster.ListMembersAsync(cancellationToken)).Select(m => m.Value))
            {
                names.TryAdd(member.Id, member.DisplayName);
                if (!string.IsNullOrEmpty(member.Email))
                {
                    names.TryAdd(member.Email, member.DisplayName);
                }
            }
        }
        catch (DependencyUnavailableException ex)
        {
            logger.LogWarning("Reading the roster for the retro's names failed; its lines keep the ids recorded: {Error}", ex.Message);
        }

        return names;
    }

    /// <summary>
    /// Who responded to <paramref name="incident"/> (<see cref="IncidentResponders"/>), from its timeline and those of the
    /// duplicates merged into it; <paramref name="members"/> is the roster, to know members recorded by address.
    /// </summary>
    public async Task<IncidentResponders> RespondersAsync(Incident incident, IReadOnlyList<Member> members, CancellationToken cancellationToken)
    {
        var timeline = new List<TimelineEntry>(await incidents.GetTimelineAsync(incident.Id, cancellationToken));
        foreach (var merged in incident.MergedIncidents)
        {
            timeline.AddRange(await incidents.GetTimelineAsync(merged, cancellationToken));
        }

        return IncidentResponders.Of(incident, timeline, members);
    }

    /// <summary>The severities <paramref name="incident"/> held, when it changed (<see cref="SeverityStep.History"/>), from its own timeline.</summary>
    public async Task<IReadOnlyList<SeverityStep>> SeverityHistoryAsync(Incident incident, CancellationToken cancellationToken) =>
        SeverityStep.History(incident, await incidents.GetTimelineAsync(incident.Id, cancellationToken));

    /// <summary>
    /// Saves <paramref name="content"/> as the next version. <paramref name="ifMatch"/>: null only for the first save
    /// (a retro that exists is a conflict), <c>*</c> for "over whatever is there", else the ETag that was read (412
    /// when someone saved since: their version is kept and nothing of this one is written). <paramref name="timelineOmitted"/>: the
    /// client sent no <c>timeline</c> (the API; an empty list is an empty timeline) — the saved version's is kept, or, for the
    /// first save, the incident's own is stored as the retro page pre-fills it, so the API and the form give the same retro.
    /// </summary>
    public async Task<Versioned<StoredRetro>> SaveAsync(string incidentId, RetroContent content, string by, string? ifMatch, CancellationToken cancellationToken, bool timelineOmitted = false) =>
        (await SaveTellingAsync(incidentId, content, by, ifMatch, cancellationToken, timelineOmitted)).Retro;

    /// <summary>
    /// As <see cref="SaveAsync"/>, also returning the action-item owners whose mail this save queued (<see cref="ActionItemAssignments"/>),
    /// so the page can say whom it tells.
    /// </summary>
    public async Task<RetroSaved> SaveTellingAsync(string incidentId, RetroContent content, string by, string? ifMatch, CancellationToken cancellationToken, bool timelineOmitted = false)
    {
        new ValidationErrors()
            .When(by.Length > RetroRules.MaxBy, "by", $"must be at most {RetroRules.MaxBy} characters")
            .CheckLine("by", by)
            .ThrowIfAny();

        var incident = await incidents.GetAsync(incidentId, cancellationToken) ?? throw new NotFoundException("Incident", incidentId);
        var roll = await roster.LoadRosterAsync(cancellationToken);
        var members = roll.Keys.ToHashSet(StringComparer.Ordinal);
        var criterionIds = content.CriteriaChanges is { Count: > 0 }
            ? (await criteria.ListAsync(cancellationToken)).Select(c => c.Value.Id).ToHashSet(StringComparer.Ordinal)
            : [];
        // A past due date is refused when it is given, not when a saved item went past it (the retro is edited later).
        var savedRetro = (await retros.GetAsync(incidentId, cancellationToken))?.Value.Content;
        var saved = savedRetro?.ActionItems ?? [];
        if (timelineOmitted)
        {
            content = content with { Timeline = savedRetro?.Timeline ?? [.. (await PrefillAsync(incident.Value, cancellationToken)).Take(RetroRules.MaxTimelineEntries)] };
        }

        var today = TimeZones.DateAt(time.GetUtcNow(), Zone);
        var cleaned = RetroRules.Clean(content, members, criterionIds, today, saved);
        var updates = await LessonDocument.UpdatesOfAsync(incidents, incidentId, cancellationToken);
        var document = LessonDocument.For(incident.Value, cleaned, wordings, updates, roll.ToDictionary(m => m.Key, m => m.Value.DisplayName, StringComparer.Ordinal));

        for (var attempt = 1; ; attempt++)
        {
            var current = await retros.GetAsync(incidentId, cancellationToken);
            CheckPrecondition(incidentId, current, ifMatch);
            var next = new StoredRetro(incidentId, cleaned, new RetroVersion((current?.Value.Version.Version ?? 0) + 1, by, time.GetUtcNow()), document);

            // Index first: once the save returns the retro is findable. A save that then fails leaves extra postings,
            // which searches drop by checking each hit against the stored record.
            await index.AddAsync(document, current?.Value.Indexed, cancellationToken);
            string etag;
            try
            {
                etag = await retros.SaveAsync(next, current?.ETag, cancellationToken);
            }
            catch (ConcurrencyException) when (ifMatch == "*" && attempt < MaxOverwriteAttempts)
            {
                continue;
            }

            // The first save replaces what LessonIndexer may have indexed of the incident alone.
            await RemoveStaleAsync(current?.Value.Indexed ?? LessonDocument.For(incident.Value, null, wordings, updates), document, cancellationToken);

            logger.LogInformation("Retro of {IncidentId} saved as version {Version} by {By}", incidentId, next.Version.Version, by);
            // Against the version this one replaced (a racing save's items count as told: their save told them).
            var told = assignments is null ? []
                : await assignments.TellOwnersAsync(incident.Value, current?.Value.Content.ActionItems ?? [], cleaned.ActionItems, by, roll, cancellationToken);

            return new RetroSaved(new Versioned<StoredRetro>(next, etag), told);
        }
    }

    public async Task<IReadOnlyList<RetroVersion>> ListVersionsAsync(string incidentId, CancellationToken cancellationToken)
    {
        var versions = await retros.ListVersionsAsync(incidentId, cancellationToken);
        if (versions.Count == 0 && await incidents.GetAsync(incidentId, cancellationToken) is null)
        {
            throw new NotFoundException("Incident", incidentId);
        }

        return versions;
    }

    public async Task<(RetroContent Content, RetroVersion Version)> GetVersionAsync(string incidentId, int version, CancellationToken cancellationToken) =>
        await retros.GetVersionAsync(incidentId, version, cancellationToken) ?? throw new NotFoundException("Retro version", $"{incidentId}/{version}");

    /// <summary>
    /// The incident's own timeline as retro lines: people's words and alert summaries kept, repeats of an alert and deliveries
    /// (which channel reached whom) left out; a stakeholder notice says which notice went to whom, and an update says the status
    /// it moved to and the details it changed on lines of their own before its words (<see cref="TimelineStory"/>).
    /// </summary>
    /// <param name="zone">Where the times a quiet correction replaced are said (<see cref="CorrectedValues.Lines"/>); the team's by default.</param>
    /// <param name="comms">The incident's comms: a notice says each audience's number in its own series (<see cref="TimelineStory.Notice"/>); null: the incident's number.</param>
    public static IReadOnlyList<RetroTimelineEntry> Prefill(IReadOnlyList<TimelineEntry> timeline, TimeZoneInfo? zone = null, IncidentComms? comms = null)
    {
        var before = TimelineStory.StatusesBefore(timeline);
        return [.. timeline
            .Select((e, i) => (Entry: e, Before: before[i]))
            .Where(x => x.Entry.Kind is not (TimelineKind.AlertRepeated or TimelineKind.Delivered) && !TimelineStory.SaysNothing(x.Entry, timeline))
            .SelectMany(x => Lines(x.Entry, x.Before, zone ?? new Incidents.IncidentOptions().Zone, comms))
            .Take(MaxPrefill)];

        static IEnumerable<RetroTimelineEntry> Lines(TimelineEntry e, IncidentStatus? before, TimeZoneInfo zone, IncidentComms? comms)
        {
            var kind = JsonNamingPolicy.CamelCase.ConvertName(e.Kind.ToString());
            RetroTimelineEntry Line(string? text) => new()
            {
                At = e.At,
                Kind = kind,
                By = e.By,
                Via = e.Kind is TimelineKind.Acknowledged or TimelineKind.Opened ? e.Via : null,
                Text = text is { Length: > RetroRules.MaxTimelineText } longText ? longText[..RetroRules.MaxTimelineText] : text,
            };

            // A quiet correction's old → new values on lines of their own after which details it changed.
            var said = new[] { TimelineStory.StatusChange(e, before), TimelineStory.Changes(e), TimelineStory.Notice(e, comms), TimelineStory.RecoveryAsked(e) }.OfType<string>()
                .Concat(e.Corrected?.Lines(zone) ?? []).ToList();
            foreach (var text in said)
            {
                yield return Line(text);
            }

            if (e.Message is not null || said.Count == 0)
            {
                yield return Line(e.Message);
            }
        }
    }

    private void CheckPrecondition(string incidentId, Versioned<StoredRetro>? current, string? ifMatch)
    {
        if (ifMatch is null && current is not null)
        {
            throw new ConcurrencyException($"The retro of '{incidentId}' exists (version {current.Value.Version.Version}): read it and send If-Match with its ETag, or * to save over it.");
        }

        if (ifMatch is not null && ifMatch != "*" && !string.Equals(current?.ETag, ifMatch, StringComparison.Ordinal))
        {
            if (current is null)
            {
                throw new ConcurrencyException($"The retro of '{incidentId}' does not exist yet: save it without If-Match (or with *).");
            }

            // The other save's time in the team's zone, named (「…に第2版を保存しています」 10:30（JST）), as the retro page's stale
            // notice says it — not in UTC (session 57's two-PMs walk).
            var saved = current.Value.Version;
            var zone = incidentOptions?.Value.TimeZone ?? Incidents.IncidentOptions.DefaultTimeZone;
            var at = TimeZoneInfo.ConvertTime(saved.SavedAt, Zone);
            throw new ConcurrencyException(
                $"The retro of '{incidentId}' was saved by {saved.SavedBy} at {at:yyyy-MM-dd HH:mm} ({zone}) (version {saved.Version}); their version is kept.",
                Refusal.Of(RetroRefusals.SavedMeanwhile, ("incident", incidentId), ("member", saved.SavedBy), ("at", at), ("timeZone", zone), ("version", saved.Version)));
        }
    }

    private async Task RemoveStaleAsync(LessonDocument previous, LessonDocument current, CancellationToken cancellationToken)
    {
        try
        {
            await index.RemoveStaleAsync(previous, current, cancellationToken);
        }
        catch (DependencyUnavailableException ex)
        {
            // The retro is saved; a stale posting only costs a search a dropped candidate (hits are checked against the record).
            logger.LogWarning(ex, "Retro of {IncidentId} saved, but old index rows could not be removed", current.IncidentId);
        }
    }
}
