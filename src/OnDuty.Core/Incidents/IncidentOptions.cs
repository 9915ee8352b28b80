using System.ComponentModel.DataAnnotations;
using OnDuty.Core.Alerts;

namespace OnDuty.Core.Incidents;

/// <summary>Incident handling (section <c>Incidents</c>).</summary>
public sealed class IncidentOptions : IValidatableObject
{
    public const string SectionName = "Incidents";

    /// <summary>The team's time zone: the year in an incident id is the year of detection here.</summary>
    public string TimeZone { get; set; } = DefaultTimeZone;

    /// <summary>
    /// The team's zone when <c>Incidents__TimeZone</c> is not set: the one default zone. Members and rotations have no default of their
    /// own: made without a zone (the API, the demo roster, a stored row without one) they take the team's setting, not this.
    /// </summary>
    public const string DefaultTimeZone = "Asia/Tokyo";

    /// <summary>Rotation whose current members are put on a new incident.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Incidents__RotationId must not be empty.")]
    public string RotationId { get; set; } = "incident-duty";

    /// <summary>The same alert firing again this soon after its incident resolved reopens that incident instead of opening a new one.</summary>
    public TimeSpan ReopenWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The longest <see cref="ReopenWindow"/> allowed (validated at start-up).</summary>
    public static readonly TimeSpan LongestReopenWindow = TimeSpan.FromDays(7);

    public AckTimeouts AckTimeouts { get; set; } = new();

    /// <summary>
    /// Acknowledgement expiry per severity (<c>Incidents__AckExpiry__Sev1</c> …), off by default: an incident a person acknowledged
    /// and left without activity this long pages its holder again, then the pair (<see cref="Incident.RecordAckExpired"/>). A TimeSpan
    /// such as <c>01:00:00</c>, or <c>off</c> (or empty). A snooze expires it whatever this says.
    /// </summary>
    public Comms.UpdateIntervals AckExpiry { get; set; } = new()
    {
        Sev1 = Comms.UpdateIntervals.Off,
        Sev2 = Comms.UpdateIntervals.Off,
        Sev3 = Comms.UpdateIntervals.Off,
        Sev4 = Comms.UpdateIntervals.Off,
    };

    /// <summary>
    /// Storm hold, off by default (0): after this many first pages within <see cref="StormWindow"/> on all instances together, a new
    /// incident's first page is recorded and not sent at once; the next <c>EscalateIncidents</c> run (within a minute) tells
    /// every page held so far together, one email per duty member and one card, instead of one of each per incident.
    /// </summary>
    public int StormPages { get; set; }

    /// <summary>How far back <see cref="StormPages"/> counts first pages (sent or held): a storm lasts while they keep coming.</summary>
    public TimeSpan StormWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Escalation step 2: the leads' email addresses. At least one is required.</summary>
    public List<string?> Leads { get; set; } = [];

    /// <summary>One lead is configured (addresses compared ignoring case): the duty side names "the lead", not "every lead".</summary>
    public bool OneLead => LeadAddresses.Distinct(StringComparer.OrdinalIgnoreCase).Count() == 1;

    /// <summary>The leads' addresses as set (<see cref="Leads"/>), blank entries left out, each trimmed.</summary>
    public IEnumerable<string> LeadAddresses => Leads.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l!.Trim());

    /// <summary>
    /// The leads as mail recipients: each address as the active roster member who has it (their name and language), else as it is
    /// in <paramref name="teamLanguage"/>.
    /// </summary>
    public IReadOnlyList<Team.AudienceRecipient> LeadRecipients(IEnumerable<Team.Member> roster, Team.Language teamLanguage)
    {
        var active = roster.Where(m => m.Active).ToList();
        return [.. LeadAddresses.Select(a => active.FirstOrDefault(m => m.IsMailedAt(a)) is { } lead
            ? new Team.AudienceRecipient(lead.Email, lead.DisplayName, lead.Language)
            : new Team.AudienceRecipient(a, null, teamLanguage))];
    }

    /// <summary>
    /// Besides the roster's active members and the leads, who may read a confidential incident's pages whole when signed in
    /// (<see cref="ConfidentialAccess"/>): the security officer, legal. <c>Incidents__ConfidentialReaders__0…N</c>; none by default.
    /// </summary>
    public List<string?> ConfidentialReaders { get; set; } = [];

    /// <summary>The <see cref="ConfidentialReaders"/> as set, blank entries left out, each trimmed.</summary>
    public IEnumerable<string> ConfidentialReaderAddresses => ConfidentialReaders.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r!.Trim());

    /// <summary>Escalation step 3: the whole PM organisation's list address ("if in doubt, shout"). Required.</summary>
    public string? OrganisationList { get; set; }

    /// <summary><see cref="OrganisationList"/> trimmed, as the warnings and the duty page name it; null when blank.</summary>
    public string? OrganisationListAddress => string.IsNullOrWhiteSpace(OrganisationList) ? null : OrganisationList.Trim();

    /// <summary>
    /// The team's standing incident bridge (a Teams meeting link, or any https call URL): pages, escalations, calls for help
    /// and acknowledgements, the channel's cards and the incident page offer it to join. Null or empty: none.
    /// </summary>
    public string? BridgeUrl { get; set; }

    /// <summary><see cref="BridgeUrl"/> when set, else null.</summary>
    public string? Bridge => string.IsNullOrWhiteSpace(BridgeUrl) ? null : BridgeUrl.Trim();

    /// <summary>What each severity means, shown with incidents and in pages.</summary>
    public SeverityMeanings SeverityMeanings { get; set; } = new();

    /// <summary>HMAC-SHA256 key for signed acknowledge links: base64 of at least 32 bytes. A secret.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Incidents__AckTokenSecret is required: base64 of at least 32 random bytes (e.g. `openssl rand -base64 32`).")]
    public string AckTokenSecret { get; set; } = "";

    /// <summary>How long an acknowledge link works.</summary>
    public TimeSpan AckTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Per-source settings, keyed by route name (<c>alertmanager</c>, <c>azure-monitor</c>, <c>grafana</c>, <c>generic</c>).</summary>
    public Dictionary<string, AlertSourceOptions> Sources { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The settings of <paramref name="source"/>, found by its route name ignoring case, <c>-</c> and <c>_</c>: Linux app
    /// setting names cannot hold a <c>-</c>, so <c>Incidents__Sources__azure_monitor__…</c> configures <c>azure-monitor</c>.
    /// </summary>
    public AlertSourceOptions SourceOptions(AlertSource source) => SourceOptions(source.ToRouteName());

    /// <inheritdoc cref="SourceOptions(AlertSource)"/>
    public AlertSourceOptions SourceOptions(string routeName)
    {
        foreach (var (key, value) in Sources)
        {
            if (SameSource(key, routeName))
            {
                return value;
            }
        }

        return new AlertSourceOptions();
    }

    /// <summary>
    /// Monitoring's one rule for ending an incident: a delivery from <paramref name="source"/> (a route name) that leaves every alert
    /// <paramref name="incident"/> tracks (<paramref name="tracked"/>, the unlisted ones' entry among them) resolved resolves it, when every
    /// source it holds alerts of (<see cref="Incident.HeldGroups"/>, with <paramref name="source"/>) is set to
    /// (<see cref="AlertSourceOptions.ResolveWhenAllAlertsResolved"/>) — unless a person runs it (<see cref="Incident.RunByPerson"/>):
    /// then it stays open for them (<see cref="AlertsResolvedLeftToPerson"/>). With several sources, one set not to resolve on its alerts
    /// keeps it open for a person whichever source resolves last: the order the tools send their resolves in decides nothing (since
    /// 12-05; before, the source of the last resolve decided, and the page's banner asked whether any source would have).
    /// </summary>
    public bool AlertsResolveIncident(Incident incident, string? source, IReadOnlyCollection<TrackedAlert> tracked) =>
        tracked.Count > 0 && tracked.All(a => a.Status == AlertStatus.Resolved)
        && incident.HeldGroups.Select(g => g.Source).Append(source).OfType<string>().ToList() is { Count: > 0 } sources
        && sources.All(s => SourceOptions(s).ResolveWhenAllAlertsResolved);

    /// <summary>
    /// A person runs <paramref name="incident"/> and every alert of it (<paramref name="tracked"/>) has resolved as monitoring would have
    /// resolved it on (<see cref="AlertsResolveIncident"/>, whichever of its sources resolved last) had nobody been running it: left open
    /// for them to resolve. False for one with a source set not to resolve on its alerts, one with an alert (or unlisted ones) still
    /// firing, and an alert-opened one nobody took over that is open for another reason.
    /// </summary>
    public bool AlertsResolvedLeftToPerson(Incident incident, IReadOnlyCollection<TrackedAlert> tracked) =>
        incident.RunByPerson && incident.HeldGroups.Any() && AlertsResolveIncident(incident, null, tracked);

    /// <summary>True when setting key <paramref name="key"/> names the source routed as <paramref name="routeName"/> (ignoring case, <c>-</c> and <c>_</c>).</summary>
    private static bool SameSource(string key, string routeName) =>
        string.Equals(Normalize(key), Normalize(routeName), StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string key) => key.Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);

    /// <summary>
    /// The zone <see cref="TimeZone"/> names. An unknown id fails the start with a message naming the setting (<see cref="Validate"/>);
    /// it is not thrown from here, since validating the options reads every property (a throw became "One or more fields are invalid").
    /// </summary>
    public TimeZoneInfo Zone => Common.TimeZones.TryFind(TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Common.TimeZones.TryFind(TimeZone, out _))
        {
            yield return new ValidationResult($"Incidents__TimeZone: '{TimeZone}' is not a known time zone (IANA id, e.g. Asia/Tokyo).");
        }

        if (ReopenWindow < TimeSpan.Zero || ReopenWindow > LongestReopenWindow)
        {
            yield return new ValidationResult("Incidents__ReopenWindow must be between 00:00:00 and 7.00:00:00.");
        }

        if (Bridge is { } bridge && (!Incident.IsHttpsLink(bridge) || bridge.Length > Incident.MaxBridgeUrlLength))
        {
            yield return new ValidationResult("Incidents__BridgeUrl must be an https URL (a Teams meeting link, for example) of at most 2000 characters, or empty.");
        }

        if (StormPages < 0 || StormPages > 1000)
        {
            yield return new ValidationResult("Incidents__StormPages must be between 0 (off) and 1000.");
        }

        if (StormWindow < TimeSpan.FromSeconds(10) || StormWindow > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult("Incidents__StormWindow must be between 00:00:10 and 01:00:00.");
        }

        foreach (var (severity, value) in AckExpiry.All())
        {
            if (!Comms.UpdateIntervals.Parse(value, out _))
            {
                yield return new ValidationResult($"Incidents__AckExpiry__{severity} must be 'off' or a time between {Comms.UpdateIntervals.Min:c} and {Comms.UpdateIntervals.Max:c} (e.g. 01:00:00).");
            }
        }

        foreach (var (severity, timeout) in AckTimeouts.All())
        {
            if (timeout < TimeSpan.FromMinutes(1) || timeout > TimeSpan.FromDays(1))
            {
                yield return new ValidationResult($"Incidents__AckTimeouts__{severity} must be between 00:01:00 and 1.00:00:00.");
            }
        }

        // Escalation must always reach a person: the leads (step 2) and the whole organisation (step 3) are where a page
        // with nobody on duty ends up, so both are required. An environment variable set to "" binds as blank, not absent.
        // Every lead blank: each says so without "remove the setting" (removing them all leaves none, which is refused too).
        var noLead = !Leads.Any(l => !string.IsNullOrWhiteSpace(l));
        for (var i = 0; i < Leads.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Leads[i]))
            {
                yield return new ValidationResult(noLead
                    ? $"Incidents__Leads__{i} is blank: give a lead's email address — at least one lead is required (escalation step 2; pages with nobody on duty go there)."
                    : $"Incidents__Leads__{i} is blank: give a lead's email address or remove the setting.");
            }
            else if (!Team.EmailAddress.IsValid(Leads[i]))
            {
                yield return new ValidationResult($"Incidents__Leads__{i} must be an email address.");
            }
        }

        if (Leads.Count == 0)
        {
            yield return new ValidationResult("Incidents__Leads__0 is required: at least one lead's email address (escalation step 2; pages with nobody on duty go there).");
        }

        for (var i = 0; i < ConfidentialReaders.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(ConfidentialReaders[i]))
            {
                yield return new ValidationResult($"Incidents__ConfidentialReaders__{i} is blank: give the email address of someone who may read confidential incidents, or remove the setting.");
            }
            else if (!Team.EmailAddress.IsValid(ConfidentialReaders[i]))
            {
                yield return new ValidationResult($"Incidents__ConfidentialReaders__{i} must be an email address.");
            }
        }

        if (OrganisationList is null)
        {
            yield return new ValidationResult("Incidents__OrganisationList is required: the whole PM organisation's list address (escalation step 3).");
        }
        else if (string.IsNullOrWhiteSpace(OrganisationList))
        {
            yield return new ValidationResult("Incidents__OrganisationList is blank: give the whole PM organisation's list address (escalation step 3).");
        }
        else if (!Team.EmailAddress.IsValid(OrganisationList))
        {
            yield return new ValidationResult("Incidents__OrganisationList must be an email address.");
        }

        if (!string.IsNullOrEmpty(AckTokenSecret) && !AckToken.IsUsableSecret(AckTokenSecret))
        {
            yield return new ValidationResult("Incidents__AckTokenSecret must be base64 of at least 32 bytes.");
        }

        if (AckTokenLifetime < TimeSpan.FromMinutes(5) || AckTokenLifetime > TimeSpan.FromDays(14))
        {
            yield return new ValidationResult("Incidents__AckTokenLifetime must be between 00:05:00 and 14.00:00:00.");
        }

        foreach (var (key, _) in Sources.Where(s => s.Value.MaxSignatureAge < TimeSpan.FromSeconds(10) || s.Value.MaxSignatureAge > AlertSourceOptions.LongestSignatureAge))
        {
            yield return new ValidationResult($"Incidents__Sources__{key}__MaxSignatureAge must be between 00:00:10 and 01:00:00.");
        }

        foreach (var (key, value) in Sources)
        {
            if (value.GroupWindow < TimeSpan.Zero || value.GroupWindow > AlertSourceOptions.LongestGroupWindow)
            {
                yield return new ValidationResult($"Incidents__Sources__{key}__GroupWindow must be between 00:00:00 (off) and 1.00:00:00.");
            }

            if (value.GroupBy.Count > AlertSourceOptions.MaxGroupByLabels)
            {
                yield return new ValidationResult($"Incidents__Sources__{key}__GroupBy names {value.GroupBy.Count} labels; at most {AlertSourceOptions.MaxGroupByLabels}.");
            }

            for (var i = 0; i < value.GroupBy.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(value.GroupBy[i]))
                {
                    yield return new ValidationResult($"Incidents__Sources__{key}__GroupBy__{i} is blank: give a label name or remove the setting.");
                }
            }

            if (value.GroupBy.Count > 0 && !value.Groups)
            {
                yield return new ValidationResult($"Incidents__Sources__{key}__GroupBy needs Incidents__Sources__{key}__GroupWindow (e.g. 00:10:00): without a window nothing is grouped.");
            }
        }

        foreach (var key in Sources.Keys.Where(k => !AlertSources.All.Any(name => SameSource(k, name))))
        {
            yield return new ValidationResult($"Incidents__Sources__{key} is not an alert source; expected one of {string.Join(", ", AlertSources.All)}.");
        }
    }
}
