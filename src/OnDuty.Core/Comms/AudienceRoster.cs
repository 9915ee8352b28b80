using OnDuty.Core.Common;
using OnDuty.Core.Team;

namespace OnDuty.Core.Comms;

/// <summary>
/// The configured audiences' entries against the roster: a member id is the member at their address, an address that is a
/// member's reads the member's language, any other address the audience's (<see cref="CommsOptions.LanguageOf"/>). One roster
/// read serves the stakeholder fan-out and a PM page's 「…の読者にも届きます」 alike.
/// </summary>
public sealed class AudienceRoster
{
    private readonly CommsOptions _comms;
    private readonly Language _team;
    private readonly Dictionary<string, Member> _byId;
    private readonly Dictionary<string, Member> _byEmail;

    public AudienceRoster(IEnumerable<Member> members, CommsOptions comms, Language team)
    {
        var list = members.ToList();
        _comms = comms;
        _team = team;
        _byId = list.GroupBy(m => m.Id, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        _byEmail = list.Where(m => EmailAddress.IsValid(m.Email))
            .GroupBy(m => m.Email, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The language the reader at <paramref name="address"/> reads a notice to <paramref name="audience"/> in: a roster member's own, else the audience's.</summary>
    public Language LanguageAt(string address, string audience) =>
        _byEmail.TryGetValue(address.Trim(), out var member) ? member.Language : _comms.LanguageOf(audience, _team);

    /// <summary>
    /// The zone the reader at <paramref name="address"/> reads a notice to <paramref name="audience"/> in: the audience's
    /// (<c>Comms__Audiences__{name}__TimeZone</c>) when it sets one, else a roster member's own (<see cref="Member.TimeZone"/>: a PM in
    /// San Francisco on the Tokyo roster reads PST with JST beside it, trial 59); null: the team's.
    /// </summary>
    public string? TimeZoneAt(string address, string audience) =>
        _comms.TimeZoneOf(audience) ?? (_byEmail.TryGetValue(address.Trim(), out var member) ? member.TimeZone : null);

    /// <summary>
    /// <paramref name="audience"/>'s entries as configured, each with its reader; a null reader for an entry that is no roster member
    /// with an address (the fan-out reports it). An address that is not one is left out, as the fan-out leaves it.
    /// </summary>
    public IEnumerable<(string Entry, AudienceReader? Reader)> EntriesOf(string audience)
    {
        if (!_comms.Audiences.TryGetValue(audience, out var options))
        {
            yield break;
        }

        foreach (var entry in options.Members.Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => m!.Trim()))
        {
            if (AudienceEntry.IsGroup(entry, out var group))
            {
                yield return (entry, new AudienceReader(audience, AudienceEntry.GroupPrefix + group.ToLowerInvariant(), _comms.LanguageOf(audience, _team), group) { Group = true });
            }
            else if (entry.Contains('@', StringComparison.Ordinal))
            {
                if (EmailAddress.IsValid(entry))
                {
                    yield return (entry, Reader(audience, entry, _byEmail.GetValueOrDefault(entry)?.DisplayName ?? entry.ToLowerInvariant()));
                }
            }
            else if (_byId.TryGetValue(entry, out var member) && EmailAddress.IsValid(member.Email))
            {
                yield return (entry, Reader(audience, member.Email, member.DisplayName));
            }
            else
            {
                yield return (entry, null);
            }
        }
    }

    /// <summary>Every configured audience's readers (<see cref="EntriesOf"/>), to be narrowed to a notice's audiences with <see cref="AudienceReader.Reached"/>.</summary>
    public IReadOnlyList<AudienceReader> All() =>
        [.. _comms.Audiences.Keys.Order(StringComparer.OrdinalIgnoreCase).SelectMany(EntriesOf).Select(e => e.Reader).OfType<AudienceReader>()];

    /// <summary>
    /// <see cref="All"/> with each group (<c>group:…</c>) replaced by its people as <paramref name="directory"/> gives them, as the
    /// fan-out reaches them: a roster member by their roster name in their own language, anyone else by the name the directory gives
    /// (else the address) in the audience's. A group OnDuty cannot see into — no directory, no such group in it, the directory not
    /// answering within <paramref name="patience"/> (for all its groups together) — stays one entry (<see cref="AudienceReader.Group"/>): its readers are not known.
    /// </summary>
    public async Task<IReadOnlyList<AudienceReader>> AllWithGroupsAsync(IGroupDirectory directory, TimeSpan patience, CancellationToken cancellationToken)
    {
        // One wait for the whole form, however many groups: a slow directory costs the page one patience, not one per group.
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(patience);
        // A group in two audiences is asked for once.
        var known = new Dictionary<string, IReadOnlyList<DirectoryPerson>?>(StringComparer.OrdinalIgnoreCase);
        var readers = new List<AudienceReader>();
        foreach (var reader in All())
        {
            if (!reader.Group || !directory.Enabled)
            {
                readers.Add(reader);
                continue;
            }

            if (!known.TryGetValue(reader.Name, out var people))
            {
                known[reader.Name] = people = await PeopleOfAsync(reader.Name).ConfigureAwait(false);
            }

            if (people is null)
            {
                readers.Add(reader);
            }
            else
            {
                readers.AddRange(People(reader, people));
            }
        }

        return readers;

        // Null: OnDuty cannot see into it.
        async Task<IReadOnlyList<DirectoryPerson>?> PeopleOfAsync(string group)
        {
            try
            {
                return await directory.ExpandGroupAsync(group, wait.Token).ConfigureAwait(false);
            }
            catch (IncompleteGroupException ex)
            {
                // Those without an address are not told either: the fan-out reaches these.
                return ex.People;
            }
            catch (Exception ex) when (ex is NotFoundException or ValidationException or InvalidOperationException or DependencyUnavailableException
                || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return null;
            }
        }

        IEnumerable<AudienceReader> People(AudienceReader group, IReadOnlyList<DirectoryPerson> people) => people
            .Where(person => EmailAddress.IsValid(person.Email))
            .Select(person => Reader(group.Audience, person.Email, _byEmail.GetValueOrDefault(person.Email.Trim())?.DisplayName
                ?? (string.IsNullOrWhiteSpace(person.DisplayName) ? person.Email.Trim().ToLowerInvariant() : person.DisplayName.Trim())));
    }

    private AudienceReader Reader(string audience, string address, string name) =>
        new(audience, address.Trim().ToLowerInvariant(), LanguageAt(address, audience), name);
}
