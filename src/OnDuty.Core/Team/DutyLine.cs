using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;

namespace OnDuty.Core.Team;

/// <summary>
/// The duty line (当番ダイヤル): one number customer support, PR or anyone can call to reach whoever is on incident duty now,
/// instead of a duty phone handed on each week. A call rings the duty members with a number one after another, in the
/// rotation's order; if none of them takes it, the caller is told so and each duty member gets a "missed call" email and text
/// with the caller's number, so the call is returned. Each step is decided afresh (the provider comes back after each ring).
/// </summary>
public sealed class DutyLine(
    RotationService rotations,
    OutboxDispatcher outbox,
    INoticeRenderer renderer,
    ISmsSender sms,
    TimeProvider time,
    IOptions<IncidentOptions> incidents,
    IOptions<TeamOptions> team,
    IOptions<VoiceOptions> voice,
    ILogger<DutyLine> logger)
{
    /// <summary>The duty line answers calls (<c>Voice__DutyLine</c>).</summary>
    public bool Enabled => voice.Value.DutyLine;

    /// <summary>
    /// What call <paramref name="callId"/> from <paramref name="caller"/> does after <paramref name="rung"/> duty members did not
    /// take it (0: it just came in): ring the next one, or, with nobody left, tell the caller and the duty members.
    /// </summary>
    public async Task<DutyLineStep> NextAsync(string callId, string? caller, int rung, CancellationToken cancellationToken)
    {
        var language = team.Value.TeamLanguage;
        var duty = (await rotations.GetOnCallAsync(incidents.Value.RotationId, cancellationToken)).Members.Where(m => m.Active).ToList();
        var reachable = duty.Where(m => PhoneNumber.IsValid(m.Phone)).ToList();
        if (rung >= 0 && rung < reachable.Count)
        {
            var next = reachable[rung];
            logger.LogInformation("Duty line call {CallId}: ringing member {MemberId} ({Attempt} of {Count})", callId, next.Id, rung + 1, reachable.Count);
            return new DutyLineStep(
                renderer.Text(new DutyLineSpeech(language, DutyLineSpeechKind.Connecting, next, rung == 0 ? null : reachable[rung - 1])),
                language,
                next.Phone);
        }

        await TellMissedAsync(callId, caller, duty, cancellationToken);
        return new DutyLineStep(renderer.Text(new DutyLineSpeech(language, DutyLineSpeechKind.Missed)), language, null);
    }

    /// <summary>Each duty member gets the missed call by email and, with a number and SMS on, by text: once per call (the outbox id is the call's).</summary>
    private async Task TellMissedAsync(string callId, string? caller, IReadOnlyList<Member> duty, CancellationToken cancellationToken)
    {
        var from = PhoneNumber.FromProvider(caller) ?? (string.IsNullOrWhiteSpace(caller) ? null : caller.Trim());
        var topic = $"duty-line:{OutboxIds.ProviderKey(callId)}";
        var at = time.GetUtcNow();
        var messages = new List<OutboxMessage>();
        foreach (var m in duty)
        {
            var notice = new MissedCallNotice(m.Language, from, at, incidents.Value.TimeZone);
            if (!string.IsNullOrWhiteSpace(m.Email))
            {
                messages.Add(OutboxMessage.ForEmail(topic, m.Email, m.DisplayName, renderer.Email(notice)) with { Priority = OutboxPriority.Page });
            }

            if (sms.Enabled && PhoneNumber.IsValid(m.Phone))
            {
                messages.Add(OutboxMessage.ForSms(topic, m.Id, m.Phone!, m.DisplayName, renderer.Text(notice)) with { Priority = OutboxPriority.Page });
            }
        }

        if (messages.Count == 0)
        {
            logger.LogError("Duty line call {CallId} from {Caller} was not taken, and nobody on duty can be told (no duty members in rotation {RotationId})", callId, from, incidents.Value.RotationId);
            return;
        }

        logger.LogWarning("Duty line call {CallId} from {Caller} was not taken; duty members told: {Count}", callId, from, duty.Count);
        await outbox.EnqueueAsync(messages, cancellationToken);
    }
}

/// <summary>What the duty line says next (<see cref="Speech"/> in <see cref="Language"/>), and the number it rings after it; null: nobody left, the call ends.</summary>
public sealed record DutyLineStep(string Speech, Language Language, string? Ring);
