namespace OnDuty.Core.Heartbeats;

/// <summary>
/// What a heartbeat's alert says, kept as data on the alert (and so on the incident's alert row) rather than as words: the
/// heartbeat as it stood when the alert was raised or resolved, and when. Every reader's message renders its title and text
/// from these in the reader's language (「ハートビート途絶：夜間バッチ」, "Heartbeat missed: 夜間バッチ"); the stored summary and
/// description stay in the team's language for rows and tools that read text, and rows stored before this have only those.
/// </summary>
/// <param name="Heartbeat">The heartbeat, without its labels (the alert carries them), its texts cut to <see cref="MaxText"/>.</param>
/// <param name="At">When the alert was raised or resolved.</param>
public sealed record HeartbeatFacts(Heartbeat Heartbeat, DateTimeOffset At)
{
    /// <summary>Characters of the heartbeat's description and of what its sender said on a failure that an alert keeps.</summary>
    public const int MaxText = 500;

    public static HeartbeatFacts Of(Heartbeat heartbeat, DateTimeOffset at) => new(
        heartbeat with
        {
            Labels = new Dictionary<string, string>(StringComparer.Ordinal),
            Description = heartbeat.Description is { } about ? Common.TextCut.WithEllipsis(about, MaxText) : null,
            LastFailure = heartbeat.LastFailure is { } said ? Common.TextCut.WithEllipsis(said, MaxText) : null,
        },
        at);
}
