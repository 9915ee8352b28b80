using OnDuty.Core.Rotations;
using OnDuty.Testing.Contracts;

namespace OnDuty.Core.Tests.Fakes;

/// <summary>The in-memory fake the Core tests use passes the same contract as its table-storage twin.</summary>
public sealed class InMemoryRotationsTests : RotationRepositoryContract
{
    protected override Task<IRotationRepository> CreateRepositoryAsync() => Task.FromResult<IRotationRepository>(new InMemoryRotations());
}
