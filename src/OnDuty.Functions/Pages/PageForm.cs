using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Maintenance;

namespace OnDuty.Functions.Pages;

/// <summary>
/// A posted PM form: its fields as typed (kept to show again on a 400) and the checks a person gets told about next to a
/// field. Errors are codes the pages phrase per reader (<c>required</c>, <c>tooLong:200</c>); the domain checks the same
/// rules again when the data reaches it.
/// </summary>
public sealed class PageForm
{
    /// <summary>Largest form read: the longest valid form (a few 4,000-character texts) fits many times over.</summary>
    public const int MaxFormBytes = 128 * 1024;

    /// <summary>What the pages' forms post (a browser's default for a form without <c>enctype</c>).</summary>
    public const string ContentType = "application/x-www-form-urlencoded";

    public static readonly string[] Statuses = ["investigating", "identified", "monitoring", "resolved"];

    private static readonly string[] DateTimeFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss.fff"];

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    private PageForm(IReadOnlyDictionary<string, string> values) => Values = values;

    /// <summary>Every field as typed (first value of each), by name; the anti-forgery field left out.</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    public IReadOnlyDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public bool Valid => _errors.Count == 0;

    /// <summary>
    /// Reads the form within <see cref="MaxFormBytes"/>. The form is kept on the request, so the anti-forgery check reads
    /// the same one (and within the same limits).
    /// </summary>
    public static async Task<PageForm> ReadAsync(HttpRequest request, string tokenField, CancellationToken cancellationToken, PageFormLimits? limits = null)
    {
        limits ??= PageFormLimits.Default;
        var form = await request.ReadFormAsync(new FormOptions
        {
            ValueCountLimit = limits.MaxValues,
            KeyLengthLimit = 100,
            ValueLengthLimit = limits.MaxBytes,
            MultipartBodyLengthLimit = limits.MaxBytes,
            BufferBodyLengthLimit = limits.MaxBytes,
        }, cancellationToken);
        return new PageForm(form.Keys
            .Where(k => k != tokenField)
            .ToDictionary(k => k, k => form[k].ToString().Replace("\r\n", "\n", StringComparison.Ordinal), StringComparer.Ordinal));
    }

    /// <summary>Whether the request is a url-encoded form, as every page posts (a charset parameter is allowed).</summary>
    public static bool IsUrlEncoded(HttpRequest request) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals(ContentType, StringComparison.OrdinalIgnoreCase);

    public void Add(string field, string code)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(code);
    }

    /// <summary>Adds what the domain refused, as it says it (rules the form's own checks missed).</summary>
    public void AddAll(IReadOnlyDictionary<string, string[]> errors)
    {
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                Add(field, message);
            }
        }
    }

    /// <summary><see cref="Text"/> that must be an absolute https URL (code <c>https</c> otherwise); empty is null.</summary>
    public string? Https(string field, int max)
    {
        var value = Text(field, max);
        if (value is not null && !Incident.IsHttpsLink(value))
        {
            Add(field, "https");
            return null;
        }

        return value;
    }

    public string? Text(string field, int max, bool required = false)
    {
        var value = Values.GetValueOrDefault(field)?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                Add(field, "required");
            }

            return null;
        }

        if (value.Length > max)
        {
            Add(field, $"tooLong:{max}");
        }

        return value;
    }

    /// <summary>
    /// <see cref="Text"/> for a one-line field a person types (their name, who approves): trimmed, and refused (code <c>oneLine</c>,
    /// null) when it holds a line break or another control character, as the API refuses them (<see cref="PersonText.CheckLine"/>):
    /// a name with a line break would add lines to a plain-text mail and an ICS attendee wherever it is shown.
    /// </summary>
    public string? Line(string field, int max, bool required = false)
    {
        var value = Text(field, max, required);
        if (value is not null && !PersonText.IsOneLine(value))
        {
            Add(field, "oneLine");
            return null;
        }

        return value;
    }

    /// <summary>A list typed one per line or separated by commas (ASCII or Japanese 、).</summary>
    public IReadOnlyList<string> List(string field)
    {
        var items = (Values.GetValueOrDefault(field) ?? "")
            .Split(['\n', ',', '、', '，'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (items.Count > Incident.MaxListItems)
        {
            Add(field, $"tooMany:{Incident.MaxListItems}");
        }

        if (items.Any(i => i.Length > Incident.MaxListItemLength))
        {
            Add(field, $"entryTooLong:{Incident.MaxListItemLength}");
        }

        return items;
    }

    public AlertSeverity? Severity(string field, bool required)
    {
        var value = Values.GetValueOrDefault(field)?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                Add(field, "choose"); // a select: chosen, not typed
            }

            return null;
        }

        if (value.Length == 4 && value.StartsWith("SEV", StringComparison.OrdinalIgnoreCase) && value[3] is >= '1' and <= '4')
        {
            return (AlertSeverity)(value[3] - '0');
        }

        Add(field, "severity");
        return null;
    }

    public IncidentStatus? Status(string field)
    {
        var value = Values.GetValueOrDefault(field)?.Trim().ToLowerInvariant();
        var index = Array.IndexOf(Statuses, value);
        if (index >= 0)
        {
            return (IncidentStatus)index;
        }

        Add(field, string.IsNullOrEmpty(value) ? "choose" : "status");
        return null;
    }

    /// <summary>A <c>date</c> input's value (<c>yyyy-MM-dd</c>); null when empty (<c>required</c> if it must be given) or unreadable (<c>date</c>).</summary>
    public DateOnly? Date(string field, bool required)
    {
        var value = Values.GetValueOrDefault(field)?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                Add(field, "required");
            }

            return null;
        }

        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Add(field, "date");
            return null;
        }

        return date;
    }

    /// <summary>A <c>datetime-local</c> value, read in the team's zone; not in the future, not older than the domain allows.</summary>
    public DateTimeOffset? Time(string field, TimeZoneInfo zone, DateTimeOffset now)
    {
        if (LocalTime(field, zone) is not { } at)
        {
            return null;
        }

        if (at > now + Incident.StartedAtSkew)
        {
            Add(field, "future");
        }
        else if (at < now - Incident.StartedAtMaxAge)
        {
            Add(field, $"tooOld:{Incident.StartedAtMaxAge.Days}");
        }

        return at;
    }

    /// <summary>A <c>datetime-local</c> value for a promised next update: after <paramref name="now"/>, within <see cref="Incident.MaxNextUpdateAhead"/>.</summary>
    public DateTimeOffset? NextUpdate(string field, TimeZoneInfo zone, DateTimeOffset now)
    {
        if (LocalTime(field, zone) is not { } at)
        {
            return null;
        }

        if (at <= now)
        {
            Add(field, "past");
        }
        else if (at > now + Incident.MaxNextUpdateAhead)
        {
            Add(field, Incident.MaxNextUpdateAhead.Ticks % TimeSpan.TicksPerDay == 0
                ? $"tooFarDays:{Incident.MaxNextUpdateAhead.Days}"
                : $"tooFar:{Incident.MaxNextUpdateAhead.TotalHours:0}");
        }

        return at;
    }

    /// <summary>
    /// A <c>datetime-local</c> value as the instant it names in the team's zone (<c>Incidents__TimeZone</c>); null when left
    /// empty, or unreadable (<c>time</c>). Whether the instant suits the field is the caller's check.
    /// </summary>
    public DateTimeOffset? LocalTime(string field, TimeZoneInfo zone)
    {
        var value = Values.GetValueOrDefault(field)?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (!DateTime.TryParseExact(value, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            Add(field, "time");
            return null;
        }

        // A local time skipped by a DST change has no instant; take the offset before the change.
        var offset = zone.IsInvalidTime(local) ? zone.GetUtcOffset(local.AddHours(-1)) : zone.GetUtcOffset(local);
        if ((local - DateTime.MinValue) < offset || (DateTime.MaxValue - local) < -offset)
        {
            // Nor has one before the first or after the last instant (the first hours of year 1 east of UTC): unreadable.
            Add(field, "time");
            return null;
        }

        return new DateTimeOffset(local, offset);
    }

    /// <summary>
    /// The maintenance page's plan form: title, <c>from</c> (empty: now) and <c>to</c> as local times, the ticked sources and
    /// severities (boxes of one name, whose values the form reader joins with commas), labels one <c>name=value</c> a line and
    /// the every-alert box.
    /// What the form cannot read is an error here; whether it makes a window is <see cref="MaintenanceWindow.Plan"/>'s to say.
    /// </summary>
    public MaintenanceRequest MaintenancePlan(TimeZoneInfo zone)
    {
        var title = Text("title", MaintenanceWindow.MaxTitleLength, required: true);
        var from = LocalTime("from", zone);
        if (string.IsNullOrWhiteSpace(Values.GetValueOrDefault("to")))
        {
            Add("to", "required");
        }

        return new MaintenanceRequest
        {
            Title = title,
            From = from,
            To = LocalTime("to", zone),
            Sources = (Values.GetValueOrDefault("sources") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            Severities = (Values.GetValueOrDefault("severities") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            Labels = Labels("labels"),
            AllAlerts = Values.GetValueOrDefault("allAlerts") == "true",
            HoldOpen = Values.GetValueOrDefault("holdOpen") == "true",
        };
    }

    /// <summary>
    /// Labels typed one <c>name=value</c> a line (a full-width ＝ as typed with a Japanese IME counts too; blank lines skipped,
    /// spaces around each side trimmed). A line without a name and <c>=</c>, or naming a label again, is an error that gives its number.
    /// </summary>
    public IReadOnlyDictionary<string, string> Labels(string field)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = (Values.GetValueOrDefault(field) ?? "").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var equals = line.IndexOfAny(['=', '＝']);
            var name = equals < 0 ? "" : line[..equals].Trim();
            if (name.Length == 0)
            {
                Add(field, $"maintenanceLabelLine:{i + 1}");
            }
            else if (!labels.TryAdd(name, line[(equals + 1)..].Trim()))
            {
                Add(field, $"maintenanceLabelTwice:{i + 1}");
            }
        }

        return labels;
    }

    /// <summary>A form's request id (a GUID the page put in it), as an idempotency key for what the form does.</summary>
    public string? RequestKey(string form)
    {
        var value = Values.GetValueOrDefault("requestId")?.Trim();
        return value is { Length: > 0 and <= 64 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? $"page-{form}-{value}" : null;
    }

    /// <summary>The incident a declare form describes; null (with errors) when something needs fixing.</summary>
    public NewIncident? Declaration(TimeZoneInfo zone, DateTimeOffset now)
    {
        var title = Text("title", Incident.MaxTitleLength, required: true);
        var severity = Severity("severity", required: true);
        var edit = Details(zone, now);
        return Valid && title is not null && severity is { } sev
            ? new NewIncident
            {
                Title = title,
                Severity = sev,
                UserImpact = edit.UserImpact,
                Workaround = edit.Workaround,
                AffectedAreas = edit.AffectedAreas ?? [],
                Platforms = edit.Platforms ?? [],
                StartedAt = edit.StartedAt,
                BridgeUrl = edit.BridgeUrl,
                // The checkbox 「非公開の障害として扱う」: sent only when ticked.
                Confidential = Values.GetValueOrDefault("confidential") == "true",
            }
            : null;
    }

    /// <summary>
    /// The incident page's "edit the details" form: every field as now shown. Empty texts and lists clear a field; an empty
    /// start time leaves it as it is (an incident always has one).
    /// </summary>
    public IncidentEdit Details(TimeZoneInfo zone, DateTimeOffset now) => new()
    {
        Title = Values.ContainsKey("title") ? Text("title", Incident.MaxTitleLength, required: true) : null,
        Severity = Values.ContainsKey("severity") ? Severity("severity", required: true) : null,
        UserImpact = Text("userImpact", Incident.MaxTextLength) ?? "",
        Workaround = Text("workaround", Incident.MaxTextLength) ?? "",
        // A form from before the field existed leaves the bridge as it is; an empty field clears it.
        BridgeUrl = Values.ContainsKey("bridgeUrl") ? Https("bridgeUrl", Incident.MaxBridgeUrlLength) ?? "" : null,
        AffectedAreas = List("affectedAreas"),
        Platforms = List("platforms"),
        StartedAt = Time("startedAt", zone, now),
        // Shown on a resolved incident only: its recovery time, corrected.
        ResolvedAt = Values.ContainsKey("resolvedAt") ? Time("resolvedAt", zone, now) : null,
    };
}
