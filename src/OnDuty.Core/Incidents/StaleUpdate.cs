using System.Globalization;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Another person's update the stakeholders were told of, posted after the page a form came from was shown (trial 33, H2):
/// who (<paramref name="By"/>), when, the status it set (null: none) and whether its notice is in the outbox (<paramref name="Told"/>).
/// </summary>
public sealed record StaleUpdate(string By, DateTimeOffset At, IncidentStatus? Status, bool Told)
{
    /// <summary>The update form's hidden field carrying <see cref="VersionOf"/> as the page showed it.</summary>
    public const string Field = "shownUpdate";

    /// <summary>
    /// Which person update a page shows the incident after: the number of the last stakeholder notice people issued
    /// (<see cref="IncidentComms.Issued"/>), <c>0</c> before any. Only a person's update (or declaration) moves it; monitoring's
    /// resolve or reopen, an acknowledgement, a quiet correction and a delivery do not.
    /// </summary>
    public static string VersionOf(Incident incident) => incident.Comms.Issued.ToString(CultureInfo.InvariantCulture);

    /// <summary>A posted <see cref="VersionOf"/>; false when it is no version (a page from before it was sent, a tool).</summary>
    public static bool TryParse(string? posted, out int shown) =>
        int.TryParse(posted?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out shown);
}

/// <summary>
/// An update from a form whose page predates <see cref="Update"/>, another person's update the stakeholders were told of: nothing
/// was saved or sent. Shown again, the form carries the new version, so sending it again sends it knowingly.
/// </summary>
public sealed class StaleUpdateException(string id, StaleUpdate update)
    : Exception($"Incident '{id}' was updated by {update.By} at {update.At:O} after this form was shown; nothing was sent.")
{
    public StaleUpdate Update { get; } = update;
}
