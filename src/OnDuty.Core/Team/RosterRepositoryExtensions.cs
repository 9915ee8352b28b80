namespace OnDuty.Core.Team;

public static class RosterRepositoryExtensions
{
    /// <summary>The whole roster by member id, in one single-partition query.</summary>
    public static async Task<IReadOnlyDictionary<string, Member>> LoadRosterAsync(this IRosterRepository roster, CancellationToken cancellationToken) =>
        (await roster.ListMembersAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(m => m.Value.Id, m => m.Value, StringComparer.Ordinal);
}
