using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using OnDuty.Core.Common;

namespace OnDuty.Functions.Http;

/// <summary>
/// Says what was wrong with a JSON body the serializer refused, in the API's words: "Malformed JSON" only when the text is not
/// JSON; otherwise the field named with what it must be (the accepted values of an enum, a date's form, …), from the request
/// type's own contract. The serializer's messages name .NET types, which mean nothing to a caller: they are never passed on.
/// </summary>
internal static class JsonBodyError
{
    /// <summary>The exception to answer with for <paramref name="error"/>, raised reading <paramref name="body"/> as <paramref name="target"/>.</summary>
    public static Exception Describe(Type target, byte[] body, JsonException error, JsonSerializerOptions options)
    {
        if (SyntaxError(body, options) is { } syntax)
        {
            var atTheTop = string.IsNullOrEmpty(error.Path) || error.Path == "$";
            var where = atTheTop ? "the body" : error.Path;
            return new BadRequestBodyException(StatusCodes.Status400BadRequest, "Malformed JSON", $"Invalid JSON at {where}: {syntax}")
            {
                Refusal = atTheTop ? Refusal.Of("jsonMalformed", ("reason", syntax)) : Refusal.Of("jsonMalformedAt", ("where", where), ("reason", syntax)),
            };
        }

        var path = Segments(error.Path);

        // A field given twice, or one the request does not have: the serializer names it in its message (quoted), and its path
        // may stop at the object holding it.
        var duplicate = error.Message.Contains("uplicate", StringComparison.Ordinal);
        var unmapped = error.Message.Contains("could not be mapped", StringComparison.Ordinal);
        if ((duplicate || unmapped) && Quoted(error.Message) is { } name)
        {
            if (path.Count == 0 || !string.Equals(path[^1], name, StringComparison.OrdinalIgnoreCase))
            {
                path.Add(name);
            }

            var problem = duplicate ? new Problem("is given more than once", Refusal.Of("jsonDuplicate")) : NotAField(target, path, options);
            return WithTheOthers(Field(path), problem, target, body, options);
        }

        if (path.Count == 0)
        {
            return new BadRequestBodyException(StatusCodes.Status400BadRequest, "Invalid body", $"The JSON body must be {Expected(target, options)}.")
            {
                Refusal = ExpectedRefusal(target, options, "jsonBody"),
            };
        }

        var (field, message) = ValueError(target, path, options);
        return WithTheOthers(field, message, target, body, options);
    }

    /// <summary>What was wrong with a field: the API's English and, as data, its code and arguments (said in Japanese when asked).</summary>
    private sealed record Problem(string Message, Refusal Refusal);

    /// <summary>The field at <paramref name="path"/> and what its value must be (or that the request has no such field).</summary>
    private static (string Field, Problem Problem) ValueError(Type target, List<string> path, JsonSerializerOptions options)
    {
        var type = target;
        foreach (var segment in path)
        {
            var next = Step(type, segment, options);
            if (next is null)
            {
                return (Field(path), NotAField(target, path, options));
            }

            type = next;
        }

        return (Field(path), new Problem("must be " + Expected(type, options), ExpectedRefusal(type, options, "json")));
    }

    /// <summary>
    /// The serializer stops at the first bad value; the caller fixing a request wants every one at once (trial 37 L1: a member's
    /// PUT with a bad <c>level</c> and a bad <c>joinedOn</c> named only the first). Each other top-level field the request declares
    /// is read on its own, and its problem added. Fields the request does not declare are left to the serializer's own answer
    /// (a GET's read-only fields are taken back, not refused).
    /// </summary>
    private static ValidationException WithTheOthers(string field, Problem first, Type target, byte[] body, JsonSerializerOptions options)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [first.Message] };
        var refusals = new Dictionary<string, Refusal>(StringComparer.Ordinal) { [field] = first.Refusal };
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = options.MaxDepth, AllowTrailingCommas = options.AllowTrailingCommas, CommentHandling = options.ReadCommentHandling });
            if (document.RootElement.ValueKind == JsonValueKind.Object && options.GetTypeInfo(target).Kind == JsonTypeInfoKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (Step(target, property.Name, options) is not { } type)
                    {
                        continue;
                    }

                    try
                    {
                        property.Value.Deserialize(type, options);
                    }
                    catch (JsonException ex)
                    {
                        var (other, problem) = ValueError(target, [property.Name, .. Segments(ex.Path)], options);
                        // The serializer's own first problem may be this field's, named deeper: said once.
                        if (!errors.Keys.Any(f => Same(f, property.Name, options)))
                        {
                            errors[other] = [problem.Message];
                            refusals[other] = problem.Refusal;
                        }
                    }
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            // The first problem is said in any case.
        }

        return new ValidationException(errors) { Refusals = refusals };
    }

    /// <summary>Whether <paramref name="field"/> (as the API names it) is <paramref name="name"/> or inside it.</summary>
    private static bool Same(string field, string name, JsonSerializerOptions options)
    {
        var comparison = options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return string.Equals(field, name, comparison) || field.StartsWith(name + ".", comparison) || field.StartsWith(name + "[", comparison);
    }

    /// <summary>The 400 for a top-level field <paramref name="name"/> that <paramref name="target"/> neither declares nor takes back.</summary>
    public static ValidationException NotDeclared(Type target, string name, IReadOnlyList<string> readOnlyFields, JsonSerializerOptions options)
    {
        var problem = NotAField(target, [name], options, readOnlyFields);
        return new ValidationException(name, problem.Message, problem.Refusal);
    }

    /// <summary>
    /// "is not a field of this request", with the fields the object holding it does take: a caller who wrote <c>by</c> where
    /// the request takes <c>memberId</c> sees what to write.
    /// </summary>
    private static Problem NotAField(Type target, IReadOnlyList<string> path, JsonSerializerOptions options, IReadOnlyList<string>? takenBack = null)
    {
        Type? holder = target;
        foreach (var segment in path.Take(path.Count - 1))
        {
            holder = holder is null ? null : Step(holder, segment, options);
        }

        var fields = holder is null ? [] : options.GetTypeInfo(Nullable.GetUnderlyingType(holder) ?? holder) is { Kind: JsonTypeInfoKind.Object } info
            ? info.Properties.Where(p => !p.IsExtensionData && (p.Set is not null || p.AssociatedParameter is not null)).Select(p => p.Name).Concat(takenBack ?? []).ToList()
            : [];
        return fields.Count == 0
            ? new Problem("is not a field of this request", Refusal.Of("jsonNotAField"))
            : new Problem($"is not a field of this request (its fields: {string.Join(", ", fields)})", Refusal.Of("jsonNotAFieldOf", ("fields", string.Join(", ", fields))));
    }

    /// <summary>The first <c>'…'</c> of a serializer message: the JSON property it is about.</summary>
    private static string? Quoted(string message)
    {
        var start = message.IndexOf('\'');
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        return end > start + 1 ? message[(start + 1)..end] : null;
    }

    /// <summary>The reader's own complaint when <paramref name="body"/> is not well-formed JSON; null when it is.</summary>
    private static string? SyntaxError(byte[] body, JsonSerializerOptions options)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions
        {
            MaxDepth = options.MaxDepth,
            AllowTrailingCommas = options.AllowTrailingCommas,
            CommentHandling = options.ReadCommentHandling,
        });
        try
        {
            while (reader.Read())
            {
            }

            return null;
        }
        catch (JsonException ex)
        {
            // "'}' is invalid after a property name. Expected a ':'. LineNumber: 0 | BytePositionInLine: 14."
            return ex.Message.Split(" LineNumber:", 2)[0].Trim();
        }
    }

    /// <summary>The field as the API names it: <c>severity</c>, <c>actionItems[0].due</c>.</summary>
    private static string Field(IReadOnlyList<string> path)
    {
        var field = new System.Text.StringBuilder();
        foreach (var segment in path)
        {
            if (segment.StartsWith('['))
            {
                field.Append(segment);
            }
            else
            {
                field.Append(field.Length == 0 ? "" : ".").Append(segment);
            }
        }

        return field.ToString();
    }

    /// <summary>The serializer's path (<c>$.a.b[0]</c>, <c>$['odd key']</c>) as property names and <c>[n]</c> indexes.</summary>
    private static List<string> Segments(string? path)
    {
        var segments = new List<string>();
        if (string.IsNullOrEmpty(path) || path[0] != '$')
        {
            return segments;
        }

        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['"))
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                segments.Add(path[(i + 2)..end]);
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                end = end < 0 ? path.Length - 1 : end;
                segments.Add(path[i..(end + 1)]);
                i = end + 1;
            }
            else
            {
                break;
            }
        }

        return segments;
    }

    /// <summary>The type at <paramref name="segment"/> inside <paramref name="type"/>; null when it has no such member.</summary>
    private static Type? Step(Type type, string segment, JsonSerializerOptions options)
    {
        var info = options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);
        return info.Kind switch
        {
            JsonTypeInfoKind.Object when !segment.StartsWith('[') =>
                info.Properties.FirstOrDefault(p => string.Equals(p.Name, segment, options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))?.PropertyType,
            JsonTypeInfoKind.Dictionary when !segment.StartsWith('[') => info.ElementType,
            JsonTypeInfoKind.Enumerable when segment.StartsWith('[') => info.ElementType,
            _ => null,
        };
    }

    /// <summary>What a value of <paramref name="type"/> must be, in the API's spellings.</summary>
    private static string Expected(Type type, JsonSerializerOptions options)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            return "one of: " + string.Join(", ", EnumSpellings(type));
        }

        if (type == typeof(DateOnly))
        {
            return "a date (YYYY-MM-DD)";
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return "a date and time (ISO 8601, such as 2026-12-02T09:30:00+09:00)";
        }

        if (type == typeof(TimeOnly))
        {
            return "a time of day (HH:mm)";
        }

        if (type == typeof(bool))
        {
            return "true or false";
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte))
        {
            return "a whole number";
        }

        if (type == typeof(double) || type == typeof(decimal) || type == typeof(float))
        {
            return "a number";
        }

        if (type == typeof(string))
        {
            return "a string";
        }

        return options.GetTypeInfo(type).Kind switch
        {
            JsonTypeInfoKind.Enumerable => "an array",
            JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "an object",
            _ => "a value of another kind",
        };
    }

    /// <summary>
    /// <see cref="Expected"/> as a code (<paramref name="prefix"/> + the kind: <c>jsonWholeNumber</c>, <c>jsonOneOf</c> with its
    /// <c>values</c>, …) that a reader's language words (「整数で指定してください。」).
    /// </summary>
    private static Refusal ExpectedRefusal(Type type, JsonSerializerOptions options, string prefix)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            return Refusal.Of(prefix + "OneOf", ("values", string.Join(", ", EnumSpellings(type))));
        }

        var kind = type == typeof(DateOnly) ? "Date"
            : type == typeof(DateTimeOffset) || type == typeof(DateTime) ? "DateTime"
            : type == typeof(TimeOnly) ? "Time"
            : type == typeof(bool) ? "Boolean"
            : type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) ? "WholeNumber"
            : type == typeof(double) || type == typeof(decimal) || type == typeof(float) ? "Number"
            : type == typeof(string) ? "String"
            : options.GetTypeInfo(type).Kind switch
            {
                JsonTypeInfoKind.Enumerable => "Array",
                JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "Object",
                _ => "Other",
            };
        return Refusal.Of(prefix + kind);
    }

    /// <summary>An enum's values as the API reads and writes them (camelCase, or the name given by <see cref="JsonStringEnumMemberNameAttribute"/>).</summary>
    internal static IEnumerable<string> EnumSpellings(Type enumType) =>
        enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(f.Name));
}
