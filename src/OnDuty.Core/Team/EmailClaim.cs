using OnDuty.Core.Common;

namespace OnDuty.Core.Team;

/// <summary>
/// A member's hold on their address. Stores keep one claim per address, written in the same transaction as the member, so
/// two members saved at once cannot both take one address (a check of the roster before the write cannot see the other).
/// </summary>
public static class EmailClaim
{
    /// <summary>The one form of every address <see cref="EmailAddress.Same"/> treats as equal: trimmed, letter case folded.</summary>
    public static string Normalize(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.Trim().ToUpperInvariant();
    }

    /// <summary>The refusal of an address member <paramref name="holderId"/> has (409 naming <c>email</c>).</summary>
    public static ConflictException Taken(string holderId) =>
        new("email", $"is already the address of member '{holderId}': each member needs their own (sign-in, leads and reports find people by it)");
}
