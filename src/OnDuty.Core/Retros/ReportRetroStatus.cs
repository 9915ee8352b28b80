namespace OnDuty.Core.Retros;

/// <summary>Where an incident of a report stands with its retro, as the report's list shows it.</summary>
public enum ReportRetroStatus
{
    /// <summary>None owed (SEV3–SEV4) and none written.</summary>
    NotNeeded,

    /// <summary>Written (owed or not).</summary>
    Written,

    /// <summary>Owed once it is resolved (a SEV1–SEV2 still open).</summary>
    AfterRecovery,

    /// <summary>Owed, not written, not past its due day yet.</summary>
    Owed,

    /// <summary>Owed, not written, past its due day.</summary>
    Overdue,
}
