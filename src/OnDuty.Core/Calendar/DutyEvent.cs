using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OnDuty.Core.Calendar;

/// <summary>A duty week as it should appear in one member's calendar.</summary>
public sealed record DutyEvent(
    string RotationId,
    DateOnly ShiftStart,
    string MemberId,
    string Mailbox,
    string Week,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string TimeZone,
    string Subject,
    string HtmlBody)
{
    /// <summary>Set for a cover's event: the replacement's time on duty in someone's place.</summary>
    public string? CoverId { get; init; }

    /// <summary><c>{shiftStart}|{memberId}</c>: one event per member and shift (and one per cover, <c>…|cover:{coverId}</c>).</summary>
    public string Key => CalendarEventRecord.KeyOf(ShiftStart, MemberId, CoverId);

    /// <summary>Changes when anything shown in the event changes (then the event is updated).</summary>
    public string Fingerprint => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(
        "\n", Mailbox.ToLowerInvariant(), Subject, StartsAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        EndsAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), TimeZone, HtmlBody))))[..32];
}
