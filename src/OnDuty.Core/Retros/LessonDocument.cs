using System.Globalization;
using System.Text;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Retros;

/// <summary>
/// What the lessons index knows of one incident and its retro: the fields searches filter on and the terms it
/// is found by, with how often each occurs. Kept on the retro record too, so the next save knows which index
/// rows to replace.
/// </summary>
public sealed record LessonDocument
{
    /// <summary>At most this many terms per document (the most frequent): bounds the index writes of one save.</summary>
    public const int MaxTerms = 1_500;

    public required string IncidentId { get; init; }

    public required string Title { get; init; }

    public required AlertSeverity Severity { get; init; }

    /// <summary>Affected areas, normalised with <see cref="NormaliseArea"/>.</summary>
    public IReadOnlyList<string> Areas { get; init; } = [];

    /// <summary>When the incident was detected: the time searches filter and break ties on.</summary>
    public required DateTimeOffset At { get; init; }

    public IReadOnlyDictionary<string, int> Terms { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// The incident this one was merged into (<see cref="Incident.MergedInto"/>) when the document was made; null when it was not.
    /// The action-item index lists the retro's items with it (session 39); not searched, not part of <see cref="Fingerprint"/>.
    /// </summary>
    public string? MergedInto { get; init; }

    /// <summary>
    /// Whether the incident was confidential (<see cref="Incident.Confidential"/>) when the document was made: the action-item index
    /// keeps it with the retro's items, so the list masks them for outsiders without reading the incident; null in a document made
    /// before it was kept (unknown). Not searched, not part of <see cref="Fingerprint"/>.
    /// </summary>
    public bool? Confidential { get; init; }

    /// <summary>The incident and its retro as one document (the retro may be null: an incident alone is searchable too).</summary>
    /// <param name="wordings">The incident's title as readers of other languages read it (<see cref="ILessonWordings"/>): indexed too,
    /// so an English reader's words find a Japanese team's heartbeat incident and the reverse; null: the stored text only.</param>
    /// <param name="updates">What people said in the incident's status updates (<see cref="UpdateTexts"/>), oldest first: every
    /// one is searchable, not only the last (which the record holds); null: the record's text only.</param>
    /// <param name="ownerNames">Display names by member id (the roster's, and those taken off it by the name they had): each action item's
    /// owner is indexed by name, so 「田中」 finds the retros whose items 田中 健 owns (session 48); null: by none.</param>
    public static LessonDocument For(
        Incident incident, RetroContent? retro, ILessonWordings? wordings = null, IReadOnlyList<string>? updates = null, IReadOnlyDictionary<string, string>? ownerNames = null)
    {
        // The incident's own words (cause, next steps, every update) stay indexed once a retro exists: the retro has no cause field.
        // Its id too (session 62): 「INC-2026-0042」 typed in the search finds it (an id is no secret: an outsider gets the masked row).
        var texts = new List<string?> { incident.Id, incident.Title };
        texts.AddRange(SearchableFields(incident, updates).Select(f => f.Text));
        if (wordings is not null)
        {
            texts.AddRange(wordings.Of(incident));
        }

        texts.AddRange(incident.AffectedAreas);
        texts.AddRange(incident.Platforms);
        if (retro is not null)
        {
            texts.AddRange(SearchableFields(retro, ownerNames).Select(f => f.Text));
        }

        // `timeout` and 「タイムアウト」 find each other (a small fixed table, LessonLoanwords).
        texts.AddRange(LessonLoanwords.Counterparts(texts));
        var terms = LessonTokenizer.Frequencies(texts)
            .OrderByDescending(t => t.Value)
            .Take(MaxTerms)
            .ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        return new LessonDocument
        {
            IncidentId = incident.Id,
            Title = incident.Title,
            Severity = incident.Severity,
            Areas = [.. incident.AffectedAreas.Select(NormaliseArea).Distinct(StringComparer.Ordinal)],
            At = incident.DetectedAt,
            Terms = terms,
            MergedInto = incident.MergedInto,
            Confidential = incident.Confidential,
        };
    }

    /// <summary>
    /// The most status updates of one incident indexed: the newest this many (each at most <see cref="Incident.MaxTextLength"/>
    /// characters). An incident with more keeps its newest ones searchable, and its record (title, impact, workaround, cause, next
    /// steps) and retro whole; the document's terms are bounded by <see cref="MaxTerms"/> whatever it holds.
    /// </summary>
    public const int MaxUpdates = 100;

    /// <summary>
    /// A person's words in <paramref name="rows"/> (<see cref="IIncidentRepository.GetUpdatesAsync"/>, newest first): updates,
    /// resolves and reopens written by a member, not by monitoring or OnDuty; the newest <see cref="MaxUpdates"/>, oldest first.
    /// </summary>
    public static IReadOnlyList<string> UpdateTexts(IEnumerable<TimelineEntry> rows) =>
        [.. rows
            .Where(e => e.Kind is TimelineKind.Update or TimelineKind.Resolved or TimelineKind.Reopened && Incident.IsPerson(e.By) && !string.IsNullOrWhiteSpace(e.Message))
            .Take(MaxUpdates)
            .Select(e => e.Message!)
            .Reverse()];

    /// <summary>The incident's status updates as <see cref="For"/> indexes them: one bounded read of its timeline (<see cref="IIncidentRepository.GetUpdatesAsync"/>).</summary>
    public static async Task<IReadOnlyList<string>> UpdatesOfAsync(IIncidentRepository incidents, string incidentId, CancellationToken cancellationToken) =>
        UpdateTexts(await incidents.GetUpdatesAsync(incidentId, MaxUpdates * 2, cancellationToken));

    /// <summary>
    /// What the indexing sweep compares to know whether an incident without a retro changed since it was indexed, without reading its
    /// timeline: its record's document and when a person last updated it (a new update moves it). Kept as the <c>all</c> row's
    /// fingerprint for such documents (<see cref="Source"/>).
    /// </summary>
    public static string SourceOf(Incident incident, LessonDocument recordOnly) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n',
            "updates-v1",
            recordOnly.Fingerprint(),
            incident.LastPersonUpdate?.At.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "",
            incident.Comms.LastPersonUpdateAt?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? ""))))[..32];

    /// <summary>
    /// Set by the indexing sweep (<see cref="SourceOf"/>): the index keeps it as the document's fingerprint instead of
    /// <see cref="Fingerprint"/>, so the next run can skip the incident with no timeline read. Not part of <see cref="Fingerprint"/>.
    /// </summary>
    public string? Source { get; init; }

    /// <summary>
    /// A digest of everything the index rows hold for this document (title, filter fields, terms and counts): equal
    /// digests mean indexing again would write the same rows, so the sweep can skip the document.
    /// </summary>
    public string Fingerprint()
    {
        var text = new StringBuilder()
            .Append(IncidentId).Append('\n').Append(Title).Append('\n').Append((int)Severity).Append('\n')
            .Append(At.UtcTicks.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .AppendJoin('\u001f', Areas.Order(StringComparer.Ordinal)).Append('\n');
        foreach (var (term, count) in Terms.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            text.Append(term).Append('\u001e').Append(count.ToString(CultureInfo.InvariantCulture)).Append('\u001f');
        }

        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }

    /// <summary>The incident's own text fields by API name, in the order a snippet is looked for (after the title); last its duty members' names, one each.</summary>
    /// <param name="updates">Its status updates, oldest first (<see cref="UpdateTexts"/>): each earlier one as <c>updates</c> (the last is
    /// the record's <c>lastUpdate</c>, not counted twice).</param>
    public static IEnumerable<(string Field, string? Text)> SearchableFields(Incident incident, IReadOnlyList<string>? updates = null)
    {
        yield return ("userImpact", incident.UserImpact);
        yield return ("workaround", incident.Workaround);
        yield return ("cause", incident.Cause);
        yield return ("nextSteps", incident.NextSteps);
        var last = incident.LastPersonUpdate?.Message;
        yield return ("lastUpdate", last);
        if (updates is { Count: > 0 })
        {
            var earlier = last is not null && updates[^1] == last ? updates.Take(updates.Count - 1) : updates;
            foreach (var text in earlier)
            {
                yield return ("updates", text);
            }
        }

        // Who held it, by the names the team knows them by: 「伊藤」 finds the incidents 伊藤 さくら was on duty for, months later.
        foreach (var assignee in incident.Assignees)
        {
            yield return ("dutyMembers", assignee.DisplayName);
        }
    }

    /// <summary>The retro's text fields by API name, in the order a snippet is looked for; the action items' owners by name (<paramref name="ownerNames"/>) after the items.</summary>
    public static IEnumerable<(string Field, string? Text)> SearchableFields(RetroContent retro, IReadOnlyDictionary<string, string>? ownerNames = null)
    {
        yield return ("summary", retro.Summary);
        yield return ("impact", retro.Impact);
        yield return ("hardToJudge", retro.HardToJudge);
        yield return ("wentWell", retro.WentWell);
        yield return ("manualChanges", retro.ManualChanges);
        foreach (var item in retro.ActionItems)
        {
            yield return ("actionItems", item.Title);
        }

        foreach (var owner in retro.ActionItems.Select(i => i.Owner).Distinct(StringComparer.Ordinal))
        {
            if (ownerNames?.GetValueOrDefault(owner) is { Length: > 0 } name)
            {
                yield return ("actionItemOwners", name);
            }
        }

        foreach (var change in retro.CriteriaChanges)
        {
            yield return ("criteriaChanges", change.Note);
        }

        foreach (var entry in retro.Timeline)
        {
            yield return ("timeline", entry.Text);
        }
    }

    /// <summary>Areas match whatever their case or width (「決済」, "Payments", "ＰＡＹＭＥＮＴＳ").</summary>
    public static string NormaliseArea(string area) =>
        area.Trim().Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture);
}
