using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Infrastructure.Tables;
using OnDuty.Testing;
using static OnDuty.Testing.AlertmanagerBody;

namespace OnDuty.Infrastructure.Tests.Incidents;

/// <summary>
/// Undoing a merge while monitoring resolves the duplicate's alerts, on real tables (Azurite): an incident's record and its alert
/// rows are two reads there, and an undo can go through between them.
/// </summary>
public sealed class IncidentUnmergerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Started = T0.AddMinutes(-5);

    private readonly FakeTimeProvider _time = new(T0);

    /// <summary>
    /// The resolve read the record of the incident merged into while it still held the duplicate's group, and its alert rows after the
    /// undo had removed them there: it resolves the alert on the duplicate, where the group's claim went back (before, it was taken
    /// for a resolve sent again and dropped, and the reopened incident never resolved).
    /// </summary>
    [Fact]
    public async Task AResolveThatReadTheOthersRecordBeforeTheUndoAndItsRowsAfter_ResolvesTheAlertOnTheDuplicate()
    {
        var held = new HeldAlertReads();
        await using var provider = await new AzuriteApp(azurite, "unmergerace")
            .WithEscalation("pm@onduty.example", "leads@onduty.example")
            .WithTime(_time)
            .Replace(services => services
                .AddSingleton<TableIncidentRepository>()
                .AddSingleton<IIncidentRepository>(sp => held.Wrap(sp.GetRequiredService<TableIncidentRepository>())))
            .BuildAsync();
        var intake = provider.GetRequiredService<AlertIntake>();
        var incidents = provider.GetRequiredService<IIncidentRepository>();
        var payment = (await intake.IntakeAsync(Alertmanager("payment", ("p1", "firing", Started, null)), default)).IncidentId!;
        var login = (await intake.IntakeAsync(Alertmanager("login", ("a", "firing", Started, null), ("b", "firing", Started, null)), default)).IncidentId!;
        await provider.GetRequiredService<IncidentMerger>().MergeAsync(login, payment, "sato", default);
        _time.Advance(TimeSpan.FromMinutes(1));

        // The claim names the payment incident: the resolve reads its record (holding the login group), then its rows wait.
        var reading = held.Next(payment);
        var delivery = Task.Run(() => intake.IntakeAsync(Alertmanager("login", ("a", "resolved", Started, _time.GetUtcNow())), default));
        await reading.WaitAsync(TimeSpan.FromSeconds(30));
        await provider.GetRequiredService<IncidentUnmerger>().UnmergeAsync(login, "sato", default);
        held.Release();
        var result = await delivery.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((login, 1), (result.IncidentId, result.ResolvedAlerts));
        var alerts = (await incidents.GetAlertsAsync(login, default)).Select(a => (a.Value.DedupKey, a.Value.Status)).OrderBy(a => a.DedupKey, StringComparer.Ordinal);
        Assert.Equal([("a", AlertStatus.Resolved), ("b", AlertStatus.Firing)], alerts);
        Assert.Equal(["p1"], (await incidents.GetAlertsAsync(payment, default)).Select(a => a.Value.DedupKey));

        // Its last alert's resolve resolves it.
        await intake.IntakeAsync(Alertmanager("login", ("b", "resolved", Started, _time.GetUtcNow())), default);
        Assert.Equal(IncidentStatus.Resolved, (await incidents.GetAsync(login, default))!.Value.Status);
    }

    /// <summary>The table repository, holding the next read of one incident's alert rows until <see cref="Release"/> (the read is made then).</summary>
    private sealed class HeldAlertReads
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource? _reading;
        private string? _id;

        public IIncidentRepository Wrap(IIncidentRepository inner)
        {
            var proxy = DispatchProxy.Create<IIncidentRepository, Proxy>();
            ((Proxy)(object)proxy).Set(inner, this);
            return proxy;
        }

        /// <summary>Holds the next read of <paramref name="id"/>'s alert rows; completes when it is waiting.</summary>
        public Task Next(string id)
        {
            _reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _id = id;
            return _reading.Task;
        }

        public void Release() => _release.SetResult();

        private TaskCompletionSource? Take(string id)
        {
            lock (_release)
            {
                if (_id != id)
                {
                    return null;
                }

                _id = null;
                return _reading;
            }
        }

        public class Proxy : DispatchProxy
        {
            private IIncidentRepository _inner = null!;
            private HeldAlertReads _owner = null!;

            public void Set(IIncidentRepository inner, HeldAlertReads owner) => (_inner, _owner) = (inner, owner);

            protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
            {
                if (targetMethod!.Name == nameof(IIncidentRepository.GetAlertsAsync) && args?[0] is string id && _owner.Take(id) is { } reading)
                {
                    return ReadAfterReleaseAsync(reading, () => (Task<IReadOnlyList<Versioned<TrackedAlert>>>)Call(targetMethod, args)!);
                }

                return Call(targetMethod, args);
            }

            private async Task<IReadOnlyList<Versioned<TrackedAlert>>> ReadAfterReleaseAsync(TaskCompletionSource reading, Func<Task<IReadOnlyList<Versioned<TrackedAlert>>>> read)
            {
                reading.SetResult();
                await _owner._release.Task;
                return await read();
            }

            private object? Call(MethodInfo targetMethod, object?[]? args)
            {
                try
                {
                    return targetMethod.Invoke(_inner, args);
                }
                catch (TargetInvocationException ex) when (ex.InnerException is not null)
                {
                    ExceptionDispatchInfo.Throw(ex.InnerException);
                    throw;
                }
            }
        }
    }
}
