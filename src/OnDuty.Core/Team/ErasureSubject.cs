namespace OnDuty.Core.Team;

/// <summary>
/// Whose personal data to erase: the member id stays (history keeps ids, so timelines and schedules still add up); the
/// texts that identify the person — mail address, UPN, display name — are replaced by the id wherever they were stored.
/// </summary>
public sealed record ErasureSubject(string MemberId, IReadOnlyList<string> Texts);
