using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;
using OnDuty.Core.Health;

namespace OnDuty.Core.Team;

/// <summary>
/// An entry of a team list (<see cref="Rotations.Rotation.NotifyEmails"/>): a plain address, or a Microsoft 365 group
/// written <c>group:&lt;object-id&gt;</c> or <c>group:&lt;group mail address&gt;</c>, expanded to its members when a message is composed.
/// A plain address is never looked up: a distribution list stays one recipient.
/// </summary>
public static class AudienceEntry
{
    public const string GroupPrefix = "group:";

    public const string Rule = "must be an email address, group:<group object id> or group:<group mail address>";

    /// <summary>True for <c>group:…</c>; <paramref name="group"/> is the id or address after the prefix.</summary>
    public static bool IsGroup(string entry, out string group)
    {
        if (entry.StartsWith(GroupPrefix, StringComparison.OrdinalIgnoreCase))
        {
            group = entry[GroupPrefix.Length..].Trim();
            return true;
        }

        group = "";
        return false;
    }

    public static bool IsValid(string? entry) =>
        entry is not null && (IsGroup(entry, out var group) ? Guid.TryParse(group, out _) || EmailAddress.IsValid(group) : EmailAddress.IsValid(entry));
}

/// <summary>A person in a directory group.</summary>
public sealed record DirectoryPerson(string Email, string? DisplayName);

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

/// <summary>No directory configured.</summary>
public sealed class NoGroupDirectory : IGroupDirectory
{
    public bool Enabled => false;

    public Task<IReadOnlyList<DirectoryPerson>> ExpandGroupAsync(string group, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"Group '{group}' cannot be expanded: Microsoft Graph is not configured (Graph__TenantId).");

    public Task<string?> FindUserIdAsync(string mail, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}

/// <summary>One recipient of a team-list message; <see cref="Language"/> is set when the address belongs to a roster member.</summary>
public sealed record AudienceRecipient(string Address, string? Name, Language? Language);

/// <summary>The people a list of audience entries reaches, and the entries that could not be expanded this time.</summary>
public sealed record AudienceExpansion(IReadOnlyList<AudienceRecipient> Recipients, IReadOnlyList<string> Failures);

/// <summary>
/// Turns team-list entries into recipients: plain addresses as they are, groups expanded to their members, each address
/// once (case-insensitive) across entries. A roster member reached through a group gets their own language. A group the
/// directory cannot reach right now is reported in <see cref="AudienceExpansion.Failures"/> so the caller can try again;
/// a group that does not exist or is too large is logged as an error and skipped (waiting would not change that).
/// A group with members that came back without an address is never taken as fewer people: those it could address are
/// told, the rest is a failure (logged as an error, a <c>/api/health</c> warning, the announcement's error) until it
/// expands fully.
/// </summary>
public sealed class AudienceExpander(IGroupDirectory directory, DependencyWarnings warnings, ILogger<AudienceExpander> logger)
{
    public async Task<AudienceExpansion> ExpandAsync(IEnumerable<string> entries, IReadOnlyCollection<Member> roster, CancellationToken cancellationToken)
    {
        var byEmail = roster.Where(m => !string.IsNullOrWhiteSpace(m.Email))
            .GroupBy(m => m.Email, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var recipients = new List<AudienceRecipient>();
        var failures = new List<string>();

        void Add(string address, string? name)
        {
            if (EmailAddress.IsValid(address) && seen.Add(address))
            {
                var member = byEmail.GetValueOrDefault(address);
                recipients.Add(new AudienceRecipient(address, member?.DisplayName ?? name, member?.Language));
            }
        }

        foreach (var entry in entries)
        {
            if (!AudienceEntry.IsGroup(entry, out var group))
            {
                // A team list keeps the team language even if its address were also a member's.
                if (seen.Add(entry))
                {
                    recipients.Add(new AudienceRecipient(entry, null, null));
                }

                continue;
            }

            var source = "group:" + group;
            try
            {
                foreach (var person in await directory.ExpandGroupAsync(group, cancellationToken).ConfigureAwait(false))
                {
                    Add(person.Email, person.DisplayName);
                }

                warnings.Clear(source);
            }
            catch (IncompleteGroupException ex)
            {
                foreach (var person in ex.People)
                {
                    Add(person.Email, person.DisplayName);
                }

                logger.LogError("Group {Group}: {Unaddressed} member(s) came back without an address and are not told: {Reason}", group, ex.Unaddressed, ex.Message);
                warnings.Report(source, ex.Message);
                failures.Add($"{entry}: {ex.Message}");
            }
            catch (NotFoundException ex)
            {
                logger.LogError(ex, "Group {Group} does not exist; its members are not told", group);
            }
            catch (ValidationException ex)
            {
                logger.LogError(ex, "Group {Group} cannot be used ({Reason}); its members are not told", group, string.Join("; ", ex.Errors.SelectMany(e => e.Value)));
            }
            catch (Exception ex) when (ex is DependencyUnavailableException or InvalidOperationException)
            {
                logger.LogWarning(ex, "Group {Group} could not be expanded; will try again", group);
                failures.Add($"{entry}: {ex.Message}");
            }
        }

        return new AudienceExpansion(recipients, failures);
    }
}
