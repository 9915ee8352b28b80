using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace OnDuty.Core.Calendar;

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
