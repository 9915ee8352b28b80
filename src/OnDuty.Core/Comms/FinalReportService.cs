using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;

namespace OnDuty.Core.Comms;

/// <summary>
/// The final report (最終報) after the retro: to the audiences told about a resolved incident (<see cref="IncidentComms.ToldAudiences"/>),
/// their readers resolved as the status notices' are (<see cref="StakeholderAudience"/>), each reader once, in their own audience's mail
/// (the first by name of theirs), language and zone; prefilled from the record and the retro, edited by the duty PM, sent once.
/// </summary>
/// <remarks>
/// Labelled 最終報, not numbered: each audience reads its own series (<see cref="IncidentComms.FirstNotices"/>), and a number here would
/// count as a notice the update reminders and the 障害の状況 view wait on. Each audience's mails are one topic
/// (<see cref="OutboxIds.FinalReportTopic"/>) cut into batches of <see cref="CommsOptions.ReadersPerMessage"/>: a repeated or double-clicked
/// send queues the same ids (a no-op), and the record (<see cref="Incident.MarkFinalReportSent"/>) is written once.
/// </remarks>
public sealed class FinalReportService(
    IIncidentRepository incidents,
    IRetroRepository retros,
    IRosterRepository roster,
    StakeholderAudience audience,
    INoticeRenderer renderer,
    OutboxDispatcher outbox,
    TimeProvider time,
    IOptions<CommsOptions> comms,
    IOptions<IncidentOptions> incidentOptions,
    IOptions<TeamOptions> team,
    ILogger<FinalReportService> logger)
{
    /// <summary>The send form's state: the prefilled text, its audiences and their addresses, why it cannot go now, and what went.</summary>
    public async Task<FinalReportDraft> GetAsync(string incidentId, CancellationToken cancellationToken)
    {
        var draft = await ReadAsync(incidentId, cancellationToken);
        if (draft is { Refused: null, Sent: null })
        {
            try
            {
                var readers = await audience.ResolveAsync(draft.Audiences, cancellationToken);
                draft = draft with { Addresses = readers.Count, Languages = [.. readers.Select(r => r.Language).Distinct().Order()] };
            }
            catch (DependencyUnavailableException ex)
            {
                // The form still shows; the count is not known now (the send itself waits for the directory).
                logger.LogWarning("Final report of {IncidentId}: the audiences' addresses cannot be counted now: {Error}", incidentId, ex.Message);
            }
        }

        return draft;
    }

    /// <summary>
    /// The draft as stored (no directory lookup): prefilled from the incident and its retro, refused or sent as the record says, the
    /// addresses counted only once it was sent.
    /// </summary>
    private async Task<FinalReportDraft> ReadAsync(string incidentId, CancellationToken cancellationToken)
    {
        var incident = (await incidents.GetAsync(incidentId, cancellationToken) ?? throw new NotFoundException("Incident", incidentId)).Value;
        var retro = (await retros.GetAsync(incidentId, cancellationToken))?.Value;
        return new FinalReportDraft(incident, Prefill(incident, retro?.Content), incident.Comms.FinalReport?.Audiences ?? incident.Comms.ToldAudiences)
        {
            Refused = Refusal(incident, retro),
            Addresses = incident.Comms.FinalReport?.Addresses,
            Last = incident.Comms.FinalReport is null ? null : await LastReadAsync(incidentId, cancellationToken),
        };
    }

    /// <summary>
    /// Queues the final report <paramref name="text"/> by <paramref name="by"/> (a roster member: <see cref="SenderAsync"/>) and records it with its text; once sent, a repeat
    /// queues nothing and returns what went (<see cref="FinalReportDraft.Sent"/>).
    /// </summary>
    /// <returns>The draft as it stands after, and whether this call sent it.</returns>
    /// <exception cref="ValidationException">A field missing or too long; <paramref name="by"/> naming no roster member, or several.</exception>
    /// <exception cref="ConflictException">The incident is open or merged, nobody was told about it, or its retro is not written.</exception>
    public async Task<(FinalReportDraft Draft, bool SentNow)> SendAsync(string incidentId, FinalReportText text, string by, CancellationToken cancellationToken)
    {
        text.Validate(by);
        text = text.Trimmed();
        by = await SenderAsync(by.Trim(), cancellationToken);

        // As stored, without counting the addresses: the send resolves them once, below.
        var current = await ReadAsync(incidentId, cancellationToken);
        if (current.Sent is not null)
        {
            logger.LogInformation("Final report of {IncidentId} was sent already ({At}); nothing queued", incidentId, current.Sent.At);
            return (current, false);
        }

        if (current.Refused is { } refused)
        {
            throw new ConflictException("incident", ConflictReason(refused, current.Incident));
        }

        var incident = current.Incident;
        var readers = await audience.ResolveAsync(incident.Comms.ToldAudiences, cancellationToken);
        var messages = Compose(incident, text, readers, await ContactHolder.FindAsync(incident, roster, cancellationToken),
            commsLead: await ContactHolder.CommsLeadAsync(incident, roster, cancellationToken));
        await outbox.EnqueueAsync(messages, cancellationToken);
        var audiences = incident.Comms.ToldAudiences;
        var saved = await incidents.MutateAsync(incidentId, i => i.MarkFinalReportSent(time.GetUtcNow(), by, audiences, readers.Count, text), cancellationToken);
        logger.LogInformation("Final report of {IncidentId} queued by {By}: audiences {Audiences}, readers {Readers}, messages {Messages}",
            incidentId, by, string.Join(", ", audiences), readers.Count, messages.Count);
        return (current with { Incident = saved.Value, Addresses = readers.Count }, true);
    }

    /// <summary>
    /// Queues a correction (【訂正】) of the final report sent: the corrected <paramref name="text"/> by <paramref name="by"/>, to the audiences
    /// the final report went to, each reader in their own audience's mail, language and zone, saying what the readers were told and what is
    /// right; recorded on the incident and its timeline. The same text as the readers last read (a double click, a retried script, or
    /// nothing changed) queues nothing new.
    /// </summary>
    /// <returns>The draft as it stands after, and whether this call sent a correction.</returns>
    /// <exception cref="ValidationException">A field missing or too long; <paramref name="by"/> naming no roster member, or several.</exception>
    /// <exception cref="ConflictException">No final report was sent yet; another correction was sent while this one was (this one not sent:
    /// <c>finalReportCorrectedMeanwhile</c>).</exception>
    public async Task<(FinalReportDraft Draft, bool SentNow)> CorrectAsync(string incidentId, FinalReportText text, string by, CancellationToken cancellationToken)
    {
        text.Validate(by);
        text = text.Trimmed();
        by = await SenderAsync(by.Trim(), cancellationToken);

        var current = await ReadAsync(incidentId, cancellationToken);
        if (current.Sent is not { } sent)
        {
            throw new ConflictException("incident", $"no final report of {incidentId} was sent: there is nothing to correct (send it with POST /api/incidents/{incidentId}/final-report)");
        }

        var incident = current.Incident;
        if (current.Last is { } was && was.SaysSameAs(text))
        {
            if (sent.Corrections > 0)
            {
                // The last correction's mails queued again under their ids (a no-op when they were): a correction whose number the record
                // took but whose queueing failed goes out when its sender sends it again, not never.
                var rows = await FinalReportRowsAsync(incidentId, cancellationToken);
                var before = rows.Count > 1 ? rows[^2].FinalReport : null;
                var again = await audience.ResolveAsync(sent.Audiences, cancellationToken);
                await outbox.EnqueueAsync(
                    Compose(incident, was, again, await ContactHolder.FindAsync(incident, roster, cancellationToken), new FinalReportCorrection(sent.At, before), sent.Corrections,
                        await ContactHolder.CommsLeadAsync(incident, roster, cancellationToken)), cancellationToken);
            }

            logger.LogInformation("Final report correction of {IncidentId}: the text is what the readers last read; nothing new queued", incidentId);
            return (current, false);
        }

        var number = sent.Corrections + 1;
        var readers = await audience.ResolveAsync(sent.Audiences, cancellationToken);
        var messages = Compose(incident, text, readers, await ContactHolder.FindAsync(incident, roster, cancellationToken), new FinalReportCorrection(sent.At, current.Last), number,
            await ContactHolder.CommsLeadAsync(incident, roster, cancellationToken));

        // The number taken in the record (at the ETag read) before anything is queued: of two corrections sent at the same moment, each
        // saying "was X" about the same text, one is correction n and the other is refused (409) with nothing queued — never both queued
        // under the same ids, the second silently dropped while its sender is told it went.
        var claimed = false;
        var saved = await incidents.MutateAsync(incidentId, i => claimed = i.MarkFinalReportCorrected(time.GetUtcNow(), by, number, text), cancellationToken);
        if (!claimed)
        {
            var other = saved.Value.Comms.FinalReport;
            logger.LogWarning("Final report correction of {IncidentId} by {By} refused: correction {Number} was sent meanwhile", incidentId, by, number);
            // When the other went, in the team's zone and named (「12月10日(木) 10:30（JST）に」), as retroSavedMeanwhile says its save.
            var zone = incidentOptions.Value.TimeZone;
            var at = other?.CorrectedAt is { } correctedAt ? TimeZoneInfo.ConvertTime(correctedAt, incidentOptions.Value.Zone) : (DateTimeOffset?)null;
            throw new ConflictException(
                "incident",
                $"another correction of the final report of {incidentId} (correction {other?.Corrections}) was sent{(at is { } t ? $" at {t:yyyy-MM-dd HH:mm} ({zone})" : "")}, while this one was being sent: this one was not sent. "
                + $"Read what went (GET /api/incidents/{incidentId}/final-report) and send a correction again if it is still needed",
                Common.Refusal.Of("finalReportCorrectedMeanwhile", ("number", other?.Corrections), ("at", at), ("timeZone", at is null ? null : zone)));
        }

        await outbox.EnqueueAsync(messages, cancellationToken);
        logger.LogInformation("Final report correction {Number} of {IncidentId} queued by {By}: audiences {Audiences}, readers {Readers}, messages {Messages}",
            number, incidentId, by, string.Join(", ", sent.Audiences), readers.Count, messages.Count);
        return (current with { Incident = saved.Value }, true);
    }

    /// <summary>What the final report's readers last read: the newest text kept on a final report or correction row; null when none was kept.</summary>
    private async Task<FinalReportText?> LastReadAsync(string incidentId, CancellationToken cancellationToken) =>
        (await FinalReportRowsAsync(incidentId, cancellationToken)).LastOrDefault()?.FinalReport;

    /// <summary>The final report's and its corrections' timeline rows, oldest first.</summary>
    private async Task<List<TimelineEntry>> FinalReportRowsAsync(string incidentId, CancellationToken cancellationToken) =>
        [.. (await incidents.GetTimelineAsync(incidentId, cancellationToken)).Where(e => e.Kind is TimelineKind.FinalReportSent or TimelineKind.FinalReportCorrected)];

    /// <summary>
    /// The member id of the sender as a person typed them: their id, an address of theirs, their display name (spaces and case ignored:
    /// 「佐藤花子」) or its first word (「佐藤」), when that names exactly one active member; the retro page's お名前 is typed by people who know
    /// each other by name, not by id (trial 55).
    /// </summary>
    /// <exception cref="ValidationException">Nobody on the roster by that name, or several (each named with their id, to choose).</exception>
    private async Task<string> SenderAsync(string typed, CancellationToken cancellationToken)
    {
        if (Slug.IsValid(typed) && await roster.GetMemberAsync(typed, cancellationToken) is not null)
        {
            return typed;
        }

        var active = (await roster.ListMembersAsync(cancellationToken)).Select(m => m.Value).Where(m => m.Active).ToList();
        var named = active.Where(m => m.HasAddress(typed) || Member.SameName(m.DisplayName, typed)).ToList();
        if (named.Count == 0)
        {
            named = [.. active.Where(m => Member.SameName(m.ShortName, typed))];
        }

        return named.Count switch
        {
            1 => named[0].Id,
            0 => throw new ValidationException("by", $"'{typed}' is not a roster member: the final report is sent by a duty PM, by their member id or name"),
            _ => throw new ValidationException(
                "by", $"'{typed}' names {named.Count} roster members ({string.Join(", ", named.OrderBy(m => m.Id, StringComparer.Ordinal).Select(m => $"{m.DisplayName}: {m.Id}"))}): give the member id"),
        };
    }

    /// <summary>
    /// The text as the form starts it: the retro's summary; the impact as the retro wrote it, else as the record says; the cause as the
    /// recovery notice told it (the record's); every retro action item with its due date as a measure. The retro's internal parts
    /// (判断に迷ったこと, manual and criteria changes) are never prefilled.
    /// </summary>
    public static FinalReportText Prefill(Incident incident, RetroContent? retro) => new()
    {
        Summary = retro?.Summary ?? "",
        Impact = (string.IsNullOrWhiteSpace(retro?.Impact) ? incident.UserImpact : retro.Impact) ?? "",
        Cause = incident.Cause ?? "",
        Measures = [.. (retro?.ActionItems ?? []).Select(a => new FinalReportMeasure(a.Title, a.Due))],
    };

    private static FinalReportRefusal? Refusal(Incident incident, StoredRetro? retro) =>
        incident.MergedInto is not null ? FinalReportRefusal.Merged
        : incident.IsOpen ? FinalReportRefusal.Open
        : incident.Comms.ToldAudiences.Count == 0 ? FinalReportRefusal.NobodyTold
        : retro is null ? FinalReportRefusal.NoRetro
        : null;

    /// <summary>The 409's reason: what is wrong and what to do (the API's callers read English).</summary>
    private static string ConflictReason(FinalReportRefusal refused, Incident incident) => refused switch
    {
        FinalReportRefusal.Merged => $"{incident.Id} was merged into {incident.MergedInto}: send the final report from {incident.MergedInto} once it is resolved and its retro is written",
        FinalReportRefusal.Open => $"{incident.Id} is still open: resolve it (the recovery notice tells the stakeholders), write the retro, then send the final report",
        FinalReportRefusal.NobodyTold => $"no audience was told about {incident.Id}: nobody awaits a final report (tell them with an update first if they should hear of it)",
        _ => $"the retro of {incident.Id} is not written yet: save it (PUT /api/incidents/{incident.Id}/retro), then send the final report",
    };

    /// <summary>
    /// The final report's outbox rows: per reader's own audience (the first by name of theirs), language and zone, readers sorted and cut into
    /// blind-copied batches.
    /// </summary>
    /// <param name="holder">Who holds it when not one of its duty members (<see cref="ContactHolder"/>), named first in ■お問い合わせ先.</param>
    /// <param name="commsLead">The communications lead (<see cref="ContactHolder.CommsLeadAsync"/>), named before the holder.</param>
    /// <param name="correction">A correction of the final report, number <paramref name="number"/>; null: the final report itself.</param>
    internal IReadOnlyList<OutboxMessage> Compose(
        Incident incident, FinalReportText text, IReadOnlyList<StakeholderRecipient> readers, AssignedMember? holder, FinalReportCorrection? correction = null, int number = 0,
        AssignedMember? commsLead = null)
    {
        var options = incidentOptions.Value;
        var baseUrl = team.Value.BaseUrl;
        var messages = new List<OutboxMessage>();
        var groups = readers
            .GroupBy(r => (Own: r.Audiences.Order(StringComparer.OrdinalIgnoreCase).First(), r.Language, Zone: OtherZone(r.TimeZone, options)))
            .OrderBy(g => g.Key.Own, StringComparer.OrdinalIgnoreCase).ThenBy(g => g.Key.Language).ThenBy(g => g.Key.Zone, StringComparer.Ordinal);
        foreach (var series in groups)
        {
            var (own, language, zone) = series.Key;
            var email = renderer.Email(new FinalReportNotice(language, incident, options.TimeZone, text)
            {
                ReaderTimeZone = zone,
                Contact = comms.Value.ContactOf(own),
                Holder = holder,
                CommsLead = commsLead,
                Link = baseUrl is null ? null : IncidentMessages.IncidentOverviewLink(baseUrl, incident.Id, language, own),
                Correction = correction,
            });
            var topic = correction is null ? OutboxIds.FinalReportTopic(incident.Id, own) : OutboxIds.FinalReportCorrectionTopic(incident.Id, own, number);
            var what = correction is null ? "final report" : $"final report correction {number}";
            var tag = (language == Language.Ja ? "ja" : "en") + (zone is null ? "" : "." + zone.Replace('/', '-'));
            var batches = series.Select(r => r.Address).Order(StringComparer.Ordinal).Chunk(CommsOptions.ReadersPerMessage).ToList();
            for (var b = 0; b < batches.Count; b++)
            {
                messages.Add(new OutboxMessage
                {
                    Id = OutboxIds.EmailBatch(topic, tag, b),
                    Channel = Channel.Email,
                    Recipient = $"{what} ({own} {tag} {b + 1}/{batches.Count}, {batches[b].Length} bcc)",
                    Bcc = batches[b],
                    Subject = email.Subject,
                    TextBody = email.Text,
                    HtmlBody = email.Html,
                    Topic = topic,
                });
            }
        }

        return messages;
    }

    /// <summary>A reader's zone when it is not the team's (the same zone by another spelling is the team's); null: the team's.</summary>
    private static string? OtherZone(string? zone, IncidentOptions options) =>
        zone is not null && TimeZones.TryFind(zone, out var theirs) && TimeZones.TryFind(options.TimeZone, out var ours)
            && !string.Equals(theirs.Id, ours.Id, StringComparison.OrdinalIgnoreCase) ? zone : null;
}
