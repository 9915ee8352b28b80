using System.Globalization;

namespace OnDuty.Core.Rotations;

/// <summary>
/// One part of why a member is on a shift, as data: a <see cref="ReasonKind"/> and the members, weeks and counts it refers
/// to. The text a person reads is rendered per reader by OnDuty.Messages (<c>ScheduleText</c>).
/// </summary>
public sealed record ReasonPart(ReasonKind Kind)
{
    /// <summary>The one other member the part is about (the member filled in for, replaced, swapped with, passed).</summary>
    public string? MemberId { get; init; }

    /// <summary>Several members the part is about (the inexperienced members an experienced one is paired with).</summary>
    public IReadOnlyList<string> MemberIds { get; init; } = [];

    /// <summary>An ISO week label (<c>2026-W39</c>).</summary>
    public string? Week { get; init; }

    public int? Count { get; init; }

    public int? Of { get; init; }

    public Ineligibility? Ineligible { get; init; }

    public IReadOnlyList<SkippedMember> Skipped { get; init; } = [];

    /// <summary>Days of the week by their API names (<c>thu</c>, <c>fri</c>): the team working days a part-timer does not work.</summary>
    public IReadOnlyList<string> WorkingDays { get; init; } = [];

    /// <summary>What a person wrote on an override or swap, shown as given.</summary>
    public string? Note { get; init; }

    /// <summary>Value equality over every field, lists included (a record compares lists by reference).</summary>
    public bool Equals(ReasonPart? other) => other is not null && ToString() == other.ToString();

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    /// <summary>Language-neutral form for logs and test output.</summary>
    public override string ToString()
    {
        var fields = new List<string>();
        void Add(string name, object? value)
        {
            if (value is not null)
            {
                fields.Add(string.Create(CultureInfo.InvariantCulture, $"{name}={value}"));
            }
        }

        Add("member", MemberId);
        Add("members", MemberIds.Count == 0 ? null : string.Join(",", MemberIds));
        Add("week", Week);
        Add("count", Count);
        Add("of", Of);
        Add("why", Ineligible);
        Add("skipped", Skipped.Count == 0 ? null : string.Join(",", Skipped));
        Add("note", Note);
        Add("days", WorkingDays.Count == 0 ? null : string.Join(",", WorkingDays));
        return fields.Count == 0 ? Kind.ToString() : $"{Kind}({string.Join(" ", fields)})";
    }
}
