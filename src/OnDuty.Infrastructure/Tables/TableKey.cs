using System.Globalization;
using System.Text;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// Makes ids safe inside PartitionKey/RowKey values: percent-encodes the characters Table Storage forbids
/// (<c>/ \ # ?</c> and control characters), <c>%</c> itself, and <c>|</c>, which we use to join key parts.
/// </summary>
public static class TableKey
{
    /// <summary>
    /// Largest key Table Storage accepts, in characters: 1 KiB of UTF-16, so 512 (Azurite refuses a longer one the same way).
    /// This was 1,024 before: a key of 513 to 1,024 characters passed the check and was refused by the service, a 500.
    /// </summary>
    public const int MaxLength = 512;

    public const char Separator = '|';

    /// <summary>Whether <paramref name="id"/>, escaped, fits in a key: one that does not cannot be stored, so a read of it finds nothing.</summary>
    public static bool Fits(string id) => Escape(id).Length <= MaxLength;

    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Any(NeedsEscape))
        {
            return value;
        }

        // Every character escaped here is at most U+00FF (char.IsControl covers U+0000-U+001F and U+007F-U+009F).
        var builder = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            if (NeedsEscape(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    public static string Unescape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Contains('%'))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length)
            {
                builder.Append((char)int.Parse(value.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else
            {
                builder.Append(value[i]);
            }
        }

        return builder.ToString();
    }

    /// <summary>Whether <see cref="Join"/> of <paramref name="parts"/> fits a key.</summary>
    public static bool JoinFits(params string[] parts) => parts.Sum(p => Escape(p).Length) + parts.Length - 1 <= MaxLength;

    /// <summary>Joins escaped parts with <see cref="Separator"/>; throws when the key would exceed <see cref="MaxLength"/>.</summary>
    public static string Join(params string[] parts)
    {
        var key = string.Join(Separator, parts.Select(Escape));
        return key.Length <= MaxLength
            ? key
            : throw new ArgumentException($"Table key would be {key.Length} characters; the limit is {MaxLength}.", nameof(parts));
    }

    /// <summary>The time as ticks counted down from the last one, fixed width: in key order, the latest comes first.</summary>
    public static string LatestFirst(DateTimeOffset at) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>The first key after every key that starts with <paramref name="prefix"/>: the exclusive end of a range query.</summary>
    internal static string RangeEnd(string prefix) =>
        string.Concat(prefix.AsSpan(0, prefix.Length - 1), ((char)(prefix[^1] + 1)).ToString());

    private static bool NeedsEscape(char c) =>
        c is '/' or '\\' or '#' or '?' or '%' or Separator || char.IsControl(c);
}
