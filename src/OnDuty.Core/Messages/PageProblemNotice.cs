using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

public enum PageProblem
{
    /// <summary>A post without a valid anti-forgery token: forged cross-site, or the form was too old. Nothing was saved.</summary>
    Forged,

    NotFound,

    Unavailable,
}

/// <summary>A PM page that could not do what was asked, in the reader's language.</summary>
public sealed record PageProblemNotice(Language Language, PageProblem Problem, string? IncidentId = null) : Notice(Language);
