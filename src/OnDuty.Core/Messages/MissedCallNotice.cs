using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// The duty line rang and nobody on duty took it: who called (<see cref="Caller"/>, the number as the network gave it, or
/// unknown) and when, so the duty members call back. Email and a text to each duty member.
/// </summary>
public sealed record MissedCallNotice(Language Language, string? Caller, DateTimeOffset At, string TimeZone) : Notice(Language);

/// <summary>What the duty line says to the caller: whom it puts them through to, or that nobody answered and the duty members were told.</summary>
public sealed record DutyLineSpeech(Language Language, DutyLineSpeechKind Kind, Member? Next = null, Member? Previous = null) : Notice(Language);

public enum DutyLineSpeechKind
{
    /// <summary>Putting the caller through to <see cref="DutyLineSpeech.Next"/> (after <see cref="DutyLineSpeech.Previous"/> did not answer, when set).</summary>
    Connecting,

    /// <summary>Nobody on duty answered (or nobody has a number): they were told of the call.</summary>
    Missed,
}
