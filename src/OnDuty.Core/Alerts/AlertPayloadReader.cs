using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OnDuty.Core.Alerts;

/// <summary>
/// Reads typed fields out of a webhook body, collecting every problem under its JSONPath and every
/// shortening under <see cref="Notes"/>, so one pass reports all that is wrong with a payload.
/// </summary>
internal sealed partial class AlertPayloadReader(AlertParserOptions options)
{
    /// <summary>Enough to fix a payload; a body with thousands of bad alerts must not produce a thousand-line 400.</summary>
    internal const int MaxErrors = 20;

    private const int MaxNotes = 50;
    private const string Ellipsis = "…";

    private readonly List<AlertParseError> _errors = [];
    private readonly List<string> _notes = [];
    private int _droppedNotes;

    public AlertParserOptions Options { get; } = options;

    public bool HasErrors => _errors.Count > 0;

    public IReadOnlyList<AlertParseError> Errors => _errors;

    public IReadOnlyList<string> Notes =>
        _droppedNotes == 0 ? _notes : [.. _notes, $"{_droppedNotes} more notes left out"];

    public void Error(string path, string message)
    {
        if (_errors.Count < MaxErrors)
        {
            _errors.Add(new AlertParseError(path, message));
        }
    }

    public void Note(string path, string message)
    {
        if (_notes.Count < MaxNotes)
        {
            _notes.Add($"{path}: {message}");
        }
        else
        {
            _droppedNotes++;
        }
    }

    /// <summary>A note that must reach the sender whatever else was noted (it changes what the delivery does): first, never left out.</summary>
    public void NoteFirst(string path, string message) => _notes.Insert(0, $"{path}: {message}");

    /// <summary>Adds the label <paramref name="name"/> when the payload gave it a value (not absent, empty or blank).</summary>
    public static void AddLabel(List<KeyValuePair<string, string>> labels, string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (!string.IsNullOrWhiteSpace(value))
        {
            labels.Add(new(name, value));
        }
    }

    public static string Child(string path, string name) =>
        SimpleName().IsMatch(name) ? $"{path}.{name}" : $"{path}['{Shorten(name).Replace("'", "\\'", StringComparison.Ordinal)}']";

    public static string Item(string path, int index) => $"{path}[{index}]";

    /// <summary>Reports a non-object root or element; returns whether <paramref name="element"/> is an object.</summary>
    public bool ExpectObject(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        Error(path, $"expected an object, got {Describe(element)}");
        return false;
    }

    /// <summary>An optional member that may be absent or null; reports a wrong type.</summary>
    public bool TryGet(JsonElement parent, string path, string name, JsonValueKind kind, bool required, out JsonElement value)
    {
        // The member's path is built only for an error: every field of every alert passes through here.
        if (!parent.TryGetProperty(name, out value))
        {
            if (required)
            {
                Error(Child(path, name), "required field is missing");
            }

            return false;
        }

        if (value.ValueKind == kind)
        {
            return true;
        }

        if (value.ValueKind == JsonValueKind.Null && !required)
        {
            return false;
        }

        Error(Child(path, name), $"expected {Article(kind)}, got {Describe(value)}");
        return false;
    }

    /// <summary>A string member; when <paramref name="required"/>, it must also be non-blank.</summary>
    public string? String(JsonElement parent, string path, string name, bool required = false)
    {
        if (!TryGet(parent, path, name, JsonValueKind.String, required, out var value))
        {
            return null;
        }

        var text = value.GetString()!;
        if (required && string.IsNullOrWhiteSpace(text))
        {
            Error(Child(path, name), "must not be empty");
            return null;
        }

        return text;
    }

    /// <summary>A string member restricted to <paramref name="allowed"/> (exact, case-sensitive, as the tools send them).</summary>
    public string? OneOf(JsonElement parent, string path, string name, IReadOnlyList<string> allowed, bool required = false)
    {
        if (!TryGet(parent, path, name, JsonValueKind.String, required, out var value))
        {
            return null;
        }

        var text = value.GetString()!;
        foreach (var candidate in allowed)
        {
            if (string.Equals(candidate, text, StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        Error(Child(path, name), $"expected {Alternatives(allowed)}, got {Describe(value)}");
        return null;
    }

    public long? Integer(JsonElement parent, string path, string name, bool required = false)
    {
        if (!TryGet(parent, path, name, JsonValueKind.Number, required, out var value))
        {
            return null;
        }

        if (value.TryGetInt64(out var number))
        {
            return number;
        }

        Error(Child(path, name), $"expected an integer, got {Describe(value)}");
        return null;
    }

    /// <summary>An RFC 3339 timestamp with an explicit offset; Go's zero time reads as null.</summary>
    public DateTimeOffset? Time(JsonElement parent, string path, string name, bool required = false)
    {
        if (!TryGet(parent, path, name, JsonValueKind.String, required, out var value))
        {
            return null;
        }

        var text = value.GetString()!;
        if (!Rfc3339().IsMatch(text) || !value.TryGetDateTimeOffset(out var time))
        {
            Error(Child(path, name), $"expected an RFC 3339 timestamp such as '2024-05-01T09:30:00Z', got {Describe(value)}");
            return null;
        }

        return time.UtcDateTime == DateTime.MinValue ? null : time;
    }

    /// <summary>An object whose members must all be strings (Alertmanager labels and annotations).</summary>
    public Dictionary<string, string>? StringMap(JsonElement parent, string path, string name, bool required = false)
    {
        if (!TryGet(parent, path, name, JsonValueKind.Object, required, out var value))
        {
            return null;
        }

        var mapPath = Child(path, name);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in value.EnumerateObject())
        {
            if (member.Value.ValueKind != JsonValueKind.String)
            {
                Error(Child(mapPath, member.Name), $"expected a string, got {Describe(member.Value)}");
                continue;
            }

            map[member.Name] = member.Value.GetString()!;
        }

        return map;
    }

    /// <summary>Cuts <paramref name="text"/> to <paramref name="max"/> characters (never inside a surrogate pair) and notes it.</summary>
    public string? Truncate(string? text, int max, string path)
    {
        if (text is null || text.Length <= max)
        {
            return text;
        }

        var keep = max - Ellipsis.Length;
        if (char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        Note(path, $"truncated from {text.Length} to {max} characters");
        return string.Concat(text.AsSpan(0, keep), Ellipsis);
    }

    /// <summary>Applies the label count, name and value limits, in payload order.</summary>
    public IReadOnlyDictionary<string, string> LimitLabels(IEnumerable<KeyValuePair<string, string>> labels, string path)
    {
        var limited = new Dictionary<string, string>(StringComparer.Ordinal);
        var overCount = 0;
        var overBudget = 0;
        var used = 0;
        foreach (var (name, value) in labels)
        {
            if (limited.ContainsKey(name))
            {
                continue;
            }

            if (name.Length > Options.MaxLabelNameLength)
            {
                Note(path, $"dropped a label whose name is {name.Length} characters long (limit {Options.MaxLabelNameLength})");
                continue;
            }

            if (limited.Count >= Options.MaxLabels)
            {
                overCount++;
                continue;
            }

            var kept = Truncate(value, Options.MaxLabelValueLength, Child(path, name))!;
            if (used + name.Length + kept.Length > Options.MaxLabelsTotalLength)
            {
                overBudget++;
                continue;
            }

            used += name.Length + kept.Length;
            limited[name] = kept;
        }

        if (overCount > 0)
        {
            Note(path, $"kept the first {Options.MaxLabels} labels, dropped {overCount}");
        }

        if (overBudget > 0)
        {
            Note(path, $"dropped {overBudget} labels beyond the {Options.MaxLabelsTotalLength}-character budget for all labels");
        }

        return limited;
    }

    /// <summary>An absolute http(s) link, or null (noted) for anything else; empty strings are silently absent.</summary>
    public AlertLink? Link(string kind, string? href, string path, string? text = null)
    {
        if (string.IsNullOrWhiteSpace(href))
        {
            return null;
        }

        if (Uri.TryCreate(href.Trim(), UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return new AlertLink(kind, uri, Truncate(text, Options.MaxSummaryLength, path));
        }

        Note(path, "ignored a link that is not an absolute http(s) URL");
        return null;
    }

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"'{Shorten(element.GetString()!)}'",
        JsonValueKind.Number => $"number {Shorten(element.GetRawText())}",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>Keeps echoed payload text short and printable in error messages.</summary>
    public static string Shorten(string text)
    {
        const int max = 64;
        var builder = new StringBuilder(Math.Min(text.Length, max + 1));
        foreach (var c in text)
        {
            if (builder.Length == max)
            {
                builder.Append(Ellipsis);
                break;
            }

            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return builder.ToString();
    }

    private static string Article(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => kind.ToString().ToLower(CultureInfo.InvariantCulture),
    };

    private static string Alternatives(IReadOnlyList<string> allowed) =>
        allowed.Count == 1
            ? $"'{allowed[0]}'"
            : string.Join(", ", allowed.Take(allowed.Count - 1).Select(a => $"'{a}'")) + $" or '{allowed[^1]}'";

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\z")]
    private static partial Regex SimpleName();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})\z")]
    private static partial Regex Rfc3339();
}
