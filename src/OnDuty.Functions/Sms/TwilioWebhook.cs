using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Functions.Http;
using OnDuty.Infrastructure.Sms;

namespace OnDuty.Functions.Sms;

/// <summary>
/// A request Twilio posts to OnDuty (a text to OnDuty's number, a text's status, a key pressed on a page call, a call's end):
/// form-encoded, and signed with the account's Auth Token in <c>X-Twilio-Signature</c> over the URL Twilio called and the
/// parameters. The signature is the credential (Twilio cannot send a function key in a header): one that does not match, or
/// another account's request, is refused with 403 and changes nothing.
/// </summary>
/// <remarks>
/// Twilio signs the URL as it called it. Behind Azure's front end the app may see another scheme or host, so the URL is
/// checked as <c>Team__PublicBaseUrl</c> gives it (what OnDuty hands Twilio) and as the request arrived.
/// </remarks>
public sealed class TwilioWebhook(IOptions<SmsSettings> sms, IOptions<TeamOptions> team, ILogger<TwilioWebhook> logger)
{
    public const string SignatureHeader = "X-Twilio-Signature";

    /// <summary>The parameters of a genuine request (the first value of each); throws 404/403/400 problems otherwise.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var settings = sms.Value;
        if (settings.Provider != SmsProvider.Twilio || string.IsNullOrWhiteSpace(settings.Twilio.AuthToken))
        {
            throw new BadRequestBodyException(StatusCodes.Status404NotFound, "Twilio is not configured", "This app does not use Twilio (Sms__Provider is not Twilio): nothing here takes Twilio's requests.");
        }

        var body = Encoding.UTF8.GetString(await RequestBody.ReadBytesAsync(request, RequestBody.DefaultMaxBytes, cancellationToken));
        Dictionary<string, Microsoft.Extensions.Primitives.StringValues> form;
        try
        {
            form = new FormReader(body).ReadForm();
        }
        catch (InvalidDataException ex)
        {
            throw new BadRequestBodyException(StatusCodes.Status400BadRequest, "Malformed form", $"Twilio posts application/x-www-form-urlencoded parameters: {ex.Message}");
        }

        var pairs = form.SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? ""))).ToList();
        var signature = request.Headers[SignatureHeader].ToString();
        if (!Urls(request).Any(url => TwilioSignature.IsValid(settings.Twilio.AuthToken!.Trim(), signature, url, pairs)))
        {
            logger.LogWarning("Refused a request to {Path} without a valid {Header}", request.Path, SignatureHeader);
            throw new BadRequestBodyException(
                StatusCodes.Status403Forbidden,
                "Invalid signature",
                $"{SignatureHeader} does not match this request signed with the account's Auth Token. If Twilio sent it, check that Team__PublicBaseUrl is the origin Twilio calls and Sms__Twilio__AuthToken is the account's current token.");
        }

        var values = form.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        if (values.TryGetValue("AccountSid", out var account) && !string.Equals(account, settings.Twilio.AccountSid?.Trim(), StringComparison.Ordinal))
        {
            throw new BadRequestBodyException(StatusCodes.Status403Forbidden, "Another account", $"The request is for Twilio account {account}, not Sms__Twilio__AccountSid.");
        }

        return values;
    }

    /// <summary>An empty TwiML answer: nothing more to do on Twilio's side.</summary>
    public static IActionResult Empty() => Xml(TwiML.Empty());

    public static IActionResult Xml(string twiml) => new ContentResult { StatusCode = StatusCodes.Status200OK, ContentType = "text/xml; charset=utf-8", Content = twiml };

    /// <summary>The URLs Twilio may have signed: the public origin's, and the request's own (as sent, and as https).</summary>
    private IEnumerable<string> Urls(HttpRequest request)
    {
        var tail = $"{request.PathBase}{request.Path}{request.QueryString}";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (team.Value.PublicBaseUrl?.Trim().TrimEnd('/') is { Length: > 0 } origin && seen.Add(origin + tail))
        {
            yield return origin + tail;
        }

        foreach (var scheme in new[] { request.Scheme, "https" })
        {
            var url = $"{scheme}://{request.Host}{tail}";
            if (seen.Add(url))
            {
                yield return url;
            }
        }
    }
}
