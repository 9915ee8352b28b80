namespace OnDuty.Core.Team;

/// <summary>
/// Personal data kept outside the roster itself: incident records and timelines, retro notes, frozen shifts, messages in
/// the outbox. Erasing is rare and thorough rather than fast: every row of those stores is read once.
/// </summary>
public interface IPersonalDataStore
{
    /// <summary>
    /// Replaces every occurrence of the subject's texts (case-insensitive) in stored text with the member id, and deletes the
    /// messages addressed to the person (their ids and bodies carry the address) and the rows that let their address read a
    /// confidential incident (added on it, reached by its pages, and the index of those added). Safe to run again: a second run finds nothing.
    /// </summary>
    Task<ErasureReport> EraseAsync(ErasureSubject subject, CancellationToken cancellationToken);
}
