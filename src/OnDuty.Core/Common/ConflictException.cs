namespace OnDuty.Core.Common;

/// <summary>A field that clashes with what is stored (another member already has this address); maps to 409 naming the field.</summary>
public sealed class ConflictException(string field, string message) : Exception($"{field}: {message}")
{
    public string Field { get; } = field;

    public string Reason { get; } = message;
}
