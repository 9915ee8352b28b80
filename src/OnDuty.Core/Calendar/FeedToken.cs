namespace OnDuty.Core.Calendar;

/// <summary>
/// One subscription secret of a feed. Only the SHA-256 of the secret is stored (<see cref="TokenHash"/>), so a
/// leaked table does not leak working URLs; <see cref="Id"/> (a prefix of the hash) names it for revoking.
/// </summary>
public sealed record FeedToken
{
    public required FeedOwner Owner { get; init; }

    public required string Id { get; init; }

    /// <summary>Lower-case hex SHA-256 of the secret's UTF-8 text.</summary>
    public required string TokenHash { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public string? Note { get; init; }

    /// <summary>
    /// Made by the member on their own page (「カレンダーに追加」, <c>/api/status/me</c>), not by an admin with the function key: the
    /// page lists and revokes only these, so a member never sees or stops a URL an admin handed out.
    /// </summary>
    public bool ByMember { get; init; }
}
