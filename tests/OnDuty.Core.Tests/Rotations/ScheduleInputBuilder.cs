using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Testing;

namespace OnDuty.Core.Tests.Rotations;

/// <summary>A roster plus one rotation; members join the rotation in the order they are added.</summary>
internal sealed class ScheduleInputBuilder
{
    /// <summary>A Monday; shift k starts <c>Start + 7k</c> days.</summary>
    public static readonly DateOnly Start = new(2026, 1, 5);

    private readonly List<Member> _members = [];
    private readonly List<Leave> _leave = [];
    private readonly List<RotationOverride> _overrides = [];
    private readonly List<FrozenShift> _frozen = [];
    private readonly HashSet<string> _outOfRotation = new(StringComparer.Ordinal);
    private Rotation _rotation = new()
    {
        TimeZone = TestZones.Tokyo,
        Id = "incident-duty",
        Name = "Incident duty",
        StartDate = Start,
        PeoplePerShift = 2,
        Strategy = RotationStrategy.Staggered,
        MixExperience = true,
    };

    public static ScheduleInputBuilder WithSeniors(params string[] ids) => new ScheduleInputBuilder().AddSeniors(ids);

    public ScheduleInputBuilder AddSeniors(params string[] ids)
    {
        foreach (var id in ids)
        {
            AddMember(id, ExperienceLevel.Senior);
        }

        return this;
    }

    public ScheduleInputBuilder AddJuniors(params string[] ids)
    {
        foreach (var id in ids)
        {
            AddMember(id, ExperienceLevel.Junior);
        }

        return this;
    }

    public ScheduleInputBuilder AddMember(string id, ExperienceLevel level, DateOnly joinedOn = default)
    {
        _members.Add(new Member
        {
            TimeZone = TestZones.Tokyo,
            Id = id,
            DisplayName = char.ToUpperInvariant(id[0]) + id[1..],
            Email = $"{id}@example.com",
            Level = level,
            JoinedOn = joinedOn,
        });
        return this;
    }

    public ScheduleInputBuilder Configure(Func<Rotation, Rotation> change)
    {
        _rotation = change(_rotation);
        return this;
    }

    /// <summary>Gives <paramref name="id"/> a last day with the team (<see cref="Member.LeavesOn"/>).</summary>
    public ScheduleInputBuilder Leaving(string id, DateOnly lastDay)
    {
        var index = _members.FindIndex(m => m.Id == id);
        _members[index] = _members[index] with { LeavesOn = lastDay };
        return this;
    }

    /// <summary>Makes <paramref name="id"/> a part-timer working <paramref name="days"/> (<see cref="Member.WorkingDays"/>).</summary>
    public ScheduleInputBuilder WorkingDays(string id, IReadOnlyList<string> days)
    {
        var index = _members.FindIndex(m => m.Id == id);
        _members[index] = _members[index] with { WorkingDays = days };
        return this;
    }

    /// <summary>Takes <paramref name="id"/> out of the rotation's members; they stay on the roster (and on announced weeks).</summary>
    public ScheduleInputBuilder OutOfRotation(string id)
    {
        _outOfRotation.Add(id);
        return this;
    }

    public ScheduleInputBuilder Deactivate(string id)
    {
        var index = _members.FindIndex(m => m.Id == id);
        _members[index] = _members[index] with { Active = false };
        return this;
    }

    public ScheduleInputBuilder AddLeave(string memberId, DateOnly from, DateOnly to)
    {
        _leave.Add(new Leave { Id = $"leave-{_leave.Count}", MemberId = memberId, From = from, To = to });
        return this;
    }

    /// <summary>Leave covering the Wednesday of shift <paramref name="index"/> only.</summary>
    public ScheduleInputBuilder AddLeaveInShift(string memberId, int index) =>
        AddLeave(memberId, ShiftStart(index).AddDays(2), ShiftStart(index).AddDays(2));

    public ScheduleInputBuilder AddReplace(int index, string memberId, string replacementId, string? reason = null)
    {
        _overrides.Add(new RotationOverride
        {
            Id = $"override-{_overrides.Count}",
            ShiftStart = ShiftStart(index),
            MemberId = memberId,
            ReplacementId = replacementId,
            Reason = reason,
            CreatedAt = new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(_overrides.Count),
        });
        return this;
    }

    /// <summary>A cover: <paramref name="replacementId"/> on duty for <paramref name="memberId"/> one day from the third day of shift <paramref name="index"/>.</summary>
    public ScheduleInputBuilder AddCover(int index, string memberId, string replacementId)
    {
        var from = new DateTimeOffset(ShiftStart(index).AddDays(2).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        _overrides.Add(new RotationOverride
        {
            Id = $"cover-{_overrides.Count}",
            ShiftStart = ShiftStart(index),
            MemberId = memberId,
            ReplacementId = replacementId,
            From = from,
            To = from.AddDays(1),
            CreatedAt = new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(_overrides.Count),
        });
        return this;
    }

    /// <summary>Both halves of a swap: <paramref name="first"/> serves shift <paramref name="secondIndex"/> and <paramref name="second"/> serves shift <paramref name="firstIndex"/>.</summary>
    public ScheduleInputBuilder AddSwap(int firstIndex, string first, int secondIndex, string second)
    {
        var swapId = $"swap-{_overrides.Count}";
        var createdAt = new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(_overrides.Count);
        _overrides.Add(new RotationOverride
        {
            Id = $"{swapId}-a",
            Kind = OverrideKind.Swap,
            SwapId = swapId,
            ShiftStart = ShiftStart(firstIndex),
            MemberId = first,
            ReplacementId = second,
            CreatedAt = createdAt,
        });
        _overrides.Add(new RotationOverride
        {
            Id = $"{swapId}-b",
            Kind = OverrideKind.Swap,
            SwapId = swapId,
            ShiftStart = ShiftStart(secondIndex),
            MemberId = second,
            ReplacementId = first,
            CreatedAt = createdAt,
        });
        return this;
    }

    /// <summary>Freezes the given shifts with the members they have now, as the announcer would.</summary>
    public ScheduleInputBuilder Freeze(IEnumerable<ScheduledShift> shifts)
    {
        foreach (var shift in shifts)
        {
            _frozen.Add(new FrozenShift
            {
                ShiftStart = shift.StartDate,
                Week = shift.Week,
                Members = shift.MemberIds,
                Status = FrozenShiftStatus.Announced,
                FrozenAt = shift.StartsAt.AddDays(-3),
            });
        }

        return this;
    }

    /// <summary>A person's change to the announced shift <paramref name="index"/> (frozen first), as <c>POST …/overrides</c> stores it.</summary>
    public ScheduleInputBuilder ChangeAnnounced(int index, string memberId, string replacementId, string reason, OverrideKind kind = OverrideKind.Replace)
    {
        var at = _frozen.FindIndex(f => f.ShiftStart == ShiftStart(index));
        var frozen = _frozen[at];
        _frozen[at] = frozen.With(new DutyChange
        {
            Id = $"change-{index}-{frozen.Changes.Count}",
            Kind = kind,
            MemberId = memberId,
            ReplacementId = replacementId,
            Reason = reason,
            At = frozen.FrozenAt.AddHours(1 + frozen.Changes.Count),
        });
        return this;
    }

    /// <summary>Takes back the last change in effect on the announced shift <paramref name="index"/>.</summary>
    public ScheduleInputBuilder UndoAnnouncedChange(int index)
    {
        var at = _frozen.FindIndex(f => f.ShiftStart == ShiftStart(index));
        var frozen = _frozen[at];
        var last = frozen.Changes.Last(c => c.InEffect);
        _frozen[at] = frozen.With(last.UndoneAs($"undo-{last.Id}", "back", last.At.AddHours(1)));
        return this;
    }

    public ScheduleInput Build() => new(
        _rotation with { Members = _members.Select(m => m.Id).Where(id => !_outOfRotation.Contains(id)).ToList() },
        _members.ToDictionary(m => m.Id),
        [.. _leave],
        new RotationState([.. _overrides], [.. _frozen]));

    public DateOnly ShiftStart(int index) => _rotation.StartDate.AddDays(7 * _rotation.ShiftWeeks * index);
}
