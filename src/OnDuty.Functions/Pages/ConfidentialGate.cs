using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Functions.Pages;

/// <summary>
/// The PM pages' check of <see cref="ConfidentialAccess"/>: a page or form that shows or changes a confidential incident whole asks
/// it with the visitor as the page already knows them (no roster read of its own). Refused, <see cref="ConfidentialRefusedException"/>
/// ends the request before anything is read further or written, and <see cref="PmPages.RunAsync"/> answers 403 with a page naming
/// only the incident's id and whom to ask (<see cref="DutyNamesAsync"/>).
/// </summary>
public sealed class ConfidentialGate(IncidentService incidents, IncidentReaders readers, RotationService rotations, IOptions<IncidentOptions> options, ILogger<ConfidentialGate> logger,
    IGroupDirectory? directory = null)
{
    /// <summary>Throws <see cref="ConfidentialRefusedException"/> when <paramref name="visitor"/> may not read <paramref name="incident"/>.</summary>
    /// <remarks>Those added on the incident are read (one query of its partition) only for a visitor not let in by setting.</remarks>
    public async Task EnsureMayReadAsync(Incident incident, PageVisitor visitor, CancellationToken cancellationToken)
    {
        if (ConfidentialAccess.MayReadBySetting(incident, visitor, options.Value))
        {
            return;
        }

        var onIt = await readers.MayReadAsync(incident.Id, cancellationToken);
        if (ConfidentialAccess.MayRead(incident, visitor, options.Value, onIt) || await OnTheListReachedAsync(incident.Id, onIt, visitor, cancellationToken))
        {
            return;
        }

        logger.LogInformation("Refused confidential incident {IncidentId} to a signed-in person who may not read it", incident.Id);
        throw new ConfidentialRefusedException(incident.Id);
    }

    /// <summary>
    /// True when the organisation's list (<see cref="IncidentOptions.OrganisationListAddress"/>) was reached for the incident and the
    /// directory says <paramref name="visitor"/> is on it: they were sent its details through the list. Asked only for a visitor
    /// refused otherwise; without a directory (or when it cannot be read) nobody is let in by the list (the refusal says whom to ask).
    /// </summary>
    private async Task<bool> OnTheListReachedAsync(string incidentId, IReadOnlyList<string> onIt, PageVisitor visitor, CancellationToken cancellationToken)
    {
        if (options.Value.OrganisationListAddress is not { } list || !onIt.Any(a => Member.SameAddress(a, list)) || directory is not { Enabled: true })
        {
            return false;
        }

        try
        {
            return visitor.HasAnyAddress((await directory.ExpandGroupAsync(list, cancellationToken)).Select(p => p.Email));
        }
        catch (Exception ex) when (ex is DependencyUnavailableException or NotFoundException)
        {
            logger.LogWarning("Incident {IncidentId}: the organisation's list could not be expanded to check a visitor it reached: {Error}", incidentId, ex.Message);
            return false;
        }
    }

    /// <summary>
    /// The confidential incidents <paramref name="visitor"/> was added on, which a list (the lessons search, 「似た障害」, the merge form,
    /// 「まとめて確認」, the action items page) shows them whole: one query of the index by their addresses, asked only for a signed-in
    /// visitor who does not read every one by setting. None when it cannot be read: those lists mask them, as for anyone else.
    /// </summary>
    public async Task<IReadOnlySet<string>> AddedOnAsync(PageVisitor visitor, CancellationToken cancellationToken)
    {
        if (ConfidentialAccess.ReadsConfidentialBySetting(visitor, options.Value) || visitor.Addresses.Count == 0)
        {
            return NoIncidents;
        }

        try
        {
            return await readers.AddedOnAsync(visitor.Addresses, cancellationToken);
        }
        catch (DependencyUnavailableException ex)
        {
            logger.LogWarning("The incidents a visitor was added on could not be read; the lists mask them: {Error}", ex.Message);
            return NoIncidents;
        }
    }

    private static readonly IReadOnlySet<string> NoIncidents = new HashSet<string>();

    /// <summary>
    /// <see cref="EnsureMayReadAsync(Incident, PageVisitor, CancellationToken)"/> for incident <paramref name="id"/>, read for it (one
    /// point read), for a form whose use case reads the incident only after it would have written.
    /// </summary>
    public async Task EnsureMayReadAsync(string id, PageVisitor visitor, CancellationToken cancellationToken)
    {
        if (!visitor.SignedIn)
        {
            return;
        }

        await EnsureMayReadAsync((await incidents.GetRecordAsync(id, cancellationToken)).Value, visitor, cancellationToken);
    }

    /// <summary>
    /// The display names of the paging rotation's active members on duty now (the rotation as this instance keeps it), whom the
    /// refusal says to ask; none when the rotation cannot be read or nobody is on duty.
    /// </summary>
    public async Task<IReadOnlyList<string>> DutyNamesAsync(CancellationToken cancellationToken)
    {
        try
        {
            return [.. (await rotations.GetOnCallAsync(options.Value.RotationId, cancellationToken)).Members.Where(m => m.Active).Select(m => m.DisplayName)];
        }
        catch (Exception ex) when (ex is DependencyUnavailableException or NotFoundException)
        {
            logger.LogWarning("The duty pair could not be read for a confidential incident's refusal; it names the leads only: {Error}", ex.Message);
            return [];
        }
    }
}

/// <summary>A signed-in person may not read confidential incident <see cref="IncidentId"/> (<see cref="ConfidentialGate"/>).</summary>
public sealed class ConfidentialRefusedException(string incidentId) : Exception($"Incident {incidentId} is confidential.")
{
    public string IncidentId { get; } = incidentId;
}
