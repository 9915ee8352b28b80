using System.Globalization;
using System.Text;
using Azure;
using OnDuty.Core.Common;

namespace OnDuty.Testing;

/// <summary>
/// What Table Storage refuses, for the in-memory fakes: each fake store checks every row it keeps as its table adapter would
/// write it, and fails the way that adapter surfaces the refusal, so a Core test reaching a path that real storage refuses
/// fails too. Azurite 3.37 refuses the same keys and texts (TableStorageRulesTests in the Infrastructure tests prove it).
/// </summary>
public static class TableStorageRules
{
    /// <summary>A PartitionKey or RowKey: "up to 1 KiB" of UTF-16, 512 characters (Azurite's limit too).</summary>
    public const int MaxKeyLength = 512;

    /// <summary>A string property: 64 KiB of UTF-16, 32K characters.</summary>
    public const int MaxStringLength = 32 * 1024;

    public const int MaxBinaryLength = 64 * 1024;

    /// <summary>An entity, counted as the service documents it (keys and names in UTF-16, 8 bytes a property besides).</summary>
    public const int MaxEntityBytes = 1024 * 1024;

    /// <summary>Own properties besides PartitionKey, RowKey and Timestamp.</summary>
    public const int MaxProperties = 252;

    /// <summary>
    /// The key a table adapter builds from <paramref name="parts"/> (OnDuty.Infrastructure's <c>TableKey.Join</c>): the characters
    /// keys may not hold, <c>%</c> and the separator <c>|</c> percent-encoded, parts joined by <c>|</c>. Longer than a key: the
    /// <see cref="ArgumentException"/> the adapter throws before any request (a 500 if a request reaches it).
    /// </summary>
    public static string Key(params string[] parts)
    {
        var key = string.Join('|', parts.Select(Escape));
        return key.Length <= MaxKeyLength
            ? key
            : throw new ArgumentException($"Table key would be {key.Length} characters; the limit is {MaxKeyLength}.", nameof(parts));
    }

    /// <summary>Whether <see cref="Key"/> of <paramref name="parts"/> fits: the adapters answer "not found" for one that does not, without a request.</summary>
    public static bool Fits(params string[] parts) => parts.Sum(p => Escape(p).Length) + parts.Length - 1 <= MaxKeyLength;

    /// <summary>
    /// A key as sent: longer than <see cref="MaxKeyLength"/> or holding <c>/ \ # ?</c> or a control character (U+0000–U+001F,
    /// U+007F–U+009F) is refused with 400 <c>InvalidInput</c>, which no adapter maps: it surfaces as the
    /// <see cref="RequestFailedException"/> itself.
    /// </summary>
    public static void CheckKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length > MaxKeyLength || key.Any(IsForbiddenInKey))
        {
            throw new RequestFailedException(400, $"Table Storage refuses the key '{Shorten(key)}' ({key.Length} characters): InvalidInput.", "InvalidInput", null);
        }
    }

    /// <summary>
    /// A row as its adapter writes it: keys (<see cref="CheckKey"/>), at most <see cref="MaxProperties"/> properties, each string at
    /// most <see cref="MaxStringLength"/> characters and each binary <see cref="MaxBinaryLength"/> bytes, the entity at most
    /// <see cref="MaxEntityBytes"/>. A value too large fails as the adapters' <c>TableCall</c> maps it: a
    /// <see cref="ValidationException"/> naming <c>body</c> (400), nothing stored.
    /// </summary>
    public static void CheckRow(string partitionKey, string rowKey, params (string Name, object? Value)[] properties)
    {
        CheckKey(partitionKey);
        CheckKey(rowKey);
        var present = properties.Where(p => p.Value is not null).ToList();
        if (present.Count > MaxProperties)
        {
            throw new RequestFailedException(400, $"{present.Count} properties; Table Storage keeps at most {MaxProperties}.", "TooManyProperties", null);
        }

        foreach (var (_, value) in present)
        {
            if ((value is string s && s.Length > MaxStringLength) || (value is byte[] b && b.Length > MaxBinaryLength))
            {
                throw TooLarge("PropertyValueTooLarge");
            }
        }

        if (EntityBytes(partitionKey, rowKey, present) > MaxEntityBytes)
        {
            throw TooLarge("EntityTooLarge");
        }
    }

    /// <summary>Shorthand for <see cref="CheckRow"/> when the adapter keeps these texts as string properties of one row.</summary>
    public static void CheckTexts(string partitionKey, string rowKey, params string?[] texts) =>
        CheckRow(partitionKey, rowKey, [.. texts.Select((t, i) => ($"P{i}", (object?)t))]);

    /// <summary>
    /// A long text as an adapter spreads it over properties <c>{name}</c>, <c>{name}_1</c>… of <paramref name="chunkLength"/>
    /// characters each (the outbox's <c>OutboxRows.WriteLongText</c>).
    /// </summary>
    public static IEnumerable<(string Name, object? Value)> Chunked(string name, string? value, int chunkLength)
    {
        if (value is null)
        {
            yield break;
        }

        var part = 0;
        for (var start = 0; start < value.Length || part == 0; part++)
        {
            var length = Math.Min(chunkLength, value.Length - start);
            yield return (part == 0 ? name : $"{name}_{part}", value.Substring(start, length));
            start += length;
        }
    }

    /// <summary>The documented size: 4 bytes, keys in UTF-16, and per property 8 bytes, its name in UTF-16 and its value.</summary>
    public static long EntityBytes(string partitionKey, string rowKey, IEnumerable<(string Name, object? Value)> properties) =>
        4 + ((partitionKey.Length + rowKey.Length) * 2L) + properties.Where(p => p.Value is not null).Sum(p => 8 + (p.Name.Length * 2L) + p.Value switch
        {
            string s => 4 + (s.Length * 2L),
            byte[] b => 4 + b.Length,
            bool => 1,
            int => 4,
            Guid => 16,
            _ => 8, // long, double, DateTime(Offset)
        });

    public static bool IsForbiddenInKey(char c) => c is '/' or '\\' or '#' or '?' || c <= '\u001F' || c is >= '\u007F' and <= '\u009F';

    private static ValidationException TooLarge(string code) =>
        new("body", $"is too large to store ({code}); shorten the longest text and send it again");

    /// <summary>An id escaped as the adapters escape it inside a key (<c>TableKey.Escape</c>), with no check of its length.</summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' or '|' || char.IsControl(c))
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

    private static string Shorten(string key) => key.Length <= 40 ? key : key[..40] + "…";
}
