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

    /// <summary>The incident and its retro as one document (the retro may be null: an incident alone is searchable too).</summary>
    /// <param name="wordings">The incident's title as readers of other languages read it (<see cref="ILessonWordings"/>): indexed too,
    /// so an English reader's words find a Japanese team's heartbeat incident and the reverse; null: the stored text only.</param>
    public static LessonDocument For(Incident incident, RetroContent? retro, ILessonWordings? wordings = null)
    {
        // The incident's own words (cause, next steps, the last update too) stay indexed once a retro exists: the retro has no cause field.
        var texts = new List<string?> { incident.Title };
        texts.AddRange(SearchableFields(incident).Select(f => f.Text));
        if (wordings is not null)
        {
            texts.AddRange(wordings.Of(incident));
        }

        texts.AddRange(incident.AffectedAreas);
        texts.AddRange(incident.Platforms);
        if (retro is not null)
        {
            texts.AddRange(SearchableFields(retro).Select(f => f.Text));
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
        };
    }

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

    /// <summary>The incident's own text fields by API name, in the order a snippet is looked for (after the title).</summary>
    public static IEnumerable<(string Field, string? Text)> SearchableFields(Incident incident)
    {
        yield return ("userImpact", incident.UserImpact);
        yield return ("workaround", incident.Workaround);
        yield return ("cause", incident.Cause);
        yield return ("nextSteps", incident.NextSteps);
        yield return ("lastUpdate", incident.LastPersonUpdate?.Message);
    }

    /// <summary>The retro's text fields by API name, in the order a snippet is looked for.</summary>
    public static IEnumerable<(string Field, string? Text)> SearchableFields(RetroContent retro)
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
