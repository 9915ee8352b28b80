using OnDuty.Core.Calendar;
using OnDuty.Testing.Contracts;

namespace OnDuty.Core.Tests.Fakes;

/// <summary>The in-memory fake passes the same contract as its table-storage twin.</summary>
public sealed class InMemoryFeedRevisionStoreTests : FeedRevisionStoreContract
{
    protected override Task<IFeedRevisionStore> CreateStoreAsync() => Task.FromResult<IFeedRevisionStore>(new InMemoryFeedRevisionStore());
}
