namespace OnDuty.Core.Incidents;

/// <summary>
/// Alert deliveries accepted and not yet applied to their incidents. A storm's repeats are written here together, many requests
/// in one transaction (group commit), each answered once its transaction committed; they are applied to their incidents after,
/// an incident at a time, and removed.
/// </summary>
public interface IAlertInbox
{
    /// <summary>The most deliveries one <see cref="AppendAsync"/> stores (a transaction holds 100 rows).</summary>
    public const int MaxPerAppend = 100;

    /// <summary>The longest notification stored (a table string holds 32K UTF-16 characters); a longer one is applied at once instead.</summary>
    public const int MaxNotificationLength = 30_000;

    /// <summary>
    /// Stores the deliveries of one inbox in one transaction: all of them or none. Returns them as stored (in the same order,
    /// with <see cref="InboxDelivery.Row"/> where several share a row), which is what <see cref="FindAsync"/> and
    /// <see cref="RemoveAsync"/> are given later.
    /// </summary>
    Task<IReadOnlyList<InboxDelivery>> AppendAsync(IReadOnlyList<InboxDelivery> deliveries, CancellationToken cancellationToken);

    /// <summary>The delivery as stored, with its notification; null when it is no longer in the inbox (applied and removed).</summary>
    Task<InboxDelivery?> FindAsync(InboxDelivery delivery, CancellationToken cancellationToken);

    /// <summary>
    /// Removes applied deliveries; one already removed is no error. A row several share is deleted once all of them are removed;
    /// until then it keeps the others.
    /// </summary>
    Task RemoveAsync(IReadOnlyList<InboxDelivery> deliveries, CancellationToken cancellationToken);

    /// <summary>Deliveries of every inbox accepted before <paramref name="before"/>, at most <paramref name="max"/>, each inbox's in accept order.</summary>
    Task<IReadOnlyList<InboxDelivery>> ListAcceptedBeforeAsync(DateTimeOffset before, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Moves deliveries no build has read for long out of the inbox into a place of their own, kept with
    /// <paramref name="error"/> (why they could not be read): the sweep stops trying them each minute, and they no longer
    /// crowd newer deliveries out of its reads. Moving one already moved is no error.
    /// </summary>
    Task SetAsideAsync(IReadOnlyList<InboxDelivery> deliveries, string error, CancellationToken cancellationToken);

    /// <summary>Removes deliveries set aside that have now been applied (a build that reads them came); one already gone is no error.</summary>
    Task RemoveSetAsideAsync(IReadOnlyList<InboxDelivery> deliveries, CancellationToken cancellationToken);

    /// <summary>Deliveries set aside as unreadable (<see cref="SetAsideAsync"/>), at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<InboxDelivery>> ListSetAsideAsync(int max, CancellationToken cancellationToken);
}
