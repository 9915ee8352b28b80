using System.Globalization;
using Azure.Data.Tables;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// Long text across several string properties (<c>Data00</c>, <c>Data01</c>, … and <c>DataCount</c>): one property
/// holds at most 64 KiB (32,768 UTF-16 characters), an entity 1 MiB and 252 properties. Chunks never split a
/// surrogate pair, which would store two invalid halves.
/// </summary>
internal static class TableRetroChunks
{
    public const int ChunkChars = 30_000;
    public const int MaxChunks = 30;

    public static void Write(TableEntity entity, string name, string text)
    {
        var count = 0;
        for (var start = 0; start < text.Length; count++)
        {
            if (count >= MaxChunks)
            {
                throw new InvalidOperationException($"{name} is {text.Length} characters: more than {MaxChunks} properties of {ChunkChars}.");
            }

            var length = Math.Min(ChunkChars, text.Length - start);
            if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]))
            {
                length--;
            }

            entity[Name(name, count)] = text.Substring(start, length);
            start += length;
        }

        entity[name + "Count"] = count;
    }

    public static string Read(TableEntity entity, string name)
    {
        var count = entity.GetInt32(name + "Count") ?? throw new InvalidOperationException($"Row '{entity.PartitionKey}'/'{entity.RowKey}' lacks {name}Count.");
        return string.Concat(Enumerable.Range(0, count).Select(i => entity.GetString(Name(name, i)) ?? ""));
    }

    private static string Name(string name, int index) => name + index.ToString("D2", CultureInfo.InvariantCulture);
}
