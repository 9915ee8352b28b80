using OnDuty.Core.Team;

namespace OnDuty.Core.Comms;

/// <summary>
/// One reader of a stakeholder notice: an address (lower-cased, the form batches are sorted and compared in), their language,
/// and the audiences they are in (a reader's notices are numbered from the first one any of them was told).
/// </summary>
public sealed record StakeholderRecipient(string Address, Language Language)
{
    public IReadOnlyList<string> Audiences { get; init; } = [];

    /// <summary>
    /// The zone the reader reads times in: their first audience's by name (<c>Comms__Audiences__{name}__TimeZone</c>), as for a plain
    /// address's language, else a roster member's own (<see cref="Team.Member.TimeZone"/>); null: the team's zone.
    /// </summary>
    public string? TimeZone { get; init; }
}
