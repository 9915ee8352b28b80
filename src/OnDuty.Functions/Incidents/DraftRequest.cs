using System.Text.Json;
using System.Text.Json.Serialization;
using OnDuty.Core.Incidents;
using OnDuty.Functions.Http;

namespace OnDuty.Functions.Incidents;

/// <summary>
/// Body of <c>PUT /api/incidents/{id}/drafts?lang=</c>: the reviewed text, who approved it, and optionally <c>inputs</c> as GET gave
/// it (the incident as the reviewer read it: a change made since then leaves the saved text stale). What GET answers and PUT does
/// not set (<see cref="ReadOnlyFields"/>: the names beside the ids, who saved it and when, whether it is stale) is taken back and
/// ignored, so a body read can be sent back with the text changed.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)] // every field it does not declare lands in Undeclared, checked by RequestBody
public sealed record DraftRequest(string? CustomerNotice, string? Workaround, IReadOnlyList<DraftQuestion>? Faq, DraftStatus? Status, string? ApprovedBy, string? By, string? Inputs = null)
    : ITakesBackReadOnlyFields
{
    /// <summary>What GET (and PUT's answer) gives and PUT does not set: taken back and ignored (the language is the URL's <c>?lang=</c>).</summary>
    public static IReadOnlyList<string> ReadOnlyFields { get; } =
        ["incidentId", "lang", "saved", "approvedByName", "approvedAt", "savedBy", "savedByName", "savedAt", "savedInStatus", "incidentStatus", "mergedInto", "stale", "staleBecause", "note"];

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Undeclared { get; init; }
}
