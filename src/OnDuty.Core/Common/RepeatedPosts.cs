using System.Collections.Concurrent;

namespace OnDuty.Core.Common;

/// <summary>
/// What a page's form answered, by the form's request id (a value the page put in it), for <see cref="Window"/> on this
/// instance: the same form posted again — a double click, a reload after the submit — gets the first post's answer instead of
/// being run again (trial 34 M2: the second post of a leave form said nothing was saved although the first had saved it). A post
/// still running is waited for; a post that did not succeed is forgotten, so sending the form again runs it. Kept in memory:
/// another instance runs a repeat, and the use case's own checks refuse it (the leave overlaps, the member is no longer on the
/// shift) with nothing stored twice.
/// </summary>
public sealed class RepeatedPosts(TimeProvider time)
{
    /// <summary>How long an answer is kept: well past a double click or a reload of the page the post answered.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(30);

    /// <summary>At most this many answers are kept; the oldest go first.</summary>
    public const int MaxKept = 1000;

    private readonly ConcurrentDictionary<string, Entry> _posts = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs <paramref name="post"/> once for <paramref name="key"/> (null: always): a repeat within <see cref="Window"/> gets the
    /// first one's answer (<c>Repeated</c> true) once it is known. <paramref name="remember"/> says which answers are kept (a
    /// success); any other, or an exception, lets the next post with the key run.
    /// </summary>
    public async Task<(T Answer, bool Repeated)> RunOnceAsync<T>(string? key, Func<Task<T>> post, Func<T, bool> remember, CancellationToken cancellationToken)
        where T : class
    {
        if (key is null)
        {
            return (await post(), false);
        }

        Prune();
        var mine = new Entry(time.GetUtcNow());
        while (true)
        {
            var entry = _posts.GetOrAdd(key, mine);
            if (ReferenceEquals(entry, mine))
            {
                break;
            }

            // The first post's answer, when it succeeds; else this post runs (the entry is gone by then).
            if (await entry.Answer.Task.WaitAsync(cancellationToken) is T earlier)
            {
                return (earlier, true);
            }

            _posts.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        }

        try
        {
            var answer = await post();
            if (remember(answer))
            {
                mine.Answer.TrySetResult(answer);
            }
            else
            {
                _posts.TryRemove(new KeyValuePair<string, Entry>(key, mine));
                mine.Answer.TrySetResult(null);
            }

            return (answer, false);
        }
        catch
        {
            _posts.TryRemove(new KeyValuePair<string, Entry>(key, mine));
            mine.Answer.TrySetResult(null);
            throw;
        }
    }

    private void Prune()
    {
        var oldest = time.GetUtcNow() - Window;
        foreach (var (key, entry) in _posts)
        {
            if (entry.At < oldest && entry.Answer.Task.IsCompleted)
            {
                _posts.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }
        }

        if (_posts.Count >= MaxKept)
        {
            foreach (var (key, entry) in _posts.Where(p => p.Value.Answer.Task.IsCompleted).OrderBy(p => p.Value.At).Take(_posts.Count - MaxKept + 1).ToList())
            {
                _posts.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }
        }
    }

    private sealed class Entry(DateTimeOffset at)
    {
        public DateTimeOffset At { get; } = at;

        public TaskCompletionSource<object?> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
