using OnDuty.Core.Retros;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>The fair-load report as a page: a small bar chart per member and the numbers behind it.</summary>
public sealed record LoadReportPageNotice(Language Language, LoadReport Report) : Notice(Language);
