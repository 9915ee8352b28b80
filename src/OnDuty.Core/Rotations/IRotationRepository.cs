using OnDuty.Core.Common;

namespace OnDuty.Core.Rotations;

/// <summary>Rotation settings plus each rotation's overrides and frozen shifts (one partition per rotation).</summary>
public interface IRotationRepository
{
    Task<IReadOnlyList<Versioned<Rotation>>> ListAsync(CancellationToken cancellationToken);

    Task<Versioned<Rotation>?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Inserts when <paramref name="ifMatch"/> is null (fails with <see cref="ConcurrencyException"/> if the id exists), otherwise replaces only at that ETag ("*" = any).</summary>
    Task<string> SaveAsync(Rotation rotation, string? ifMatch, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes a rotation: its state (overrides, frozen shifts) first, then its settings row, so a failure half-way leaves the
    /// rotation listed and the call can be repeated. False when there was no such rotation.
    /// </summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException("This store cannot delete rotations.");

    /// <summary>Overrides and frozen shifts of one rotation, in one single-partition query.</summary>
    Task<RotationState> GetStateAsync(string rotationId, CancellationToken cancellationToken);

    /// <summary>Stores all overrides together in one transaction (a swap is two rows); fails with <see cref="ConcurrencyException"/> if any exists.</summary>
    Task AddOverridesAsync(string rotationId, IReadOnlyList<RotationOverride> overrides, CancellationToken cancellationToken);

    /// <summary>Deletes an override; a swap half deletes both halves together. Returns false when nothing was deleted.</summary>
    Task<bool> DeleteOverrideAsync(string rotationId, string overrideId, CancellationToken cancellationToken);

    Task<Versioned<FrozenShift>?> GetFrozenShiftAsync(string rotationId, DateOnly shiftStart, CancellationToken cancellationToken);

    /// <summary>Conditional insert: returns null when the shift was already frozen (by this or another instance), else the new ETag.</summary>
    Task<string?> TryFreezeShiftAsync(string rotationId, FrozenShift shift, CancellationToken cancellationToken);

    /// <summary>Replaces a frozen shift at its ETag (status changes only).</summary>
    Task UpdateFrozenShiftAsync(string rotationId, FrozenShift shift, string ifMatch, CancellationToken cancellationToken);
}
