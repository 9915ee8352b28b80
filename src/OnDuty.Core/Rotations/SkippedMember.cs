namespace OnDuty.Core.Rotations;

/// <summary>A member ahead in the queue who was passed over, and why.</summary>
public sealed record SkippedMember(string MemberId, Ineligibility Why)
{
    public override string ToString() => $"{MemberId}:{Why}";
}
