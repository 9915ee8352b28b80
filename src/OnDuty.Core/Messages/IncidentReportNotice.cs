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
    /// Retros still owed from incidents before the report's month, past due on the day it is sent, newest first, at most
    /// <see cref="IncidentReportMailer.MaxPastDueRetros"/>; <see cref="PastDueRetroCount"/> says how many in all. Empty: no such section.
    /// </summary>
    public IReadOnlyList<PastDueRetro> PastDueRetros { get; init; } = [];

    /// <summary>How many retros <see cref="PastDueRetros"/> would list without its limit (the email adds 「ほか N件」).</summary>
    public int PastDueRetroCount { get; init; }
}
