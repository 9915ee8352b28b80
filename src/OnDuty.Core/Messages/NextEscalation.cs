namespace OnDuty.Core.Messages;

/// <summary>
/// What an escalation step says comes next if nobody acknowledges: step <paramref name="Step"/> (2 the leads, 3 the whole PM
/// organisation), <paramref name="After"/> after this one was due, to <paramref name="To"/> (display names, else addresses: the
/// step's people not paged already; a step with nobody new is passed over and never named here).
/// </summary>
public sealed record NextEscalation(int Step, TimeSpan After, IReadOnlyList<string> To);
