using System.Globalization;
using System.Text.RegularExpressions;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Maintenance;
using OnDuty.Core.Messages;
using OnDuty.Messages.Cards;

namespace OnDuty.Messages;

/// <summary>
/// The maintenance page: the windows running or planned with a form to end each and one to move its end, those ended lately,
/// and the form that plans one. The windows' own rules are <see cref="MaintenanceWindow"/>'s: what it refuses arrives in its
/// English and is said here in the reader's words (<see cref="MaintenanceCode"/>).
/// </summary>
public sealed partial class NoticeRenderer
{
    /// <summary>
    /// The channel's card when a window is planned, moved, ended early or cancelled: <c>【メンテナンス・予定】title</c>, its period
    /// and scope, who did it, and what it means for pages (held until the end; on an early end, how many held incidents were
    /// paged now); a link to the maintenance page. No mentions: nobody has to act.
    /// </summary>
    private RenderedCard MaintenanceCard(MaintenanceNotice n)
    {
        var p = Phrases.For(n.Language);
        var zone = TimeZones.Find(n.TimeZone);
        var w = n.Window;
        // The stage in the tag (JA-STYLE: 予定 / 実施中 / 完了): a window planned to begin at once is running already.
        // Begun or ended by itself (the escalation run tells it) reads as a person's news does: 実施中, 完了.
        var stage = n.Event switch
        {
            MaintenanceEvent.Planned when w.From <= w.CreatedAt => "Running",
            MaintenanceEvent.Began => "Running",
            MaintenanceEvent.Finished => "Ended",
            _ => n.Event.ToString(),
        };
        var subject = p.Format($"Maintenance.Subject.{stage}", w.Title);
        var period = MaintenancePeriod(w, p, n.TimeZone, "Format.DateTime");
        string Who(string by) => ActorText.Name(by, n.Names.GetValueOrDefault, p) ?? by;
        var lines = new List<string> { p.Format("PmPage.Maintenance.Scope", MaintenanceScope(w, p)) };
        lines.AddRange(n.Event switch
        {
            // No severities listed: a SEV1 it covers is held too, which the planner may not expect (trial 55).
            MaintenanceEvent.Planned or MaintenanceEvent.Began => [p.Format("PmPage.MaintenancePage.PlannedBy", Who(w.CreatedBy)), p["PmPage.Maintenance.Hint"], .. w.Severities.Count == 0 ? [p["Maintenance.AllSeverities"]] : Array.Empty<string>()],
            // Its end came: what it held to the end, those paged now and those resolved or taken meanwhile.
            MaintenanceEvent.Finished => [p["Maintenance.Finished"], .. FinishedLines(n, p)],
            MaintenanceEvent.Moved => [p.Format("Maintenance.Moved", p.TimeWithZone(w.Until, zone, n.TimeZone)), p["PmPage.Maintenance.Hint"]],
            MaintenanceEvent.Ended => [p.Format("Maintenance.EndedBy", Who(w.EndedBy ?? "")), n.Paged > 0 ? p.Format(n.Paged == 1 ? "Maintenance.Paged.One" : "Maintenance.Paged", n.Paged) : p["Maintenance.NothingHeld"]],
            _ => [p.Format("Maintenance.CancelledBy", Who(w.EndedBy ?? ""))],
        });
        var card = new AdaptiveCardBuilder().Title(subject).Subtle(period);
        foreach (var line in lines)
        {
            card.Text(line);
        }

        if (IsShowable(n.PageLink))
        {
            card.Section(p["Maintenance.PageLink"], null, [], [(w.Id, new Uri(n.PageLink))]);
        }

        var text = string.Join("\n", [subject, period, .. lines, .. IsShowable(n.PageLink) ? new[] { n.PageLink } : []]);
        return new RenderedCard(subject, text, card.Build(subject));
    }

    /// <summary>
    /// For a window customers are told of (<see cref="MaintenanceWindow.CustomerImpact"/>), the 「メンテナンスのお知らせ」 draft PR and CS
    /// start from, in the customer register (JA-STYLE): 【メンテナンス】title, greeting, ■日時 (its period), ■影響 (as written), ■お願い.
    /// Plain text (the page encodes it); null for a window without it.
    /// </summary>
    private static string? CustomerNotice(MaintenanceWindow w, Phrases p, string zoneId) =>
        w.CustomerImpact is not { } impact ? null : string.Join("\n",
        [
            p.Format("Maintenance.Customer.Title", w.Title), "",
            p["Maintenance.Customer.Opening"], p["Maintenance.Customer.Lead"], "",
            p["Maintenance.Customer.When"], MaintenancePeriod(w, p, zoneId, "Format.DateTime"), "",
            p["Maintenance.Customer.Impact"], impact, "",
            p["Maintenance.Customer.Ask"], p["Maintenance.Customer.AskText"],
        ]);

    private static IEnumerable<string> FinishedLines(MaintenanceNotice n, Phrases p)
    {
        var settled = n.Held - n.Paged;
        if (n.Paged > 0)
        {
            yield return p.Format(p.Counted("Maintenance.PagedAtEnd", n.Paged), n.Paged);
            if (settled > 0)
            {
                yield return p.Format(p.Counted("Maintenance.HeldSettled", settled), settled);
            }
        }
        else
        {
            yield return settled > 0 ? p.Format(p.Counted("Maintenance.HeldAllSettled", settled), settled) : p["Maintenance.NothingHeld"];
        }
    }

    private string MaintenancePage(MaintenancePageNotice n)
    {
        var p = Phrases.For(n.Language);
        // Whoever the page names by an id the roster no longer has: by the name they had, marked.
        n = n with { Names = WithFormer(n.Names, n.Former, p) };
        var zone = TimeZones.Find(n.TimeZone);
        string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        var errors = n.Errors.ToDictionary(e => e.Key, e => e.Value.Select(MaintenanceCode).ToArray(), StringComparer.Ordinal);
        var none = new Dictionary<string, string[]>();
        var nothing = new Dictionary<string, string>();
        bool Failed(string form, string? window = null) => n.FailedForm == form && n.FailedWindow == window;

        // Who planned or ended a window: a member by name (the API records its by, often a member id), anyone else as recorded.
        string Who(string by) => ActorText.Name(by, n.Names.GetValueOrDefault, p) ?? by;

        // The name asked on each form when nobody is signed in; what was typed and what is wrong only on the form that failed.
        FieldView? Name(string form, string? window = null)
        {
            var failed = Failed(form, window);
            return Visitor(n.Visitor, failed ? n.Values : nothing, failed ? errors : none, p).NameField is { } field
                ? field with { Hint = p["PmPage.MaintenancePage.Hint.by"] }
                : null;
        }

        // Open incidents the window would cover but does not hold: their pages go on, and the planner must see it.
        IReadOnlyList<MaintenanceMatch> Matches(string id) => n.OpenMatches.GetValueOrDefault(id) ?? [];
        // A holdOpen window planned ahead holds them from its start; one running lists them as held instead (HeldOpen).
        bool HoldsOpen(string id) => n.Current.Any(w => w.Id == id && w.HoldOpen);
        string? OpenMatchesText(string id) => Matches(id).Count == 0 ? null
            : p.Format(HoldsOpen(id) ? "PmPage.MaintenancePage.OpenMatchesHeldFromStart" : "PmPage.MaintenancePage.OpenMatches", Matches(id).Count);
        IReadOnlyList<MatchView> MatchViews(string id) =>
            [.. Matches(id).Select(m => new MatchView(m.Id, Uri.EscapeDataString(m.Id), m.Title, SevLabel(m.Severity)))];
        IReadOnlyList<MaintenanceMatch> HeldOpen(string id) => n.HeldOpen.GetValueOrDefault(id) ?? [];
        string? HeldOpenText(string id) => HeldOpen(id).Count == 0 ? null : p.Format("PmPage.MaintenancePage.HeldOpen", HeldOpen(id).Count);
        IReadOnlyList<MatchView> HeldOpenViews(string id) =>
            [.. HeldOpen(id).Select(m => new MatchView(m.Id, Uri.EscapeDataString(m.Id), m.Title, SevLabel(m.Severity)))];

        // holdOpen asked for on the window: offered while open matches go on paging, unless it holds them when it begins already.
        bool CanHoldOpen(MaintenanceWindow w) => Matches(w.Id).Count > 0 && !(w.HoldOpen && !w.IsActiveAt(n.Now));

        // Pages must reach a person: a SEV1 held (or to be held) by holdOpen is said on a line of its own.
        string? Sev1Text(string id)
        {
            var sev1 = HeldOpen(id).Concat(HoldsOpen(id) ? Matches(id) : []).Where(m => m.Severity == AlertSeverity.Sev1).Select(m => m.Id).ToList();
            return sev1.Count == 0 ? null : p.Format("PmPage.MaintenancePage.HeldOpenSev1", string.Join(", ", sev1));
        }

        var current = n.Current.OrderBy(w => w.From).ThenBy(w => w.Id, StringComparer.Ordinal).Select(w =>
        {
            var active = w.IsActiveAt(n.Now);
            var moveFailed = Failed("move", w.Id);
            var to = new FieldView(
                "to", p["PmPage.MaintenancePage.Field.newTo"], null, "datetime", moveFailed ? n.Values.GetValueOrDefault("to") ?? "" : Local(w.To),
                FirstError(moveFailed ? errors : none, "to", p), true, 0, []);
            return new MaintenanceRowView(
                w.Id, Uri.EscapeDataString(w.Id), w.Title, p[active ? "PmPage.Maintenance.Active" : "PmPage.Maintenance.Planned"],
                MaintenancePeriod(w, p, n.TimeZone), MaintenanceScope(w, p), p.Format("PmPage.MaintenancePage.PlannedBy", Who(w.CreatedBy)))
            {
                Holding = active ? p.Format("PmPage.MaintenancePage.Holding", n.Holding.GetValueOrDefault(w.Id)) : null,
                // Which incidents it holds, linked, a SEV1 or SEV2 marked: one held may be the outage itself (trial 55).
                HoldingMatches = active ? [.. (n.HoldingMatches.GetValueOrDefault(w.Id) ?? []).Select(m => new MatchView(m.Id, Uri.EscapeDataString(m.Id), m.Title, SevLabel(m.Severity))
                {
                    Urgent = m.Severity is AlertSeverity.Sev1 or AlertSeverity.Sev2 ? p["PmPage.MaintenancePage.HoldingUrgent"] : null,
                })] : [],
                AllSeverities = w.Severities.Count == 0 ? p["PmPage.MaintenancePage.AllSeverities"] : null,
                OpenMatches = OpenMatchesText(w.Id),
                Matches = MatchViews(w.Id),
                HeldOpen = HeldOpenText(w.Id),
                HeldOpenMatches = HeldOpenViews(w.Id),
                Sev1Warning = Sev1Text(w.Id),
                CustomerDraft = CustomerNotice(w, p, n.TimeZone),
                Forms = !n.Visitor.MayAct ? [] :
                [
                    // The open matches' warning points here: shown while some go on paging and holding them would do something now.
                    .. CanHoldOpen(w) ? [new SmallFormView("hold", p.Format("PmPage.MaintenancePage.HoldOpen.Count", p["PmPage.MaintenancePage.HoldOpen"], Matches(w.Id).Count), [.. Present(Name("hold", w.Id))])] : Array.Empty<SmallFormView>(),
                    new SmallFormView("end", p[active ? "PmPage.MaintenancePage.End" : "PmPage.MaintenancePage.Cancel"], [.. Present(Name("end", w.Id))]),
                    new SmallFormView("move", p["PmPage.MaintenancePage.Move"], [.. Present(Name("move", w.Id)), to]),
                ],
            };
        }).ToList();

        // One ended before it began was cancelled (MaintenancePeriod shows the period it had been planned for).
        var ended = n.Ended.OrderByDescending(w => w.Until).Select(w => new MaintenanceRowView(
            w.Id, Uri.EscapeDataString(w.Id), w.Title, p[w.Until < w.From ? "PmPage.Maintenance.Cancelled" : "PmPage.Maintenance.Ended"],
            MaintenancePeriod(w, p, n.TimeZone), MaintenanceScope(w, p),
            p.Format("PmPage.MaintenancePage.PlannedBy", Who(w.CreatedBy)))
        {
            EndedBy = w.EndedBy is { } by ? p.Format("PmPage.MaintenancePage.EndedBy", Who(by)) : null,
        }).ToList();

        var plan = Failed("plan") ? n.Values : nothing;
        var planErrors = Failed("plan") ? errors : none;
        FieldView Field(string name, string kind, bool required, int max, IReadOnlyList<OptionView>? options = null) => new(
            name, p[$"PmPage.MaintenancePage.Field.{name}"], p.Has($"PmPage.MaintenancePage.Hint.{name}") ? p[$"PmPage.MaintenancePage.Hint.{name}"] : null, kind,
            plan.GetValueOrDefault(name) ?? "", FirstError(planErrors, name, p), required, max, options ?? []);
        var ticked = (plan.GetValueOrDefault("sources") ?? "").Split(',', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var tickedSeverities = (plan.GetValueOrDefault("severities") ?? "").Split(',', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        List<FieldView> planFields =
        [
            .. Present(Name("plan")),
            Field("title", "text", true, MaintenanceWindow.MaxTitleLength),
            Field("from", "datetime", false, 0),
            Field("to", "datetime", true, 0),
            Field("sources", "checks", false, 0, [.. AlertSources.All.Select(s => new OptionView(s, ActorText.SourceName(s, p), ticked.Contains(s)))]),
            Field("severities", "checks", false, 0, [.. Enum.GetValues<AlertSeverity>().Select(s => new OptionView(SevLabel(s).ToLowerInvariant(), SevLabel(s), tickedSeverities.Contains(SevLabel(s))))]),
            Field("labels", "textarea", false, MaintenanceWindow.MaxLabels * ((2 * MaintenanceWindow.MaxLabelLength) + 2)),
            Field("allAlerts", "checkbox", false, 0),
            .. n.OpenIncidents ? [Field("holdOpen", "checkbox", false, 0)] : Array.Empty<FieldView>(),
        ];

        // A form for a window no longer listed (ended meanwhile elsewhere): its problem is said at the top.
        var lost = n.FailedWindow is { } gone && current.All(w => w.Id != gone) && errors.Values.SelectMany(v => v).FirstOrDefault() is { } first
            ? FirstError(new Dictionary<string, string[]> { ["window"] = [first] }, "window", p)
            : null;
        var doneWindow = n.Done is "planned" or "held" ? n.PlannedWindow : null;
        var model = new MaintenancePageView(
            LanguageTag(n.Language), p["PmPage.MaintenancePage.Title"], Query(n.Language), n.Token.FieldName, n.Token.Value,
            n.Visitor.SignedIn ? p.Format("PmPage.SignedInAs", n.Visitor.Name) : null,
            current, ended, planFields,
            n.Done switch
            {
                "ended" when n.Paged > 0 => p.Format(n.Paged == 1 ? "PmPage.MaintenancePage.Done.ended.One" : "PmPage.MaintenancePage.Done.ended", n.Paged),
                "ended" => p["PmPage.MaintenancePage.Done.endedNone"],
                "planned" or "moved" => p[$"PmPage.MaintenancePage.Done.{n.Done}"],
                "held" when n.Held > 0 => p.Format(n.Held == 1 ? "PmPage.MaintenancePage.Done.held.One" : "PmPage.MaintenancePage.Done.held", n.Held),
                "held" when n.Current.Any(w => w.Id == n.PlannedWindow && w.HoldOpen && !w.IsActiveAt(n.Now)) => p["PmPage.MaintenancePage.Done.heldFromStart"],
                "held" => p["PmPage.MaintenancePage.Done.heldNone"],
                _ => null,
            },
            lost ?? (n.Errors.Count > 0 ? p["PmPage.Form.Fix"] : null),
            p.Format("PmPage.TimesIn", p.ZoneName(n.TimeZone)))
        {
            ReadOnly = ReadOnlyNote(n.Visitor, p),
            // Just planned, or asked to hold the open ones it covers: in words, which ones page on and the button that holds them,
            // and those it holds.
            DoneWarning = doneWindow is { } planned
                ? HoldsOpen(planned) ? OpenMatchesText(planned) : MaintenanceText.NotHeld(Matches(planned), p)
                : null,
            DoneMatches = doneWindow is { } plannedId ? MatchViews(plannedId) : [],
            DoneHeldOpen = doneWindow is { } heldId ? HeldOpenText(heldId) : null,
            DoneHeldOpenMatches = doneWindow is { } heldId2 ? HeldOpenViews(heldId2) : [],
            DoneSev1Warning = doneWindow is { } sev1Id ? Sev1Text(sev1Id) : null,
            DoneAllSeverities = n.Done == "planned" && n.Current.FirstOrDefault(w => w.Id == doneWindow) is { Severities.Count: 0 } ? p["PmPage.MaintenancePage.AllSeverities"] : null,
        };
        return templates.RenderHtml("maintenance-page.html", model, p);
    }

    private static IEnumerable<FieldView> Present(FieldView? field) => field is null ? [] : [field];

    /// <summary>
    /// A problem as the page phrases it: the form's own codes pass through; a message of <see cref="MaintenanceWindow.Plan"/> or
    /// <see cref="MaintenanceService.MoveEndAsync"/> becomes the code of its rule (the numbers it names kept); anything else stays as stated.
    /// </summary>
    private static string MaintenanceCode(string message)
    {
        foreach (var (pattern, code) in DomainRules)
        {
            if (pattern.Match(message) is { Success: true } match)
            {
                return match.Groups.Count > 1 ? $"{code}:{match.Groups[1].Value}" : code;
            }
        }

        return message;
    }

    private static readonly (Regex Pattern, string Code)[] DomainRules =
    [
        (new Regex("^is required", RegexOptions.CultureInvariant), "required"),
        (new Regex("^must be after from$", RegexOptions.CultureInvariant), "maintenanceAfterFrom"),
        (new Regex("^must be in the future$", RegexOptions.CultureInvariant), "maintenanceFuture"),
        (new Regex("^must be at most ([0-9]+) days after from", RegexOptions.CultureInvariant), "maintenanceTooLong"),
        (new Regex("^must be within ([0-9]+) days from now$", RegexOptions.CultureInvariant), "maintenanceTooFar"),
        (new Regex("^must be at most ([0-9]+) characters", RegexOptions.CultureInvariant), "tooLong"),
        (new Regex("^must (?:list|hold) at most ([0-9]+) ", RegexOptions.CultureInvariant), "tooMany"),
        (new Regex("^'.*' is not an alert source ", RegexOptions.CultureInvariant | RegexOptions.Singleline), "maintenanceSource"),
        (new Regex("^'.*' is not a severity ", RegexOptions.CultureInvariant | RegexOptions.Singleline), "maintenanceSeverity"),
        (new Regex("^a label name must be 1 to ([0-9]+) characters$", RegexOptions.CultureInvariant), "maintenanceLabelName"),
        (new Regex("^the value of '.*' must be a string of at most ([0-9]+) characters$", RegexOptions.CultureInvariant | RegexOptions.Singleline), "maintenanceLabelValue"),
        (new Regex("^must not contain control characters", RegexOptions.CultureInvariant), "maintenanceControl"),
        (new Regex("^say which alerts it holds", RegexOptions.CultureInvariant), "maintenanceScope"),
        (new Regex("^cannot be changed: .* is over", RegexOptions.CultureInvariant | RegexOptions.Singleline), "maintenanceOver"),
    ];

    private sealed record MaintenancePageView(
        string Lang, string Title, string Query, string TokenField, string Token, string? SignedInAs,
        IReadOnlyList<MaintenanceRowView> Current, IReadOnlyList<MaintenanceRowView> Ended, IReadOnlyList<FieldView> Plan, string? Done, string? Problem, string TimesIn)
    {
        /// <summary>Said in place of the forms to a visitor who may not use them.</summary>
        public string? ReadOnly { get; init; }

        /// <summary>After planning: the open incidents the new window would cover but does not hold (their pages go on).</summary>
        public string? DoneWarning { get; init; }

        public IReadOnlyList<MatchView> DoneMatches { get; init; } = [];

        /// <summary>After planning with holdOpen a window that runs: the incidents open before it that it now holds.</summary>
        public string? DoneHeldOpen { get; init; }

        public IReadOnlyList<MatchView> DoneHeldOpenMatches { get; init; } = [];

        /// <summary>A SEV1 among those held (or to be held at the start): a line of its own.</summary>
        public string? DoneSev1Warning { get; init; }

        /// <summary>Just planned with no severities listed: it holds SEV1 too.</summary>
        public string? DoneAllSeverities { get; init; }
    }

    /// <summary>An open incident a window covers but does not hold, linked to its page.</summary>
    private sealed record MatchView(string Id, string IdPath, string Title, string Severity)
    {
        /// <summary>A held SEV1 or SEV2: the mark beside it (null: none).</summary>
        public string? Urgent { get; init; }
    }

    private sealed record MaintenanceRowView(string Id, string IdPath, string Title, string State, string Period, string Scope, string PlannedBy)
    {
        /// <summary>Customers are told of it: the 「メンテナンスのお知らせ」 draft (plain text).</summary>
        public string? CustomerDraft { get; init; }

        /// <summary>Running: how many incidents it holds now.</summary>
        public string? Holding { get; init; }

        /// <summary>Running or planned, no severities listed: it holds SEV1 too, said plainly.</summary>
        public string? AllSeverities { get; init; }

        /// <summary>Running: the incidents it holds now, linked.</summary>
        public IReadOnlyList<MatchView> HoldingMatches { get; init; } = [];

        public string? EndedBy { get; init; }

        /// <summary>Running or planned: what the open incidents it covers but does not hold mean (null: none), and those incidents.</summary>
        public string? OpenMatches { get; init; }

        public IReadOnlyList<MatchView> Matches { get; init; } = [];

        /// <summary>Planned with holdOpen: the incidents open before it that it holds now (null: none), and those incidents.</summary>
        public string? HeldOpen { get; init; }

        public IReadOnlyList<MatchView> HeldOpenMatches { get; init; } = [];

        /// <summary>A SEV1 it holds, or will hold from its start, because of holdOpen.</summary>
        public string? Sev1Warning { get; init; }

        /// <summary>Running or planned: the forms that end it and move its end, and while open matches go on paging the one that holds them.</summary>
        public IReadOnlyList<SmallFormView> Forms { get; init; } = [];
    }

    /// <summary>One of a window's forms (<c>hold</c>, <c>end</c>, <c>move</c>): its fields are the name asked and the new end.</summary>
    private sealed record SmallFormView(string Name, string Submit, IReadOnlyList<FieldView> Fields);
}
