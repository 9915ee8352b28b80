using OnDuty.Core.Common;

namespace OnDuty.Core.Calendar;

/// <summary>Members' free/busy, as far as "out of office" goes. Implemented over Graph's getSchedule.</summary>
public interface IAvailabilitySource
{
    bool Enabled { get; }

    /// <summary>Out-of-office intervals of each address within [<paramref name="start"/>, <paramref name="end"/>); addresses without any map to an empty list.</summary>
    /// <exception cref="DependencyUnavailableException">The calendar service could not be reached.</exception>
    Task<IReadOnlyDictionary<string, IReadOnlyList<TimeRange>>> GetOutOfOfficeAsync(
        IReadOnlyList<string> addresses, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken);
}
