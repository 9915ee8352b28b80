using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>
/// Turns a duty announcement into outbox messages: one email per recipient in their language (members on duty first, then
/// the replacements of the week's covers, then the team lists, groups expanded to one email per member), and one Adaptive Card for the team channel. Ids come from
/// <see cref="OutboxIds"/> and are deterministic per rotation, week and recipient, so composing twice queues nothing new.
/// </summary>
public sealed class AnnouncementComposer(INoticeRenderer renderer, IOptions<TeamOptions>? team = null, IOptions<Incidents.IncidentOptions>? incidents = null)
{
    /// <summary><c>Team__PublicBaseUrl</c> without its trailing slash; null when not set (the mails then link nothing).</summary>
    internal string? BaseUrl => team?.Value.BaseUrl;

    /// <summary>
    /// Whether <paramref name="rotation"/>'s mails link a duty page of its own (<c>?rotation={id}</c>): every rotation but the
    /// paging one (trial 37 M6: a maintenance rotation's mail led to the paging rotation's page).
    /// </summary>
    internal bool OwnDutyPage(Rotation rotation)
    {
        try
        {
            return incidents?.Value is { } paging && !string.Equals(rotation.Id, paging.RotationId, StringComparison.Ordinal);
        }
        catch (OptionsValidationException)
        {
            // Incident settings a host without paging leaves invalid (no leads): the mail goes with the plain duty page link.
            return false;
        }
    }

    public IReadOnlyList<OutboxMessage> Compose(DutyAnnouncement announcement, Language teamLanguage, bool includeTeams)
    {
        var messages = new List<OutboxMessage>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var topic = OutboxIds.DutyTopic(announcement.Rotation.Id, announcement.Week, announcement.ShiftStartInId);

        // Whoever covers part of the week is on duty then: told with the pair, in their language.
        foreach (var member in announcement.Members.Concat(announcement.Covers.Select(c => c.Replacement)).Where(m => !string.IsNullOrWhiteSpace(m.Email)))
        {
            if (seen.Add(member.Email))
            {
                messages.Add(Email(announcement, topic, member.Email, member.DisplayName, member.Language, member.Id));
            }
        }

        var audience = announcement.Audience ?? announcement.Rotation.NotifyEmails.Select(a => new AudienceRecipient(a, null, null)).ToList();
        foreach (var recipient in audience)
        {
            if (seen.Add(recipient.Address))
            {
                messages.Add(Email(announcement, topic, recipient.Address, recipient.Name, ReaderLanguage.Decide(recipient.Language, teamLanguage)));
            }
        }

        if (includeTeams)
        {
            messages.Add(OutboxMessage.ForTeams(topic, renderer.Card(new DutyAnnouncementNotice(teamLanguage, announcement) { BaseUrl = BaseUrl, OwnDutyPage = OwnDutyPage(announcement.Rotation) })));
        }

        return messages;
    }

    /// <summary>
    /// A change to an announced shift, told as the week was: the replacement, the replaced member and the partner(s) on the shift
    /// (each in their language), the team lists the week was announced to (<paramref name="audience"/>, groups expanded; null = <see cref="Rotation.NotifyEmails"/>
    /// as they are) and the channel, once each — ids <c>duty:{rotation}:{week}:change:{change id}:email:{address}</c> and <c>…:teams</c>.
    /// </summary>
    public IReadOnlyList<OutboxMessage> ComposeChange(DutyChangeNotice notice, Language teamLanguage, bool includeTeams, IReadOnlyList<AudienceRecipient>? audience = null)
    {
        var topic = OutboxIds.DutyChangeTopic(notice.Rotation.Id, notice.Week, notice.Change.Id);
        var messages = new List<OutboxMessage>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // The partner(s) on the shift hear personally too, in their language: whom they are paired with now changed (L15).
        foreach (var member in new[] { notice.Replacement, notice.Replaced }.Concat(notice.Members).Where(m => !string.IsNullOrWhiteSpace(m.Email)))
        {
            if (seen.Add(member.Email))
            {
                var own = new DutyChangedNotice(member.Language, notice)
                {
                    ToReplacement = ReferenceEquals(member, notice.Replacement) || member.Id == notice.Replacement.Id,
                    Reader = member,
                    BaseUrl = BaseUrl, OwnDutyPage = OwnDutyPage(notice.Rotation),
                };
                messages.Add(OutboxMessage.ForEmail(topic, member.Email, member.DisplayName, renderer.Email(own)));
            }
        }

        foreach (var recipient in audience ?? [.. notice.Rotation.NotifyEmails.Select(a => new AudienceRecipient(a, null, null))])
        {
            if (seen.Add(recipient.Address))
            {
                var language = ReaderLanguage.Decide(recipient.Language, teamLanguage);
                messages.Add(OutboxMessage.ForEmail(topic, recipient.Address, recipient.Name, renderer.Email(new DutyChangedNotice(language, notice) { BaseUrl = BaseUrl, OwnDutyPage = OwnDutyPage(notice.Rotation) })));
            }
        }

        if (includeTeams)
        {
            messages.Add(OutboxMessage.ForTeams(topic, renderer.Card(new DutyChangedNotice(teamLanguage, notice))));
        }

        return messages;
    }

    /// <summary>
    /// To a cover's replacement, in their language: a whole-shift change made the cover unneeded. Id
    /// <c>duty:{rotation}:{week}:change:{change id}:cover:{cover id}:email:{address}</c>; nothing without an address.
    /// </summary>
    public IReadOnlyList<OutboxMessage> ComposeCoverCancelled(CoverCancelledNotice notice)
    {
        var to = notice.Cover.Replacement;
        return string.IsNullOrWhiteSpace(to.Email)
            ? []
            : [OutboxMessage.ForEmail(OutboxIds.CoverCancelledTopic(notice.Rotation.Id, notice.Week, notice.Change.Id, notice.Cover.Cover.Id), to.Email, to.DisplayName, renderer.Email(notice))];
    }

    /// <summary>
    /// To a cover's replacement, in their language: a change made the cover apply again. Id
    /// <c>duty:{rotation}:{week}:change:{change id}:cover:{cover id}:restored:email:{address}</c>; nothing without an address.
    /// </summary>
    public IReadOnlyList<OutboxMessage> ComposeCoverRestored(CoverRestoredNotice notice)
    {
        var to = notice.Cover.Replacement;
        return string.IsNullOrWhiteSpace(to.Email)
            ? []
            : [OutboxMessage.ForEmail(OutboxIds.CoverRestoredTopic(notice.Rotation.Id, notice.Week, notice.Change.Id, notice.Cover.Cover.Id), to.Email, to.DisplayName, renderer.Email(notice))];
    }

    /// <summary>
    /// Leave a member on an announced shift entered for days of it, to each of <paramref name="readers"/> (the others on the
    /// shift, the leads) in their language, once each: id <c>duty:{rotation}:{week}:leave:{member}:{leave id}:email:{address}</c>.
    /// </summary>
    public IReadOnlyList<OutboxMessage> ComposeLeaveDuringDuty(LeaveDuringDutyNotice notice, string leaveId, IReadOnlyList<AudienceRecipient> readers)
    {
        var topic = OutboxIds.LeaveDuringDutyTopic(notice.Rotation.Id, notice.Week, notice.OnLeave.Id, leaveId);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        return [.. readers
            .Where(r => !string.IsNullOrWhiteSpace(r.Address) && seen.Add(r.Address))
            .Select(r => OutboxMessage.ForEmail(topic, r.Address, r.Name, renderer.Email(notice with
            {
                Language = r.Language ?? notice.Language, BaseUrl = BaseUrl, OwnDutyPage = OwnDutyPage(notice.Rotation),
            })))];
    }

    /// <summary>
    /// To a member whose coming duty weeks a change moved, in their language. Id
    /// <c>schedule:{rotation}:change:{change id}:email:{address}</c>; nothing without an address.
    /// </summary>
    public IReadOnlyList<OutboxMessage> ComposeScheduleChange(ScheduleChangedNotice notice)
    {
        var to = notice.Reader;
        return string.IsNullOrWhiteSpace(to.Email)
            ? []
            : [OutboxMessage.ForEmail(OutboxIds.ScheduleChangeTopic(notice.Rotation.Id, notice.Cause.Id), to.Email, to.DisplayName, renderer.Email(notice with { BaseUrl = BaseUrl, OwnDutyPage = OwnDutyPage(notice.Rotation) }))];
    }

    /// <summary>
    /// To a member whose partner on a week soon a change replaced, in their language. Id
    /// <c>schedule:{rotation}:change:{change id}:partner:email:{address}</c>; nothing without an address.
    /// </summary>
    public IReadOnlyList<OutboxMessage> ComposePartnerChange(PartnerChangedNotice notice, string changeId)
    {
        var to = notice.Reader;
        return string.IsNullOrWhiteSpace(to.Email)
            ? []
            : [OutboxMessage.ForEmail(OutboxIds.PartnerChangeTopic(notice.Rotation.Id, changeId), to.Email, to.DisplayName, renderer.Email(notice with { BaseUrl = BaseUrl, OwnDutyPage = OwnDutyPage(notice.Rotation) }))];
    }

    private OutboxMessage Email(DutyAnnouncement a, string topic, string address, string? name, Language language, string? readerId = null) =>
        OutboxMessage.ForEmail(topic, address, name, renderer.Email(new DutyAnnouncementNotice(language, a) { BaseUrl = BaseUrl, ReaderId = readerId, OwnDutyPage = OwnDutyPage(a.Rotation) }));
}
