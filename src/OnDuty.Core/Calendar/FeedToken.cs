using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace OnDuty.Core.Calendar;

public enum FeedKind
{
    Rotation,
    Member,
}

/// <summary>Whose calendar a feed shows; <see cref="Key"/> (<c>rotation|incident-duty</c>) is the storage partition.</summary>
public sealed record FeedOwner(FeedKind Kind, string Id)
{
    public string Key => $"{(Kind == FeedKind.Rotation ? "rotation" : "member")}|{Id}";
}

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
}

/// <summary>Feed secrets: 32 random bytes in base64url (43 characters), looked up by their SHA-256.</summary>
public static class FeedSecret
{
    public const int Length = 43;

    public static string Generate() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The feed id shown to people: the first 16 hex digits of the hash (not a secret, not enough to find the token).</summary>
    public static string IdOf(string tokenHash) => tokenHash[..16];

    /// <summary>Shape check before any storage read: 43 base64url characters.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: Length } && Base64Url.IsValid(token, out var decoded) && decoded == 32;

    /// <summary>Compares two hashes in constant time.</summary>
    public static bool HashesEqual(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}

/// <summary>Feed secrets by owner (one partition per feed; the token hash is the row, so a check is a point read).</summary>
public interface IFeedTokenRepository
{
    Task AddAsync(FeedToken token, CancellationToken cancellationToken);

    Task<FeedToken?> FindAsync(FeedOwner owner, string tokenHash, CancellationToken cancellationToken);

    Task<IReadOnlyList<FeedToken>> ListAsync(FeedOwner owner, CancellationToken cancellationToken);

    /// <summary>Deletes the token with that id; false when there was none.</summary>
    Task<bool> DeleteAsync(FeedOwner owner, string id, CancellationToken cancellationToken);
}
