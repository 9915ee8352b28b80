namespace OnDuty.Core.Incidents;

/// <summary>
/// The storm hold's order of incidents (<see cref="IIncidentRepository.CountFirstPagesAsync"/>): by the time their opening paged (or
/// monitoring resolved them), to the millisecond storage keeps, then by id — one order every instance agrees on, so of a storm's
/// deliveries that came at once the first <see cref="IncidentOptions.StormPages"/> page and the rest wait, rather than each
/// counting all the others and every one waiting.
/// </summary>
public static class StormOrder
{
    /// <summary><paramref name="at"/> to the millisecond (Azurite keeps no finer; Azure does, and the comparison must agree).</summary>
    public static DateTimeOffset Millisecond(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    /// <summary>Whether the incident <paramref name="id"/> at <paramref name="at"/> comes before <paramref name="otherId"/> at <paramref name="otherAt"/>.</summary>
    public static bool IsBefore(string id, DateTimeOffset at, string otherId, DateTimeOffset otherAt)
    {
        var (mine, theirs) = (Millisecond(at), Millisecond(otherAt));
        return mine < theirs || mine == theirs && string.CompareOrdinal(id, otherId) < 0;
    }
}
