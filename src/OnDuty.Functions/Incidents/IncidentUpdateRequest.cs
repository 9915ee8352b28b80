using System.Globalization;
using System.Text.Json.Serialization;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;

namespace OnDuty.Functions.Incidents;

/// <summary>Body of <c>POST /api/incidents/{id}/updates</c>: a status and/or a message, optionally changed fields.</summary>
/// <param name="ResolvedAt">When users stopped being affected: ISO 8601 with an offset, or a local time in the team's zone.</param>
/// <param name="NextUpdateAt">When the next update is promised: ISO 8601 with an offset, or a local time in the team's zone.</param>
/// <param name="NotifyStakeholders">
/// False: a quiet correction of the details (<see cref="IncidentService.CorrectAsync"/>), no stakeholder notice, no status or
/// message; null or true: an update that tells them, as before.
/// </param>
/// <param name="AsCorrection">
/// <c>"correction": true</c>: the notice it issues corrects the one before (【訂正】, <see cref="IncidentEdit.Correction"/>); 400 naming
/// <c>correction</c> when nothing the stakeholders were told differs, or with <c>notifyStakeholders</c> false.
/// </param>
/// <param name="AlsoTell">
/// Audiences (<c>Comms__Audiences__{name}</c>) its notice goes to besides those told and the severity's (<see cref="IncidentEdit.AlsoTell"/>).
/// </param>
public sealed record IncidentUpdateRequest(
    IncidentStatus? Status,
    string? Message,
    string? By,
    string? Title,
    AlertSeverity? Severity,
    IReadOnlyList<string>? AffectedAreas,
    IReadOnlyList<string>? Platforms,
    string? UserImpact,
    string? Workaround,
    DateTimeOffset? StartedAt = null,
    string? BridgeUrl = null,
    string? Cause = null,
    string? NextSteps = null,
    string? ResolvedAt = null,
    string? NextUpdateAt = null,
    bool? NotifyStakeholders = null,
    [property: JsonPropertyName("correction")] bool? AsCorrection = null,
    IReadOnlyList<string>? AlsoTell = null)
{
    private static readonly string[] WithOffset = ["yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    private static readonly string[] Local = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];

    /// <summary>The fields it changes; null when none. Times without an offset are read in <paramref name="zone"/>.</summary>
    public IncidentEdit? Edit(TimeZoneInfo zone)
    {
        var resolvedAt = Time("resolvedAt", ResolvedAt, zone);
        var nextUpdateAt = Time("nextUpdateAt", NextUpdateAt, zone);
        return Title is null && Severity is null && AffectedAreas is null && Platforms is null && UserImpact is null && Workaround is null && StartedAt is null && BridgeUrl is null
            && Cause is null && NextSteps is null && resolvedAt is null && nextUpdateAt is null && AsCorrection != true
            ? null
            : new IncidentEdit
            {
                Title = Title, Severity = Severity, AffectedAreas = AffectedAreas, Platforms = Platforms, UserImpact = UserImpact, Workaround = Workaround,
                StartedAt = StartedAt, BridgeUrl = BridgeUrl, Cause = Cause, NextSteps = NextSteps, ResolvedAt = resolvedAt, NextUpdateAt = nextUpdateAt,
                Correction = AsCorrection == true,
            };
    }

    /// <summary>
    /// With <see cref="NotifyStakeholders"/> false: the details it corrects. A status or a message is news the stakeholders are
    /// told, so neither comes with it; nor does nothing at all.
    /// </summary>
    public IncidentEdit Correction(TimeZoneInfo zone)
    {
        var errors = new ValidationErrors()
            .When(Status is not null, "status", "is not given with notifyStakeholders false: a status change is told to the stakeholders")
            .When(Message is not null, "message", "is not given with notifyStakeholders false: an update's words are told to the stakeholders")
            .When(AsCorrection == true, "correction", "is a notice to the stakeholders: not with notifyStakeholders false");
        errors.When(AlsoTell is not null, "alsoTell", "is not given with notifyStakeholders false: it tells an audience");
        var edit = Edit(zone);
        errors.When(edit is null, "notifyStakeholders", "false corrects details: give at least one field to correct");
        errors.ThrowIfAny();
        return edit!;
    }

    /// <summary>
    /// <see cref="Edit"/> with the audiences to tell too (<see cref="AlsoTell"/>): an update may ask only that (the missed audience
    /// reads the current state as its 第1報).
    /// </summary>
    public IncidentEdit? EditAlsoTelling(TimeZoneInfo zone) =>
        AlsoTell is null ? Edit(zone) : (Edit(zone) ?? new IncidentEdit()) with { AlsoTell = AlsoTell };

    private static DateTimeOffset? Time(string field, string? value, TimeZoneInfo zone)
    {
        if (value is null)
        {
            return null;
        }

        var text = value.Trim();
        if (DateTimeOffset.TryParseExact(text, WithOffset, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) && HasOffset(text))
        {
            return at;
        }

        if (DateTime.TryParseExact(text, Local, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            // A local time skipped by a DST change has no instant; take the offset before the change (as the pages do).
            var offset = zone.IsInvalidTime(local) ? zone.GetUtcOffset(local.AddHours(-1)) : zone.GetUtcOffset(local);
            if ((local - DateTime.MinValue) >= offset && (DateTime.MaxValue - local) >= -offset)
            {
                return new DateTimeOffset(local, offset);
            }
        }

        throw new ValidationException(field, "must be an ISO 8601 time with an offset (2026-12-03T05:00+09:00) or a local time in the team's zone (2026-12-03T05:00)");
    }

    private static bool HasOffset(string text) => text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
}
