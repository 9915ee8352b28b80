using OnDuty.Core.Common;
using OnDuty.Core.Rotations;

namespace OnDuty.Functions.Rotations;

/// <summary>
/// Body of <c>PUT /api/rotations/{id}</c>. <see cref="EffectiveFrom"/> applies a new handoff day, time or shift length from that
/// date on (the weeks before keep theirs); <see cref="By"/> is who made the edit, named in the schedule-change mail. The fields
/// only GET answers are accepted and ignored.
/// </summary>
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
    string? By = null,
    System.Text.Json.JsonElement? PreviousCadences = null,
    bool? PagesIncidents = null,
    System.Text.Json.JsonElement? PagingNote = null,
    DateOnly? FirstStartDate = null)
{
    // PreviousCadences, FirstStartDate, PagesIncidents and PagingNote are what GET answers and PUT does not set: taken and ignored, so a body read
    // with GET can be sent back with one field changed (the stored earlier cadences are kept by RotationService).

    public Rotation ToRotation(string routeId)
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
        };
        return rotation with
        {
            Strategy = Strategy ?? rotation.Strategy,
            PeoplePerShift = PeoplePerShift ?? rotation.PeoplePerShift,
            ShiftWeeks = ShiftWeeks ?? rotation.ShiftWeeks,
            HandoffDay = HandoffDay ?? rotation.HandoffDay,
            HandoffTime = HandoffTime ?? rotation.HandoffTime,
            TimeZone = TimeZone ?? rotation.TimeZone,
            NotifyEmails = NotifyEmails ?? rotation.NotifyEmails,
            MixExperience = MixExperience ?? rotation.MixExperience,
            MoveHandoffOffHolidays = MoveHandoffOffHolidays ?? rotation.MoveHandoffOffHolidays,
        };
    }
}
