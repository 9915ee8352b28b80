using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>Reminder settings (section <c>Reminders</c>).</summary>
public sealed class ReminderOptions
{
    public const string SectionName = "Reminders";

    /// <summary>Local time (in the rotation's time zone) on the working day before a handoff from which the reminder goes out.</summary>
    [Required(ErrorMessage = "Reminders__LocalTime is required (HH:mm).")]
    public TimeOnly? LocalTime { get; set; } = new(10, 0);
}

/// <summary>
/// Reminds the members who rotate in to a rotation's next shift (not those who continue), by email in their
/// language, from <see cref="ReminderOptions.LocalTime"/> on the working day before the shift's (effective) handoff
/// until the handoff. Exactly once per member and shift: the outbox id is <c>remind:{rotation}:{week}:email:{address}</c>
/// and the outbox refuses a second one. The members are computed, not frozen (the announcement at the handoff freezes
/// them), and the reminder says so.
/// </summary>
public sealed class IncomingDutyReminder(
    IRotationRepository rotations,
    IRosterRepository roster,
    OutboxDispatcher outbox,
    IWorkingCalendar workingCalendar,
    TimeProvider time,
    IOptions<ReminderOptions> options,
    ILogger<IncomingDutyReminder> logger)
{
    public async Task<IReadOnlyList<ReminderResult>> RemindDueAsync(CancellationToken cancellationToken)
    {
        var results = new List<ReminderResult>();
        IReadOnlyDictionary<string, Member>? members = null;
        IReadOnlyList<Leave>? leave = null;
        foreach (var rotation in await rotations.ListAsync(cancellationToken))
        {
            using var scope = logger.BeginRotationScope(rotation.Value.Id);
            try
            {
                var due = Due(rotation.Value, time.GetUtcNow());
                if (due is null)
                {
                    results.Add(new ReminderResult(rotation.Value.Id, null, 0));
                    continue;
                }

                members ??= await roster.LoadRosterAsync(cancellationToken);
                leave ??= await roster.ListLeaveAsync(cancellationToken);
                results.Add(await RemindAsync(rotation.Value, due.Value, members, leave, cancellationToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One rotation's trouble must not keep the others' members from being reminded; the next run retries.
                logger.LogError(ex, "Reminding the incoming members of {Rotation} failed", rotation.Value.Id);
                results.Add(new ReminderResult(rotation.Value.Id, null, 0, ex.Message));
            }
        }

        return results;
    }

    /// <summary>The shift whose incoming members are due a reminder at <paramref name="now"/>, or null.</summary>
    public int? Due(Rotation rotation, DateTimeOffset now)
    {
        var calendar = new DutyCalendar(rotation, workingCalendar);
        var next = calendar.ShiftIndexAt(now) + 1;
        if (next < 0)
        {
            return null;
        }

        return now >= RemindAt(calendar, next) ? next : null;
    }

    /// <summary>When the reminder for shift <paramref name="index"/> is due: the local reminder time on the working day before its handoff.</summary>
    public DateTimeOffset RemindAt(DutyCalendar calendar, int index) =>
        calendar.ToInstant(WorkingDayBefore(calendar.HandoffDate(index)), options.Value.LocalTime ?? new TimeOnly(10, 0));

    public DateOnly WorkingDayBefore(DateOnly date)
    {
        for (var day = date.AddDays(-1); day >= date.AddDays(-60); day = day.AddDays(-1))
        {
            if (workingCalendar.IsWorkingDay(day))
            {
                return day;
            }
        }

        return date.AddDays(-1);
    }

    private async Task<ReminderResult> RemindAsync(Rotation rotation, int index, IReadOnlyDictionary<string, Member> members, IReadOnlyList<Leave> leave, CancellationToken cancellationToken)
    {
        var state = await rotations.GetStateAsync(rotation.Id, cancellationToken);
        var input = new ScheduleInput(rotation, members, leave, state) { WorkingCalendar = workingCalendar };
        var shifts = ScheduleCalculator.Compute(input, Math.Max(0, index - 1), index == 0 ? 1 : 2);
        var shift = shifts[^1];
        var previous = index == 0 ? [] : shifts[0].MemberIds;
        var incoming = shift.MemberIds.Where(id => !previous.Contains(id)).ToList();
        var messages = new List<OutboxMessage>();
        foreach (var id in incoming)
        {
            if (members.TryGetValue(id, out var member) && !string.IsNullOrWhiteSpace(member.Email))
            {
                var partners = shift.MemberIds.Where(other => other != id).Select(other => members.TryGetValue(other, out var m) ? m.DisplayName : other).ToList();
                messages.Add(Compose(rotation, shift, member, partners));
            }
        }

        var queued = await outbox.EnqueueAsync(messages, cancellationToken);
        if (queued.Count > 0)
        {
            logger.LogInformation("Reminded {Members} of {Rotation} {Week}: {Queued} emails queued", string.Join(", ", incoming), rotation.Id, shift.Week, queued.Count);
        }

        await outbox.SendQueuedAsync(queued, cancellationToken);
        return new ReminderResult(rotation.Id, shift.Week, queued.Count);
    }

    /// <summary>The reminder email for one incoming member, in their language.</summary>
    public static OutboxMessage Compose(Rotation rotation, ScheduledShift shift, Member member, IReadOnlyList<string> partners)
    {
        var ja = member.Language == Language.Ja;
        var language = member.Language;
        var zone = TimeZones.Find(rotation.TimeZone);
        var culture = CultureInfo.GetCultureInfo(ja ? "ja-JP" : "en-GB");
        var format = ja ? "yyyy-MM-dd (ddd) HH:mm" : "ddd yyyy-MM-dd HH:mm";
        var start = TimeZoneInfo.ConvertTime(shift.StartsAt, zone).ToString(format, culture);
        var end = TimeZoneInfo.ConvertTime(shift.EndsAt, zone).ToString(format, culture);
        var name = rotation.DisplayName(language);
        var subject = ja
            ? $"【{name}】{shift.Week} の当番は {start} からです"
            : $"[{name}] Your duty {shift.Week} starts {start}";
        var lines = new List<string>
        {
            ja ? $"{member.DisplayName} さん" : $"Hello {member.DisplayName},",
            "",
            ja ? $"{name} {shift.Week} の当番です：{start} – {end} ({rotation.TimeZone})" : $"You are on {name} {shift.Week}: {start} – {end} ({rotation.TimeZone})",
        };
        if (partners.Count > 0)
        {
            lines.Add(ja ? $"一緒に担当：{string.Join("、", partners)}" : $"With: {string.Join(", ", partners)}");
        }

        if (shift.HandoffMoved is { } moved)
        {
            lines.Add(HandoffMoveText.Describe(moved, rotation.HandoffTime, language));
        }

        lines.Add("");
        lines.Add(ja
            ? "この組み合わせは現時点の名簿・休暇・交代から計算した予定です。引き継ぎ時のお知らせで確定します。都合が悪い場合は早めに交代を登録してください。"
            : "This pair is worked out from today's roster, leave and overrides; it becomes final with the announcement at the handoff. If the week does not suit you, arrange a swap soon.");
        lines.Add(ja ? "迷ったら声をかけましょう。みんなで助けます。" : "If in doubt, shout: everyone helps.");

        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html><html lang=\"{(ja ? "ja" : "en")}\"><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(subject)}</title></head><body style=\"font-family:sans-serif;line-height:1.5\">");
        foreach (var line in lines)
        {
            html.Append(line.Length == 0 ? "<br>" : $"<p style=\"margin:0\">{WebUtility.HtmlEncode(line)}</p>");
        }

        html.Append("</body></html>");
        var topic = $"remind:{rotation.Id}:{shift.Week}";
        return new OutboxMessage
        {
            Id = $"{topic}:email:{member.Email.ToLowerInvariant()}",
            Channel = Channel.Email,
            Recipient = member.Email,
            RecipientName = member.DisplayName,
            Subject = subject,
            TextBody = string.Join("\n", lines) + "\n",
            HtmlBody = html.ToString(),
            Topic = topic,
        };
    }
}

/// <summary>Outcome for one rotation: the week reminded (null when none was due) and how many emails were queued now.</summary>
public sealed record ReminderResult(string RotationId, string? Week, int EmailsQueued, string? Error = null);
