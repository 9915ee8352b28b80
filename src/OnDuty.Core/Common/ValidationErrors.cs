namespace OnDuty.Core.Common;

/// <summary>Collects field errors and throws them together, so a caller sees every problem at once.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    private readonly Dictionary<string, ValueRule> _rules = new(StringComparer.Ordinal);

    private readonly Dictionary<string, Refusal> _refusals = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
        return this;
    }

    /// <summary>As <see cref="Add(string, string)"/>, with the rule as a code and arguments (the field's first one is kept).</summary>
    public ValidationErrors Add(string field, string message, Refusal refusal)
    {
        if (!_errors.ContainsKey(field))
        {
            _refusals[field] = refusal;
        }

        return Add(field, message);
    }

    public ValidationErrors When(bool condition, string field, string message) =>
        condition ? Add(field, message) : this;

    /// <summary>As <see cref="When(bool, string, string)"/>, with the rule as a code and its arguments.</summary>
    public ValidationErrors When(bool condition, string field, string message, Refusal refusal) =>
        condition ? Add(field, message, refusal) : this;

    /// <summary>As <see cref="When(bool, string, string)"/>, with the rule broken as data.</summary>
    public ValidationErrors When(bool condition, string field, string message, ValueRule rule)
    {
        if (condition)
        {
            _rules.TryAdd(field, rule);
        }

        return When(condition, field, message);
    }

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new ValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray())) { Rules = new Dictionary<string, ValueRule>(_rules), Refusals = new Dictionary<string, Refusal>(_refusals) };
        }
    }
}
