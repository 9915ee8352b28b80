using OnDuty.Core.Alerts;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// The delivery list as a page (<c>/api/alerts/deliveries/page</c>): per webhook source its last deliveries, newest first, as
/// the intake answered them; <see cref="Source"/> when the reader filtered to one. Times in <see cref="TimeZone"/>.
/// </summary>
public sealed record DeliveriesPageNotice(Language Language, string TimeZone, DateTimeOffset Now, string? Source, IReadOnlyList<SourceDeliveries> Sources)
    : Notice(Language);

/// <summary>One source's deliveries as listed (<see cref="Items"/>, newest first) and how many the list holds in all (<see cref="Total"/>).</summary>
public sealed record SourceDeliveries(string Source, IReadOnlyList<ListedDelivery> Items, int Total);
