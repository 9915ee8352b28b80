using OnDuty.Core.Common;
using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>A duty rotation: who takes turns, how many at once, and when the handoff happens.</summary>
public sealed record Rotation
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>Name used in Japanese messages (障害当番); falls back to <see cref="Name"/>.</summary>
    public string? NameJa { get; init; }

    public RotationStrategy Strategy { get; init; } = RotationStrategy.Staggered;

    public int PeoplePerShift { get; init; } = 2;

    /// <summary>Shift length in weeks (1 = weekly duty).</summary>
    public int ShiftWeeks { get; init; } = 1;

    public DayOfWeek HandoffDay { get; init; } = DayOfWeek.Monday;

    public TimeOnly HandoffTime { get; init; } = new(10, 0);

    /// <summary>
    /// IANA time zone the handoff day and time are in. Required, no default: whoever makes a rotation without one of its own gives the
    /// team's (<c>Incidents__TimeZone</c>: the API, the demo roster, a stored row written without one).
    /// </summary>
    public required string TimeZone { get; init; }

    /// <summary>First shift's start date; must fall on <see cref="HandoffDay"/>.</summary>
    public required DateOnly StartDate { get; init; }

    /// <summary>
    /// The cadences in force before this one, oldest first (empty for a rotation whose cadence never changed): a cadence change
    /// with <c>effectiveFrom</c> keeps the weeks before it as they were. <see cref="StartDate"/> is then the day the current
    /// cadence took over; the rotation's first shift starts on the first cadence's start date, and shifts are counted on
    /// across cadences, so the member order continues. A release that does not know this field reads the current cadence.
    /// </summary>
    public IReadOnlyList<Cadence> PreviousCadences { get; init; } = [];

    /// <summary>The day the rotation's first shift started (its first cadence's start date).</summary>
    public DateOnly FirstStartDate => PreviousCadences.Count > 0 ? PreviousCadences[0].StartDate : StartDate;

    /// <summary>The cadences oldest first, the one in force now last.</summary>
    [System.Text.Json.Serialization.JsonIgnore] // worked out from the stored fields: never answered or stored (a GET body sent back to PUT would carry it)
    public IEnumerable<Cadence> Cadences => PreviousCadences.Append(Cadence.Of(this));

    /// <summary>The cadence in force on <paramref name="date"/> (the first one before the rotation starts).</summary>
    public Cadence CadenceOn(DateOnly date) => Cadences.LastOrDefault(c => c.StartDate <= date) ?? Cadences.First();

    /// <summary>
    /// The cadence a shift labelled with the ISO week whose Monday is <paramref name="monday"/> started under: the newest one whose
    /// handoff day in that week is on or after its start date. A label a cadence change's shortened shift shares with the new
    /// cadence's first shift reads as the new one here; callers that know the shift's start day use <see cref="CadenceOn"/>.
    /// </summary>
    public Cadence CadenceOfWeek(DateOnly monday) =>
        Cadences.Reverse().FirstOrDefault(c => DayIn(monday, c.HandoffDay) >= c.StartDate) ?? Cadences.First();

    /// <summary>The day <paramref name="day"/> of the ISO week whose Monday is <paramref name="monday"/>.</summary>
    public static DateOnly DayIn(DateOnly monday, DayOfWeek day) => monday.AddDays(((int)day + 6) % 7);

    /// <summary>Member ids in rotation order.</summary>
    public IReadOnlyList<string> Members { get; init; } = [];

    /// <summary>Team lists told about each shift in addition to the members on duty: addresses, or <c>group:…</c> entries
    /// (Microsoft 365 groups, expanded to their members; see <see cref="AudienceEntry"/>).</summary>
    public IReadOnlyList<string> NotifyEmails { get; init; } = [];

    /// <summary>Avoid shifts made only of inexperienced members when the roster allows it.</summary>
    public bool MixExperience { get; init; } = true;

    /// <summary>
    /// The pairing rule's experience check (<see cref="MixExperience"/>): whether a shift starting on <paramref name="day"/> with
    /// <paramref name="members"/> on it (null for one not on the roster) has no experienced member — a pair, or one member where
    /// the rotation has pairs. The schedule avoids it; a person's change that makes it is warned about, and the announcement says it.
    /// </summary>
    public bool LacksExperience(IReadOnlyList<Team.Member?> members, DateOnly day) =>
        MixExperience
        && (members.Count > 1 || (members.Count == 1 && PeoplePerShift > 1))
        && members.All(m => m is null || !m.IsExperiencedOn(day));

    /// <summary>A handoff that falls on a weekend, public holiday or company closure happens on the next working day instead.</summary>
    public bool MoveHandoffOffHolidays { get; init; } = true;

    public string DisplayName(Language language) =>
        language == Language.Ja && !string.IsNullOrWhiteSpace(NameJa) ? NameJa : Name;

    /// <summary>Earliest start date taken: the schedule is simulated from the start on every call, so one from long ago cannot be read.</summary>
    public static readonly DateOnly EarliestStart = new(2000, 1, 1);

    /// <summary>
    /// Checks the settings on their own and against the roster; throws <see cref="ValidationException"/> naming each bad field.
    /// With <paramref name="today"/>, the start date must also be at most a year ahead (one further would leave nobody on duty until then).
    /// </summary>
    public void Validate(IReadOnlyDictionary<string, Member> roster, DateOnly? today = null)
    {
        var errors = new ValidationErrors();
        errors.When(!Slug.IsValid(Id), "id", Slug.Rule);
        errors.When(string.IsNullOrWhiteSpace(Name), "name", "is required");
        errors.When(Name?.Length > 100, "name", "must be at most 100 characters");
        errors.When(NameJa?.Length > 100, "nameJa", "must be at most 100 characters");
        errors.When(!Enum.IsDefined(Strategy), "strategy", "must be staggered or block");
        errors.When(PeoplePerShift is < 1 or > 10, "peoplePerShift", "must be between 1 and 10");
        errors.When(ShiftWeeks is < 1 or > 8, "shiftWeeks", "must be between 1 and 8");
        errors.When(!Enum.IsDefined(HandoffDay), "handoffDay", "must be a weekday name");
        errors.When(!TimeZones.TryFind(TimeZone, out _), "timeZone", $"'{TimeZone}' is not a known IANA time zone");
        errors.When(StartDate.DayOfWeek != HandoffDay, "startDate", $"must fall on the handoff day ({HandoffDay})");
        for (var i = 0; i < PreviousCadences.Count; i++)
        {
            var cadence = PreviousCadences[i];
            var next = i + 1 < PreviousCadences.Count ? PreviousCadences[i + 1].StartDate : StartDate;
            errors.When(cadence.StartDate.DayOfWeek != cadence.HandoffDay || cadence.ShiftWeeks is < 1 or > 8 || cadence.StartDate >= next,
                "previousCadences", $"the cadence from {cadence.StartDate:yyyy-MM-dd} must start on its handoff day, last 1 to 8 weeks a shift and start before the next cadence");
        }

        errors.When(FirstStartDate < EarliestStart, "startDate", $"must be on or after {EarliestStart:yyyy-MM-dd}");
        errors.When(today is { } day && StartDate > day.AddYears(1), "startDate", "must be at most a year from today (nobody would be on duty until then)");
        errors.When(Members.Count == 0, "members", "must list at least one member");
        var ids = Members.Where(m => m is not null).ToList();
        errors.When(ids.Count != Members.Count, "members", "must list member ids, not null");
        foreach (var twice in ids.GroupBy(m => m, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add("members", $"'{twice.Key}' is listed {twice.Count()} times: list each member once");
        }
        foreach (var unknown in ids.Where(m => !roster.ContainsKey(m)))
        {
            errors.Add("members", $"'{unknown}' is not on the roster");
        }

        var active = ids.Count(m => roster.TryGetValue(m, out var member) && member.Active);
        var people = PeoplePerShift == 1 ? "1 person" : $"{PeoplePerShift} people";
        var members = active switch { 0 => "no active members", 1 => "1 active member", _ => $"{active} active members" };
        errors.When(active < PeoplePerShift, "peoplePerShift", $"needs {people} per shift but the rotation has {members}");
        errors.When(Strategy == RotationStrategy.Staggered && PeoplePerShift > 1 && active == PeoplePerShift,
            "strategy", "a staggered rotation needs more active members than people per shift; use block");
        errors.When(NotifyEmails.Count > 20, "notifyEmails", "at most 20 team lists");
        foreach (var entry in NotifyEmails.Where(a => !AudienceEntry.IsValid(a)))
        {
            errors.Add("notifyEmails", $"'{entry}' {AudienceEntry.Rule}");
        }

        errors.ThrowIfAny();
    }
}
