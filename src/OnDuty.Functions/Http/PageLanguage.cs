using Microsoft.AspNetCore.Http;
using OnDuty.Core.Common;
using OnDuty.Core.Team;

namespace OnDuty.Functions.Http;

/// <summary>The language of an HTML page: <c>?lang=ja|en</c>, else the browser's Accept-Language, else the fallback.</summary>
public static class PageLanguage
{
    public static Language Of(HttpRequest request, Language fallback = Language.Ja)
    {
        var lang = request.Query["lang"].ToString();
        if (lang.Length > 0)
        {
            return lang switch
            {
                "ja" => Language.Ja,
                "en" => Language.En,
                _ => throw new ValidationException("lang", "must be ja or en"),
            };
        }

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

        return fallback;
    }
}
