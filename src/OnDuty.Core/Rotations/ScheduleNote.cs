using System.Globalization;

namespace OnDuty.Core.Rotations;

/// <summary>Something a PM should know about a shift (a thin roster, an override that did not apply), as data; rendered per reader.</summary>
public sealed record ScheduleNote(NoteKind Kind)
{
    /// <summary>A shift shorter than this because a handoff moved gets a <see cref="NoteKind.ShortShift"/> note.</summary>
    public static readonly TimeSpan MinimumShift = TimeSpan.FromDays(2);

    public string? MemberId { get; init; }

    public string? ReplacementId { get; init; }

    /// <summary>Whether the override in question is half of a swap.</summary>
    public bool Swap { get; init; }

    public IReadOnlyList<string> MemberIds { get; init; } = [];

    public int? Count { get; init; }

    public int? Of { get; init; }

    public Ineligibility? Ineligible { get; init; }

    /// <summary>The closure or holiday days a <see cref="NoteKind.IncludesClosure"/> or <see cref="NoteKind.IncludesHolidays"/> note names, in order.</summary>
    public IReadOnlyList<Calendar.NonWorkingDay> Days { get; init; } = [];

    /// <summary>Days of the week by their API names (<c>thu</c>, <c>fri</c>) a <see cref="NoteKind.WorkingDaysThin"/> note names.</summary>
    public IReadOnlyList<string> WorkingDays { get; init; } = [];

    /// <summary>Value equality over every field, lists included (a record compares lists by reference).</summary>
    public bool Equals(ScheduleNote? other) => other is not null && ToString() == other.ToString();

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    /// <summary>Language-neutral form for logs and test output.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Kind}({string.Join(" ", new[] { MemberId, ReplacementId, Swap ? "swap" : null, MemberIds.Count == 0 ? null : string.Join(",", MemberIds), Count?.ToString(CultureInfo.InvariantCulture), Of?.ToString(CultureInfo.InvariantCulture), Ineligible?.ToString(), Days.Count == 0 ? null : string.Join(",", Days.Select(d => d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))), WorkingDays.Count == 0 ? null : string.Join(",", WorkingDays) }.Where(s => s is not null))})");
}
