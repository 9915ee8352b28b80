using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;

namespace OnDuty.Infrastructure.Tables;

/// <summary>Typed access to <see cref="TableEntity"/> properties in the formats OnDuty stores (enum names, yyyy-MM-dd dates, JSON lists).</summary>
internal static class EntityFormat
{
    private const string DateFormat = "yyyy-MM-dd";

    public static string Date(DateOnly value) => value.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static string Time(TimeOnly value) => value.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    /// <summary>An unset (default) time is not stored: Table Storage dates start at 1601-01-01.</summary>
    public static DateTimeOffset? Timestamp(DateTimeOffset value) => value == default ? null : value;

    public static string List(IReadOnlyList<string> values) => JsonSerializer.Serialize(values);

    /// <summary>Drops null properties: a missing property reads back as null, and not every endpoint accepts JSON nulls.</summary>
    public static TableEntity WithoutNulls(this TableEntity entity)
    {
        foreach (var key in entity.Keys.Where(k => entity[k] is null).ToList())
        {
            entity.Remove(key);
        }

        return entity;
    }

    public static string RequiredString(this TableEntity entity, string name) =>
        entity.GetString(name) ?? throw Missing(entity, name);

    public static DateOnly RequiredDate(this TableEntity entity, string name) =>
        DateOnly.ParseExact(entity.RequiredString(name), DateFormat, CultureInfo.InvariantCulture);

    public static DateOnly? OptionalDate(this TableEntity entity, string name) =>
        entity.GetString(name) is { Length: > 0 } value ? DateOnly.ParseExact(value, DateFormat, CultureInfo.InvariantCulture) : null;

    public static TimeOnly RequiredTime(this TableEntity entity, string name) =>
        TimeOnly.Parse(entity.RequiredString(name), CultureInfo.InvariantCulture);

    public static T RequiredEnum<T>(this TableEntity entity, string name)
        where T : struct, Enum =>
        Enum.Parse<T>(entity.RequiredString(name));

    public static int RequiredInt(this TableEntity entity, string name) =>
        entity.GetInt32(name) ?? throw Missing(entity, name);

    public static bool RequiredBool(this TableEntity entity, string name) =>
        entity.GetBoolean(name) ?? throw Missing(entity, name);

    /// <summary>Reads a time written with <see cref="Timestamp(DateTimeOffset)"/>: absent means default.</summary>
    public static DateTimeOffset Timestamp(this TableEntity entity, string name) =>
        entity.GetDateTimeOffset(name) ?? default;

    public static IReadOnlyList<string> List(this TableEntity entity, string name) =>
        entity.GetString(name) is { Length: > 0 } json ? JsonSerializer.Deserialize<string[]>(json) ?? [] : [];

    private static InvalidOperationException Missing(TableEntity entity, string name) =>
        new($"Stored row '{entity.PartitionKey}'/'{entity.RowKey}' lacks property {name}.");
}
