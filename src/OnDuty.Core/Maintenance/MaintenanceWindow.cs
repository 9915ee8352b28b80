using OnDuty.Core.Alerts;
using OnDuty.Core.Common;

namespace OnDuty.Core.Maintenance;

/// <summary>
/// Planned work (a release, a migration) during which alerts of its scope are expected: an incident such an alert opens is
/// recorded and listed as ever, but its pages are held until the window ends, and go out then if it is still open and nobody
/// acknowledged it. An alert that resolves within the window pages nobody. Only monitoring's incidents are held: one a
/// person declares pages at once.
/// </summary>
public sealed record MaintenanceWindow
{
    public const int MaxTitleLength = 200;
    public const int MaxSources = 5;
    public const int MaxLabels = 20;
    public const int MaxLabelLength = LabelRules.MaxLength;
    public const int MaxCustomerImpactLength = 500;

    /// <summary>A window may last at most this long: a forgotten one must not hold pages for weeks.</summary>
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(7);

    /// <summary>How far ahead a window may be planned.</summary>
    public static readonly TimeSpan MaxLead = TimeSpan.FromDays(90);

    /// <summary><c>MW-</c> and eight hex digits, e.g. <c>MW-3f9a0c12</c>.</summary>
    public required string Id { get; init; }

    public required string Title { get; init; }

    public required DateTimeOffset From { get; init; }

    /// <summary>The planned end; <see cref="Until"/> is the end as it stands (an early end included).</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>The alert sources it holds (route names: <c>alertmanager</c>, <c>azure-monitor</c>, …); empty: every source.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>Labels an alert must all carry, with these values (exactly), to be held; empty: every alert of its sources.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The alert severities it holds (e.g. SEV3 and SEV4: a SEV1 still pages); empty: every severity.</summary>
    public IReadOnlyList<AlertSeverity> Severities { get; init; } = [];

    /// <summary>
    /// Opt-in (default false): the open, unacknowledged incidents it covers that were open before it began (and so paged
    /// already) are held too while it runs, a SEV1 included; when it ends, those still unanswered page at once. Without it they
    /// go on paging (when pages must reach a person, doubt pages).
    /// </summary>
    public bool HoldOpen { get; init; }

    /// <summary>
    /// Optional: what customers will notice, in the words PR and CS would tell them (「決済が最大2時間ご利用いただけません」). Set, the
    /// window is one customers are told of: the maintenance page offers a 「メンテナンスのお知らせ」 draft for it. OnDuty never sends it.
    /// </summary>
    public string? CustomerImpact { get; init; }

    public required string CreatedBy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When a person ended it before <see cref="To"/> (or cancelled it before it began).</summary>
    public DateTimeOffset? EndedAt { get; init; }

    public string? EndedBy { get; init; }

    /// <summary>
    /// When the team's channel was told it began by itself (planned ahead, its start reached: 【メンテナンス・実施中】); null when not
    /// (yet), or when it began as it was planned (its planned card said 実施中 already).
    /// </summary>
    public DateTimeOffset? BeganToldAt { get; init; }

    /// <summary>When the channel was told it ended by itself (its end reached, nobody ended it: 【メンテナンス・完了】).</summary>
    public DateTimeOffset? FinishedToldAt { get; init; }

    /// <summary>Planned to begin later than it was planned (not at once): its start is news the channel hears when it comes.</summary>
    public bool PlannedAhead => From > CreatedAt;

    /// <summary>Over because its end came, not because a person ended or cancelled it.</summary>
    public bool FinishedAt(DateTimeOffset at) => EndedAt is null && To <= at;

    /// <summary>The end as it stands: <see cref="To"/>, or when it was ended early.</summary>
    public DateTimeOffset Until => EndedAt is { } ended && ended < To ? ended : To;

    public bool IsActiveAt(DateTimeOffset at) => From <= at && at < Until;

    /// <summary>
    /// Whether an alert from <paramref name="source"/> (a route name) is in scope: its source listed (or none listed), its severity
    /// listed (or none listed) and every label matching.
    /// </summary>
    public bool Covers(string source, AlertInstance alert) =>
        (Sources.Count == 0 || Sources.Contains(source, StringComparer.Ordinal))
        && (Severities.Count == 0 || Severities.Contains(alert.Severity))
        && Labels.All(l => alert.Labels.TryGetValue(l.Key, out var value) && string.Equals(value, l.Value, StringComparison.Ordinal));

    /// <summary>
    /// Whether an incident already open, tracking an alert from <paramref name="source"/> of <paramref name="severity"/> with the
    /// labels OnDuty keeps of it (<paramref name="kept"/>: <see cref="Incidents.TrackedAlert.LabelsThatMatter"/>), would be in scope
    /// had the alert come now. A label of the window's that OnDuty does not keep (<c>alertname</c>, <c>team</c>) cannot be
    /// compared, so it does not match: the timeline row would otherwise claim a window covers an incident it may not.
    /// </summary>
    public bool WouldCover(string source, AlertSeverity severity, IReadOnlyList<KeyValuePair<string, string>> kept) =>
        (Sources.Count == 0 || Sources.Contains(source, StringComparer.Ordinal))
        && (Severities.Count == 0 || Severities.Contains(severity))
        && Labels.All(l => kept.Any(k => string.Equals(k.Key, l.Key, StringComparison.Ordinal) && string.Equals(k.Value, l.Value, StringComparison.Ordinal)));

    /// <summary>A new window from what a person asked for, checked: every problem at once, as <see cref="ValidationException"/>.</summary>
    public static MaintenanceWindow Plan(MaintenanceRequest request, string id, string by, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        var title = request.Title?.Trim();
        errors.When(string.IsNullOrWhiteSpace(title), "title", "is required");
        errors.CheckText("title", title, MaxTitleLength); // its length, and no control characters
        var from = request.From ?? now;
        errors.When(request.To is null, "to", "is required (ISO 8601 with an offset, e.g. 2026-12-01T23:00:00+09:00)");
        if (request.To is { } to)
        {
            errors.When(to <= from, "to", "must be after from");
            errors.When(to <= now, "to", "must be in the future");
            errors.When(to - from > MaxLength, "to", $"must be at most {MaxLength.TotalDays:0} days after from: a window forgotten must not hold pages for long");
        }

        errors.When(from > now + MaxLead, "from", $"must be within {MaxLead.TotalDays:0} days from now");
        var sources = (request.Sources ?? []).Select(s => s?.Trim().ToLowerInvariant() ?? "").Distinct(StringComparer.Ordinal).ToList();
        errors.When(sources.Count > MaxSources, "sources", $"must list at most {MaxSources} sources");
        foreach (var s in sources.Where(s => !AlertSources.IsKnown(s)))
        {
            errors.Add("sources", $"'{PersonText.Quote(s)}' is not an alert source ({string.Join(", ", AlertSources.All)})");
        }

        var labels = request.Labels ?? new Dictionary<string, string>();
        LabelRules.Check(errors, labels, MaxLabels);
        var impact = CheckCustomerImpact(errors, request.CustomerImpact);

        var severities = new List<AlertSeverity>();
        foreach (var s in (request.Severities ?? []).Select(s => s?.Trim() ?? "").Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (SeverityLabel.Parse(s) is { } severity)
            {
                severities.Add(severity);
            }
            else
            {
                errors.Add("severities", SeverityLabel.Problem(s));
            }
        }

        errors.When(sources.Count == 0 && labels.Count == 0 && severities.Count == 0 && request.AllAlerts != true, "labels",
            "say which alerts it holds (labels, sources and/or severities); to hold every alert of every source, send \"allAlerts\": true");
        errors.ThrowIfAny();
        return new MaintenanceWindow
        {
            Id = id,
            Title = title!,
            From = from,
            To = request.To!.Value,
            Sources = sources,
            Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal),
            Severities = [.. severities.Order()],
            HoldOpen = request.HoldOpen == true,
            CustomerImpact = impact,
            CreatedBy = by,
            CreatedAt = now,
        };
    }

    /// <summary><paramref name="value"/> trimmed, checked (at most 500 characters, no control characters but line breaks); null for none or blank.</summary>
    public static string? CheckCustomerImpact(ValidationErrors errors, string? value)
    {
        var impact = value?.Trim();
        errors.CheckText("customerImpact", impact, MaxCustomerImpactLength);
        return string.IsNullOrEmpty(impact) ? null : impact;
    }

    public static string NewId() => "MW-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
}

/// <summary>What a person asks for: <see cref="To"/> required, <see cref="From"/> now when left out.</summary>
public sealed record MaintenanceRequest
{
    public string? Title { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public IReadOnlyList<string?>? Sources { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary><c>sev1</c> … <c>sev4</c> (any case): the severities it holds; none: every severity.</summary>
    public IReadOnlyList<string?>? Severities { get; init; }

    /// <summary>Required (true) for a window with neither sources nor labels: it holds every alert.</summary>
    public bool? AllAlerts { get; init; }

    /// <summary>What customers will notice (<see cref="MaintenanceWindow.CustomerImpact"/>); none or blank: customers are not told of it.</summary>
    public string? CustomerImpact { get; init; }

    /// <summary>True: hold also the open incidents it covers that began before it (<see cref="MaintenanceWindow.HoldOpen"/>); default false.</summary>
    public bool? HoldOpen { get; init; }
}
