using System.Diagnostics.CodeAnalysis;

namespace OnDuty.Core.Alerts;

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

    /// <summary>For a refused body, the other source whose shape it has (its route is where it goes); else null.</summary>
    public AlertSource? LooksLike { get; private init; }

    [MemberNotNullWhen(true, nameof(Notification))]
    public bool IsSuccess => Outcome == AlertParseOutcome.Parsed;

    public static AlertParseResult Success(AlertNotification notification) =>
        new(AlertParseOutcome.Parsed, notification, []);

    public static AlertParseResult Invalid(IReadOnlyList<AlertParseError> errors, AlertSource? looksLike = null) =>
        errors.Count == 0
            ? throw new ArgumentException("An invalid result needs at least one error.", nameof(errors))
            : new(AlertParseOutcome.Invalid, null, errors) { LooksLike = looksLike };

    public static AlertParseResult UnknownSource(string? source) =>
        new(AlertParseOutcome.UnknownSource, null,
            [new AlertParseError("source", $"unknown alert source '{AlertPayloadReader.Shorten(source ?? "")}'; expected one of {string.Join(", ", AlertSources.Names)}")]);

    public override string ToString() =>
        IsSuccess ? $"Parsed {Notification.Source} '{Notification.GroupKey}'" : string.Join("; ", Errors);
}
