using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Health;
using OnDuty.Core.Team;

namespace OnDuty.Core.Comms;

/// <summary>
/// Turns audience names into readers: addresses as configured, roster member ids to the member's address, groups to
/// their members through the directory; each address once (the first audience by name decides the language of a
/// plain address, and every reader's time zone — a roster member's own where the audience sets none; a roster member always reads
/// their own language).
/// </summary>
/// <remarks>
/// A directory that cannot be reached right now throws <see cref="DependencyUnavailableException"/>: the notice is
/// queued later with the whole audience, never now without a group's members (its batches are fixed once queued). A
/// group that does not exist, is too large or cannot be expanded without Graph is an error in the log and on
/// <c>/api/health</c>, and the others are told; a group with members Graph returned without an address tells those it
/// could address and reports the rest the same way.
/// </remarks>
public sealed class StakeholderAudience(
    IGroupDirectory directory,
    IRosterRepository roster,
    DependencyWarnings warnings,
    IOptions<CommsOptions> comms,
    IOptions<TeamOptions> team,
    ILogger<StakeholderAudience> logger)
{
    public async Task<IReadOnlyList<StakeholderRecipient>> ResolveAsync(IReadOnlyList<string> audiences, CancellationToken cancellationToken)
    {
        var readers = new AudienceRoster((await roster.ListMembersAsync(cancellationToken)).Select(m => m.Value), comms.Value, team.Value.TeamLanguage);
        var recipients = new Dictionary<string, StakeholderRecipient>(StringComparer.Ordinal);

        void Add(string address, Language language, string audienceName)
        {
            var key = address.Trim().ToLowerInvariant();
            if (!EmailAddress.IsValid(key))
            {
                return;
            }

            if (recipients.TryGetValue(key, out var seen))
            {
                if (!seen.Audiences.Contains(audienceName, StringComparer.OrdinalIgnoreCase))
                {
                    recipients[key] = seen with { Audiences = [.. seen.Audiences, audienceName] };
                }

                return;
            }

            recipients[key] = new StakeholderRecipient(key, language)
            {
                Audiences = [audienceName],
                TimeZone = readers.TimeZoneAt(key, audienceName),
            };
        }

        foreach (var name in audiences.Order(StringComparer.OrdinalIgnoreCase))
        {
            if (!comms.Value.Audiences.ContainsKey(name))
            {
                // Told before under a name since removed from the settings: nobody to resolve it to any more.
                logger.LogWarning("Audience {Audience} is no longer configured (Comms__Audiences__{Audience}); its readers are not told", name, name);
                continue;
            }

            foreach (var (entry, reader) in readers.EntriesOf(name))
            {
                if (reader is { Group: true })
                {
                    foreach (var person in await ExpandAsync(name, reader.Name, cancellationToken))
                    {
                        Add(person.Email, readers.LanguageAt(person.Email, name), name);
                    }
                }
                else if (reader is not null)
                {
                    Add(reader.Address, reader.Language, name);
                    // A member id put on the roster since (the lead who kept the demo's emma adds her): health no longer says it.
                    warnings.Clear(AudienceRosterCheck.Source(name, entry));
                }
                else
                {
                    logger.LogError("Audience {Audience}: {Entry} is not a roster member with an address; not told", name, entry);
                    warnings.Report(AudienceRosterCheck.Source(name, entry), AudienceRosterCheck.NotOnRoster(comms.Value, name, entry));
                }
            }
        }

        return [.. recipients.Values];
    }

    private async Task<IReadOnlyList<DirectoryPerson>> ExpandAsync(string audience, string group, CancellationToken cancellationToken)
    {
        var source = $"comms:{audience}:group:{group}";
        try
        {
            var people = await directory.ExpandGroupAsync(group, cancellationToken).ConfigureAwait(false);
            warnings.Clear(source);
            return people;
        }
        catch (IncompleteGroupException ex)
        {
            logger.LogError("Audience {Audience}, group {Group}: members that came back without an address are not told (count: {Unaddressed}): {Reason}", audience, group, ex.Unaddressed, ex.Message);
            warnings.Report(source, ex.Message);
            return ex.People;
        }
        catch (Exception ex) when (ex is NotFoundException or ValidationException or InvalidOperationException)
        {
            // Waiting would not change these: the others are told now, and the problem is visible until it is fixed.
            logger.LogError(ex, "Audience {Audience}: group {Group} cannot be expanded; its members are not told", audience, group);
            warnings.Report(source, $"Comms__Audiences__{audience}: group {group} cannot be expanded: {ex.Message}");
            return [];
        }
    }
}
