using OnDuty.Core.Common;

namespace OnDuty.Core.Alerts;

/// <summary>Labels a person gives (a maintenance window's, a heartbeat's): how many, how long, no control characters.</summary>
public static class LabelRules
{
    public const int MaxLength = 200;

    /// <summary>Adds to <paramref name="errors"/> (field <c>labels</c>) what is wrong with <paramref name="labels"/>.</summary>
    public static void Check(ValidationErrors errors, IReadOnlyDictionary<string, string> labels, int maxLabels)
    {
        errors.When(labels.Count > maxLabels, "labels", $"must hold at most {maxLabels} labels");
        foreach (var (key, value) in labels)
        {
            errors.When(string.IsNullOrWhiteSpace(key) || key.Length > MaxLength, "labels", $"a label name must be 1 to {MaxLength} characters");
            errors.When(value is null || value.Length > MaxLength, "labels", $"the value of '{PersonText.Quote(key ?? "")}' must be a string of at most {MaxLength} characters");
            errors.When((key + value).Any(char.IsControl), "labels", "must not contain control characters");
        }
    }
}
