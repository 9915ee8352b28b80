using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;

namespace OnDuty.Functions.Pages;

/// <summary>
/// 「アラートの受信履歴」: the delivery list (<see cref="DeliveryList"/>, as <c>GET /api/alerts/deliveries</c> answers it) as a page
/// for whoever wires monitoring to OnDuty. Signed in like every PM page; read-only (the source filter is a GET), so it reads no roster.
/// </summary>
public sealed class DeliveriesPage(PmPages pages, DeliveryList deliveries, INoticeRenderer renderer, TimeProvider time, IOptions<IncidentOptions> incidentOptions)
{
    /// <summary>Deliveries shown per source when every source is listed; one source alone shows all the list holds.</summary>
    public const int PerSource = 20;

    public Task<IActionResult> ShowAsync(HttpRequest request) =>
        pages.RunAsync(request, ReturnTo(request), async (_, language, ct) =>
        {
            var asked = request.Query["source"].ToString();
            string? source = null;
            if (asked.Length > 0)
            {
                if (!AlertSources.TryParse(asked, out var parsed))
                {
                    return PmPages.Html(request, StatusCodes.Status400BadRequest, renderer.Page(new PageProblemNotice(language, PageProblem.BadAddress, "source")
                    {
                        Rules = new Dictionary<string, ValueRule> { ["source"] = ValueRule.OneOf([.. AlertSources.Names]) },
                    }));
                }

                source = parsed.ToRouteName();
            }

            var names = source is null ? AlertSources.Names : [source];
            var lists = await Task.WhenAll(names.Select(async s =>
            {
                var items = await deliveries.ListAsync(s, ct);
                return new SourceDeliveries(s, source is null ? [.. items.Take(PerSource)] : items, items.Count);
            }));
            var notice = new DeliveriesPageNotice(language, incidentOptions.Value.TimeZone, time.GetUtcNow(), source, lists);
            return PmPages.Html(request, StatusCodes.Status200OK, renderer.Page(notice));
        });

    /// <summary>Back from sign-in to the same list: the source filter kept when it names one.</summary>
    private static string ReturnTo(HttpRequest request)
    {
        const string path = "/api/alerts/deliveries/page";
        return AlertSources.TryParse(request.Query["source"].ToString(), out var source) ? $"{path}?source={source.ToRouteName()}" : path;
    }
}
