using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Comms;

/// <summary>
/// One stakeholder notice as it went out (<see cref="TimelineKind.StakeholdersNotified"/>): its number in the longest series
/// among its readers (as the Teams channel counts it), or in one audience's own series in the view for it, when it was queued,
/// where the incident stood then, and the update by a person it carried.
/// </summary>
/// <param name="Number">
/// 第n報 as the readers told first read it (the incident's notice number less the notices sent before any of them was told); in the
/// view for one audience (<see cref="IncidentOverview.Audience"/>), as that audience's readers read it.
/// </param>
/// <param name="At">When it was queued for sending.</param>
/// <param name="Status">The incident's status when it went out.</param>
public sealed record SentNotice(int Number, DateTimeOffset At, IncidentStatus Status)
{
    /// <summary>Who posted the update it carried, as recorded (a member id or the name a person typed).</summary>
    public string? By { get; init; }

    /// <summary>What they wrote, as ■対応状況 said it; null when the update said nothing (a declaration, a details edit).</summary>
    public string? Text { get; init; }

    /// <summary>The notice that said the incident was merged into another (<see cref="Incident.MergedInto"/>) and goes on there.</summary>
    public bool Merged { get; init; }

    /// <summary>
    /// The incident it was about when that one was later merged into the one viewed (its readers' series goes on here); null: about
    /// the one viewed.
    /// </summary>
    public string? Incident { get; init; }

    /// <summary>The audiences it went to, each with its own series number (an audience a severity raise added reads 第1報 first).</summary>
    public IReadOnlyList<NoticeAudience> Audiences { get; init; } = [];

    /// <summary>
    /// With no <see cref="Audiences"/>: how many of the incident's followers it went to (<see cref="TimelineEntry.Followers"/>), all it
    /// reached; numbered as the incident counts its notices, as their mail was. 0 for a notice that went to audiences.
    /// </summary>
    public int FollowersOnly { get; init; }

    /// <summary>What the update it carried changed of the details the notice shows (影響範囲, 回避策 …), as the notice said it.</summary>
    public IReadOnlyList<IncidentChange> Changes { get; init; } = [];

    /// <summary>The severity the notice before it said, when this one said another (a raise or a lowering since); null otherwise.</summary>
    public AlertSeverity? SeverityBefore { get; init; }

    /// <summary>
    /// The status the notice before it in its readers' series said, when this one said another (調査中 → 原因特定), as its mail said it;
    /// null for their first notice, and when it said the same.
    /// </summary>
    public IncidentStatus? StatusBefore { get; init; }

    /// <summary>The severity it said, with <see cref="SeverityBefore"/>.</summary>
    public AlertSeverity? SeverityNow { get; init; }

    /// <summary>
    /// The start a merge moved, as it said it (「発生日時を 03:09 から 03:05 に訂正しました。」): from the time its readers were told to the one
    /// it gave (<see cref="TimelineEntry.StartMoved"/>); null when it said none, to readers whose first notice it was, and for a notice
    /// stored before 12-05.
    /// </summary>
    public Corrected<DateTimeOffset>? StartMoved { get; init; }

    /// <summary>
    /// Sent as a correction (【訂正】, <see cref="TimelineEntry.Correction"/>): what it put right, as its mail quoted it; empty for any other
    /// notice, to readers whose first notice it was, and once the incident text retention removed it.
    /// </summary>
    public IReadOnlyList<DetailCorrection> Corrections { get; init; } = [];

    /// <summary>With <see cref="Corrections"/>: the number the notice it corrected has in the same series as <see cref="Number"/>.</summary>
    public int Corrects { get; init; }

    /// <summary>The severity it said (its mail's 「第2報（SEV2・原因特定）」); null: not known (the view says the incident's now).</summary>
    public AlertSeverity? Severity { get; init; }

    /// <summary>
    /// The audiences an update asked to tell too that this notice reached, by name, as its mail said them to those told before
    /// (「この報告からサポートにもお知らせしています。」); empty to readers whose first notice it was, and when none.
    /// </summary>
    public IReadOnlyList<string> AlsoTold { get; init; } = [];

    /// <summary>A recovery notice's recovery time, as it said it (<see cref="TimelineEntry.RecoveredAt"/>); null on other notices.</summary>
    public DateTimeOffset? RecoveredAt { get; init; }

    /// <summary>
    /// Its readers' first notice: the user impact its opening quoted, as it stood then (<see cref="TimelineEntry.Impact"/>); null when
    /// there was none (the opening said the title), and on later notices.
    /// </summary>
    public string? Impact { get; init; }
}

/// <summary>An audience a notice went to, by the name people call it (<c>Comms__Audiences__{name}__DisplayName</c>, else its configured name), and the
/// notice's number in its own series.</summary>
public sealed record NoticeAudience(string Name, int Number);
