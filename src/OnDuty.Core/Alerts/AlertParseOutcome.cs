namespace OnDuty.Core.Alerts;

public enum AlertParseOutcome
{
    Parsed,

    /// <summary>The body is not valid JSON or not the shape the claimed source sends; maps to 400.</summary>
    Invalid,

    /// <summary>The <c>{source}</c> route value is not one we accept; maps to 404.</summary>
    UnknownSource,
}
