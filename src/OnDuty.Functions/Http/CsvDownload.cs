using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace OnDuty.Functions.Http;

/// <summary>
/// A CSV answered as a download: UTF-8 with a byte-order mark (Excel in Japan reads Japanese in a CSV only with it), not cached,
/// not sniffed, and <c>X-OnDuty-Truncated: true</c> when the report behind it read fewer rows than there were (a CSV has no place
/// to say so inside).
/// </summary>
public static class CsvDownload
{
    public static FileContentResult Of(HttpRequest request, string csv, string fileName, bool truncated = false)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        request.HttpContext.Response.Headers["X-Content-Type-Options"] = "nosniff";
        if (truncated)
        {
            request.HttpContext.Response.Headers["X-OnDuty-Truncated"] = "true";
        }

        return new FileContentResult([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)], "text/csv; charset=utf-8") { FileDownloadName = fileName };
    }
}
