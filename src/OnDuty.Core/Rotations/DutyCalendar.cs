using System.Globalization;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;

namespace OnDuty.Core.Rotations;

/// <summary>
/// Maps a rotation's shifts to instants: shift k starts at the handoff time, local to the rotation's
/// time zone, on <c>StartDate + k * ShiftWeeks * 7</c> days. Handoffs are anchored to the local date,
/// so a DST change moves the UTC instant, never the local handoff time.
/// With a working calendar and <see cref="Rotation.MoveHandoffOffHolidays"/>, a handoff whose nominal date is not
/// a working day happens on the first working day after it (same local time), but never on or after the next
/// nominal start: a shift with no working day at all keeps its nominal handoff. Only instants move; indexes, start
/// dates (the keys of overrides and frozen shifts) and ISO week labels stay nominal (Japanese text names a week by
/// <see cref="HandoffDate"/>, the day the shift really starts).
/// A rotation whose cadence changed from a date (<see cref="Rotation.PreviousCadences"/>) has one such run per cadence, counted
/// on: the shifts of a cadence are those starting before the next cadence's start date, the last of them ends at the next
/// cadence's first handoff (shortened, or lengthened by a later time on the same day), and the next cadence's first shift has
/// the next index, so the schedule simulation gives it the pair that would have come next.
/// </summary>
public sealed class DutyCalendar
{
    private readonly Rotation _rotation;
    private readonly TimeZoneInfo _zone;
    private readonly IWorkingCalendar? _workingCalendar;

    /// <summary>The team's working days whether or not handoffs move: what <see cref="DaysOff"/> reads.</summary>
    private readonly IWorkingCalendar? _daysOffCalendar;

    /// <summary>
    /// The rotation's cadences, oldest first, each with the index of its first shift: shifts are counted on across cadences.
    /// A cadence's last shift ends at the next cadence's first handoff (shortened when the new start falls inside it).
    /// </summary>
    private readonly Segment[] _segments;

    private sealed record Segment(int FirstIndex, DateOnly StartDate, int ShiftDays, TimeOnly HandoffTime);

    public DutyCalendar(Rotation rotation, IWorkingCalendar? workingCalendar = null)
    {
        // A zero-length shift would make ShiftIndexAt loop forever and IndexOfStartDate divide by zero.
        if (rotation.ShiftWeeks < 1 || rotation.PreviousCadences.Any(c => c.ShiftWeeks < 1))
        {
            throw new ValidationException("shiftWeeks", "must be between 1 and 8");
        }

        _rotation = rotation;
        _zone = TimeZones.Find(rotation.TimeZone);
        _workingCalendar = rotation.MoveHandoffOffHolidays ? workingCalendar : null;
        _daysOffCalendar = workingCalendar;
        var cadences = rotation.PreviousCadences.Append(Cadence.Of(rotation)).ToList();
        var segments = new List<Segment>(cadences.Count);
        foreach (var cadence in cadences)
        {
            var first = 0;
            if (segments.Count > 0)
            {
                var previous = segments[^1];

                // The earlier cadence's shifts starting before the new start date, the last one possibly shortened.
                var days = cadence.StartDate.DayNumber - previous.StartDate.DayNumber;
                first = previous.FirstIndex + Math.Max(1, (int)Math.Ceiling(days / (double)previous.ShiftDays));
            }

            segments.Add(new Segment(first, cadence.StartDate, cadence.ShiftWeeks * 7, cadence.HandoffTime));
        }

        _segments = [.. segments];
    }

    /// <summary>Days in a shift of the current cadence (the last one, or the only one).</summary>
    public int ShiftDays => _rotation.ShiftWeeks * 7;

    /// <summary>Index of the first shift of the current cadence (0 unless the cadence changed with <c>effectiveFrom</c>).</summary>
    public int CurrentCadenceFirstIndex => _segments[^1].FirstIndex;

    private Segment ForIndex(int index)
    {
        for (var i = _segments.Length - 1; i > 0; i--)
        {
            if (index >= _segments[i].FirstIndex)
            {
                return _segments[i];
            }
        }

        return _segments[0];
    }

    private Segment ForDate(DateOnly date)
    {
        for (var i = _segments.Length - 1; i > 0; i--)
        {
            if (date >= _segments[i].StartDate)
            {
                return _segments[i];
            }
        }

        return _segments[0];
    }

    public DateOnly ShiftStartDate(int index)
    {
        var segment = ForIndex(index);
        return segment.StartDate.AddDays((index - segment.FirstIndex) * segment.ShiftDays);
    }

    /// <summary>Handoff time of the cadence shift <paramref name="index"/> belongs to.</summary>
    public TimeOnly HandoffTime(int index) => ForIndex(index).HandoffTime;

    /// <summary>Last local date of the shift (the day before the next handoff).</summary>
    public DateOnly ShiftEndDate(int index) => ShiftStartDate(index + 1).AddDays(-1);

    /// <summary>Local date the handoff into shift <paramref name="index"/> actually happens (see the class remarks).</summary>
    public DateOnly HandoffDate(int index) => HandoffMoveOf(index)?.Date ?? ShiftStartDate(index);

    /// <summary>Why and where the handoff into shift <paramref name="index"/> moved; null when it happens on its nominal date.</summary>
    public HandoffMove? HandoffMoveOf(int index)
    {
        if (_workingCalendar is null)
        {
            return null;
        }

        var nominal = ShiftStartDate(index);
        var skipped = new List<NonWorkingDay>();
        for (var date = nominal; date < ShiftStartDate(index + 1); date = date.AddDays(1))
        {
            if (_workingCalendar.NonWorking(date) is not { } reason)
            {
                return skipped.Count == 0 ? null : new HandoffMove(nominal, date, skipped) { Time = HandoffTime(index) };
            }

            skipped.Add(reason);
        }

        return null;
    }

    /// <summary>
    /// The public holidays and closure days shift <paramref name="index"/> holds: from the day of its handoff to the day before the
    /// next one (a holiday that moves the next handoff lies in this shift). Weekends are not listed.
    /// </summary>
    public IReadOnlyList<NonWorkingDay> DaysOff(int index)
    {
        if (_daysOffCalendar is null)
        {
            return [];
        }

        var days = new List<NonWorkingDay>();
        for (var date = HandoffDate(index); date < HandoffDate(index + 1); date = date.AddDays(1))
        {
            if (_daysOffCalendar.NonWorking(date) is { Kind: not NonWorkingKind.Weekend } day)
            {
                days.Add(day);
            }
        }

        return days;
    }

    /// <summary>The instant of the handoff into shift <paramref name="index"/> (moved off non-working days when enabled).</summary>
    public DateTimeOffset ShiftStartsAt(int index) => ToInstant(HandoffDate(index), HandoffTime(index));

    public DateTimeOffset ShiftEndsAt(int index) => ShiftStartsAt(index + 1);

    /// <summary>Index of the shift whose local start date is <paramref name="date"/>, or null when it is not a handoff date.</summary>
    public int? IndexOfStartDate(DateOnly date)
    {
        var segment = ForDate(date);
        var days = date.DayNumber - segment.StartDate.DayNumber;
        return days % segment.ShiftDays == 0 ? segment.FirstIndex + (days / segment.ShiftDays) : null;
    }

    /// <summary>Index of the shift containing <paramref name="instant"/>; negative before the rotation starts.</summary>
    public int ShiftIndexAt(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, _zone);
        var index = ShiftIndexOn(DateOnly.FromDateTime(local.DateTime));

        // The local date can be a handoff day before the handoff time: that still belongs to the previous shift.
        while (ShiftStartsAt(index) > instant)
        {
            index--;
        }

        while (ShiftStartsAt(index + 1) <= instant)
        {
            index++;
        }

        return index;
    }

    /// <summary>Index of the shift whose nominal dates (start date to the day before the next nominal start) contain <paramref name="date"/>.</summary>
    public int ShiftIndexOn(DateOnly date)
    {
        var segment = ForDate(date);
        return segment.FirstIndex + (int)Math.Floor((date.DayNumber - segment.StartDate.DayNumber) / (double)segment.ShiftDays);
    }

    /// <summary>Index of the first shift whose start date is on or after <paramref name="date"/>.</summary>
    public int FirstIndexOnOrAfter(DateOnly date)
    {
        var segment = ForDate(date);
        var days = date.DayNumber - segment.StartDate.DayNumber;
        return segment.FirstIndex + (int)Math.Ceiling(days / (double)segment.ShiftDays);
    }

    /// <summary>
    /// The day each shift labelled in <paramref name="weeks"/> (ISO labels) really starts, for those whose handoff moved off a
    /// non-working day: what Japanese text names such a week by. Labels of no shift start are left out.
    /// </summary>
    public IReadOnlyDictionary<string, DateOnly> MovedStarts(IEnumerable<string?> weeks)
    {
        var moved = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var week in weeks.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (RotationService.TryParseIsoWeek(week, out var monday)
                && IndexOfStartDate(Rotation.DayIn(monday, _rotation.CadenceOfWeek(monday).HandoffDay)) is { } index and >= 0
                && HandoffMoveOf(index) is { } move)
            {
                moved[week] = move.Date;
            }
        }

        return moved;
    }

    /// <summary>The <see cref="MovedStarts"/> of the shifts and of the weeks their reasons name.</summary>
    public IReadOnlyDictionary<string, DateOnly> MovedStarts(IEnumerable<ScheduledShift> shifts) =>
        MovedStarts(shifts.SelectMany(s => s.Members.SelectMany(a => a.Reason.Parts.Select(p => p.Week)).Prepend(s.Week)));

    /// <summary>ISO 8601 week label of a shift's start date, e.g. <c>2026-W49</c>.</summary>
    public string WeekLabel(int index) => IsoWeekLabel(ShiftStartDate(index));

    /// <summary>
    /// The ISO week a shift labelled <paramref name="week"/> ends in when it lasts <paramref name="shiftWeeks"/> weeks
    /// (<c>2026-W46</c>, 4 → <c>2026-W49</c>); <paramref name="week"/> itself for a weekly rotation or a label it cannot read.
    /// </summary>
    public static string LastWeekOf(string week, int shiftWeeks)
    {
        if (shiftWeeks <= 1 || !RotationService.TryParseIsoWeek(week, out var monday))
        {
            return week;
        }

        return IsoWeekLabel(monday.AddDays(7 * (shiftWeeks - 1)));
    }

    public static string IsoWeekLabel(DateOnly date)
    {
        var dateTime = date.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(dateTime)}-W{ISOWeek.GetWeekOfYear(dateTime):00}");
    }

    /// <summary>Local wall-clock time to an instant: a time in a spring-forward gap moves forward by the gap; an ambiguous time takes the first (daylight) occurrence.</summary>
    public DateTimeOffset ToInstant(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (_zone.IsInvalidTime(local))
        {
            var rule = _zone.GetAdjustmentRules().FirstOrDefault(r => r.DateStart <= local && local <= r.DateEnd);
            var delta = rule?.DaylightDelta ?? TimeSpan.FromHours(1);
            local = local.Add(delta);
        }

        if (_zone.IsAmbiguousTime(local))
        {
            var offsets = _zone.GetAmbiguousTimeOffsets(local);
            var offset = offsets.Max();
            return new DateTimeOffset(local, offset);
        }

        return new DateTimeOffset(local, _zone.GetUtcOffset(local));
    }
}
