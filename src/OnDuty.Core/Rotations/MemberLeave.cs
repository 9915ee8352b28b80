using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>One member's leave, sorted by start: finds the leave that overlaps a shift.</summary>
internal sealed class MemberLeave(Leave[] sorted)
{
    public static readonly MemberLeave None = new([]);

    private int _cursor;

    /// <summary>For shifts visited in order: leave that ended before <paramref name="start"/> is passed once and never looked at again.</summary>
    public Leave? NextOverlapping(DateOnly start, DateOnly end)
    {
        while (_cursor < sorted.Length && sorted[_cursor].To < start)
        {
            _cursor++;
        }

        for (var i = _cursor; i < sorted.Length && sorted[i].From <= end; i++)
        {
            if (sorted[i].Overlaps(start, end))
            {
                return sorted[i];
            }
        }

        return null;
    }

    /// <summary>For a shift out of order (an override's replacement): the first overlapping leave.</summary>
    public Leave? Overlapping(DateOnly start, DateOnly end) => sorted.FirstOrDefault(l => l.Overlaps(start, end));
}
