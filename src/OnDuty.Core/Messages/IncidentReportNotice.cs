using OnDuty.Core.Retros;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>The incident report: as a page, and as the monthly email to the leads (same sections in both).</summary>
public sealed record IncidentReportNotice(Language Language, IncidentReport Report) : Notice(Language)
{
    /// <summary>The report's page for the email to link; null without <c>Team__PublicBaseUrl</c>.</summary>
    public string? Link { get; init; }

    /// <summary>
    /// Each member's load over the report's days (the load report's numbers, no weeks ahead): the monthly email lists those who
    /// held duty, were paged out of hours or handled an incident, most pages out of hours first; empty: no such section.
    /// </summary>
    public IReadOnlyList<MemberLoad> Load { get; init; } = [];

    /// <summary>
    /// Retros still owed from incidents before the report's days and past due on the day it is sent or read
    /// (<see cref="PastDueRetroService"/>): the email and the page name the first
    /// <see cref="PastDueRetroService.MaxListed"/> (the page with the day), the card fewer; null or none: no such section.
    /// </summary>
    public PastDueRetroList? PastDue { get; init; }
}
