using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OnDuty.Core.Calendar;

/// <summary>What was put in a member's calendar for a shift (table <c>CalendarEvents</c>, PK rotation, RK <see cref="Key"/>).</summary>
public sealed record CalendarEventRecord
{
    public required string RotationId { get; init; }

    public required DateOnly ShiftStart { get; init; }

    public required string MemberId { get; init; }

    public required string Mailbox { get; init; }

    public required string Week { get; init; }

    /// <summary>The Graph event id returned when the event was created.</summary>
    public required string EventId { get; init; }

    public required string Fingerprint { get; init; }

    public CalendarEventStatus Status { get; init; } = CalendarEventStatus.Active;

    /// <summary>Counts creations for this member and shift; part of the idempotency key so a re-created event is new.</summary>
    public int Generation { get; init; } = 1;

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Set for the event of a cover for part of the shift (in its replacement's calendar): its own event beside any other.</summary>
    public string? CoverId { get; init; }

    public string Key => KeyOf(ShiftStart, MemberId, CoverId);

    /// <summary><c>{shiftStart}|{memberId}</c>, with <c>|cover:{coverId}</c> for a cover's event.</summary>
    public static string KeyOf(DateOnly shiftStart, string memberId, string? coverId = null) => coverId is null
        ? string.Create(CultureInfo.InvariantCulture, $"{shiftStart:yyyy-MM-dd}|{memberId}")
        : string.Create(CultureInfo.InvariantCulture, $"{shiftStart:yyyy-MM-dd}|{memberId}|cover:{coverId}");

    /// <summary>Graph's <c>transactionId</c> for creating this event: the same on a retry after a lost answer, new for a new generation.</summary>
    public static string TransactionId(string rotationId, DateOnly shiftStart, string memberId, int generation, string? coverId = null)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"onduty|{rotationId}|{KeyOf(shiftStart, memberId, coverId)}|{generation}"));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }
}
