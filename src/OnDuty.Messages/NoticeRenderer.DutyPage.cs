using System.Globalization;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Messages;

/// <summary>
/// The duty page (当番表): the current and coming shifts as the schedule explains them (<see cref="ScheduleText"/>, the same
/// words as the schedule page and the API), the changes people made with a form to take each back, leave with a form to
/// cancel it, and the replace, swap and leave forms. What the rotation and roster services refuse arrives as a <see cref="Refusal"/>
/// (a code and its arguments) and is said here in the reader's words by <see cref="RefusalText"/>, as the API says it.
/// </summary>
public sealed partial class NoticeRenderer
{
    private string DutyPage(DutyPageNotice n)
    {
        var p = Phrases.For(n.Language);
        var schedule = n.Schedule;
        var rotation = schedule.Rotation;
        var zone = TimeZones.Find(rotation.TimeZone);
        var roster = new Dictionary<string, Member>(schedule.Roster, StringComparer.Ordinal);
        foreach (var m in n.Members)
        {
            roster.TryAdd(m.Id, m);
        }

        // Weeks inside reasons named as the mails and the schedule page name them (「1月12日(火)の週」), the ISO label only in English.
        var movedStarts = Merged(schedule.MovedStarts, ScheduleText.MovedStarts(schedule.Shifts));
        var text = new ScheduleText(p, roster, rotation.HandoffDay, movedStarts, rotation);

        // The page says 「今週」「週を交換する」 for weekly shifts, 「今回」「当番を交換する」 for longer ones, as the mails do (ShiftKey).
        string Worded(string key) => ShiftPhrase(rotation, key, p);
        // One taken off the roster since (a past change names them): by the name they had, marked.
        FormerMember? Gone(string id) => roster.ContainsKey(id) ? null : n.Former.FirstOrDefault(f => f.Id == id);
        string Name(string id) => roster.TryGetValue(id, out var m) && !string.IsNullOrWhiteSpace(m.DisplayName) ? m.DisplayName
            : Gone(id) is { } gone ? FormerName(gone, p)
            : id;

        // One person before さん in a sentence: the family name for a Japanese reader (「佐藤さんから高橋さんへの交代」, JA-STYLE).
        string Short(string id) => roster.TryGetValue(id, out var m) && !string.IsNullOrWhiteSpace(m.DisplayName) ? PersonName(m.DisplayName, m.Language, n.Language)
            : Gone(id) is { } gone ? gone.DisplayName is { Length: > 0 } had ? PersonName(had, gone.Language, n.Language) : p["Member.Former.Erased"]
            : id;

        // People named in a sentence: in Japanese each as a colleague says them (family name with さん), joined with ・ (伊藤さん・山田さん).
        string Named(IEnumerable<string> ids) => n.Language == Language.Ja
            ? string.Join("・", ids.Select(id => roster.TryGetValue(id, out var m) ? Called(Name(id), m.Language, p)
                : Gone(id) is { } gone ? gone.DisplayName is { Length: > 0 } had ? Called(had, gone.Language, p) : p["Member.Former.Erased"]
                : Called(id, null, p)))
            : p.Join(ids.Select(Name));
        string When(DateTimeOffset at) => p.Time(at, zone, "Format.Stamp");

        // Covers a change made unneeded (or apply again), by whether their week was announced: then the replacement was told
        // by mail, else nobody was yet (the announcement lists the week's covers as they are then). Ids naming no cover shown are left out.
        IEnumerable<string?> CoverNotes(IReadOnlyList<string> ids, string key) =>
            schedule.Shifts.SelectMany(s => s.Covers.Where(c => ids.Contains(c.Id)).Select(c => (s.Frozen, Cover: c)))
                .GroupBy(c => c.Frozen)
                .OrderByDescending(g => g.Key)
                .Select(g => p.Format(g.Key ? key : key + "NotAnnounced", p.Join(g.Select(c => text.Cover(c.Cover, zone)))));
        // With its weekday in both languages (「12月21日(月)」, "Mon 21 Dec"): session 44 reader pass found English without one.
        string Day(DateOnly d) => d.ToString(p["Format.DayOffDay"], p.Culture);
        string Days((DateOnly From, DateOnly To) days) => days.From == days.To ? Day(days.From) : p.Format("PmPage.DutyPage.Leave.Range", Day(days.From), Day(days.To));

        // What the service refused, as its code, is said with names and dates (「1月12日(火)入社の木村さんは…」); the form's own
        // problems (a field left empty, too long, a race) by their code.
        var errors = n.Errors.ToDictionary(
            e => e.Key,
            e => n.Refusals.TryGetValue(e.Key, out var refusal) && RefusalText.Knows(refusal.Code)
                ? [RefusalText.Say(FromShownDay(refusal), n.Language, RefusalReader.Page, roster, rotation.ShiftWeeks), .. e.Value.Skip(1).Select(MaintenanceCode)]
                : e.Value.Select(MaintenanceCode).ToArray(),
            StringComparer.Ordinal);

        // A refusal's week from the day the list names it by (「1月12日(火)からの週」 when 成人の日 moved its handoff), not its nominal one.
        Refusal FromShownDay(Refusal refusal) =>
            refusal.Args.TryGetValue("week", out var week) && refusal.Args.ContainsKey("weekStart") && StartOf(week) is { } day
                ? refusal with { Args = new Dictionary<string, string>(refusal.Args, StringComparer.Ordinal) { ["weekStart"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) } }
                : refusal;
        DateOnly? StartOf(string week) =>
            schedule.Shifts.FirstOrDefault(s => s.Week == week) is { } shift ? shift.HandoffMoved?.Date ?? shift.StartDate
            : movedStarts.TryGetValue(week, out var moved) ? moved
            : null;
        var none = new Dictionary<string, string[]>();
        var nothing = new Dictionary<string, string>();
        bool Failed(string form, string? item = null) => n.FailedForm == form && n.FailedItem == item;

        IEnumerable<string> LeadsLine(string week) =>
        [
            .. n.LeadsOnDuty.TryGetValue(week, out var leads) ? [leads.Next is { } next ? p.Format("Duty.LeadsOnDuty" + (leads.OneLead ? ".One" : ""), next) : p["Duty.LeadsOnDuty.NobodyMore" + (leads.OneLead ? ".One" : "")]] : Array.Empty<string>(),
            // Every lead on leave some days of the week: said the same way, with who is paged then (trial 34 H3).
            .. n.LeadsOnLeave.TryGetValue(week, out var away) ? [LeadsAwayLine(away, p)] : Array.Empty<string>(),
        ];
        var open = schedule.Shifts.Where(s => s.EndsAt > n.Now).ToList();
        var current = open.FirstOrDefault(s => s.StartsAt <= n.Now);
        // Each shift by its first day, in English too ("Week of Tue 12 Jan"): the ISO label alone is not what people say.
        var shifts = open.Select(s => new DutyShiftView(
            s.Week,
            WeekSpan(rotation, s, p, "DutyList"),
            s == current,
            s.Frozen,
            p.Period(s.StartsAt, s.EndsAt, rotation.TimeZone, "Format.TableDateTime"),
            s.HandoffMoved is { } moved ? HandoffMoveText.Describe(moved, rotation.HandoffTime, rotation.TimeZone, p) : null,
            [.. s.Members.Select(a => new KindView(WorkingDaysText.Named(Name(a.MemberId), roster.GetValueOrDefault(a.MemberId), p), KindLabel(a.Kind, s == current, rotation, p), text.Reason(a.Reason)))],
            // Every lead on duty that week: said with the shift, as the announcement says it (the leads' step is passed over).
            [.. text.NoteLines(s.Notes), .. LeadsLine(s.Week)])
        {
            Covers = [.. s.Covers.Select(c => string.Join(" · ", new[]
            {
                text.Cover(c, zone),
                c.Reason is { Length: > 0 } why ? p.Format("Change.Reason", why) : null,
                c.By is { Length: > 0 } who ? p.Format("Change.By", who) : null,
            }.Where(t => t is not null)))],
        }).ToList();

        // The selects' choices: the shifts not over (the current one marked), and the active members by name.
        string WeekLabel(ScheduledShift s) => p.Format(
            Worded(s == current ? "PmPage.DutyPage.WeekOption.Current" : s.Frozen ? "PmPage.DutyPage.WeekOption.Announced" : "PmPage.DutyPage.WeekOption"),
            WeekSpan(rotation, s, p, "DutyList"), p.Time(s.StartsAt, zone, "Format.TableDateTime"), p.Join(s.Members.Select(a => Name(a.MemberId))));

        var active = n.Members.Where(m => m.Active).OrderBy(m => m.DisplayName, StringComparer.Ordinal).ThenBy(m => m.Id, StringComparer.Ordinal).ToList();
        // A shift is sent by its week label, or by its start date when another shift shown shares the label (a cadence change's
        // shortened shift and the new first one): the label alone would not say which of the two was picked.
        string WeekValue(ScheduledShift s) =>
            open.Count(o => o.Week == s.Week) > 1 ? s.StartDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : s.Week;
        IReadOnlyList<OptionView> Weeks(string? chosen, bool choose) =>
        [
            .. choose ? [new OptionView("", p["PmPage.Choose"], string.IsNullOrEmpty(chosen))] : Array.Empty<OptionView>(),
            .. open.Select(s => new OptionView(WeekValue(s), WeekLabel(s), WeekValue(s) == chosen)),
        ];
        IReadOnlyList<OptionView> People(string? chosen) =>
        [
            new OptionView("", p["PmPage.Choose"], string.IsNullOrEmpty(chosen)),
            .. active.Select(m => new OptionView(m.Id, m.DisplayName, m.Id == chosen)),
        ];
        // Who can be put on duty: not those who have not joined yet, nor those whose last day has passed (trial 32b H1, M3).
        var today = TimeZones.DateAt(n.Now, zone);
        var onRoster = active.Where(m => (m.JoinedOn == default || m.JoinedOn <= today) && (m.LeavesOn is not { } last || last >= today)).ToList();
        IReadOnlyList<OptionView> Replacements(string? chosen) =>
        [
            new OptionView("", p["PmPage.Choose"], string.IsNullOrEmpty(chosen)),
            .. onRoster.Select(m => new OptionView(m.Id, m.DisplayName, m.Id == chosen)),
        ];

        // The replace form: who could take over this week best first, each with what speaks for or against them
        // (「高橋 美咲（先週当番、直近8週で2回）」); those the list leaves out for this week (its pair, one covering or away in it)
        // after them, by name, for the other weeks — but never a member the rotation no longer lists (trial 34 L3).
        var ranked = n.Replacements?.Candidates.Where(c => onRoster.Any(m => m.Id == c.MemberId)).ToList() ?? [];
        string Hinted(Member m) => ranked.FirstOrDefault(c => c.MemberId == m.Id) is { } c
            && text.Hints(c, n.Replacements!.Current, rotation.ShiftWeeks) is { Count: > 0 } hints
                ? m.DisplayName + p.Format("Format.Paren", string.Join(p["List.Separator"], hints))
                : m.DisplayName;
        var replaceOrder = ranked.Select(c => onRoster.First(m => m.Id == c.MemberId))
            .Concat(onRoster.Where(m => ranked.All(c => c.MemberId != m.Id) && rotation.Members.Contains(m.Id))).ToList();
        IReadOnlyList<OptionView> Candidates(string? chosen) =>
        [
            new OptionView("", p["PmPage.Choose"], string.IsNullOrEmpty(chosen)),
            .. replaceOrder.Select(m => new OptionView(m.Id, Hinted(m), m.Id == chosen)),
            // What was sent stays chosen when the form comes back with an error, whoever it named.
            .. onRoster.Where(m => m.Id == chosen && !replaceOrder.Contains(m)).Select(m => new OptionView(m.Id, m.DisplayName, true)),
        ];

        // The name asked on each form when nobody is signed in; what was typed and what is wrong only on the form that failed.
        IEnumerable<FieldView> NameField(string form, string? item = null)
        {
            var failed = Failed(form, item);
            return Visitor(n.Visitor, failed ? n.Values : nothing, failed ? errors : none, p).NameField is { } field
                ? [field with { Hint = p["PmPage.DutyPage.Hint.by"] }]
                : [];
        }

        FieldView Field(string form, string name, string kind, bool required, int max, IReadOnlyDictionary<string, string> defaults, IReadOnlyList<OptionView>? options = null, string? label = null)
        {
            var failed = Failed(form);
            var value = failed ? n.Values.GetValueOrDefault(name) ?? "" : defaults.GetValueOrDefault(name) ?? "";
            var hintKey = $"PmPage.DutyPage.Hint.{form}.{name}";
            return new FieldView(
                name, label ?? p[Worded($"PmPage.DutyPage.Field.{name}")], p.Has(hintKey) ? p[Worded(hintKey)] : null, kind, value,
                DutyError(failed ? errors : none, name, rotation, p), required, max, options ?? []);
        }

        // A select shows what the failed form had chosen.
        IReadOnlyList<OptionView> Chosen(string form, string name, string? byDefault, Func<string?, IReadOnlyList<OptionView>> options) =>
            options(Failed(form) ? n.Values.GetValueOrDefault(name) : byDefault);

        var me = n.VisitorMemberId;
        // Replacing: the visitor when they are on duty this week (the sick PM handing over), else nobody picked yet.
        var meNow = me is not null && current?.MemberIds.Contains(me) == true ? me : null;
        var currentWeek = current is null ? null : WeekValue(current);
        var replaceDefaults = new Dictionary<string, string> { ["week"] = currentWeek ?? "", ["memberId"] = meNow ?? "" };
        var swapDefaults = new Dictionary<string, string> { ["week"] = currentWeek ?? "", ["memberId"] = me ?? "" };
        // Leave starts today (the rotation's zone) unless changed: a sick PM on a phone enters only the last day (trial 51 H).
        var leaveDefaults = new Dictionary<string, string> { ["memberId"] = me ?? "", ["from"] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        var forms = new List<DutyFormView>
        {
            DutyForm("replace", rotation, p, Failed("replace") ? errors : none,
            [
                .. NameField("replace"),
                Field("replace", "week", "select", true, 0, replaceDefaults, Chosen("replace", "week", currentWeek, c => Weeks(c, current is null)), p[Worded("PmPage.DutyPage.Field.week")]),
                Field("replace", "memberId", "select", true, 0, replaceDefaults, Chosen("replace", "memberId", meNow, People), p["PmPage.DutyPage.Field.memberOut"]),
                Field("replace", "replacementId", "select", true, 0, replaceDefaults, Chosen("replace", "replacementId", null, Candidates)),
                Field("replace", "from", "datetime", false, 0, replaceDefaults, label: p["PmPage.DutyPage.Field.coverFrom"]),
                Field("replace", "to", "datetime", false, 0, replaceDefaults, label: p["PmPage.DutyPage.Field.coverTo"]),
                Field("replace", "reason", "text", false, RotationService.MaxReasonLength, replaceDefaults),
                Field("replace", "force", "checkbox", false, 0, replaceDefaults),
            ]),
            DutyForm("swap", rotation, p, Failed("swap") ? errors : none,
            [
                .. NameField("swap"),
                Field("swap", "memberId", "select", true, 0, swapDefaults, Chosen("swap", "memberId", me, People), p["PmPage.DutyPage.Field.swapMember"]),
                Field("swap", "week", "select", true, 0, swapDefaults, Chosen("swap", "week", currentWeek, c => Weeks(c, current is null)), p[Worded("PmPage.DutyPage.Field.swapWeek")]),
                Field("swap", "otherMemberId", "select", true, 0, swapDefaults, Chosen("swap", "otherMemberId", null, Replacements)),
                Field("swap", "otherWeek", "select", true, 0, swapDefaults, Chosen("swap", "otherWeek", null, c => Weeks(c, true)), p[Worded("PmPage.DutyPage.Field.otherWeek")]),
                Field("swap", "reason", "text", false, RotationService.MaxReasonLength, swapDefaults),
                Field("swap", "force", "checkbox", false, 0, swapDefaults),
            ]),
            DutyForm("leave", rotation, p, Failed("leave") ? errors : none,
            [
                .. NameField("leave"),
                Field("leave", "memberId", "select", true, 0, leaveDefaults, Chosen("leave", "memberId", me, People), p["PmPage.DutyPage.Field.leaveMember"]),
                Field("leave", "from", "date", true, 0, leaveDefaults),
                Field("leave", "to", "date", true, 0, leaveDefaults),
                Field("leave", "note", "text", false, 500, leaveDefaults),
            ]),
        };

        // People's changes to shifts not over, by week then time; a swap's two halves are one row (taking either back takes both).
        var firstOpen = open.FirstOrDefault()?.StartDate ?? DateOnly.MaxValue;
        // A change's shift named as the list above names it (「1月12日(火)からの週」), by its shift when still shown (a moved handoff's day).
        // A change's week as the list names it ("Week of Mon 18 Jan"), in a sentence as people say it ("the week of Mon 18 Jan").
        string Label(OverrideEntry c, string area = "DutyList") =>
            open.FirstOrDefault(s => s.Week == c.Week && s.StartDate == c.ShiftStart) is { } shown ? WeekSpan(rotation, shown, p, area) : WeekSpan(rotation, c.Week, p, c.ShiftStart, area);
        // A week the last change left short-handed or without experience (the redirect's ISO label), in a sentence as the list names
        // it ("the week of Mon 18 Jan", 「1月18日(月)からの週」), by its shift when shown (a moved handoff's day), never 2027-W03.
        string InSentence(string week) =>
            open.FirstOrDefault(s => s.Week == week) is { } shown ? WeekSpan(rotation, shown, p, "Brief") : WeekSpan(rotation, week, p, area: "Brief");
        var changes = n.Changes
            .Where(c => c.ShiftStart >= firstOpen)
            .GroupBy(c => c.SwapId ?? c.Id, StringComparer.Ordinal)
            .Select(g => g.OrderBy(c => c.ShiftStart).ToList())
            .Select(g =>
            {
                var c = g[0];
                // A cover says when: 「12月3日(木) 19:00〜23:00 は木村さんが山田さんの代わり」.
                string? range = c.From is { } from && c.To is { } to
                    ? text.Cover(new Cover { Id = c.Id, MemberId = c.MemberId, ReplacementId = c.ReplacementId, From = from, To = to }, zone)
                    : null;
                var line = c.Undoes is not null
                    ? p.Format("PmPage.DutyPage.Change.Undo", Short(c.ReplacementId), Short(c.MemberId)) + (range is null ? "" : p.Format("Format.Paren", p.Format("PmPage.DutyPage.Change.CoverUndone", range)))
                    : range is not null ? range
                    : c.Kind == OverrideKind.Swap && g.Count == 2
                        ? p.Format(Worded("PmPage.DutyPage.Change.Swap"), Short(g[0].MemberId), Label(g[0], "Brief"), Short(g[1].MemberId), Label(g[1], "Brief"))
                        : p.Format("PmPage.DutyPage.Change.Replace", Short(c.MemberId), Short(c.ReplacementId));
                var state = c.Undoes is not null ? p["PmPage.DutyPage.Change.State.Undo"]
                    : c.UndoneBy is not null ? p["PmPage.DutyPage.Change.State.TakenBack"]
                    : g.Any(h => h.AnnouncedWeek) ? p["PmPage.DutyPage.Change.State.Now"]
                    : p[Worded("PmPage.DutyPage.Change.State.Later")];
                var inEffect = c.Undoes is null && c.UndoneBy is null;
                var meta = new List<string> { When(c.CreatedAt) };
                if (c.By is { } by)
                {
                    // Who did it: a name typed or signed in with as it is, a member id given to the API by the member's name.
                    meta.Add(p.Format("PmPage.DutyPage.Change.By", roster.ContainsKey(by) || Gone(by) is not null ? Name(by) : by));
                }

                if (c.UndoneAt is { } undoneAt)
                {
                    meta.Add(p.Format("PmPage.DutyPage.Change.TakenBackAt", When(undoneAt)));
                }

                var failed = Failed("undo", c.Id);
                var reasonHint = Worded(g.Any(h => h.AnnouncedWeek) ? "PmPage.DutyPage.Hint.undo.reasonNow" : "PmPage.DutyPage.Hint.undo.reason");
                return new DutyChangeView(
                    c.Id, c.Kind == OverrideKind.Swap && g.Count == 2 ? $"{Label(g[0])} ⇄ {Label(g[1])}" : Label(c), state, !inEffect, line,
                    c.Reason is { Length: > 0 } reason ? p.Format("Change.Reason", reason) : null, string.Join(" · ", meta))
                {
                    Form = inEffect && n.Visitor.MayAct
                        ? new SmallFormView("undo", p["PmPage.DutyPage.Undo"],
                        [
                            new FieldView("overrideId", "", null, "hidden", c.Id, null, false, 0, []),
                            .. NameField("undo", c.Id),
                            new FieldView("reason", p["PmPage.DutyPage.Field.undoReason"], p[reasonHint], "text", failed ? n.Values.GetValueOrDefault("reason") ?? "" : "",
                                DutyError(failed ? errors : none, "reason", rotation, p), false, RotationService.MaxReasonLength, []),
                        ])
                        : null,
                    Problem = failed ? FormProblem(errors, ["reason", "by"], rotation, p) : null,
                };
            }).ToList();

        var leave = n.Leave.Select(l =>
        {
            var item = $"{l.MemberId}/{l.Id}";
            var failed = Failed("cancel-leave", item);
            var outlook = l.Source == Leave.OutlookSource;
            return new DutyLeaveView(
                $"{l.MemberId}-{l.Id}", item, Name(l.MemberId),
                p.LeaveDays(l.From, l.To, roster.TryGetValue(l.MemberId, out var m) ? m.TimeZone : null, rotation.TimeZone),
                // Outlook's own note is the sync's English record ("Outlook: out of office 80% of the working hours"): the
                // kind says where it came from, in the reader's words (session 53: English on the Japanese page).
                outlook ? null : l.Note, outlook ? p["PmPage.DutyPage.Leave.Outlook"] : null, l.By is { } by ? p.Format("PmPage.DutyPage.Leave.By", roster.ContainsKey(by) || Gone(by) is not null ? Name(by) : by) : null)
            {
                // Outlook's leave is read again on every sync: cancelling it here would not last, so it is changed in Outlook.
                Form = outlook || !n.Visitor.MayAct ? null : new SmallFormView("cancel-leave", p["PmPage.DutyPage.CancelLeave"],
                [
                    new FieldView("memberId", "", null, "hidden", l.MemberId, null, false, 0, []),
                    new FieldView("leaveId", "", null, "hidden", l.Id, null, false, 0, []),
                    .. NameField("cancel-leave", item),
                ]),
                Problem = failed ? FormProblem(errors, ["by"], rotation, p) : null,
            };
        }).ToList();

        // A row's form for a change or leave no longer listed (taken back meanwhile elsewhere): its problem is said at the top.
        var lost = n.FailedItem is { } gone && changes.All(c => c.Id != gone) && leave.All(l => l.Item != gone)
            ? FormProblem(errors, [], rotation, p)
            : null;
        // A week not yet announced the leave keeps its member on (session 62): its hours from the week as the page shows it, 00:00 of
        // the day after its dates to its handoff.
        IEnumerable<string> KeptNotes() => n.Kept.Select(w => open.FirstOrDefault(s => s.Week == w)).OfType<ScheduledShift>().Select(s => p.Format(
            "PmPage.DutyPage.Kept",
            p.CoverRange(TimeZones.StartOfDay(s.EndDate.AddDays(1), zone) is var morning && morning > s.StartsAt ? morning : s.StartsAt, s.EndsAt, zone),
            p.ZoneName(rotation.TimeZone, s.StartsAt, s.EndsAt),
            InSentence(s.Week)));
        var model = new DutyPageView(
            LanguageTag(n.Language), p.Format("PmPage.DutyPage.Title", rotation.DisplayName(n.Language)), Query(n.Language), n.Token.FieldName, n.Token.Value,
            n.Visitor.SignedIn ? p.Format("PmPage.SignedInAs", n.Visitor.Name) : null,
            DoneText(n, p, Days),
            string.Join(n.Language == Language.Ja ? "" : " ", new[]
            {
                n.Warned.Count > 0 ? p.Format("PmPage.DutyPage.Warned", p.Join(n.Warned.Select(InSentence))) : null,
                n.OnLeave.Where(roster.ContainsKey).ToList() is { Count: > 0 } away ? p.Format("PmPage.DutyPage.OnLeave", Named(away)) : null,
                n.LongRun is { } run && roster.ContainsKey(run.MemberId) && WeekStart(run.FromWeek, rotation.HandoffDay) is { } runFrom
                    ? p.Format("PmPage.DutyPage.LongRun", Named([run.MemberId]), runFrom.ToString(p["Format.ReasonDay"], p.Culture), run.Weeks)
                    : null,
                n.OnDutyDuringLeave.Where(roster.ContainsKey).ToList() is { Count: > 0 } still
                    ? n.LeaveDays is { } coming && n.PastLeaveDays is not null
                        ? p.Format(Worded("PmPage.DutyPage.OnDutyDuringLeave.FromToday"), Named(still), Days(coming))
                        : p.Format(Worded("PmPage.DutyPage.OnDutyDuringLeave"), Named(still))
                    : null,
                n.ShortHanded.Count > 0
                    ? p.Format(Worded("PmPage.DutyPage.ShortHanded"), p.Join(n.ShortHanded.Select(InSentence)), rotation.PeoplePerShift) + (n.ShortHandedTold ? p["PmPage.DutyPage.ShortHanded.Told"] : "")
                    : null,
            }.Concat(KeptNotes()).Concat(CoverNotes(n.CoversCancelled, "PmPage.DutyPage.CoversCancelled")).Concat(CoverNotes(n.CoversRestored, "PmPage.DutyPage.CoversRestored"))
                .OfType<string>()) is { Length: > 0 } warning ? warning : null,
            lost ?? (n.Errors.Count > 0 ? p["PmPage.Form.Fix"] : null),
            // The page's one zone statement (「時刻は JST です。」) covers every bare time it lists: the week choices' start times and
            // the changes' stamps. Their labels and rows say no zone of their own (Messages/DESIGN.md, "Times and their zone").
            p.Format("PmPage.TimesIn", p.ZoneName(rotation.TimeZone)),
            shifts, changes, leave, n.Visitor.MayAct ? forms : [])
        {
            ReadOnly = ReadOnlyNote(n.Visitor, p),
            Intro = p[Worded("PmPage.DutyPage.Intro")],
            ShiftsHeading = p[Worded("PmPage.DutyPage.Shifts")],
            NoShifts = p[Worded("PmPage.DutyPage.NoShifts")],
            CurrentMark = p[Worded("PmPage.DutyPage.Mark.Current")],
            NoChanges = p[Worded("PmPage.DutyPage.NoChanges")],
            RequestId = n.RequestId,
            // The forms post back to this rotation's page; the others' pages are a link each (trial 37 M6).
            FormQuery = Query(n.Language) + DutyPageNotice.RotationParameter(rotation.Id, n.PagingRotationId),
            RotationSeparator = n.Language == Language.Ja ? "、" : ", ",
            // Last month's duty report of this rotation (当番実績, for the on-call allowance): its page, with the CSV of the same days.
            DutyReportLink = $"/api/rotations/{Uri.EscapeDataString(rotation.Id)}/duty-report/page{Query(n.Language)}",
            OtherRotations = n.Rotations.Count < 2 ? [] : [.. n.Rotations.Where(r => r.Id != rotation.Id)
                .Select(r => new LinkView(r.DisplayName(n.Language), "/api/status/duty" + Query(n.Language) + DutyPageNotice.RotationParameter(r.Id, n.PagingRotationId)))],
        };
        return templates.RenderHtml("duty-page.html", model, p);
    }

    /// <summary>
    /// What the last post did: the done code's sentence; leave lying entirely in the past says its days and that the rota does not
    /// change, leave that started before today adds that its past days are only recorded.
    /// </summary>
    private static string? DoneText(DutyPageNotice n, Phrases p, Func<(DateOnly From, DateOnly To), string> days) => n.Done switch
    {
        "leavePast" when n.LeaveDays is { } past => p.Format("PmPage.DutyPage.Done.leavePast.Days", days(past)),
        "leaveAdded" when n.PastLeaveDays is { } past => p["PmPage.DutyPage.Done.leaveAdded"] + (n.Language == Language.Ja ? "" : " ")
            + p.Format("PmPage.DutyPage.Done.leaveAdded.Past", days(past)),
        { } done when DutyPageNotice.DoneCodes.Contains(done) => p[Alone(n.Schedule.Rotation, ShiftPhrase(n.Schedule.Rotation, $"PmPage.DutyPage.Done.{done}", p), p)],
        _ => null,
    };

    /// <summary>
    /// A phrase naming who a change is mailed to, said for a one-person rotation by its <c>.One</c> variant where the catalogs have
    /// one: nobody else is on the shift to tell (<c>AnnouncementComposer.ComposeChange</c> mails the replacement, the member replaced,
    /// the shift's other members and the team lists).
    /// </summary>
    private static string Alone(Rotation rotation, string key, Phrases p) => rotation.PeoplePerShift <= 1 && p.Has(key + ".One") ? key + ".One" : key;

    private static DutyFormView DutyForm(string name, Rotation rotation, Phrases p, IReadOnlyDictionary<string, string[]> errors, IReadOnlyList<FieldView> fields) => new(
        name, p[ShiftPhrase(rotation, $"PmPage.DutyPage.{name}.Heading", p)], p[Alone(rotation, ShiftPhrase(rotation, $"PmPage.DutyPage.{name}.Hint", p), p)],
        p[ShiftPhrase(rotation, $"PmPage.DutyPage.{name}.Submit", p)], fields,
        FormProblem(errors, [.. fields.Select(f => f.Name)], rotation, p));

    /// <summary>The problems of a failed form that no field it shows can carry (a refusal naming the change itself), said above its button.</summary>
    private static string? FormProblem(IReadOnlyDictionary<string, string[]> errors, IReadOnlyList<string> shown, Rotation rotation, Phrases p)
    {
        var rest = errors.Where(e => !shown.Contains(e.Key)).Select(e => DutyError(errors, e.Key, rotation, p)).OfType<string>().Distinct().ToList();
        return rest.Count == 0 ? null : string.Join(" ", rest);
    }

    /// <summary>
    /// A field's first problem in the reader's words: a code of the form (arguments after <c>:</c>, several separated by
    /// <c>|</c>), else as stated (a refusal already said by <see cref="RefusalText"/>).
    /// </summary>
    private static string? DutyError(IReadOnlyDictionary<string, string[]> errors, string field, Rotation rotation, Phrases p)
    {
        if (!errors.TryGetValue(field, out var list) || list.Length == 0)
        {
            return null;
        }

        var parts = list[0].Split(':', 2);
        var key = ShiftPhrase(rotation, $"PmPage.Error.{parts[0]}", p);
        return !p.Has(key) ? list[0]
            : parts.Length > 1 ? p.Format(key, [.. parts[1].Split('|')])
            : p[key];
    }

    private sealed record DutyPageView(
        string Lang, string Title, string Query, string TokenField, string Token, string? SignedInAs, string? Done, string? Warning, string? Problem, string TimesIn,
        IReadOnlyList<DutyShiftView> Shifts, IReadOnlyList<DutyChangeView> Changes, IReadOnlyList<DutyLeaveView> Leave, IReadOnlyList<DutyFormView> Forms)
    {
        /// <summary>Said in place of the forms to a visitor who may not use them.</summary>
        public string? ReadOnly { get; init; }

        /// <summary>The page's request id, posted by each form (a repeat of a post is answered as the first).</summary>
        public string? RequestId { get; init; }

        /// <summary>The query the forms post with: the language, and the rotation unless it is the paging one.</summary>
        public string FormQuery { get; init; } = "";

        /// <summary>The duty report page of the rotation (last month), which links its CSV.</summary>
        public string DutyReportLink { get; init; } = "";

        /// <summary>「今週と今後の当番です。…」, or 「今回と今後の当番です。…」 for shifts longer than a week; the same for the next four.</summary>
        public string Intro { get; init; } = "";

        public string ShiftsHeading { get; init; } = "";

        public string NoShifts { get; init; } = "";

        /// <summary>Beside the current shift: 「今週」 / 「今回」.</summary>
        public string CurrentMark { get; init; } = "";

        public string NoChanges { get; init; } = "";

        /// <summary>The other rotations' duty pages (none with one rotation).</summary>
        public IReadOnlyList<LinkView> OtherRotations { get; init; } = [];

        /// <summary>Between two of <see cref="OtherRotations"/>: 「、」 or ", ".</summary>
        public string RotationSeparator { get; init; } = ", ";
    }

    /// <summary>A mail's link to its rotation's duty page: the plain address for the paging rotation, <c>?rotation={id}</c> for any other.</summary>
    private static string DutyPageLink(string baseUrl, Rotation rotation, bool own) =>
        $"{baseUrl}/api/status/duty" + (own ? "?rotation=" + Uri.EscapeDataString(rotation.Id) : "");


    private sealed record DutyShiftView(string Week, string Label, bool Current, bool Announced, string Period, string? Moved, IReadOnlyList<KindView> Members, IReadOnlyList<string> Notes)
    {
        /// <summary>Covers for part of the shift, each as one line (when, who for whom, why, by whom).</summary>
        public IReadOnlyList<string> Covers { get; init; } = [];
    }

    private sealed record DutyChangeView(string Id, string Week, string State, bool Over, string Line, string? Reason, string Meta)
    {
        /// <summary>In effect: the form that takes it back.</summary>
        public SmallFormView? Form { get; init; }

        /// <summary>Its form failed for a reason no field carries (taken back meanwhile).</summary>
        public string? Problem { get; init; }
    }

    private sealed record DutyLeaveView(string Id, string Item, string Member, string Period, string? Note, string? Source, string? By)
    {
        /// <summary>Entered by hand: the form that cancels it.</summary>
        public SmallFormView? Form { get; init; }

        public string? Problem { get; init; }
    }

    private sealed record DutyFormView(string Name, string Heading, string Hint, string Submit, IReadOnlyList<FieldView> Fields, string? Problem);
}
