namespace OnDuty.Core.Messages;

/// <summary>
/// What an escalation step says comes next if nobody acknowledges: step <paramref name="Step"/> (2 the leads, 3 the whole PM
/// organisation), <paramref name="After"/> after this one was due, to <paramref name="To"/> (display names, else addresses: the
/// step's people not paged already; a step with nobody new is passed over and never named here).
/// </summary>
public sealed record NextEscalation(int Step, TimeSpan After, IReadOnlyList<string> To)
{
    /// <summary>
    /// The step went already: a page sent late (held by a mail outage) after a later step of its round was sent says so
    /// (「PM 組織の全員（…）にも連絡済みです」) instead of promising it in minutes (trial 36 H1).
    /// </summary>
    public bool Sent { get; init; }
}
