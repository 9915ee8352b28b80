using BenchmarkDotNet.Attributes;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Testing;

namespace OnDuty.Benchmarks;

/// <summary>
/// The schedule is simulated from the rotation's start on every request (deterministic, no stored
/// state to drift). This measures what that costs as a rotation ages, against computing its first year.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class ScheduleBenchmarks
{
    private ScheduleInput _input = null!;

    [GlobalSetup]
    public void Setup()
    {
        var start = new DateOnly(2026, 1, 5);
        var members = Enumerable.Range(0, 12).Select(i => new Member
        {
            TimeZone = TestZones.Tokyo,
            Id = $"pm{i:00}",
            DisplayName = $"PM {i:00}",
            Email = $"pm{i:00}@example.com",
            JoinedOn = start.AddDays(-200 * i),
        }).ToDictionary(m => m.Id);
        var leave = Enumerable.Range(0, 60).Select(i => new Leave
        {
            Id = $"l{i}",
            MemberId = $"pm{i % 12:00}",
            From = start.AddDays(i * 61 % 3650),
            To = start.AddDays((i * 61 % 3650) + 6),
        }).ToList();
        var rotation = new Rotation
        {
            TimeZone = TestZones.Tokyo,
            Id = "incident-duty",
            Name = "Incident duty",
            StartDate = start,
            Members = members.Keys.ToList(),
        };
        _input = new ScheduleInput(rotation, members, leave, RotationState.Empty);
    }

    [Benchmark(Baseline = true, Description = "first year, 52 shifts")]
    public int FirstYear() => ScheduleCalculator.Compute(_input, 0, 52).Count;

    [Benchmark(Description = "on-call after 1 year")]
    public int OnCallAfterOneYear() => ScheduleCalculator.ComputeShift(_input, 52).Members.Count;

    [Benchmark(Description = "on-call after 5 years")]
    public int OnCallAfterFiveYears() => ScheduleCalculator.ComputeShift(_input, 260).Members.Count;

    [Benchmark(Description = "on-call after 10 years")]
    public int OnCallAfterTenYears() => ScheduleCalculator.ComputeShift(_input, 520).Members.Count;
}
