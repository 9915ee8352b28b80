using OnDuty.Core.Notifications;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// 「届かなかった連絡」 (<c>/api/status/undelivered</c>): every message given up after its retries — pages, escalations, stakeholder
/// notices, announcements, reminders, channel posts — newest first, each with why and a button that sends it again once the cause
/// is fixed (<see cref="OutboxResender"/>). What <c>GET /api/outbox?status=failed</c> lists, for the people who act on it.
/// </summary>
public sealed record UndeliveredPageNotice(
    Language Language, IReadOnlyList<UndeliveredMessage> Items, FormToken Token, PageVisitor Visitor, string TimeZone, DateTimeOffset Now)
    : Notice(Language)
{
    /// <summary>How many given-up messages the page reads (the newest); <see cref="More"/> says when there were more.</summary>
    public const int MaxShown = 100;

    /// <summary>More than <see cref="MaxShown"/> were given up: the page says the oldest are not listed.</summary>
    public bool More { get; init; }

    /// <summary>
    /// Pages late by the health check's rule (<see cref="LatePagesCheck"/>): those a provider failed at least once are listed above the
    /// given-up ones as still being retried, without a re-send button (they are sent again on their own).
    /// </summary>
    public LatePages LatePages { get; init; } = LatePages.None;

    /// <summary>Display names by member id, address and phone number, for the recipients; anyone else as recorded.</summary>
    public IReadOnlyDictionary<string, string> Names { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// How many messages one press of 「まとめて再送」 would re-send now (<see cref="OutboxResender.ToResend"/>: the rows with a button,
    /// a give-up and its failed re-send counted once). The button shows from two.
    /// </summary>
    public int ResendAllCount { get; init; }

    /// <summary>What the last post did (after its redirect): <c>resent</c>, <c>resentDutyToo</c>, <c>resentAll</c> (<see cref="ResentAll"/>).</summary>
    public string? Done { get; init; }

    /// <summary>After 「まとめて再送」: how many were queued again, how many not (sent or re-sent meanwhile, their incident answered), and
    /// how many pages went to the pair on duty now too.</summary>
    public (int Queued, int Skipped, int DutyPagedToo)? ResentAll { get; init; }

    /// <summary>After a post: the message it was about (its row is marked).</summary>
    public string? DoneMessage { get; init; }

    /// <summary>
    /// A re-send refused (the message was sent or is still being sent, its incident was acknowledged or resolved since, an unknown
    /// message): the refusal's field (<c>status</c>, <c>incident</c>, <c>id</c>, <c>message</c>) and the message it was about.
    /// </summary>
    public (string Field, string MessageId)? Refused { get; init; }
}

/// <summary>
/// A given-up message and, when it was re-sent, the latest re-send as it stands now (<c>null</c> when its row was purged after it
/// was sent: <see cref="ResendPurged"/>).
/// </summary>
public sealed record UndeliveredMessage(OutboxMessage Message, OutboxMessage? Resend)
{
    /// <summary>Re-sent, and the re-send's row is gone: only a sent message is ever purged.</summary>
    public bool ResendPurged { get; init; }
}
