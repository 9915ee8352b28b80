namespace OnDuty.Core.Messages;

public enum PageProblem
{
    /// <summary>A post without a valid anti-forgery token: forged cross-site, or the form was too old. Nothing was saved.</summary>
    Forged,

    NotFound,

    Unavailable,
}
