using Microsoft.Extensions.Logging;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

/// <summary>
/// What happens on a page's phone call, as the provider reports it back (Twilio posts the key pressed and the call's end to
/// <c>POST /api/voice/twilio</c>, naming the call by its outbox id): pressing 1 acknowledges, as the member called, the incidents
/// the call was about that still wait for someone — on a call for help to one member, it answers the request instead
/// (<see cref="IncidentService.AnswerHelpAsync"/>); a call nobody took goes on those incidents' timelines. The escalation goes
/// on by itself when nobody acknowledges.
/// </summary>
/// <remarks>
/// The outbox id is the call's only name: it says who was called (<see cref="OutboxIds.PhoneMember"/>) and about what (the
/// message's topic, or the incidents it lists). A call no longer kept (purged) or not a call changes nothing.
/// </remarks>
public sealed class VoiceAnswers(IOutboxStore outbox, IncidentService incidents, IIncidentRepository repository, IRosterRepository roster, INoticeRenderer renderer, TimeProvider time, ILogger<VoiceAnswers> logger)
{
    /// <summary>The key that acknowledges.</summary>
    public const string AcknowledgeKey = "1";

    /// <summary>
    /// A key pressed on call <paramref name="messageId"/>. 1 acknowledges what waits and says which; any other key asks again
    /// (<see cref="CallKeyOutcome.AskAgain"/> with the call's own words). Null when there is no such call.
    /// </summary>
    public async Task<CallKeyAnswer?> KeyPressedAsync(string messageId, string? digits, CancellationToken cancellationToken)
    {
        if (await CallAsync(messageId, cancellationToken) is not { } call)
        {
            logger.LogWarning("A key was pressed on call {MessageId}, which the outbox does not hold; nothing acknowledged", messageId);
            return null;
        }

        var language = VoiceCall.SpokenLanguageOf(call.Message.TextBody);
        if (digits?.Trim() != AcknowledgeKey)
        {
            return new CallKeyAnswer(CallKeyOutcome.AskAgain, call.Message.TextBody, language, []);
        }

        if (call.Incidents.Count == 0)
        {
            // A test call from the contact page: the key arrived, which is what it tests.
            logger.LogInformation("Member {MemberId} pressed 1 on test call {MessageId}", call.MemberId, messageId);
            return new CallKeyAnswer(CallKeyOutcome.Tested, renderer.Text(new CallTestPassedNotice(language)), language, []);
        }

        if (call.Help)
        {
            // A request for help to one member: 1 says they come; the incident stays whose it is (nothing acknowledged).
            var answered = await incidents.AnswerHelpAsync(call.Incidents[0], call.Step, call.MemberId, cancellationToken);
            logger.LogInformation("Member {MemberId} pressed 1 on help call {MessageId}: {Outcome}", call.MemberId, messageId, answered ? "answered" : "the incident is resolved, nothing recorded");
            return new CallKeyAnswer(answered ? CallKeyOutcome.HelpAnswered : CallKeyOutcome.NothingWaiting,
                renderer.Text(new HelpCallAnswerNotice(language, Resolved: !answered)), language, []);
        }

        var done = (await incidents.AcknowledgeManyAsync(call.Incidents, call.MemberId, TimelineTexts.AcknowledgedByCall, cancellationToken)).Acknowledged;
        logger.LogInformation("Member {MemberId} pressed 1 on call {MessageId}: acknowledged incidents (count: {Count}): {Ids}", call.MemberId, messageId, done.Count, string.Join(", ", done));
        return new CallKeyAnswer(
            done.Count == 0 ? CallKeyOutcome.NothingWaiting : CallKeyOutcome.Acknowledged,
            renderer.Text(new CallAnswerNotice(language, done) { TakenBy = done.Count == 0 ? await TakenByAsync(call.Incidents, call.MemberId, cancellationToken) : [] }),
            language,
            done);
    }

    /// <summary>
    /// Who took the call's incidents that are still open, when another than <paramref name="memberId"/>: the partner who pressed
    /// 1 a moment later hears who has it (it said only 「すでに誰かが対応中か、復旧済みです」), named as the SMS answer and the mail
    /// name them (<see cref="IncidentTaker"/>; the roster read only for one who is not among its duty members). Point reads of
    /// the call's own incidents (a step's call is about one; a storm's few).
    /// </summary>
    private async Task<IReadOnlyList<IncidentTaker>> TakenByAsync(IReadOnlyList<string> ids, string memberId, CancellationToken cancellationToken)
    {
        var taken = new List<IncidentTaker>();
        IReadOnlyDictionary<string, Member>? members = null;
        foreach (var id in ids.Take(MaxTakenRead))
        {
            if (await repository.GetAsync(id, cancellationToken) is not { Value: { IsOpen: true, AcknowledgedByPerson: true } i } || i.AcknowledgedBy == memberId)
            {
                continue;
            }

            members ??= IncidentTaker.ByDutyMember(i) ? null : await roster.LoadRosterAsync(cancellationToken);
            if (IncidentTaker.Of(i, members) is { } by && !taken.Contains(by))
            {
                taken.Add(by);
            }
        }

        return taken;
    }

    /// <summary>How many of a call's incidents are read to say who took them.</summary>
    private const int MaxTakenRead = 5;

    /// <summary>
    /// Call <paramref name="messageId"/> ended as <paramref name="status"/> (the provider's word), said on the timeline of each
    /// incident it was about: rung and not taken (<c>no-answer</c>, <c>busy</c>, <c>failed</c>), or answered and ended without 1
    /// (<c>completed</c>, while the incident still waits: a voicemail took it, or the listener hung up). Anything else, or an
    /// incident acknowledged meanwhile, adds nothing. Returns whether a timeline was written.
    /// </summary>
    public async Task<bool> CallEndedAsync(string messageId, string? status, CancellationToken cancellationToken)
    {
        var ended = status?.Trim().ToLowerInvariant();
        var (form, kind) = ended switch
        {
            "no-answer" or "busy" or "failed" => (TimelineTexts.CallNotAnswered, TimelineKind.DeliveryFailed),
            "completed" => (TimelineTexts.CallEndedWithoutKey, TimelineKind.Delivered),
            _ => (null, TimelineKind.Delivered),
        };
        if (form is null)
        {
            return false;
        }

        if (await CallAsync(messageId, cancellationToken) is not { Incidents.Count: > 0 } call || (call.Help && ended == "completed"))
        {
            // A call for help answered and hung up without 1 asked for nothing that waits: no row.
            logger.LogWarning("Call {MessageId} ended {Status}; no incident it was about to tell (not held by the outbox, a test call, or a call for help answered)", messageId, ended);
            return false;
        }

        var entry = new TimelineEntry
        {
            At = time.GetUtcNow(),
            Kind = kind,
            By = "system",
            // A call for help is no page step: its number is not one (the step's reach reads rows by step).
            Step = call.Help ? null : call.Step,
            Recipients = [call.Message.Recipient],
            Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, form, call.Message.Recipient, ended),
        };
        var written = false;
        foreach (var id in call.Incidents)
        {
            // Answered: news only while the incident still waits (pressing 1 acknowledged it otherwise, or someone else did).
            if (ended == "completed" && (await repository.GetAsync(id, cancellationToken))?.Value is not { IsOpen: true, IsAcknowledged: false })
            {
                continue;
            }

            try
            {
                await repository.AppendTimelineAsync(id, [entry], cancellationToken);
                written = true;
            }
            catch (Common.NotFoundException)
            {
                // Erased or never stored: nothing to write on.
            }
        }

        if (written)
        {
            logger.LogWarning("Page call {MessageId} to member {MemberId} ended {Status} without an acknowledgement", messageId, call.MemberId, ended);
        }

        return written;
    }

    /// <summary>The call behind an outbox id: the message, the member called, the incidents it is about and its step.</summary>
    /// <remarks><c>Help</c>: a call for help to one member by name (<see cref="IncidentNotice.Help"/>), whose 1 answers the request; its step is the call's number.</remarks>
    private async Task<(OutboxMessage Message, string MemberId, IReadOnlyList<string> Incidents, int Step, bool Help)?> CallAsync(string messageId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(messageId) || await outbox.GetAsync(messageId, cancellationToken) is not { Channel: Channel.Voice } message
            || OutboxIds.PhoneMember(message.Id) is not { } member)
        {
            return null;
        }

        if (message.Topic.StartsWith(Team.ContactDetails.TestCallTopicPrefix, StringComparison.Ordinal))
        {
            return (message, member, [], 0, false);
        }

        if (OutboxIds.TryParseEscalationsTopic(message.Topic, out var step) && message.About.Count > 0)
        {
            return (message, member, message.About, step, false);
        }

        return IncidentNotice.TryParseTopic(message.Topic, out var id, out var notice) ? (message, member, [id], notice.Step, notice.Kind == "help") : null;
    }
}

public enum CallKeyOutcome
{
    /// <summary>Pressed 1: the incidents listed were acknowledged.</summary>
    Acknowledged,

    /// <summary>Pressed 1, and nothing waited any more (acknowledged by someone else, or resolved).</summary>
    NothingWaiting,

    /// <summary>Another key: the call says its words again and listens.</summary>
    AskAgain,

    /// <summary>Pressed 1 on a test call: the key reached OnDuty; nothing acknowledged.</summary>
    Tested,

    /// <summary>Pressed 1 on a call for help to them by name: the person who asked is told they come; nothing acknowledged.</summary>
    HelpAnswered,
}

/// <summary>What the call says next (<see cref="Speech"/>, in <see cref="Language"/>), and what the key did.</summary>
public sealed record CallKeyAnswer(CallKeyOutcome Outcome, string Speech, Language Language, IReadOnlyList<string> Acknowledged);
