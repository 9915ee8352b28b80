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
