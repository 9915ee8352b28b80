namespace OnDuty.Core.Common;

/// <summary>A field that clashes with what is stored (another member already has this address); maps to 409 naming the field.</summary>
public sealed class ConflictException(string field, string message) : Exception($"{field}: {message}")
{
    public ConflictException(string field, string message, Refusal refusal)
        : this(field, message)
    {
        Refusal = refusal;
    }

    public string Field { get; } = field;

    public string Reason { get; } = message;

    /// <summary>The rule as a code and its arguments, for a reader in another language and for scripts; null where none is given.</summary>
    public Refusal? Refusal { get; }
}
