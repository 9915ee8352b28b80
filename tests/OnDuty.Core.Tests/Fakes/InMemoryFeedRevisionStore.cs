using System.Collections.Concurrent;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Testing;

namespace OnDuty.Core.Tests.Fakes;

internal sealed class InMemoryFeedRevisionStore : IFeedRevisionStore
{
    /// <summary>The first part of the table store's partition key.</summary>
    private const string Kind = "sequence";

    private readonly ConcurrentDictionary<(string Rotation, DateOnly Start), Versioned<FeedRevision>> _rows = new();
    private readonly Lock _gate = new();
    private int _etag;

    /// <summary>Runs before each save: a test makes another writer get there first.</summary>
    public Func<FeedRevision, Task>? BeforeSave { get; set; }

    public Task<IReadOnlyList<Versioned<FeedRevision>>> ListAsync(string rotationId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Versioned<FeedRevision>>>([.. _rows.Where(r => r.Key.Rotation == rotationId).Select(r => r.Value)]);

    public async Task<bool> TrySaveAsync(FeedRevision revision, string? ifMatch, CancellationToken cancellationToken)
    {
        TableStorageRules.CheckRow(
            TableStorageRules.Key(Kind, revision.RotationId), "2000-01-01",
            ("Fingerprint", revision.Fingerprint), ("Sequence", revision.Sequence), ("ChangedAt", revision.ChangedAt));
        if (BeforeSave is { } before)
        {
            BeforeSave = null;
            await before(revision);
        }

        lock (_gate)
        {
            var key = (revision.RotationId, revision.ShiftStart);
            var exists = _rows.TryGetValue(key, out var stored);
            if (ifMatch is null ? exists : !exists || stored!.ETag != ifMatch)
            {
                return false;
            }

            _rows[key] = new(revision, $"W/\"{++_etag}\"");
            return true;
        }
    }
}
