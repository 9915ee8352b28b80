using OnDuty.Core.Incidents;
using OnDuty.Testing;

namespace OnDuty.Core.Tests.Fakes;

/// <summary>
/// The inbox as strict as the table: one inbox and at most 100 deliveries per append, all or nothing; an id stored twice is
/// refused. An append's deliveries share a row, as the table's do, and a delivery found or removed must name the row it was
/// returned with (the journal keeps what the append returned).
/// </summary>
public sealed class InMemoryAlertInbox : IAlertInbox
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<(string Inbox, string Id), InboxDelivery> _rows = [];

    /// <summary>When set, every append fails with it (storage refusing).</summary>
    public Exception? FailAppends { get; set; }

    public int Appends { get; private set; }

    /// <summary>How long an append takes, as a round trip to storage does (zero: at once).</summary>
    public TimeSpan AppendLatency { get; set; }

    public IReadOnlyList<InboxDelivery> Stored
    {
        get
        {
            lock (_gate)
            {
                return [.. _rows.Values];
            }
        }
    }

    public async Task<IReadOnlyList<InboxDelivery>> AppendAsync(IReadOnlyList<InboxDelivery> deliveries, CancellationToken cancellationToken)
    {
        if (AppendLatency > TimeSpan.Zero)
        {
            await Task.Delay(AppendLatency, cancellationToken);
        }

        if (deliveries.Count > IAlertInbox.MaxPerAppend || deliveries.Any(d => d.Inbox != deliveries[0].Inbox))
        {
            throw new ArgumentException("One append holds at most 100 deliveries of one inbox.", nameof(deliveries));
        }

        if (deliveries.Any(d => d.Notification.Length > IAlertInbox.MaxNotificationLength))
        {
            throw new ArgumentException("A notification longer than a table string holds.", nameof(deliveries));
        }

        foreach (var d in deliveries)
        {
            CheckRow("inbox|", d);
        }

        if (FailAppends is { } failure)
        {
            throw failure;
        }

        lock (_gate)
        {
            if (deliveries.Any(d => _rows.ContainsKey((d.Inbox, d.Id))) || deliveries.DistinctBy(d => d.Id).Count() != deliveries.Count)
            {
                throw new InvalidOperationException("The entity already exists (the whole transaction failed).");
            }

            var stored = deliveries.Select(d => d with { Row = deliveries[0].Id, RowCount = deliveries.Count }).ToList();
            foreach (var delivery in stored)
            {
                _rows[(delivery.Inbox, delivery.Id)] = delivery with { Repeat = null }; // what the accepting instance keeps in memory is not stored
            }

            Appends++;
            return stored;
        }
    }

    /// <summary>Under the gate: the stored delivery, checking it is looked for in the row it is in.</summary>
    private InboxDelivery? StoredAs(InboxDelivery delivery)
    {
        var stored = _rows.GetValueOrDefault((delivery.Inbox, delivery.Id));
        if (stored is not null && stored.Row != delivery.Row)
        {
            throw new InvalidOperationException($"Delivery {delivery.Id} is in row {stored.Row ?? "(its own)"}, not {delivery.Row ?? "(its own)"}.");
        }

        return stored;
    }

    /// <summary>Times a delivery's notification was read back from the inbox.</summary>
    public int Finds { get; private set; }

    public Task<InboxDelivery?> FindAsync(InboxDelivery delivery, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Finds++;
            return Task.FromResult(StoredAs(delivery));
        }
    }

    public Task RemoveAsync(IReadOnlyList<InboxDelivery> deliveries, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var delivery in deliveries)
            {
                StoredAs(delivery);
                _rows.Remove((delivery.Inbox, delivery.Id));
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<InboxDelivery>> ListAcceptedBeforeAsync(DateTimeOffset before, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<InboxDelivery>>([.. _rows.Values.Where(d => d.AcceptedAt < before).Take(max)]);
        }
    }

    private readonly SortedDictionary<(string Inbox, string Id), (InboxDelivery Delivery, string Error)> _setAside = [];

    /// <summary>Deliveries set aside as unreadable, with why.</summary>
    public IReadOnlyList<(InboxDelivery Delivery, string Error)> SetAside
    {
        get
        {
            lock (_gate)
            {
                return [.. _setAside.Values];
            }
        }
    }

    public Task SetAsideAsync(IReadOnlyList<InboxDelivery> deliveries, string error, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var delivery in deliveries)
            {
                CheckRow("unreadable|", delivery, ("Error", error.Length > 4_000 ? error[..4_000] : error));
            }

            foreach (var delivery in deliveries)
            {
                _setAside[(delivery.Inbox, delivery.Id)] = (delivery, error);
                _rows.Remove((delivery.Inbox, delivery.Id));
            }
        }

        return Task.CompletedTask;
    }

    public Task RemoveSetAsideAsync(IReadOnlyList<InboxDelivery> deliveries, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var delivery in deliveries)
            {
                _setAside.Remove((delivery.Inbox, delivery.Id));
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<InboxDelivery>> ListSetAsideAsync(int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<InboxDelivery>>([.. _setAside.Values.Select(v => v.Delivery).Take(max)]);
        }
    }

    /// <summary>What a crashed instance leaves behind: deliveries accepted and never applied.</summary>
    public void Put(InboxDelivery delivery)
    {
        lock (_gate)
        {
            _rows[(delivery.Inbox, delivery.Id)] = delivery;
        }
    }

    /// <summary>A delivery's row as the table store writes it: PK the prefix and the inbox, RK the delivery's id, both as they are.</summary>
    private static void CheckRow(string prefix, InboxDelivery d, params (string Name, object? Value)[] besides) =>
        TableStorageRules.CheckRow(prefix + d.Inbox, d.Id,
            [("IncidentId", d.IncidentId), ("AlertVersion", d.AlertVersion), ("AcceptedAt", d.AcceptedAt), ("Notification", d.Notification), .. besides]);
}
