namespace OnDuty.Core.Messages;

/// <summary>
/// What an escalation step says comes next if nobody acknowledges: step <paramref name="Step"/> (2 the leads, 3 the whole PM
/// organisation), <paramref name="After"/> after this one was due, to <paramref name="To"/> (display names, else addresses).
/// </summary>
public sealed record NextEscalation(int Step, TimeSpan After, IReadOnlyList<string> To)
{
    /// <summary>Every lead of the next step is on duty and paged already: <see cref="To"/> names them, and the step pages them again.</summary>
    public bool Again { get; init; }
}
