namespace OnDuty.Core.Common;

/// <summary>Input that breaks a rule; maps to 400 with the offending fields named.</summary>
public sealed class ValidationException : Exception
{
    public ValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base("One or more fields are invalid: " + string.Join(", ", errors.Keys))
    {
        Errors = errors;
    }

    public ValidationException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }

    public ValidationException(string field, string message, Refusal refusal)
        : this(field, message)
    {
        Refusals = new Dictionary<string, Refusal> { [field] = refusal };
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    /// <summary>For some of <see cref="Errors"/>' fields, what the value must be as data (a page words it in its reader's language).</summary>
    public IReadOnlyDictionary<string, ValueRule> Rules { get; init; } = new Dictionary<string, ValueRule>();

    /// <summary>For some of <see cref="Errors"/>' fields, the first problem as a code and its arguments (scripts read the code; a reader gets it in their language).</summary>
    public IReadOnlyDictionary<string, Refusal> Refusals { get; init; } = new Dictionary<string, Refusal>();
}
