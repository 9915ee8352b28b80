using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// A part of the incident about refused deliveries (<see cref="RefusedDelivery"/>) in the team's language: its title, its alert's
/// text (what was refused, when, why, what to do), the timeline row of a later refusal, or the row of the accepted delivery that
/// resolves it, as stored beside the refusal's data (<see cref="RefusedDelivery.Stored"/>) for rows and tools that read text; each
/// reader's message words the same parts from that data.
/// </summary>
public sealed record RefusedDeliveryNotice(Language Language, RefusedDelivery Delivery, RefusedDeliveryText Part, string TimeZone) : Notice(Language);

public enum RefusedDeliveryText
{
    /// <summary>「Alertmanager からの通知を読めませんでした（形式の誤り）」: the incident's title and its alert's summary.</summary>
    Title,

    /// <summary>What was refused, when, the problem detail and what to do.</summary>
    Description,

    /// <summary>The timeline row of this refusal (the first, and each later one folded in): when and why.</summary>
    Row,

    /// <summary>The timeline row of the accepted delivery that resolves it (<see cref="RefusedDelivery.At"/>: when it was accepted).</summary>
    Accepted,
}
