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

    /// <summary>
    /// What happened without the advice (<c>Member 'x' was changed by someone else.</c>), for an answer that gives its own (the
    /// 412's "retry with the new ETag"); null where the message is all there is.
    /// </summary>
    public string? Changed { get; private init; }

    /// <summary>A write that lost to another (its ETag no longer matches): "<paramref name="what"/> was changed by someone else; reload and try again."</summary>
    public static ConcurrencyException ChangedBySomeoneElse(string what) =>
        new($"{what} was changed by someone else; reload and try again.") { Changed = $"{what} was changed by someone else." };
}
