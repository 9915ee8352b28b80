namespace OnDuty.Core.Incidents;

/// <summary>
/// Accepted deliveries whose stored notification this build cannot read (one written by another build, or damaged). The readable
/// deliveries alongside them were applied; these stay in the inbox, where a build that can read them applies them, and are logged
/// as errors each time they are met, so they are seen and never silently dropped.
/// </summary>
public sealed class UnreadableDeliveriesException(IReadOnlyList<string> deliveryIds, Exception first)
    : Exception($"{deliveryIds.Count} accepted alert deliveries could not be read: {first.Message}", first)
{
    /// <summary>The unreadable deliveries' ids (<see cref="InboxDelivery.Id"/>).</summary>
    public IReadOnlyList<string> DeliveryIds { get; } = deliveryIds;
}
