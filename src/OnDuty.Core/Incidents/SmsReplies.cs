using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

/// <summary>
/// A text message sent back to OnDuty's number (ACS delivers it through Event Grid): a duty member woken by a paging text
/// replies <c>1</c> and every open incident waiting for them is acknowledged as them, without opening a browser. The reply is
/// answered by text, saying what was acknowledged. Only a number on the roster is heard; a stranger's text changes nothing and
/// is not answered.
/// </summary>
/// <remarks>
/// "Waiting for them": open, nobody acknowledged it yet, and they were paged about it — they are on it (the duty members put on
/// it), they were on it when paged and a duty change took them off since, or they are a lead and its escalation reached the leads. Event Grid delivers at least once: a repeat finds those
/// incidents acknowledged, and its answer has the same outbox id as the first (<c>sms-reply:{message id}</c>), so nobody gets
/// two answers.
/// </remarks>
public sealed class SmsReplies(
    RotationService rotations,
    IncidentService incidents,
    OutboxDispatcher outbox,
    ISmsSender sms,
    INoticeRenderer renderer,
    IOptions<IncidentOptions> options,
    ILogger<SmsReplies> logger)
{
    /// <summary>Replies that acknowledge, compared after width folding and lower-casing: <c>1</c>, <c>ack</c>, <c>ok</c>, <c>了解</c>…</summary>
    private static readonly HashSet<string> Acknowledging = new(StringComparer.Ordinal) { "1", "ack", "ok", "y", "yes", "了解", "りょうかい", "対応", "対応する", "確認", "はい" };

    public async Task<SmsReplyOutcome> HandleAsync(string messageId, string from, string text, CancellationToken cancellationToken)
    {
        var number = PhoneNumber.FromProvider(from);
        var roster = (await rotations.GetOnCallAsync(options.Value.RotationId, cancellationToken)).Roster;
        var member = number is null ? null : roster.Values.FirstOrDefault(m => m.Active && m.Phone == number);
        if (member is null)
        {
            logger.LogWarning("SMS {SmsMessageId} came from a number on nobody's roster entry; ignored", messageId);
            return SmsReplyOutcome.UnknownNumber;
        }

        if (!Acknowledging.Contains(Fold(text)))
        {
            await AnswerAsync(messageId, member, new SmsReplyNotice(member.Language, SmsReplyKind.Help, []), cancellationToken);
            return SmsReplyOutcome.Help;
        }

        // One read of the open list: what waits for them (no person acknowledged it: a tool's acknowledgement is taken over), and
        // what another person already took, said back to them when nothing waits.
        var paged = (await incidents.ListOpenAsync(cancellationToken)).Where(i => PagedAbout(i, member)).ToList();
        var waiting = paged.Where(i => !i.AcknowledgedByPerson).Select(i => i.Id).ToList();
        var done = waiting.Count == 0 ? [] : (await incidents.AcknowledgeManyAsync(waiting, member.Id, TimelineTexts.AcknowledgedByText, cancellationToken)).Acknowledged;
        logger.LogInformation("SMS {SmsMessageId} from member {MemberId} acknowledged incidents (count: {Count}): {Ids}", messageId, member.Id, done.Count, string.Join(", ", done));
        var answer = done.Count > 0 ? new SmsReplyNotice(member.Language, SmsReplyKind.Acknowledged, done) : new SmsReplyNotice(member.Language, SmsReplyKind.NothingWaiting, [])
        {
            Taken = [.. paged.Where(i => i.AcknowledgedBy != member.Id).Select(i => IncidentTaker.Of(i, roster) is { } by ? new SmsReplyTaken(i.Id, by) : null).OfType<SmsReplyTaken>()],
        };
        await AnswerAsync(messageId, member, answer, cancellationToken);
        return done.Count == 0 ? SmsReplyOutcome.NothingWaiting : SmsReplyOutcome.Acknowledged;
    }

    /// <summary>
    /// They were paged about it: on it, on it before a duty change took them off (the week handed over or a cover ended while
    /// it waited: the page they answer is theirs), or a lead once its escalation reached the leads.
    /// </summary>
    private bool PagedAbout(Incident incident, Member member) =>
        incident.Assignees.Any(a => a.Id == member.Id)
        || incident.PagedBefore.Contains(member.Id, StringComparer.Ordinal)
        || (incident.NotifiedStep >= 2 && options.Value.Leads.Any(l => string.Equals(l?.Trim(), member.Email, StringComparison.OrdinalIgnoreCase)));

    private async Task AnswerAsync(string messageId, Member member, SmsReplyNotice notice, CancellationToken cancellationToken)
    {
        if (!sms.Enabled)
        {
            return;
        }

        var topic = $"sms-reply:{OutboxIds.ProviderKey(messageId)}";
        await outbox.EnqueueAsync([OutboxMessage.ForSms(topic, member.Id, member.Phone!, member.DisplayName, renderer.Text(notice)) with { Priority = OutboxPriority.Page }], cancellationToken);
    }

    /// <summary>Full-width to half-width, trimmed, lower-cased, closing punctuation dropped: <c>ＯＫ。</c> reads <c>ok</c>.</summary>
    private static string Fold(string text) =>
        text.Normalize(NormalizationForm.FormKC).Trim().TrimEnd('.', '!', '。', '！', ' ').ToLower(CultureInfo.InvariantCulture);
}

public enum SmsReplyOutcome
{
    UnknownNumber,
    Help,
    NothingWaiting,
    Acknowledged,
}
