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

    private AudienceReader Reader(string audience, string address, string name) =>
        new(audience, address.Trim().ToLowerInvariant(), LanguageAt(address, audience), name);
}
