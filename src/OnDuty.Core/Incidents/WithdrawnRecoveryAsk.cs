namespace OnDuty.Core.Incidents;

/// <summary>
/// Asks to send the stakeholders the recovery notice (<see cref="Comms.RecoveryReminder"/>, 【復旧の報告をお願いします】) that went for a
/// close monitoring then reopened (<see cref="Incident.Reopen"/>): the recovery they were asked to report is none, and those asked must
/// hear so before they send it. Kept from that reopen until the next one.
/// </summary>
public sealed record WithdrawnRecoveryAsk
{
    /// <summary>The reopen that withdrew them (<see cref="Incident.ReopenCount"/> after it): the round the notice that says so belongs to.</summary>
    public int Round { get; init; }

    /// <summary>How many asks had gone for that close (1 or 2).</summary>
    public int Asks { get; init; }

    /// <summary>When monitoring had seen it recover: the recovery the asks were about.</summary>
    public DateTimeOffset RecoveredAt { get; init; }

    /// <summary>When it fired again and reopened.</summary>
    public DateTimeOffset ReopenedAt { get; init; }

    /// <summary>
    /// The reopen paged nobody (the acknowledgement stood), so those asked are still to be told by a mail of its own
    /// (<see cref="Comms.RecoveryReminder.WithdrawAsync"/>); false once it is queued, and when the reopen paged (its page says it).
    /// </summary>
    public bool Owed { get; init; }
}
