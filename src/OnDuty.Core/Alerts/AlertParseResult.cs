using System.Diagnostics.CodeAnalysis;

namespace OnDuty.Core.Alerts;

public enum AlertParseOutcome
{
    Parsed,

    /// <summary>The body is not valid JSON or not the shape the claimed source sends; maps to 400.</summary>
    Invalid,

    /// <summary>The <c>{source}</c> route value is not one we accept; maps to 404.</summary>
    UnknownSource,
}

/// <summary>One problem with a webhook body, located by a JSONPath such as <c>$.alerts[0].status</c>.</summary>
public sealed record AlertParseError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>Either the parsed notification or every problem found (up to a cap) with the body.</summary>
public sealed class AlertParseResult
{
    private AlertParseResult(AlertParseOutcome outcome, AlertNotification? notification, IReadOnlyList<AlertParseError> errors)
    {
        Outcome = outcome;
        Notification = notification;
        Errors = errors;
    }

    public AlertParseOutcome Outcome { get; }

    public AlertNotification? Notification { get; }

    public IReadOnlyList<AlertParseError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Notification))]
    public bool IsSuccess => Outcome == AlertParseOutcome.Parsed;

    public static AlertParseResult Success(AlertNotification notification) =>
        new(AlertParseOutcome.Parsed, notification, []);

    public static AlertParseResult Invalid(IReadOnlyList<AlertParseError> errors) =>
        errors.Count == 0
            ? throw new ArgumentException("An invalid result needs at least one error.", nameof(errors))
            : new(AlertParseOutcome.Invalid, null, errors);

    public static AlertParseResult UnknownSource(string? source) =>
        new(AlertParseOutcome.UnknownSource, null,
            [new AlertParseError("source", $"unknown alert source '{AlertPayloadReader.Shorten(source ?? "")}'; expected one of {string.Join(", ", AlertSources.Names)}")]);

    public override string ToString() =>
        IsSuccess ? $"Parsed {Notification.Source} '{Notification.GroupKey}'" : string.Join("; ", Errors);
}
