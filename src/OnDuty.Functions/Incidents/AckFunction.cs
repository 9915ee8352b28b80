using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Functions.Http;
using OnDuty.Messages;

namespace OnDuty.Functions.Incidents;

/// <summary>
/// The signed acknowledge link from a page. Anonymous, because an email link cannot carry a function key: the signed,
/// expiring token is the credential. GET only shows a confirmation page (mail scanners prefetch links, so GET must not
/// change anything); its button POSTs to the same URL, which acknowledges. Pages come from the message layer (encoded
/// templates) in the reader's language: the member's own (a duty member, or a lead the roster has), else the team's.
/// </summary>
public sealed class AckFunction(AckToken tokens, IncidentService incidents, INoticeRenderer renderer, ReaderLanguage languages, IOptions<IncidentOptions> options, ILogger<AckFunction> logger)
{
    [Function("AckLinkPage")]
    public Task<IActionResult> Show([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ack/{token}")] HttpRequest request, string token) =>
        RunAsync(request, token, async (check, ct) =>
        {
            // The record alone: a storm's incident has thousands of timeline rows this page never shows. A member woken by an
            // old page whose incident recovered meanwhile is told so, with no button; one whose partner took it meanwhile, who
            // and when (a press would record nothing). A tool's acknowledgement keeps the button: a person's press takes it over.
            var i = await incidents.GetAcknowledgeableAsync(check.IncidentId!, ct);
            var kind = !i.IsOpen ? AckPageKind.Resolved : i.AcknowledgedByPerson ? AckPageKind.Taken : AckPageKind.Confirm;
            return Page(request, StatusCodes.Status200OK, Describe(i, kind, await incidents.AckLinkHolderAsync(check.MemberId!, ct)));
        });

    [Function("AckLinkConfirm")]
    public Task<IActionResult> Confirm([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "ack/{token}")] HttpRequest request, string token) =>
        RunAsync(request, token, async (check, ct) =>
        {
            // A lead's link (an address a roster member has) acknowledges as that member, like a duty member's.
            var holder = await incidents.AckLinkHolderAsync(check.MemberId!, ct);
            // The list's address the named person pressed it from: the list is told who took it, and reminders know where they came from.
            var from = holder.AsksName ? holder.AcknowledgesAs : null;
            if (holder.AsksName)
            {
                // A list's link acknowledges as the person who says who they are: the pair then knows whom to reach, and the list
                // (dozens of readers, one of whom only had a look) never silences the last step anonymously.
                var form = request.HasFormContentType ? await request.ReadFormAsync(ct) : null;
                // One line as every name shown is, without invisible characters (a right-to-left override turning it around).
                var name = PersonText.Plain(form?["name"].ToString() ?? "").Trim();
                var missing = name.Length == 0 || name.Length > MaxName;
                if (missing || !AckLinkHolder.IsPersonName(name))
                {
                    // Recovered meanwhile: said as to anyone pressing it (200, no button); else the form again, asking for the name.
                    var current = await incidents.GetAcknowledgeableAsync(check.IncidentId!, ct);
                    return current.IsOpen
                        ? Page(request, StatusCodes.Status400BadRequest, Describe(current, AckPageKind.Confirm, holder) with { NameMissing = missing, NameRefused = !missing })
                        : Page(request, StatusCodes.Status200OK, Describe(current, AckPageKind.Resolved, holder));
                }

                holder = holder.Named(name);
            }

            var by = holder.AcknowledgesAs;
            var i = (await incidents.AcknowledgeFromAsync(check.IncidentId!, by, from, null, ct)).Value;
            return Page(request, StatusCodes.Status200OK, Describe(i, IncidentService.RefusedAsResolved(i, by) ? AckPageKind.Resolved : AckPageKind.Acknowledged, holder));
        });

    /// <summary>The longest name the list's page takes.</summary>
    private const int MaxName = 100;

    private AckPageNotice Describe(Incident i, AckPageKind kind, AckLinkHolder holder)
    {
        var assigned = i.Assignees.FirstOrDefault(a => a.Id == holder.AcknowledgesAs);
        var member = assigned ?? (holder.Member is { } m ? AssignedMember.From(m) : null);
        return new(languages.Of(member?.Language), kind, i.Id)
        {
            Title = i.Title,
            Refusal = i.Refusal,
            Severity = i.Severity,
            Status = i.Status,
            AcknowledgedBy = i.AcknowledgedBy,
            AcknowledgedVia = i.AcknowledgedVia,
            Acknowledger = i.Assignees.FirstOrDefault(a => a.Id == i.AcknowledgedBy) ?? (member?.Id == i.AcknowledgedBy ? member : null),
            AcknowledgedAt = i.AcknowledgedAt,
            TakenOverAt = i.TakenOverAt,
            ByReader = i.AcknowledgedBy == holder.AcknowledgesAs,
            ResolvedAt = i.ResolvedAt,
            ActingAs = member?.DisplayName ?? holder.AcknowledgesAs,
            AskName = holder.AsksName,
            TimeZone = options.Value.TimeZone,
        };
    }

    private async Task<IActionResult> RunAsync(HttpRequest request, string token, Func<AckTokenCheck, CancellationToken, Task<IActionResult>> action)
    {
        var check = tokens.Verify(token);
        switch (check.Status)
        {
            case AckTokenStatus.Invalid:
                logger.LogWarning("Refused an acknowledge link with an invalid token");
                return Page(request, StatusCodes.Status403Forbidden, new AckPageNotice(languages.Team, AckPageKind.Invalid, null));
            case AckTokenStatus.Expired:
                // The signature holds, so whose link it was is known: they read the page in their own language, as every other
                // answer of this link (an English member on a Japanese team read 「期限切れのリンク」).
                var holder = await incidents.AckLinkHolderAsync(check.MemberId!, request.HttpContext.RequestAborted);
                return Page(request, StatusCodes.Status410Gone, new AckPageNotice(languages.Of(holder.Member?.Language), AckPageKind.Expired, check.IncidentId));
        }

        using var scope = logger.BeginIncidentScope(check.IncidentId!);
        try
        {
            return await action(check, request.HttpContext.RequestAborted);
        }
        catch (NotFoundException)
        {
            return Page(request, StatusCodes.Status404NotFound, new AckPageNotice(languages.Team, AckPageKind.NotFound, check.IncidentId));
        }
        catch (ContentionException ex)
        {
            logger.LogWarning("Contention while serving {Path}, answered 503: {Reason}", request.Path, ex.Message);
            request.HttpContext.Response.Headers.RetryAfter = "1";
            return Page(request, StatusCodes.Status503ServiceUnavailable, new AckPageNotice(languages.Team, AckPageKind.Unavailable, check.IncidentId) { Read = HttpMethods.IsGet(request.Method) });
        }
        catch (DependencyUnavailableException ex)
        {
            logger.LogWarning(ex, "Storage unavailable while acknowledging {IncidentId}", check.IncidentId);
            request.HttpContext.Response.Headers.RetryAfter = "10";
            return Page(request, StatusCodes.Status503ServiceUnavailable, new AckPageNotice(languages.Team, AckPageKind.Unavailable, check.IncidentId) { Read = HttpMethods.IsGet(request.Method) });
        }
    }

    /// <summary>
    /// A page with the PM pages' headers: its address holds the signed token, which acknowledges (no referrer to anywhere it
    /// links, not cached); no outside resources nor script but the button's 「送信中…」, no framing (a framed button pressed unseen), the form only to itself.
    /// </summary>
    private ContentResult Page(HttpRequest request, int status, AckPageNotice notice) =>
        HttpApi.Html(request, status, renderer.Page(notice), AckPagePolicy, "no-store");

    /// <summary>The acknowledge link's page: no script but its button's 「送信中…」 (<see cref="SendingScript"/>, by its hash), posting only to itself.</summary>
    internal static readonly string AckPagePolicy =
        $"default-src 'none'; script-src {SendingScript.CspSource}; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
}
