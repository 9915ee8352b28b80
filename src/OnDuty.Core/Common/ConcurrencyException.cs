namespace OnDuty.Core.Common;

/// <summary>Somebody else changed the data first (ETag mismatch or duplicate key); maps to 409/412.</summary>
public sealed class ConcurrencyException(string message) : Exception(message)
{
    public ConcurrencyException(string message, Refusal refusal)
        : this(message)
    {
        Refusal = refusal;
    }

    /// <summary>What was busy as a code and its arguments (a week being announced); null where none is given.</summary>
    public Refusal? Refusal { get; }
}
