using Microsoft.AspNetCore.Http;
using OnDuty.Core.Common;
using OnDuty.Core.Team;

namespace OnDuty.Functions.Http;

/// <summary>The language a request asks for: <c>?lang=ja|en</c>, else the first of those in Accept-Language; null when neither says.</summary>
public static class RequestLanguage
{
    /// <summary>The language the address asks for (<c>?lang=ja|en</c>) alone, not the browser's; null when it says none it can read.</summary>
    public static Language? Asked(HttpRequest request) =>
        request.Query["lang"].ToString() switch
        {
            "ja" => Language.Ja,
            "en" => Language.En,
            _ => null,
        };

    /// <exception cref="ValidationException"><c>lang</c> is neither <c>ja</c> nor <c>en</c>.</exception>
    public static Language? Of(HttpRequest request) =>
        request.Query["lang"].ToString() is { Length: > 0 } and not ("ja" or "en")
            ? throw new ValidationException("lang", "must be ja or en") { Rules = new Dictionary<string, ValueRule> { ["lang"] = ValueRule.OneOf("ja", "en") } }
            : Readable(request);

    /// <summary>
    /// As <see cref="Of"/>, for a page that says something is wrong: a <c>lang</c> it cannot read is passed over for
    /// Accept-Language instead of refused. Null when neither says.
    /// </summary>
    public static Language? Readable(HttpRequest request) => Asked(request) ?? Accepted(request);

    private static Language? Accepted(HttpRequest request)
    {
        foreach (var value in request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1))
        {
            var tag = value.Value.ToString();
            if (tag.StartsWith("ja", StringComparison.OrdinalIgnoreCase))
            {
                return Language.Ja;
            }

            if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                return Language.En;
            }
        }

        return null;
    }
}
