namespace OnDuty.Core.Calendar;

/// <summary>No calendar service configured.</summary>
public sealed class NoAvailabilitySource : IAvailabilitySource
{
    public bool Enabled => false;

    public Task<IReadOnlyDictionary<string, IReadOnlyList<TimeRange>>> GetOutOfOfficeAsync(
        IReadOnlyList<string> addresses, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<TimeRange>>>(new Dictionary<string, IReadOnlyList<TimeRange>>());
}
