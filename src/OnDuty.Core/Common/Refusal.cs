using System.Globalization;

namespace OnDuty.Core.Common;

/// <summary>
/// Why a rule refused, as data beside the exception's English: a stable <see cref="Code"/> (what scripts read — never the
/// text) and its arguments (member ids, dates as <c>yyyy-MM-dd</c>, local times as <c>yyyy-MM-ddTHH:mm+09:00</c> with their zone
/// in <c>timeZone</c> (the rotation's IANA id, so a reader is told 「JST」), week
/// labels, counts). OnDuty.Messages says it in the reader's language, with the members' names (「木村さん」) and dates (1月12日(火)).
/// </summary>
public sealed record Refusal(string Code, IReadOnlyDictionary<string, string> Args)
{
    /// <summary>A refusal with its arguments in the invariant forms above; a null value is left out.</summary>
    public static Refusal Of(string code, params (string Name, object? Value)[] args) =>
        new(code, args.Where(a => a.Value is not null).ToDictionary(a => a.Name, a => Text(a.Value!), StringComparer.Ordinal));

    private static string Text(object value) => value switch
    {
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture),
        IEnumerable<DateOnly> days => string.Join(",", days.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
