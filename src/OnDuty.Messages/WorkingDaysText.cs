using OnDuty.Core.Team;

namespace OnDuty.Messages;

/// <summary>A part-timer's days in the reader's words: 「月・火・水」, "Mon, Tue and Wed"; 「山田さん（月・火・水のみ）」.</summary>
public static class WorkingDaysText
{
    /// <summary>Days by their API names (<c>mon</c>), in week order, as the reader abbreviates them.</summary>
    public static string Days(IEnumerable<string> names, Phrases p)
    {
        var days = names.Select(WorkingDays.Parse).OfType<DayOfWeek>().OrderBy(WorkingDays.Index)
            .Select(d => p.Culture.DateTimeFormat.GetAbbreviatedDayName(d)).ToList();
        return p.JoinAnd(days);
    }

    /// <summary>
    /// <paramref name="name"/> (as the text already calls the member: 「山田さん」, "Yamada") followed by a part-timer's days,
    /// 「山田さん（月・火・水のみ）」; the name alone for anyone who works the team's days.
    /// </summary>
    public static string Named(string name, Member? member, Phrases p) =>
        member is { PartTime: true, WorkingDays: { } days } ? p.Format("Member.WorkingDaysOnly", name, Days(days, p)) : name;
}
