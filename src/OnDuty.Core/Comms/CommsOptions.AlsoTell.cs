using OnDuty.Core.Common;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Comms;

/// <summary>An update's <c>alsoTell</c>: audiences told besides the severity's (<see cref="IncidentEdit.AlsoTell"/>).</summary>
public sealed partial class CommsOptions
{
    /// <summary>The request field that names them.</summary>
    public const string AlsoTellField = "alsoTell";

    /// <summary>
    /// <paramref name="names"/> as configured (the case of the <see cref="Audiences"/> keys), each once, in order; a name that is no
    /// configured audience (or blank) is a <see cref="ValidationException"/> naming <see cref="AlsoTellField"/> and listing the known ones.
    /// </summary>
    public IReadOnlyList<string> CheckAlsoTell(IReadOnlyList<string>? names)
    {
        if (names is null || names.Count == 0)
        {
            return [];
        }

        var unknown = names.Where(n => string.IsNullOrWhiteSpace(n) || !Audiences.ContainsKey(n.Trim())).ToList();
        if (unknown.Count > 0)
        {
            var known = Audiences.Count == 0 ? "none is configured" : "known: " + string.Join(", ", Audiences.Keys.Order(StringComparer.Ordinal));
            throw new ValidationException(AlsoTellField, $"names no configured audience: {string.Join(", ", unknown.Select(n => $"'{n}'"))} ({known})");
        }

        return [.. names.Select(n => Audiences.Keys.First(k => string.Equals(k, n.Trim(), StringComparison.OrdinalIgnoreCase)))
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Of <paramref name="asked"/>, those <paramref name="incident"/>'s next notice would not reach anyway (told, its severity's, asked before).</summary>
    public IReadOnlyList<string> NotReachedOf(Incident incident, IReadOnlyList<string> asked)
    {
        var reached = NextNoticeAudiences(incident);
        return [.. asked.Where(a => !reached.Contains(a, StringComparer.OrdinalIgnoreCase))];
    }

    /// <summary>The audiences an update of <paramref name="incident"/> may tell too (the update form's 「ほかにも知らせる：」): configured, not reached by its next notice.</summary>
    public IReadOnlyList<string> AlsoTellChoices(Incident incident) =>
        NotReachedOf(incident, [.. Audiences.Keys.Order(StringComparer.OrdinalIgnoreCase)]);
}
