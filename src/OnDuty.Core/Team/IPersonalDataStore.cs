namespace OnDuty.Core.Team;

/// <summary>
/// Whose personal data to erase: the member id stays (history keeps ids, so timelines and schedules still add up); the
/// texts that identify the person — mail address, UPN, display name — are replaced by the id wherever they were stored.
/// </summary>
public sealed record ErasureSubject(string MemberId, IReadOnlyList<string> Texts);

/// <summary>What an erasure touched.</summary>
public sealed record ErasureReport(int RowsScrubbed, int RowsDeleted);

/// <summary>
/// Personal data kept outside the roster itself: incident records and timelines, retro notes, frozen shifts, messages in
/// the outbox. Erasing is rare and thorough rather than fast: every row of those stores is read once.
/// </summary>
public interface IPersonalDataStore
{
    /// <summary>
    /// Replaces every occurrence of the subject's texts (case-insensitive) in stored text with the member id, and deletes the
    /// messages addressed to the person (their ids and bodies carry the address). Safe to run again: a second run finds nothing.
    /// </summary>
    Task<ErasureReport> EraseAsync(ErasureSubject subject, CancellationToken cancellationToken);
}
