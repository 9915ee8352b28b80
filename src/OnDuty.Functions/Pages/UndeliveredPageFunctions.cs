using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace OnDuty.Functions.Pages;

/// <summary>「届かなかった連絡」 for people: anonymous for the Functions host, the person checked like every PM page.</summary>
public sealed class UndeliveredPageFunctions(UndeliveredPage page)
{
    /// <summary><c>GET /api/status/undelivered?lang=ja|en</c>: the messages given up, newest first, each with why and a re-send button.</summary>
    [Function("UndeliveredPage")]
    public Task<IActionResult> Show([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "status/undelivered")] HttpRequest request) =>
        page.ShowAsync(request);

    /// <summary><c>POST /api/status/undelivered</c> (<c>message</c>): re-sends one; 303 back, or the list again saying why not (409/404/400).</summary>
    [Function("UndeliveredPageResend")]
    public Task<IActionResult> Resend([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "status/undelivered")] HttpRequest request) =>
        page.ResendAsync(request);
}
