using OnDuty.Core.Common;

namespace OnDuty.Core.Rotations;

/// <summary>The rotation repository, telling <see cref="ScheduleInputCache"/> after every write (also a failed one: it may have been stored).</summary>
public sealed class ScheduleChangeTrackingRotationRepository(IRotationRepository inner, ScheduleInputCache cache) : IRotationRepository
{
    public Task<IReadOnlyList<Versioned<Rotation>>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public Task<Versioned<Rotation>?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public Task<string> SaveAsync(Rotation rotation, string? ifMatch, CancellationToken cancellationToken) =>
        cache.TrackWriteAsync(() => inner.SaveAsync(rotation, ifMatch, cancellationToken));

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        cache.TrackWriteAsync(() => inner.DeleteAsync(id, cancellationToken));

    public Task<RotationState> GetStateAsync(string rotationId, CancellationToken cancellationToken) => inner.GetStateAsync(rotationId, cancellationToken);

    public Task AddOverridesAsync(string rotationId, IReadOnlyList<RotationOverride> overrides, CancellationToken cancellationToken) =>
        cache.TrackWriteAsync(() => inner.AddOverridesAsync(rotationId, overrides, cancellationToken));

    public Task<bool> DeleteOverrideAsync(string rotationId, string overrideId, CancellationToken cancellationToken) =>
        cache.TrackWriteAsync(() => inner.DeleteOverrideAsync(rotationId, overrideId, cancellationToken));

    public Task<Versioned<FrozenShift>?> GetFrozenShiftAsync(string rotationId, DateOnly shiftStart, CancellationToken cancellationToken) =>
        inner.GetFrozenShiftAsync(rotationId, shiftStart, cancellationToken);

    public Task<string?> TryFreezeShiftAsync(string rotationId, FrozenShift shift, CancellationToken cancellationToken) =>
        cache.TrackWriteAsync(() => inner.TryFreezeShiftAsync(rotationId, shift, cancellationToken));

    public Task UpdateFrozenShiftAsync(string rotationId, FrozenShift shift, string ifMatch, CancellationToken cancellationToken) =>
        cache.TrackWriteAsync(() => inner.UpdateFrozenShiftAsync(rotationId, shift, ifMatch, cancellationToken));
}
