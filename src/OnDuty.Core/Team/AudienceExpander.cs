using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;
using OnDuty.Core.Health;

namespace OnDuty.Core.Team;

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

                logger.LogError("Group {Group}: members that came back without an address are not told (count: {Unaddressed}): {Reason}", group, ex.Unaddressed, ex.Message);
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
