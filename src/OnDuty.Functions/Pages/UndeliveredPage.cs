using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;

namespace OnDuty.Functions.Pages;

/// <summary>
/// 「届かなかった連絡」 (<c>/api/status/undelivered</c>): the given-up messages of <c>GET /api/outbox?status=failed</c> as a PM page,
/// each with why and how its re-send stands, and a button that re-sends it (<see cref="OutboxResender"/>, as
/// <c>POST /api/outbox/{id}/resend</c> does). Signed in, anti-forgery and post-redirect-get like every PM page (<see cref="PmPages"/>).
/// </summary>
public sealed class UndeliveredPage(
    PmPages pages, IOutboxStore store, OutboxResender resender, LatePagesReader latePages, INoticeRenderer renderer, TimeProvider time, IOptions<IncidentOptions> incidentOptions)
{
    public const string Path = "/api/status/undelivered";

    /// <summary>How far a chain of re-sends is followed for a row's state: as far as 「まとめて再送」 follows it.</summary>
    private const int MaxChain = OutboxResender.AllChainReads;

    /// <summary><c>GET /api/status/undelivered</c>: the newest given-up messages; after a post, what it did (<c>done</c>, <c>message</c>).</summary>
    public Task<IActionResult> ShowAsync(HttpRequest request) =>
        pages.RunAsync(request, Path, async (visitor, language, ct) =>
        {
            var done = request.Query["done"].ToString() is "resent" or "resentDutyToo" or "resentAll" ? request.Query["done"].ToString() : null;
            var message = request.Query["message"].ToString();
            var page = await PageAsync(request, visitor, language, ct) with
            {
                Done = done,
                DoneMessage = done is not null && message.Length > 0 ? message : null,
                ResentAll = done == "resentAll" ? (Count(request, "queued"), Count(request, "skipped"), Count(request, "dutyToo")) : null,
            };
            return PmPages.Html(request, StatusCodes.Status200OK, renderer.Page(page));
        }, acts: true);

    /// <summary>
    /// <c>POST /api/status/undelivered</c> (<c>message</c>: the given-up message's id): re-sends it, then 303 back to the list. One
    /// that cannot be re-sent (sent or being sent, its incident acknowledged or resolved since, unknown) is shown again with why,
    /// nothing sent: 409, or 404 for an unknown id, 400 without one. With <c>all=1</c> instead (「まとめて再送」): every one still
    /// re-sendable, pages first (<see cref="OutboxResender.ResendAllAsync"/>), then 303 back saying how many; pressed again (or
    /// by two PMs at once), nothing is queued twice and the page says none was.
    /// </summary>
    public Task<IActionResult> ResendAsync(HttpRequest request) =>
        pages.PostAsync(request, Path, null, async (form, visitor, language, ct) =>
        {
            if (form.Values.GetValueOrDefault("all")?.Trim() == "1")
            {
                var all = await resender.ResendAllAsync(PmPages.By(form, visitor) ?? "page", null, ct);
                var dutyToo = all.Resent.Count(r => r.DutyPagedToo.Count > 0);
                return PmPages.Done(request, Path, language, "resentAll", FormattableString.Invariant($"&queued={all.Resent.Count}&skipped={all.Skipped.Count}&dutyToo={dutyToo}"));
            }

            var id = form.Values.GetValueOrDefault("message")?.Trim() ?? "";
            if (id.Length is 0 or > OutboxMessage.MaxIdLength)
            {
                return await RefusedAsync(request, visitor, language, ("message", id), StatusCodes.Status400BadRequest, ct);
            }

            try
            {
                // Asks no name of a visitor not signed in (locally only), as the incident page's button: who pressed it is recorded.
                var resent = await resender.ResendAsync(id, PmPages.By(form, visitor) ?? "page", ct);
                return PmPages.Done(request, Path, language, resent.DutyPagedToo.Count > 0 ? "resentDutyToo" : "resent", $"&message={Uri.EscapeDataString(id)}");
            }
            catch (NotFoundException)
            {
                return await RefusedAsync(request, visitor, language, ("message", id), StatusCodes.Status404NotFound, ct);
            }
            catch (ConflictException ex)
            {
                return await RefusedAsync(request, visitor, language, (ex.Field, id), StatusCodes.Status409Conflict, ct);
            }
        });

    /// <summary>A count the redirect after 「まとめて再送」 carries; anything else reads as 0.</summary>
    private static int Count(HttpRequest request, string name) =>
        int.TryParse(request.Query[name].ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n <= OutboxResender.AllScan ? n : 0;

    private async Task<IActionResult> RefusedAsync(HttpRequest request, PageVisitor visitor, Language language, (string Field, string MessageId) refused, int status, CancellationToken ct)
    {
        var page = await PageAsync(request, visitor, language, ct) with { Refused = refused };
        return PmPages.Html(request, status, renderer.Page(page));
    }

    /// <summary>
    /// One query for the newest given-up messages, then a point read per re-sent one (its latest re-send's state); and the health
    /// check's query for the pages late now (trial 36 M2: during an outage nothing is given up yet, and the page said 「ありません」).
    /// </summary>
    private async Task<UndeliveredPageNotice> PageAsync(HttpRequest request, PageVisitor visitor, Language language, CancellationToken ct)
    {
        var listed = await store.ListAsync(OutboxStatus.Failed, UndeliveredPageNotice.MaxShown + 1, ct);
        var shown = listed.Take(UndeliveredPageNotice.MaxShown).ToList();
        var chains = await Task.WhenAll(shown.Select(async m => (Listed: m, Chain: await resender.LatestAsync(m, MaxChain, ct))));
        var items = chains.Select(c => Item(c.Listed, c.Chain)).ToList();
        return new UndeliveredPageNotice(language, items, pages.Token(request), visitor, incidentOptions.Value.TimeZone, time.GetUtcNow())
        {
            More = listed.Count > UndeliveredPageNotice.MaxShown,
            ResendAllCount = OutboxResender.ToResend(chains).Count,
            Names = await pages.NamesAsync(ct),
            LatePages = await latePages.ReadPagesAsync(ct),
        };
    }

    /// <summary>The message with its latest re-send; a re-send's row is purged only once sent, so a missing one was delivered.</summary>
    private static UndeliveredMessage Item(OutboxMessage message, ResendChain chain)
    {
        var latest = chain.Latest.Id == message.Id ? null : chain.Latest;
        return new UndeliveredMessage(message, latest) { ResendPurged = chain.Purged is not null };
    }
}
