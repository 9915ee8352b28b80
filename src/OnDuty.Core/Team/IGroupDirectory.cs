using OnDuty.Core.Common;

namespace OnDuty.Core.Team;

/// <summary>Resolves Microsoft 365 groups to their members (transitively). Implemented over Microsoft Graph.</summary>
public interface IGroupDirectory
{
    /// <summary>False when no directory is configured: group entries cannot be expanded.</summary>
    bool Enabled { get; }

    /// <summary>The group's people with a mail address, each once. <paramref name="group"/> is an object id or the group's mail address.</summary>
    /// <exception cref="NotFoundException">No such group.</exception>
    /// <exception cref="DependencyUnavailableException">The directory could not be reached; try again later.</exception>
    Task<IReadOnlyList<DirectoryPerson>> ExpandGroupAsync(string group, CancellationToken cancellationToken);

    /// <summary>
    /// The Entra object id of the user whose mail address is <paramref name="mail"/>, for a Teams mention of a member whose
    /// UPN is not on the roster (Teams mentions by UPN or object id, never by mail); null when no such user is found.
    /// </summary>
    /// <exception cref="DependencyUnavailableException">The directory could not be reached; try again later.</exception>
    Task<string?> FindUserIdAsync(string mail, CancellationToken cancellationToken);
}
