using Azure.Data.Tables;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;

namespace OnDuty.Infrastructure.Tables;

/// <summary>Mapping of outbox rows. Long texts are split across numbered properties to respect the 64 KiB string limit.</summary>
internal static class OutboxRows
{
    /// <summary>Characters per string property: 32,000 UTF-16 characters stay under the 64 KiB property limit.</summary>
    internal const int ChunkLength = 32_000;

    /// <summary>Bytes (UTF-16) allowed for a message's texts, leaving room under the 1 MiB entity limit.</summary>
    internal const int MaxTextBytes = 900 * 1024;

    private const int MaxErrorLength = 8_000;

    /// <summary>Lowest date Table Storage stores; an unset next attempt is due from then on.</summary>
    private static readonly DateTimeOffset MinTableDate = new(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] LongTexts = ["Subject", "TextBody", "HtmlBody", "CardJson"];

    /// <summary>
    /// A row's key: <paramref name="prefix"/> and the id escaped, or hashed (<see cref="KeyPart"/>) when the two would be longer
    /// than a key may be. An id of up to <see cref="OutboxMessage.MaxIdLength"/> characters with a prefix in front used to pass
    /// the id's own check and be refused by the service (an address heavy in characters that escape to three).
    /// </summary>
    public static string Key(string prefix, string id) => prefix + KeyPart(id, TableKey.MaxLength - prefix.Length);

    /// <summary>
    /// Characters of a recipient, escaped, kept as such in an index key by recipient; a longer one is hashed. With
    /// <see cref="MaxIdKeyLength"/> the key stays within 512 characters, the most Table Storage takes (1 KiB of UTF-16), as Azurite.
    /// </summary>
    private const int MaxRecipientKeyLength = 240;

    /// <summary>Characters of a message id, escaped, kept as such in an index key by recipient; a longer one is hashed.</summary>
    private const int MaxIdKeyLength = 240;

    /// <summary>
    /// Where the failures to <paramref name="recipient"/> are indexed (<see cref="FailedToEntity"/>): lower-cased, since an address
    /// is matched ignoring case (a number in E.164 form has no letters, so it stays as stored), then escaped, or hashed when long.
    /// </summary>
    public static string FailedToPrefix(string recipient) =>
        TableOutboxStore.FailedToPrefix + KeyPart(recipient.ToLowerInvariant(), MaxRecipientKeyLength) + TableKey.Separator;

    /// <summary>The key of a failure in the index by recipient: its recipient, then the latest failure first, then the message.</summary>
    public static string FailedToKey(string recipient, DateTimeOffset failedAt, string id) =>
        FailedToPrefix(recipient) + LatestFirst(failedAt) + TableKey.Separator + KeyPart(id, MaxIdKeyLength);

    /// <summary>The time as ticks counted down from the last one, fixed width: in key order, the latest comes first.</summary>
    public static string LatestFirst(DateTimeOffset at) => TableKey.LatestFirst(at);

    /// <summary>
    /// The index row saying message <paramref name="id"/> to <paramref name="recipient"/> failed at <paramref name="failedAt"/>,
    /// written in the transaction that marks it failed.
    /// </summary>
    public static TableEntity FailedToEntity(string recipient, string id, DateTimeOffset failedAt) =>
        new(TableOutboxStore.Partition, FailedToKey(recipient, failedAt, id))
        {
            ["Id"] = id,
            // As the message has it: erasing the person deletes the outbox rows addressed to them (TablePersonalDataStore), this one too.
            ["Recipient"] = recipient,
            ["FailedAt"] = failedAt,
        };

    /// <summary><see cref="OutboxMessage.SoleRecipient"/> of a message row, or of what a store remembers of one (its Channel, Recipient and Bcc).</summary>
    public static string? SoleRecipient(TableEntity e) =>
        OutboxMessage.SoleRecipientOf(e.RequiredEnum<Channel>("Channel"), e.RequiredString("Recipient"), e.GetString("Bcc") is { Length: > 0 });

    /// <summary>
    /// <paramref name="value"/> escaped for a key when that is at most <paramref name="maxLength"/> characters, else <c>%~</c> and
    /// its SHA-256 in hex: in escaped text '%' starts nothing but an escape, so a hashed part never equals an escaped one.
    /// </summary>
    private static string KeyPart(string value, int maxLength) =>
        TableKey.Escape(value) is { } escaped && escaped.Length <= maxLength
            ? escaped
            : "%~" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value)));

    /// <summary>A message row's priority (rows written before priorities existed are normal).</summary>
    public static OutboxPriority PriorityOf(TableEntity e) => Enum.TryParse<OutboxPriority>(e.GetString("Priority"), out var priority) ? priority : OutboxPriority.Normal;

    public static string Error(string error) => error.Length <= MaxErrorLength ? error : error[..MaxErrorLength] + "…";

    /// <param name="priority">Kept on the due row so late pages are found from the index alone (rows written before it had none).</param>
    public static TableEntity DueEntity(string id, DateTimeOffset nextAttemptAt, DateTimeOffset? leaseUntil, DateTimeOffset createdAt, OutboxPriority priority) =>
        new TableEntity(TableOutboxStore.Partition, Key(TableOutboxStore.DuePrefix, id))
        {
            ["Id"] = id,
            // Always present (clamped), so the server-side "NextAttemptAt le now" filter sees every due row.
            ["NextAttemptAt"] = nextAttemptAt < MinTableDate ? MinTableDate : nextAttemptAt,
            ["LeaseUntil"] = leaseUntil,
            ["CreatedAt"] = EntityFormat.Timestamp(createdAt),
            ["Priority"] = priority.ToString(),
        }.WithoutNulls();

    /// <summary>Characters of a message's texts (subject, bodies, card): what its row's size grows with.</summary>
    public static long TextChars(OutboxMessage m) => Texts(m).Sum(t => (long)(t?.Length ?? 0));

    public static TableEntity ToMessageEntity(OutboxMessage m)
    {
        var texts = Texts(m);
        var bytes = TextChars(m) * sizeof(char);
        if (bytes > MaxTextBytes)
        {
            throw new ValidationException("body",
                $"Outbox message '{m.Id}' carries {bytes / 1024} KB of text; the limit is {MaxTextBytes / 1024} KB (Table Storage entity limit).");
        }

        var entity = new TableEntity(TableOutboxStore.Partition, Key(TableOutboxStore.MessagePrefix, m.Id))
        {
            ["Id"] = m.Id,
            ["Channel"] = m.Channel.ToString(),
            ["Recipient"] = m.Recipient,
            ["RecipientName"] = m.RecipientName,
            ["Topic"] = m.Topic,
            ["Priority"] = m.Priority.ToString(),
            ["Status"] = m.Status.ToString(),
            ["Attempts"] = m.Attempts,
            ["CreatedAt"] = EntityFormat.Timestamp(m.CreatedAt),
            ["NextAttemptAt"] = EntityFormat.Timestamp(m.NextAttemptAt),
            ["SentAt"] = m.SentAt,
            ["LastError"] = m.LastError is null ? null : Error(m.LastError),
            ["ResendOf"] = m.ResendOf,
            ["ResentAs"] = m.ResentAs,
        };
        for (var i = 0; i < LongTexts.Length; i++)
        {
            WriteLongText(entity, LongTexts[i], texts[i]);
        }

        // One address a line (an address has no line break); absent for a message to its recipient alone.
        WriteLongText(entity, "Bcc", m.Bcc.Count == 0 ? null : string.Join('\n', m.Bcc));

        // One incident id a line (ids are slugs); absent for a message about the one subject its topic names.
        WriteLongText(entity, "About", m.About.Count == 0 ? null : string.Join('\n', m.About));

        return entity.WithoutNulls();
    }

    /// <summary>A message's long texts, in the order of <see cref="LongTexts"/>.</summary>
    private static string?[] Texts(OutboxMessage m) => [m.Subject, m.TextBody, m.HtmlBody, m.CardJson];

    public static OutboxMessage ToMessage(TableEntity e) => new()
    {
        Id = e.RequiredString("Id"),
        Channel = e.RequiredEnum<Channel>("Channel"),
        Recipient = e.RequiredString("Recipient"),
        RecipientName = e.GetString("RecipientName"),
        Bcc = ReadLongText(e, "Bcc") is { Length: > 0 } bcc ? bcc.Split('\n') : [],
        About = ReadLongText(e, "About") is { Length: > 0 } about ? about.Split('\n') : [],
        Subject = ReadLongText(e, "Subject") ?? "",
        TextBody = ReadLongText(e, "TextBody") ?? "",
        HtmlBody = ReadLongText(e, "HtmlBody"),
        CardJson = ReadLongText(e, "CardJson"),
        Topic = e.GetString("Topic") ?? "",
        // Rows written before priorities existed are normal mail.
        Priority = PriorityOf(e),
        Status = e.RequiredEnum<OutboxStatus>("Status"),
        Attempts = e.RequiredInt("Attempts"),
        CreatedAt = e.Timestamp("CreatedAt"),
        NextAttemptAt = e.Timestamp("NextAttemptAt"),
        SentAt = e.GetDateTimeOffset("SentAt"),
        LastError = e.GetString("LastError"),
        // Absent on rows of a release before re-sends, and on every message that is none / was not re-sent.
        ResendOf = e.GetString("ResendOf"),
        ResentAs = e.GetString("ResentAs"),
    };

    /// <summary>Stores <paramref name="value"/> in <c>{name}</c>, continuing in <c>{name}_1</c>, <c>{name}_2</c>… when long.</summary>
    internal static void WriteLongText(TableEntity entity, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        var part = 0;
        var start = 0;
        do
        {
            var length = Math.Min(ChunkLength, value.Length - start);
            // Never end a chunk between the two halves of a surrogate pair: a lone surrogate is not valid text on the wire.
            if (length > 0 && start + length < value.Length && char.IsHighSurrogate(value[start + length - 1]))
            {
                length--;
            }

            entity[part == 0 ? name : $"{name}_{part}"] = value.Substring(start, length);
            start += length;
            part++;
        }
        while (start < value.Length);
    }

    internal static string? ReadLongText(TableEntity entity, string name)
    {
        if (entity.GetString(name) is not { } first)
        {
            return null;
        }

        if (!entity.ContainsKey(name + "_1"))
        {
            return first;
        }

        var builder = new System.Text.StringBuilder(first);
        for (var part = 1; entity.GetString($"{name}_{part}") is { } next; part++)
        {
            builder.Append(next);
        }

        return builder.ToString();
    }
}
