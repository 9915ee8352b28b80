using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>Why a member cannot serve a shift: with the leave that covers it when <see cref="Kind"/> is <see cref="IneligibleKind.OnLeave"/>.</summary>
public sealed record Ineligibility(IneligibleKind Kind, Leave? Leave = null)
{
    public static readonly Ineligibility NotOnRoster = new(IneligibleKind.NotOnRoster);

    public static readonly Ineligibility Inactive = new(IneligibleKind.Inactive);

    /// <summary>The member's <c>joinedOn</c> (<see cref="IneligibleKind.NotJoined"/>) or <c>leavesOn</c> (<see cref="IneligibleKind.Leaving"/>).</summary>
    public DateOnly? Date { get; init; }

    /// <summary>True for what a date makes ineligible (leave, joining, leaving), as opposed to the roster (not on it, inactive).</summary>
    public bool IsDated => Kind is IneligibleKind.OnLeave or IneligibleKind.NotJoined or IneligibleKind.Leaving;

    /// <summary>Language-neutral form for logs and test output; readers see it rendered by OnDuty.Messages.</summary>
    public override string ToString() => Date is { } date ? $"{Kind}({date:yyyy-MM-dd})" : Leave is null ? Kind.ToString() : $"{Kind}({Leave.From:yyyy-MM-dd}..{Leave.To:yyyy-MM-dd}{(Leave.Source == Leave.OutlookSource ? ", Outlook" : "")})";
}
