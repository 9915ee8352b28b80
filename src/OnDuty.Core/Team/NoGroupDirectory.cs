namespace OnDuty.Core.Team;

/// <summary>No directory configured.</summary>
public sealed class NoGroupDirectory : IGroupDirectory
{
    public bool Enabled => false;

    public Task<IReadOnlyList<DirectoryPerson>> ExpandGroupAsync(string group, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"Group '{group}' cannot be expanded: Microsoft Graph is not configured (Graph__TenantId).");

    public Task<string?> FindUserIdAsync(string mail, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
