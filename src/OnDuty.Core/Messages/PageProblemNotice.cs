using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>A PM page that could not do what was asked, in the reader's language (<paramref name="IncidentId"/>: the incident or window asked for).</summary>
public sealed record PageProblemNotice(Language Language, PageProblem Problem, string? IncidentId = null) : Notice(Language);
