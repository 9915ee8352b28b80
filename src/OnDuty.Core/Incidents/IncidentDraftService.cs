using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Drafts for PR and customer support: generated from the incident by the templates in OnDuty.Messages until a person saves
/// a reviewed version (with If-Match, and who approved it). OnDuty never publishes or sends them.
/// </summary>
public sealed class IncidentDraftService(IIncidentRepository incidents, IIncidentDraftStore drafts, INoticeRenderer renderer, TimeProvider time, IOptions<IncidentOptions> options)
{
    /// <summary>
    /// The saved draft with its ETag, else one generated from the incident now (ETag null: save it with <c>If-Match: *</c>), and
    /// the incident's status now (to tell whether the saved text is stale). <paramref name="regenerate"/>: generated from the
    /// incident's latest state even when one is saved, with the saved one's ETag, so saving it replaces that one.
    /// </summary>
    public async Task<IncidentDraftRead> GetAsync(string incidentId, Language language, CancellationToken cancellationToken, bool regenerate = false)
    {
        var incident = await incidents.GetAsync(incidentId, cancellationToken) ?? throw new NotFoundException("Incident", incidentId);
        var status = incident.Value.Status;
        var inputs = DraftInputs.Token(DraftInputs.Of(incident.Value));
        var read = await drafts.GetAsync(incidentId, language, cancellationToken) is { } saved
            ? regenerate
                ? new IncidentDraftRead(Generate(incident.Value, language), saved.ETag, status, [], inputs)
                : new IncidentDraftRead(saved.Value, saved.ETag, status, saved.Value.StaleBecause(incident.Value), inputs)
            : new IncidentDraftRead(Generate(incident.Value, language), null, status, [], inputs);
        return read with { MergedInto = incident.Value.MergedInto };
    }

    public IncidentDraft Generate(Incident incident, Language language)
    {
        string Part(DraftPart part) => renderer.Text(new IncidentDraftNotice(language, incident, part, options.Value.TimeZone)).Trim();
        return new IncidentDraft
        {
            Language = language,
            CustomerNotice = Part(DraftPart.CustomerNotice),
            Workaround = Part(DraftPart.Workaround),
            Faq = ParseFaq(Part(DraftPart.Faq)),
        };
    }

    /// <summary>
    /// Saves reviewed text. Approving needs who approved; a later save without approval makes it a draft again.
    /// <paramref name="reviewedInputs"/>: the incident's inputs as the reviewer read them (<see cref="IncidentDraftRead.Inputs"/>),
    /// stored as what the text was written for, so a change made while they reviewed shows as stale at once; null: as they are now.
    /// </summary>
    public async Task<(IncidentDraft Draft, string ETag)> SaveAsync(string incidentId, IncidentDraft input, string? ifMatch, string by, CancellationToken cancellationToken, string? reviewedInputs = null)
    {
        var reviewed = string.IsNullOrEmpty(reviewedInputs) ? null : DraftInputs.Parse(reviewedInputs);
        var errors = new ValidationErrors()
            .When(ifMatch is null, "If-Match", "is required: the ETag from GET, or * when none was given")
            .When(string.IsNullOrWhiteSpace(input.CustomerNotice), "customerNotice", "is required")
            .When(input.CustomerNotice?.Length > IncidentDraft.MaxNoticeLength, "customerNotice", $"must be at most {IncidentDraft.MaxNoticeLength} characters")
            .When(input.Workaround?.Length > IncidentDraft.MaxTextLength, "workaround", $"must be at most {IncidentDraft.MaxTextLength} characters")
            .When(input.Faq.Count > IncidentDraft.MaxQuestions, "faq", $"must have at most {IncidentDraft.MaxQuestions} entries")
            .When(input.Faq.Any(q => q is null), "faq", "entries must be objects with a question and an answer")
            .When(input.Faq.Any(q => q is not null && (string.IsNullOrWhiteSpace(q.Question) || q.Question.Length > IncidentDraft.MaxQuestionLength)), "faq", $"questions must be 1-{IncidentDraft.MaxQuestionLength} characters")
            .When(input.Faq.Any(q => q is not null && (string.IsNullOrWhiteSpace(q.Answer) || q.Answer.Length > IncidentDraft.MaxTextLength)), "faq", $"answers must be 1-{IncidentDraft.MaxTextLength} characters")
            .When(!Enum.IsDefined(input.Status), "status", "must be draft or approved")
            .When(input.Status == DraftStatus.Approved && string.IsNullOrWhiteSpace(input.ApprovedBy), "approvedBy", "is required to approve")
            .When(input.ApprovedBy?.Length > 100, "approvedBy", "must be at most 100 characters")
            .When(!string.IsNullOrEmpty(reviewedInputs) && reviewed is null, "inputs", "must be the inputs value from GET, as it was given");
        if (input.Status == DraftStatus.Approved)
        {
            // Approved means ready to publish: nothing generated for PR/CS to act on may be left in it (drafts may hold them).
            foreach (var (field, count) in new[] { ("customerNotice", DraftMarkers.Count(input.CustomerNotice)), ("workaround", DraftMarkers.Count(input.Workaround)), ("faq", DraftMarkers.Count(input.Faq)) })
            {
                errors.When(count > 0, field, $"cannot be approved while it holds generated markers ({count}): rewrite or remove each 【要修正…】/[EDIT: …], 【任意…】/[OPTIONAL: …] and fill in each （…ご記入ください）/(add …)");
            }
        }

        errors.ThrowIfAny();
        var incident = await incidents.GetAsync(incidentId, cancellationToken) ?? throw new NotFoundException("Incident", incidentId);

        var now = time.GetUtcNow();
        var approved = input.Status == DraftStatus.Approved;
        var draft = input with
        {
            CustomerNotice = input.CustomerNotice!.Trim(),
            Workaround = input.Workaround?.Trim() ?? "",
            Faq = [.. input.Faq.Select(q => new DraftQuestion(q.Question.Trim(), q.Answer.Trim()))],
            ApprovedBy = approved ? input.ApprovedBy!.Trim() : null,
            ApprovedAt = approved ? now : null,
            SavedBy = by,
            SavedAt = now,
            SavedInStatus = incident.Value.Status,
            Inputs = reviewed ?? DraftInputs.Of(incident.Value),
        };
        var etag = await drafts.SaveAsync(incidentId, draft, ifMatch!, cancellationToken);
        if (approved)
        {
            // Who approved which drafts, and when, on the incident's timeline (and so in the retro's): the drafts keep only the latest.
            var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.DraftsApproved, draft.Language.ToString().ToLowerInvariant(), draft.ApprovedBy);
            await incidents.AppendTimelineAsync(incidentId, [new TimelineEntry { At = now, Kind = TimelineKind.DraftsApproved, By = by, Message = text }], cancellationToken);
        }

        return (draft, etag);
    }

    /// <summary>Reads the FAQ template's output: blocks separated by a blank line, each <c>Q: …</c> then <c>A: …</c> (or <c>Q：</c>/<c>A：</c>).</summary>
    public static IReadOnlyList<DraftQuestion> ParseFaq(string text)
    {
        var result = new List<DraftQuestion>();
        foreach (var block in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var answerAt = block.IndexOf("\nA", StringComparison.Ordinal);
            if (!IsLabel(block, 0, 'Q') || answerAt < 0 || !IsLabel(block, answerAt + 1, 'A'))
            {
                continue;
            }

            result.Add(new DraftQuestion(block[2..answerAt].Trim(), block[(answerAt + 3)..].Trim()));
        }

        return result;
    }

    private static bool IsLabel(string text, int at, char label) =>
        text.Length > at + 1 && text[at] == label && text[at + 1] is ':' or '：';
}
