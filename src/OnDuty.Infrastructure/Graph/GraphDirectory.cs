using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Graph.Models;
using OnDuty.Core.Common;
using OnDuty.Core.Team;
using EmailAddress = OnDuty.Core.Team.EmailAddress;

namespace OnDuty.Infrastructure.Graph;

/// <summary>
/// Expands Microsoft 365 groups over Graph: <c>GET /groups/{id}/transitiveMembers</c> (nested groups included), every page
/// followed through <c>@odata.nextLink</c>; only users count, addressed by <c>mail</c> or else <c>userPrincipalName</c>.
/// A group named by its mail address is found with <c>GET /groups?$filter=mail eq '…'</c>. Results are kept for
/// <c>Graph__GroupCacheDuration</c>.
/// </summary>
/// <remarks>
/// Permissions: GroupMember.Read.All lists the members, but Graph returns members of a type the app may not read as
/// <c>@odata.type</c> + <c>id</c> only ("limited information returned for inaccessible member objects"), so users come
/// back without <c>mail</c> or <c>userPrincipalName</c>. User.ReadBasic.All (the basic profile: display name, mail,
/// user principal name) is enough to read them; User.Read.All works too but reads whole profiles. A user member with
/// neither address is never dropped silently: the expansion throws <see cref="IncompleteGroupException"/> naming the
/// missing permission (and keeps the members it could address), and an incomplete result is not cached.
/// </remarks>
public sealed class GraphDirectory(GraphClientProvider graph, TimeProvider time, ILogger<GraphDirectory> logger) : IGroupDirectory
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset Expires, IReadOnlyList<DirectoryPerson> People)> _cache = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (DateTimeOffset Expires, string? Id)> _userIds = new(StringComparer.OrdinalIgnoreCase);

    public bool Enabled => graph.Enabled;

    public async Task<IReadOnlyList<DirectoryPerson>> ExpandGroupAsync(string group, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(group, out var cached) && cached.Expires > now)
        {
            return cached.People;
        }

        try
        {
            var id = Guid.TryParse(group, out var guid) ? guid.ToString() : await FindByMailAsync(group, cancellationToken).ConfigureAwait(false);
            var (people, unaddressed) = await MembersAsync(group, id, cancellationToken).ConfigureAwait(false);
            if (unaddressed > 0)
            {
                logger.LogError("Group {Group}: user members without mail or userPrincipalName: {Unaddressed}; grant the app User.ReadBasic.All", group, unaddressed);
                throw new IncompleteGroupException(group, people, unaddressed, "Graph returned them as id only: grant the app the application permission User.ReadBasic.All");
            }

            _cache[group] = (now + graph.Options.GroupCacheDuration, people);
            logger.LogInformation("Group {Group} expanded to {Count} people", group, people.Count);
            return people;
        }
        catch (Exception ex) when (GraphErrors.IsNotFound(ex))
        {
            throw new NotFoundException("Group", group);
        }
        catch (Exception ex) when (GraphErrors.IsTransient(ex, cancellationToken))
        {
            throw new DependencyUnavailableException(GraphErrors.Dependency, ex);
        }
    }

    public async Task<string?> FindUserIdAsync(string mail, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_userIds.TryGetValue(mail, out var cached) && cached.Expires > now)
        {
            return cached.Id;
        }

        try
        {
            // By mail, not GET /users/{mail}: that path takes a UPN, and the members who need this are exactly those whose
            // mail differs from their UPN. Needs User.ReadBasic.All, like reading group members' addresses.
            var found = await graph.Client.Users.GetAsync(
                request =>
                {
                    request.QueryParameters.Filter = $"mail eq '{mail.Replace("'", "''", StringComparison.Ordinal)}'";
                    request.QueryParameters.Select = ["id"];
                },
                cancellationToken).ConfigureAwait(false);
            var id = found?.Value?.FirstOrDefault()?.Id;
            _userIds[mail] = (now + graph.Options.GroupCacheDuration, id);
            return id;
        }
        catch (Exception ex) when (GraphErrors.IsTransient(ex, cancellationToken))
        {
            throw new DependencyUnavailableException(GraphErrors.Dependency, ex);
        }
    }

    private async Task<string> FindByMailAsync(string mail, CancellationToken cancellationToken)
    {
        var found = await graph.Client.Groups.GetAsync(
            request =>
            {
                request.QueryParameters.Filter = $"mail eq '{mail.Replace("'", "''", StringComparison.Ordinal)}'";
                request.QueryParameters.Select = ["id", "mail"];
            },
            cancellationToken).ConfigureAwait(false);
        return found?.Value?.FirstOrDefault()?.Id ?? throw new NotFoundException("Group", mail);
    }

    private async Task<(IReadOnlyList<DirectoryPerson> People, int Unaddressed)> MembersAsync(string group, string id, CancellationToken cancellationToken)
    {
        var max = graph.Options.MaxGroupMembers;
        var people = new List<DirectoryPerson>();
        var unaddressed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var page = await graph.Client.Groups[id].TransitiveMembers.GetAsync(
            request =>
            {
                request.QueryParameters.Select = ["id", "displayName", "mail", "userPrincipalName"];
                request.QueryParameters.Top = 999;
            },
            cancellationToken).ConfigureAwait(false);
        while (page is not null)
        {
            foreach (var user in (page.Value ?? []).OfType<User>())
            {
                var address = EmailAddress.IsValid(user.Mail) ? user.Mail : EmailAddress.IsValid(user.UserPrincipalName) ? user.UserPrincipalName : null;
                if (address is null)
                {
                    unaddressed.Add(user.Id ?? "");
                }
                else if (seen.Add(address))
                {
                    people.Add(new DirectoryPerson(address, user.DisplayName));
                }
            }

            if (people.Count > max)
            {
                throw new ValidationException("notifyEmails", $"group {group} has more than {max} members (Graph__MaxGroupMembers); use its address as a list instead");
            }

            page = page.OdataNextLink is { Length: > 0 } next
                ? await graph.Client.Groups[id].TransitiveMembers.WithUrl(next).GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false)
                : null;
        }

        return (people, unaddressed.Count);
    }
}
