using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OnDuty.Core.Comms;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;

namespace OnDuty.Functions.Pages;

/// <summary>
/// 「障害の状況」: the read-only view of an incident that stakeholder notices link, over <see cref="IncidentOverviewService"/>.
/// Signed in, in the reader's language and with the headers of the other PM pages (<see cref="PmPages"/>); it has no form.
/// </summary>
public sealed class IncidentOverviewPage(
    PmPages pages,
    IncidentOverviewService overviews,
    INoticeRenderer renderer,
    TimeProvider time,
    IOptions<IncidentOptions> incidentOptions,
    IOptions<CommsOptions> comms,
    OnDuty.Core.Team.IRosterRepository roster)
{
    public Task<IActionResult> ShowAsync(HttpRequest request, string id) =>
        pages.RunAsync(request, ReturnTo(request, id), async (_, language, ct) =>
        {
            var overview = await overviews.GetAsync(id, AudienceName.Parse(request.Query[AudienceName.Parameter].ToString()), language, ct);
            var options = incidentOptions.Value;
            return PmPages.Html(request, StatusCodes.Status200OK, renderer.Page(new IncidentOverviewNotice(language, overview, options.TimeZone, time.GetUtcNow())
            {
                SeverityMeanings = options.SeverityMeanings,
                // The audience's own view in its readers' zone, as their notices gave the times.
                ReaderTimeZone = comms.Value.TimeZoneOf(overview.Audience),
                // Whom they ask, as their notices say it: their audience's own contact, else the duty pair.
                Contact = comms.Value.ContactOf(overview.Audience),
                Holder = await ContactHolder.FindAsync(overview.Incident, roster, ct),
                CommsLead = await ContactHolder.CommsLeadAsync(overview.Incident, roster, ct),
                // A stakeholder's link always names their audience: the responders' notes stay off it.
                ForReaders = !string.IsNullOrWhiteSpace(request.Query[AudienceName.Parameter].ToString()),
                Names = await pages.NamesAsync(ct),
                Former = await pages.FormerAsync(ct),
            }));
        });

    /// <summary>Back from sign-in to the same view: for the reader's audience when the link named one it can be.</summary>
    private static string ReturnTo(HttpRequest request, string id)
    {
        var path = $"/api/incidents/{Uri.EscapeDataString(id)}/overview";
        var audience = request.Query[AudienceName.Parameter].ToString();
        return AudienceName.IsWellFormed(audience) ? $"{path}?{AudienceName.Parameter}={Uri.EscapeDataString(audience)}" : path;
    }
}
