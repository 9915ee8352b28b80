using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;

namespace OnDuty.Core.Team;

/// <summary>
/// The welcome mail to a member just added to the roster (<see cref="RosterService.SaveMemberAsync"/> creating them): until now
/// a newcomer's first mail was the reminder or the announcement, so they learnt how OnDuty pages them when already on duty.
/// Exactly once per member id: the outbox id is <c>welcome:{member}:email:{address}</c> (<see cref="OutboxIds.WelcomeTopic"/>);
/// one taken off the roster and added again is welcomed again, once per removal. Off with <c>Roster__WelcomeMail=false</c>.
/// </summary>
public sealed class MemberWelcome(
    RotationService rotations,
    IRosterRepository roster,
    OutboxDispatcher outbox,
    INoticeRenderer renderer,
    IOptions<RosterOptions> options,
    ILogger<MemberWelcome> logger,
    ISmsSender? sms = null,
    IOptions<SmsOptions>? smsOptions = null,
    IVoiceCaller? voice = null,
    IOptions<VoiceOptions>? voiceOptions = null,
    ITeamsChannel? teams = null,
    AnnouncementComposer? links = null)
{
    /// <summary>
    /// Queues <paramref name="member"/>'s welcome; returns its outbox id, or null when none was queued (turned off, no address, or
    /// already queued for this member since their last removal). A failure is logged, not thrown: the member is saved either way.
    /// </summary>
    public async Task<string?> WelcomeAsync(Member member, CancellationToken cancellationToken)
    {
        if (!options.Value.WelcomeMail || string.IsNullOrWhiteSpace(member.Email) || !member.Active)
        {
            return null;
        }

        try
        {
            // Added again after a removal: the removal's time keys this welcome, so the first one (older than it) does not hold it back.
            var former = (await roster.ListFormerMembersAsync(cancellationToken)).FirstOrDefault(f => f.Id == member.Id);
            var topic = OutboxIds.WelcomeTopic(member.Id, former?.RemovedAt);
            var (rotation, first) = await FirstDutyAsync(member.Id, cancellationToken);
            var calls = VoiceOptions.On(voice, voiceOptions);
            var email = renderer.Email(new MemberWelcomeNotice(member.Language, member)
            {
                Rotation = rotation,
                FirstDuty = first,
                TeamsEnabled = teams?.Enabled ?? true,
                SmsEnabled = sms?.Enabled ?? false,
                RepliesAccepted = smsOptions?.Value.AcceptReplies ?? false,
                TextedSeverities = smsOptions?.Value.Texted ?? [],
                CallsFromStep = calls?.FromStep,
                CalledSeverities = calls?.Called ?? [],
                BaseUrl = links?.BaseUrl,
                OwnDutyPage = rotation is not null && (links?.OwnDutyPage(rotation) ?? false),
            });
            var queued = await outbox.EnqueueAsync([OutboxMessage.ForEmail(topic, member.Email, member.DisplayName, email)], cancellationToken);
            logger.LogInformation("Welcome mail for {MemberId}: {Queued} queued", member.Id, queued.Count);
            return queued.Count == 0 ? null : queued[0];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Queuing the welcome mail for {MemberId} failed; the member is saved", member.Id);
            return null;
        }
    }

    /// <summary>The member's first coming shift over every rotation that lists them (the earliest), as the rotation's next-duty API works it out.</summary>
    private async Task<(Rotation? Rotation, NextDuty? First)> FirstDutyAsync(string memberId, CancellationToken cancellationToken)
    {
        (Rotation? Rotation, NextDuty? First) best = (null, null);
        foreach (var rotation in await rotations.ListAsync(cancellationToken))
        {
            if (!rotation.Value.Members.Contains(memberId))
            {
                continue;
            }

            var duties = await rotations.NextDutiesAsync(rotation.Value.Id, memberId, 1, cancellationToken);
            if (duties.Next is [var next, ..] && (best.First is null || next.Shift.StartsAt < best.First.Shift.StartsAt))
            {
                best = (duties.Rotation, next);
            }
        }

        return best;
    }
}
