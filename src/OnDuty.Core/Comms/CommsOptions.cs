using System.ComponentModel.DataAnnotations;
using OnDuty.Core.Alerts;
using OnDuty.Core.Team;

namespace OnDuty.Core.Comms;

/// <summary>
/// Who hears about incidents beyond the duty pair (section <c>Comms</c>): named audiences, the audiences told per
/// severity, and how often the duty members are reminded to post an update.
/// </summary>
public sealed partial class CommsOptions : IValidatableObject
{
    public const string SectionName = "Comms";

    /// <summary>Recipients per email: the ACS limit (to, cc and bcc together), kept for every provider so a batch never depends on which one sends it.</summary>
    public const int MaxRecipientsPerMessage = 50;

    /// <summary>
    /// Blind-copied readers per email: all of <see cref="MaxRecipientsPerMessage"/>. ACS takes a batch with nobody in "to";
    /// SMTP and Graph address it to the sending mailbox, which their limits (none, 500) leave room for.
    /// </summary>
    public const int ReadersPerMessage = MaxRecipientsPerMessage;

    public Dictionary<string, AudienceOptions> Audiences { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public SeverityAudiences BySeverity { get; set; } = new();

    public UpdateIntervals UpdateInterval { get; set; } = new();

    /// <summary>
    /// <c>Comms__FirstNoticeReminder__Sev1</c> …: how long after its acknowledgement an incident that has told no stakeholder anything
    /// yet (opened by monitoring, no update by a person) has its duty members reminded that the 第1報 waits on their update, when
    /// that is sooner than the update interval's first reminder. Defaults: 10 minutes for SEV1, 15 for SEV2, off for the rest.
    /// </summary>
    public UpdateIntervals FirstNoticeReminder { get; set; } = new()
    {
        Sev1 = "00:10:00",
        Sev2 = "00:15:00",
        Sev3 = UpdateIntervals.Off,
        Sev4 = UpdateIntervals.Off,
    };

    /// <summary>
    /// <c>Comms__RecoveryAskSettle</c>: how long after monitoring resolves an incident whose stakeholders were told it started the
    /// first 【復旧の報告をお願いします】 waits, and goes only if the incident is still resolved then — a flap (resolved, fired again
    /// minutes later) asks for no recovery that was not one. Sent by the update cadence timer (<c>NudgeIncidentUpdates</c>) at its first
    /// run after the settle. 0 asks at the resolve. Default 10 minutes; at most <see cref="LongestRecoveryAskSettle"/>.
    /// </summary>
    public TimeSpan RecoveryAskSettle { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The longest <see cref="RecoveryAskSettle"/> allowed: the ask is a reminder, not a report of the day.</summary>
    public static readonly TimeSpan LongestRecoveryAskSettle = TimeSpan.FromHours(2);

    /// <summary>The audiences' display names by name (case-insensitive), for those that have one.</summary>
    public IReadOnlyDictionary<string, string> AudienceNames() =>
        Audiences.Where(a => !string.IsNullOrWhiteSpace(a.Value.DisplayName))
            .ToDictionary(a => a.Key, a => a.Value.DisplayName!.Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The audiences' names for readers of <paramref name="language"/> by name (case-insensitive), for those that have one
    /// (<see cref="DisplayNameOf(string, Language)"/>): an English reader reads <c>DisplayNameEn</c>, else the display name.
    /// </summary>
    public IReadOnlyDictionary<string, string> AudienceNames(Language language) =>
        Audiences.Select(a => (a.Key, Name: DisplayNameOf(a.Key, language)))
            .Where(a => a.Name != a.Key)
            .ToDictionary(a => a.Key, a => a.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The language an audience's readers are written to in: its <c>Language</c> (<c>ja</c>/<c>en</c>), else <paramref name="team"/>
    /// (<c>Team__Language</c>); a roster member among them reads their own.
    /// </summary>
    public Language LanguageOf(string audience, Language team) =>
        (Audiences.TryGetValue(audience, out var options) ? options.Language : null) switch
        {
            "ja" => Language.Ja,
            "en" => Language.En,
            _ => team,
        };

    /// <summary>The audience names for <paramref name="severity"/>, as configured (case of the Audiences keys).</summary>
    public IReadOnlyList<string> AudiencesFor(AlertSeverity severity) =>
        [.. BySeverity.For(severity).Select(name => Audiences.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) ?? name)];

    /// <summary>
    /// Who <paramref name="incident"/>'s next notice goes to: every audience told so far, its severity's (a severity change only
    /// ever widens it) and those a person's update asked to tell too (<see cref="Incidents.IncidentComms.AlsoTell"/>), in order. Empty: a notice now would tell nobody.
    /// A confidential incident (<see cref="Incidents.Incident.Confidential"/>) tells no audience by its severity: only those a person
    /// picked, and those told before.
    /// </summary>
    public IReadOnlyList<string> NextNoticeAudiences(Incidents.Incident incident) =>
        [.. incident.Comms.ToldAudiences.Union(incident.Confidential ? [] : AudiencesFor(incident.Severity), StringComparer.OrdinalIgnoreCase)
            .Union(incident.Comms.AlsoTell, StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>
    /// The audiences for <paramref name="severity"/> by the names people call them (<c>Comms__Audiences__{name}__DisplayName</c>,
    /// e.g. 経営層), else as configured.
    /// </summary>
    public IReadOnlyList<string> DisplayNamesFor(AlertSeverity severity) => [.. AudiencesFor(severity).Select(DisplayNameOf)];

    /// <summary>An audience's <c>DisplayName</c>, else its name.</summary>
    public string DisplayNameOf(string audience) =>
        Audiences.TryGetValue(audience, out var options) && !string.IsNullOrWhiteSpace(options.DisplayName) ? options.DisplayName.Trim() : audience;

    /// <summary>
    /// An audience's name for readers of <paramref name="language"/>: in English its <c>DisplayNameEn</c> (trial day 28, L7: the
    /// English view named them in Japanese), else its display name as the team knows it (「経営層」 says more than the key
    /// <c>execs</c>; trial 29 M4), else its name; in Japanese as <see cref="DisplayNameOf(string)"/>.
    /// </summary>
    public string DisplayNameOf(string audience, Language language) =>
        language == Language.En && Audiences.TryGetValue(audience, out var options) && !string.IsNullOrWhiteSpace(options.DisplayNameEn)
            ? options.DisplayNameEn.Trim()
            : DisplayNameOf(audience);

    /// <summary>
    /// The zone an audience's readers read times in (<c>Comms__Audiences__{name}__TimeZone</c>, any case of the name); null when it
    /// sets none, is not configured (any more) or is not a known zone (the start refuses that): the team's zone.
    /// </summary>
    public string? TimeZoneOf(string? audience) =>
        audience is not null && Audiences.TryGetValue(audience, out var options) && Common.TimeZones.TryFind(options.TimeZone?.Trim(), out _)
            ? options.TimeZone!.Trim()
            : null;

    /// <summary>
    /// Whom an audience's readers ask (<c>Comms__Audiences__{name}__Contact</c>, any case of the name), trimmed; null when it sets
    /// none or is not configured (any more): the incident's duty pair.
    /// </summary>
    public string? ContactOf(string? audience) =>
        audience is not null && Audiences.TryGetValue(audience, out var options) && !string.IsNullOrWhiteSpace(options.Contact) ? options.Contact.Trim() : null;

    /// <summary>Whether an audience's notices link the customer drafts (<c>Comms__Audiences__{name}__Drafts</c>); false for none.</summary>
    public bool DraftsFor(string? audience) => audience is not null && Audiences.TryGetValue(audience, out var options) && options.Drafts;

    /// <summary>The longest <c>Comms__Audiences__{name}__Contact</c>: a line or two in a notice, not a directory.</summary>
    public const int MaxContactLength = 200;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, audience) in Audiences)
        {
            if (audience.Contact?.Trim().Length > MaxContactLength)
            {
                yield return new ValidationResult($"Comms__Audiences__{name}__Contact must be at most {MaxContactLength} characters (it has {audience.Contact.Trim().Length}): say whom to ask and how, in a line or two.");
            }

            if (!string.IsNullOrWhiteSpace(audience.TimeZone) && !Common.TimeZones.TryFind(audience.TimeZone.Trim(), out _))
            {
                yield return new ValidationResult($"Comms__Audiences__{name}__TimeZone: '{audience.TimeZone}' is not a known time zone (IANA id, e.g. Europe/London).");
            }

            if (audience.Language is not null && audience.Language is not ("ja" or "en"))
            {
                yield return new ValidationResult($"Comms__Audiences__{name}__Language must be 'ja' or 'en'.");
            }

            if (!audience.Members.Any(m => !string.IsNullOrWhiteSpace(m)))
            {
                yield return new ValidationResult($"Comms__Audiences__{name}__Members__0 is required: an email address, a roster member id or group:<id or mail>.");
            }

            for (var i = 0; i < audience.Members.Count; i++)
            {
                var member = audience.Members[i];
                if (string.IsNullOrWhiteSpace(member))
                {
                    yield return new ValidationResult($"Comms__Audiences__{name}__Members__{i} is blank: give an email address, a roster member id or group:<id or mail>, or remove the setting.");
                }
                else if ((AudienceEntry.IsGroup(member, out _) || member.Contains('@', StringComparison.Ordinal)) && !AudienceEntry.IsValid(member.Trim()))
                {
                    yield return new ValidationResult($"Comms__Audiences__{name}__Members__{i} {AudienceEntry.Rule}, or a roster member id.");
                }
            }
        }

        foreach (var (severity, names) in BySeverity.All())
        {
            for (var i = 0; i < names.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(names[i]))
                {
                    yield return new ValidationResult($"Comms__BySeverity__{severity}__{i} is blank: name an audience or remove the setting.");
                }
                else if (!Audiences.ContainsKey(names[i]!.Trim()))
                {
                    var known = Audiences.Count == 0 ? "none is configured" : "configured: " + string.Join(", ", Audiences.Keys.Order(StringComparer.Ordinal));
                    yield return new ValidationResult($"Comms__BySeverity__{severity}__{i} names audience '{names[i]}', which has no Comms__Audiences__{names[i]!.Trim()}__Members__0 ({known}).");
                }
            }
        }

        foreach (var (severity, value) in UpdateInterval.All())
        {
            if (!UpdateIntervals.Parse(value, out _))
            {
                yield return new ValidationResult($"Comms__UpdateInterval__{severity} must be 'off' or a time between {UpdateIntervals.Min:c} and {UpdateIntervals.Max:c} (e.g. 00:30:00).");
            }
        }

        if (RecoveryAskSettle < TimeSpan.Zero || RecoveryAskSettle > LongestRecoveryAskSettle)
        {
            yield return new ValidationResult($"Comms__RecoveryAskSettle must be between 00:00:00 (ask at the resolve) and {LongestRecoveryAskSettle:c} (e.g. 00:10:00); it is {RecoveryAskSettle:c}.");
        }

        foreach (var (severity, value) in FirstNoticeReminder.All())
        {
            if (!UpdateIntervals.Parse(value, out _))
            {
                yield return new ValidationResult($"Comms__FirstNoticeReminder__{severity} must be 'off' or a time between {UpdateIntervals.Min:c} and {UpdateIntervals.Max:c} (e.g. 00:10:00).");
            }
        }
    }
}
