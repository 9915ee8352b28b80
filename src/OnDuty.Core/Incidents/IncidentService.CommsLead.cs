using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;
using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

/// <summary>The communications lead (連絡担当, <see cref="Incident.CommsLead"/>): set, handed to someone, or stood down.</summary>
public sealed partial class IncidentService
{
    /// <summary>
    /// Makes roster member <paramref name="member"/> (a member id or address: active, with an address, since the requests for updates
    /// must reach them) the communications lead of the open incident <paramref name="id"/>, said by <paramref name="by"/> (a member id,
    /// address or name; null or the member themselves: they took it). Someone else making them it: they are told once by mail
    /// (<see cref="Pager.AnnounceCommsLeadAsync"/>). Already it: nothing changes, nobody is told. 400 naming <c>member</c> for anyone not
    /// an active member with an address; 409 for a resolved or merged incident; 404 for an unknown one. Nothing is written on a refusal.
    /// </summary>
    public async Task<Versioned<Incident>> SetCommsLeadAsync(string id, string? member, string? by, CancellationToken cancellationToken)
    {
        var lead = await CommsLeadMemberAsync(member, cancellationToken);
        var actor = await ActorAsync(by, cancellationToken) ?? lead.Id;
        var changed = false;
        var saved = await incidents.MutateAsync(id, i =>
        {
            RefuseClosed(i, "make someone its communications lead");
            changed = i.SetCommsLead(lead.Id, lead.IsRecordedAs(actor) ? lead.Id : actor, time.GetUtcNow());
            return changed;
        }, cancellationToken);

        if (!changed)
        {
            return saved;
        }

        logger.LogInformation("Incident {IncidentId}: {Lead} is the communications lead, by {By}", id, lead.Id, LoggedText.Escape(actor));
        if (!lead.IsRecordedAs(actor))
        {
            await pager.AnnounceCommsLeadAsync(saved.Value, lead, actor, cancellationToken);
        }

        return saved;
    }

    /// <summary>
    /// <paramref name="id"/> has no communications lead any more (「連絡担当をやめる」), said by <paramref name="by"/> (null: the lead
    /// themselves); the requests for updates go back to the pair and whoever holds it. None set: nothing changes. 409 for a resolved
    /// or merged incident; 404 for an unknown one.
    /// </summary>
    public async Task<Versioned<Incident>> ClearCommsLeadAsync(string id, string? by, CancellationToken cancellationToken)
    {
        var actor = await ActorAsync(by, cancellationToken);
        var changed = false;
        var saved = await incidents.MutateAsync(id, i =>
        {
            RefuseClosed(i, "change its communications lead");
            changed = i.CommsLead is { } lead && i.ClearCommsLead(actor ?? lead, time.GetUtcNow());
            return changed;
        }, cancellationToken);

        if (changed)
        {
            logger.LogInformation("Incident {IncidentId}: no communications lead any more, by {By}", id, LoggedText.Escape(actor ?? "the lead"));
        }

        return saved;
    }

    /// <summary>Refuses a change of role on an incident that is no longer worked: merged into another, or resolved (as a takeover is refused).</summary>
    private static void RefuseClosed(Incident i, string what)
    {
        if (i.MergedInto is { } into)
        {
            throw new ConflictException("id", $"{i.Id} was merged into {into}: {what} on {into} instead");
        }

        if (!i.IsOpen)
        {
            throw new ConflictException("id", $"{i.Id} is resolved: there is nobody to tell any more");
        }
    }

    /// <summary>The active roster member with an address <paramref name="member"/> names (id or address); else 400 naming <c>member</c>.</summary>
    private async Task<Member> CommsLeadMemberAsync(string? member, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(member))
        {
            throw new ValidationException("member", "is required: a roster member's id or address");
        }

        var who = member.Trim();
        var found = Slug.IsValid(who) ? (await roster.GetMemberAsync(who, cancellationToken))?.Value : null;
        if (found is null && AckLinkHolder.IsAddress(who))
        {
            found = (await roster.ListMembersAsync(cancellationToken)).Select(m => m.Value).FirstOrDefault(m => m.Active && m.HasAddress(who));
        }

        return found is { Active: true } && !string.IsNullOrWhiteSpace(found.Email)
            ? found
            : throw new ValidationException("member", $"'{who}' is not an active member of the roster with an email address: the requests for updates must reach them");
    }

    /// <summary>Who acts: a roster member by id (one named by id or address), else as given; null when not given.</summary>
    private async Task<string?> ActorAsync(string? by, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(by))
        {
            return null;
        }

        var who = by.Trim();
        if (Slug.IsValid(who) && await roster.GetMemberAsync(who, cancellationToken) is not null)
        {
            return who;
        }

        return AckLinkHolder.IsAddress(who)
            ? (await roster.ListMembersAsync(cancellationToken)).Select(m => m.Value).FirstOrDefault(m => m.Active && m.HasAddress(who))?.Id ?? who
            : who;
    }
}
