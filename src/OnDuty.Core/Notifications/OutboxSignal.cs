using System.Text;

namespace OnDuty.Core.Notifications;

/// <summary>
/// What a send queue message holds: outbox ids, one per line. An id never holds a line break (it is part of a Table
/// Storage key, where control characters are not allowed), and a message of one id is just that id, as the queue
/// messages written before ids were grouped are.
/// </summary>
public static class OutboxSignal
{
    /// <summary>Ids per queue message at most: one consumer sends them side by side.</summary>
    public const int MaxIds = 48;

    /// <summary>UTF-8 bytes per queue message at most: base64-encoded (the host's default) that stays under the 64 KiB a queue message may hold.</summary>
    public const int MaxBytes = 40_000;

    /// <summary>The ids in groups that each fit one queue message, in order.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Chunk(IReadOnlyList<string> messageIds)
    {
        var chunks = new List<IReadOnlyList<string>>();
        var current = new List<string>();
        var bytes = 0;
        foreach (var id in messageIds)
        {
            var size = Encoding.UTF8.GetByteCount(id) + 1;
            if (current.Count > 0 && (current.Count == MaxIds || bytes + size > MaxBytes))
            {
                chunks.Add(current);
                current = [];
                bytes = 0;
            }

            current.Add(id);
            bytes += size;
        }

        if (current.Count > 0)
        {
            chunks.Add(current);
        }

        return chunks;
    }

    public static string Format(IReadOnlyList<string> messageIds)
    {
        if (messageIds.Count is 0 or > MaxIds)
        {
            throw new ArgumentException($"A signal names 1 to {MaxIds} outbox ids.", nameof(messageIds));
        }

        ThrowIfAnyInvalid(messageIds);

        return string.Join('\n', messageIds);
    }

    /// <summary>Throws unless every id can be named in a queue message: never empty, never holding a line break.</summary>
    public static void ThrowIfAnyInvalid(IReadOnlyList<string> messageIds)
    {
        if (messageIds.Any(id => id.Length == 0 || id.Contains('\n', StringComparison.Ordinal)))
        {
            throw new ArgumentException("An outbox id is never empty and never holds a line break.", nameof(messageIds));
        }
    }

    /// <summary>The ids a queue message names (blank lines ignored).</summary>
    public static IReadOnlyList<string> Parse(string queueMessage) =>
        queueMessage.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
