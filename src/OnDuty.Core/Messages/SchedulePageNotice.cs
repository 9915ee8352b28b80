using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>The read-only schedule page of a rotation's coming shifts, as of <see cref="Now"/>.</summary>
public sealed record SchedulePageNotice(Language Language, RotationSchedule Schedule, DateTimeOffset Now) : Notice(Language)
{
    /// <summary>
    /// The rotation that pages for incidents (<c>Incidents__RotationId</c>) when it is another one: this rotation pages nobody,
    /// and the page says so (<c>Rotation.PagingNote</c>). Null for the paging rotation itself.
    /// </summary>
    public string? PagingRotationId { get; init; }
}
