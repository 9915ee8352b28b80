namespace OnDuty.Core.Rotations;

/// <summary>
/// Who is on each of the coming shifts of some rotations, taken before a change so <see cref="ScheduleChangeNotifier"/> can tell
/// whose weeks it moved. Per rotation: the first shift and the shifts from it (the current one included).
/// </summary>
public sealed record ScheduleSnapshot(IReadOnlyDictionary<string, IReadOnlyList<ScheduledShift>> Shifts)
{
    public static readonly ScheduleSnapshot Empty = new(new Dictionary<string, IReadOnlyList<ScheduledShift>>(StringComparer.Ordinal));
}
