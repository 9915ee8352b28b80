using System.Text.Json;
using System.Text.Json.Serialization;
using OnDuty.Core.Common;
using OnDuty.Core.Rotations;
using OnDuty.Functions.Http;

namespace OnDuty.Functions.Rotations;

/// <summary>
/// Body of <c>PUT /api/rotations/{id}</c>. <see cref="EffectiveFrom"/> applies a new handoff day, time or shift length from that
/// date on (the weeks before keep theirs); <see cref="By"/> is who made the edit, named in the schedule-change mail. The fields
/// only GET answers (<see cref="ReadOnlyFields"/>) are accepted and ignored.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)] // every field it does not declare lands in Undeclared, checked by RequestBody
public sealed record RotationRequest(
    string? Id,
    string? Name,
    string? NameJa,
    RotationStrategy? Strategy,
    int? PeoplePerShift,
    int? ShiftWeeks,
    DayOfWeek? HandoffDay,
    TimeOnly? HandoffTime,
    string? TimeZone,
    DateOnly? StartDate,
    IReadOnlyList<string>? Members,
    IReadOnlyList<string>? NotifyEmails,
    bool? MixExperience,
    bool? MoveHandoffOffHolidays = null,
    DateOnly? EffectiveFrom = null,
    string? By = null) : ITakesBackReadOnlyFields
{
    /// <summary>
    /// What GET (or PUT: <c>heldOver</c>) answers and PUT does not set, taken back and ignored (the stored earlier cadences are kept
    /// by RotationService).
    /// </summary>
    public static IReadOnlyList<string> ReadOnlyFields { get; } = ["previousCadences", "pagesIncidents", "pagingNote", "firstStartDate", "heldOver"];

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Undeclared { get; init; }

    /// <summary>
    /// The rotation this body describes; without <c>timeZone</c> it takes <paramref name="teamTimeZone"/> (<c>Incidents__TimeZone</c>),
    /// not Tokyo: a Dublin team's rotation made without one handed off at 10:00 JST, 01:00 in Dublin (trial 54). Required, so the
    /// domain's own default is never what a request gets.
    /// </summary>
    public Rotation ToRotation(string routeId, string teamTimeZone)
    {
        new ValidationErrors()
            .When(Id is not null && Id != routeId, "id", $"must match the id in the URL ('{routeId}') or be left out")
            .When(Name is null, "name", "is required")
            .When(StartDate is null, "startDate", "is required (yyyy-MM-dd, on the handoff day)")
            .When(Members is null, "members", "is required (member ids in rotation order)")
            .ThrowIfAny();
        // The fields a request leaves out keep the domain's defaults (Rotation is the one place they are written).
        var rotation = new Rotation
        {
            Id = routeId,
            Name = Name!.Trim(),
            NameJa = string.IsNullOrWhiteSpace(NameJa) ? null : NameJa.Trim(),
            StartDate = StartDate!.Value,
            Members = Members!,
            TimeZone = TimeZone ?? teamTimeZone,
        };
        return rotation with
        {
            Strategy = Strategy ?? rotation.Strategy,
            PeoplePerShift = PeoplePerShift ?? rotation.PeoplePerShift,
            ShiftWeeks = ShiftWeeks ?? rotation.ShiftWeeks,
            HandoffDay = HandoffDay ?? rotation.HandoffDay,
            HandoffTime = HandoffTime ?? rotation.HandoffTime,
            NotifyEmails = NotifyEmails ?? rotation.NotifyEmails,
            MixExperience = MixExperience ?? rotation.MixExperience,
            MoveHandoffOffHolidays = MoveHandoffOffHolidays ?? rotation.MoveHandoffOffHolidays,
        };
    }
}
