using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Functions.Http;
using OnDuty.Messages;

namespace OnDuty.Functions.Pages;

/// <summary>
/// The PM pages over the incident use cases: who the visitor is (<see cref="PageAccess"/>), anti-forgery on every post,
/// the form read and checked (<see cref="PageForm"/>), one use case called, then 303 to the page (post-redirect-get) or the
/// form again with what was typed and what is wrong (400). Pages are rendered by the message layer.
/// </summary>
public sealed class PmPages(
    IncidentService incidents,
    PagesUndeliveredReader undelivered,
    IncidentMerger merger,
    IncidentUnmerger unmerger,
    OnDuty.Core.Maintenance.MaintenanceService maintenance,
    OnDuty.Core.Heartbeats.HeartbeatMonitor heartbeats,
    IncidentDraftService drafts,
    OnDuty.Core.Retros.CriteriaService criteria,
    OnDuty.Core.Retros.LessonSearch lessons,
    OnDuty.Core.Retros.IRetroRepository retros,
    PageAccess access,
    IAntiforgery antiforgery,
    IOptions<AntiforgeryOptions> antiforgeryOptions,
    INoticeRenderer renderer,
    ReaderLanguage languages,
    TimeProvider time,
    IOptions<IncidentOptions> incidentOptions,
    ILogger<PmPages> logger,
    OnDuty.Core.Team.IRosterRepository roster,
    IOptions<OnDuty.Core.Comms.CommsOptions> comms,
    OnDuty.Core.Notifications.OutboxResender resender,
    OnDuty.Core.Notifications.LatePagesReader latePages,
    OnDuty.Core.Team.IGroupDirectory directory,
    IncidentFollowing following,
    IOptions<OnDuty.Core.Retros.RetroOptions> retroOptions,
    OnDuty.Core.Calendar.IWorkingCalendar calendar,
    ConfidentialGate gate,
    IncidentReaders readers)
{
    internal IncidentOptions Options => incidentOptions.Value;

    public Task<IActionResult> NewFormAsync(HttpRequest request) =>
        RunAsync(request, "/api/incidents/new", async (visitor, language, ct) =>
            Html(request, StatusCodes.Status200OK, await FormPageAsync(request, visitor, language, null, ct)));

    public Task<IActionResult> DeclareAsync(HttpRequest request) =>
        PostAsync(request, "/api/incidents/new", null, async (form, visitor, language, ct) =>
        {
            visitor = await IdentifiedAsync(visitor, ct);
            var by = By(form, visitor);
            var details = form.Declaration(Options.Zone, time.GetUtcNow());
            if (details is null || by is null)
            {
                return Html(request, StatusCodes.Status400BadRequest, await FormPageAsync(request, visitor, language, form, ct));
            }

            try
            {
                // A declarer signed in as a roster member follows what they declared: the next updates and the recovery come to them
                // too. A name typed without sign-in follows nothing.
                var (saved, _) = await incidents.CreateAsync(details, by, form.RequestKey("declare"), ct, declarerFollows: visitor.Member is not null);
                return SeeOther(request, saved.Value.Id, language, "declared");
            }
            catch (ValidationException ex)
            {
                form.AddAll(ex.Errors);
                return Html(request, StatusCodes.Status400BadRequest, await FormPageAsync(request, visitor, language, form, ct));
            }
        }, openToEveryone: true);

    public Task<IActionResult> IncidentAsync(HttpRequest request, string id) =>
        RunAsync(request, PagePath(id), async (visitor, language, ct) =>
        {
            var done = request.Query["done"].ToString();
            // ?status=resolved: the resolve link of 【アラート解消・要確認】 opens the update form with 復旧済み chosen.
            var preset = string.Equals(request.Query["status"].ToString(), "resolved", StringComparison.Ordinal) ? IncidentStatus.Resolved : (IncidentStatus?)null;
            var notice = int.TryParse(request.Query["notice"].ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var k) && k > 0 ? k : (int?)null;
            var page = await WorkPageAsync(request, id, visitor, language, ct) with { Done = done.Length > 0 ? done : null, DoneNotice = notice, PresetStatus = preset };
            if (done == "mergedMany")
            {
                // What the merge-many form did, from its redirect: ids only (any other text is dropped, and the page encodes what it shows).
                static IEnumerable<string> Listed(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(IncidentMerger.MaxMergedTogether);
                page = page with
                {
                    MergedMany = [.. Listed(request.Query["merged"].ToString())],
                    SkippedMany = [.. Listed(request.Query["skipped"].ToString()).Select(s => s.Split(':')).Where(s => s.Length >= 2).Select(s => new SkippedMerge(s[0], s[1], s.Length > 2 && s[2].Length > 0 ? s[2] : null))],
                };
            }

            return Html(request, StatusCodes.Status200OK, renderer.Page(page));
        }, acts: true);

    /// <summary>One of the incident page's forms: <c>update</c>, <c>details</c>, <c>ack</c>, <c>help</c>, <c>drafts</c>, <c>merge</c>, <c>unmerge</c>, <c>follow</c> or <c>unfollow</c>.</summary>
    public Task<IActionResult> IncidentPostAsync(HttpRequest request, string id, string formName) =>
        PostAsync(request, PagePath(id), id, IncidentFormAsync(request, id, formName),
            // The security officer decides who else reads a confidential incident: its readers forms are theirs, roster or not.
            mayActHere: formName is "reader-add" or "reader-remove" ? (visitor, ct) => ManagesReadersAsync(id, visitor, ct) : null);

    /// <summary>
    /// True when <paramref name="visitor"/>, who may not act on the pages, manages the readers of incident <paramref name="id"/>: they
    /// are the security officer (<see cref="ConfidentialAccess.ManagesReaders"/>) and it is confidential (one point read).
    /// </summary>
    private async Task<bool> ManagesReadersAsync(string id, PageVisitor visitor, CancellationToken ct) =>
        ConfidentialAccess.ManagesReaders(visitor, Options) && (await incidents.GetRecordAsync(id, ct)).Value.Confidential;

    /// <summary>
    /// Who added or took off a reader, as the timeline, the API's <c>addedBy</c> and the added person's mail name them: a member by id,
    /// as every form records them; anyone else signed in (the security officer on no roster) by name with their address, which the
    /// person added — often outside the company — can check; null when nobody is signed in (the name the form asks).
    /// </summary>
    private static string? ReaderBy(PageVisitor visitor) =>
        !visitor.SignedIn ? null
        : visitor.Member is { } member ? member.Id
        : visitor.Email is { } email && !Member.SameAddress(visitor.Name, email) ? $"{visitor.Name} ({email})"
        : visitor.Name;

    private Func<PageForm, PageVisitor, Language, CancellationToken, Task<IActionResult>> IncidentFormAsync(HttpRequest request, string id, string formName) =>
        async (form, visitor, language, ct) =>
        {
            // A confidential incident's forms are for those who may read it: refused before anything is written.
            await gate.EnsureMayReadAsync(id, visitor, ct);
            var by = By(form, visitor);
            var key = form.RequestKey(formName);
            try
            {
                switch (formName)
                {
                    case "update":
                        var status = form.Status("status");
                        var alsoTell = AlsoTellForm.Checked(form);
                        var message = form.Text("message", Incident.MaxTextLength);

                        // Shown filled in with what is recorded: emptied, it is cleared; a form without them leaves them as they are.
                        var cause = form.Values.ContainsKey("cause") ? form.Text("cause", Incident.MaxTextLength) ?? "" : null;
                        var nextSteps = form.Values.ContainsKey("nextSteps") ? form.Text("nextSteps", Incident.MaxTextLength) ?? "" : null;
                        var before = (await incidents.GetAsync(id, ct)).Incident.Value;
                        // A field posted back as the page showed it is no change of this person's, whatever the record says now.
                        var shownDetails = form.Values.GetValueOrDefault(ShownDetails.Field);
                        cause = cause is not null && ShownDetails.Edited(shownDetails, ShownDetails.Cause, cause) ? cause : null;
                        nextSteps = nextSteps is not null && ShownDetails.Edited(shownDetails, ShownDetails.NextSteps, nextSteps) ? nextSteps : null;

                        // Severity and workaround are shown as recorded: only a change is sent, with the message in one update.
                        var severity = form.Values.ContainsKey("severity") ? form.Severity("severity", required: false) : null;
                        severity = severity == before.Severity || (severity is { } postedSeverity && !ShownDetails.Edited(shownDetails, ShownDetails.Severity, postedSeverity.ToString())) ? null : severity;
                        var workaround = form.Values.ContainsKey("workaround") ? form.Text("workaround", Incident.MaxTextLength) ?? "" : null;
                        workaround = workaround is not null && workaround != (before.Workaround ?? "") && ShownDetails.Edited(shownDetails, ShownDetails.Workaround, workaround) ? workaround : null;
                        // The impact likewise (trial day 28, M6.1): a SEV2 raised to SEV1 tells who is affected now in the same notice.
                        var userImpact = form.Values.ContainsKey("userImpact") ? form.Text("userImpact", Incident.MaxTextLength) ?? "" : null;
                        userImpact = userImpact is not null && userImpact != (before.UserImpact ?? "") && ShownDetails.Edited(shownDetails, ShownDetails.UserImpact, userImpact) ? userImpact : null;
                        var now = time.GetUtcNow();
                        var resolving = status == IncidentStatus.Resolved;
                        var resolvedAt = form.Time("resolvedAt", Options.Zone, now);
                        if (resolvedAt is not null && !resolving)
                        {
                            form.Add("resolvedAt", "resolvedOnlyWhenResolved");
                        }
                        else if (resolvedAt < before.StartedAt)
                        {
                            form.Add("resolvedAt", "beforeStart");
                        }

                        // The promised next update (none when resolving). Left at the default the page showed: that time, while still
                        // ahead, so the notice says what the form showed (not the cadence from the later submit, or of a severity
                        // changed in the same form); the cadence once it has passed. Only a time the person typed counts as a change.
                        var leftAtDefault = form.Values.GetValueOrDefault("nextUpdateAt")?.Trim() == form.Values.GetValueOrDefault("nextUpdateDefault")?.Trim();
                        var nextUpdateAt = resolving ? null
                            : leftAtDefault ? form.LocalTime("nextUpdateAt", Options.Zone) is { } offered && offered > now ? offered : null
                            : form.NextUpdate("nextUpdateAt", Options.Zone, now);
                        var followUp = (cause is not null && cause != (before.Cause ?? "")) || (nextSteps is not null && nextSteps != (before.NextSteps ?? ""));
                        var changed = followUp || severity is not null || userImpact is not null || workaround is not null || resolvedAt is not null || (nextUpdateAt is not null && !leftAtDefault);
                        // 「前回の報告の訂正として送る」: the notice corrects the one before (【訂正】); it may correct what a details edit changed.
                        var asCorrection = form.Values.GetValueOrDefault("correction")?.Trim() == "true";
                        if (message is null && status == before.Status && !changed && !asCorrection && alsoTell is null)
                        {
                            form.Add("message", "message");
                        }

                        if (!form.Valid || by is null)
                        {
                            break;
                        }

                        // The promise rides on the edit even left at the default (unchanged details post no edit of their own since
                        // the form says what it showed): without it the notice lost the time the form offered.
                        var updateEdit = cause is null && nextSteps is null && nextUpdateAt is null && !changed && !asCorrection
                            ? null
                            : new IncidentEdit { Cause = cause, NextSteps = nextSteps, Severity = severity, UserImpact = userImpact, Workaround = workaround, ResolvedAt = resolvedAt, NextUpdateAt = nextUpdateAt, Correction = asCorrection };
                        updateEdit = AlsoTellForm.With(updateEdit, alsoTell);
                        // The form says which person update its page showed: one another person posted since is not contradicted unseen.
                        var posted = StaleUpdate.TryParse(form.Values.GetValueOrDefault(StaleUpdate.Field), out var shownUpdate)
                            ? await incidents.PostUpdateShownAsync(id, status, message, updateEdit, by, shownUpdate, key, ct)
                            : await incidents.PostUpdateAsync(id, status, message, updateEdit, by, null, key, ct);

                        // The notice this update issued: the page says which one went to whom (its timeline row), or that nobody was told.
                        return Done(request, PagePath(id), language, "updated", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"&notice={posted.Value.Comms.Issued}"));
                    case "details":
                        var edit = form.Details(Options.Zone, time.GetUtcNow());
                        var etag = form.Values.GetValueOrDefault("etag");
                        var shown = (await incidents.GetAsync(id, ct)).Incident.Value;
                        if (edit.ResolvedAt < (edit.StartedAt ?? shown.StartedAt))
                        {
                            form.Add("resolvedAt", "beforeStart");
                        }

                        // 「関係者には知らせない（記録の訂正）」: saved without a notice. A form that showed the choice must bring one
                        // (notifyAsked); a page from before the choice, or one that offered none (nobody to tell), is told, as before.
                        var notify = form.Values.GetValueOrDefault(IncidentWorkPageNotice.NotifyField)?.Trim();
                        var quiet = notify == IncidentWorkPageNotice.NotifyQuiet;
                        var asked = form.Values.GetValueOrDefault(IncidentWorkPageNotice.NotifyAskedField)?.Trim() == "1";
                        if ((!string.IsNullOrEmpty(notify) && !quiet && notify != IncidentWorkPageNotice.NotifyTell) || (string.IsNullOrEmpty(notify) && asked))
                        {
                            form.Add(IncidentWorkPageNotice.NotifyField, "notifyChoice");
                        }
                        else if (quiet && edit.Severity < shown.Severity)
                        {
                            // A raise may add audiences who must hear of it: not quietly.
                            form.Add("severity", "quietRaise");
                        }

                        if (!form.Valid || by is null)
                        {
                            break;
                        }

                        // The form shows times to the minute: one posted back as shown is no correction.
                        edit = edit with
                        {
                            StartedAt = SameMinute(edit.StartedAt, shown.StartedAt) ? null : edit.StartedAt,
                            ResolvedAt = SameMinute(edit.ResolvedAt, shown.ResolvedAt) ? null : edit.ResolvedAt,
                        };

                        if (!string.IsNullOrEmpty(etag) && etag != DetailsVersion((await incidents.GetAsync(id, ct)).Incident.Value))
                        {
                            throw new ConcurrencyException($"The details of incident '{id}' were changed by someone else since this page was loaded; reload it and edit again.");
                        }

                        if (quiet)
                        {
                            await incidents.CorrectAsync(id, edit, by, null, key, ct);
                            return SeeOther(request, id, language, "corrected");
                        }

                        // Saved telling the stakeholders: the notice it issued, as an update's confirmation names it (「第2報を…に送ります」).
                        var edited = await incidents.PostUpdateAsync(id, null, null, edit, by, null, key, ct);
                        return Done(request, PagePath(id), language, "edited", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"&notice={edited.Value.Comms.Issued}"));
                    case "ack":
                        if (by is null)
                        {
                            break;
                        }

                        var current = (await incidents.GetAsync(id, ct)).Incident.Value;
                        var ackAs = visitor.Member is null ? DutyMemberId(current.Assignees, visitor) ?? by : by;
                        // Not a duty member: the signed-in address they acknowledged from (the 対応開始 mail leaves them out, reminders reach them).
                        var duty = current.Assignees.Any(a => string.Equals(a.Id, ackAs, StringComparison.Ordinal));
                        var acknowledged = await incidents.AcknowledgeFromAsync(id, ackAs, duty ? null : visitor.Email, key, ct);
                        if (!string.Equals(acknowledged.Value.Id, id, StringComparison.OrdinalIgnoreCase))
                        {
                            // Merged since the page was loaded: the acknowledgement went to the incident it was merged into, or was
                            // not recorded there (resolved, or someone else holds it); the page says which and links it.
                            return SeeOther(request, id, language, acknowledged.Value.IsOpen && acknowledged.Value.AcknowledgedBy == ackAs ? "ackMerged" : "ackMergedNot");
                        }

                        // A page loaded while it was open, posted after it recovered, or after another person took it (the partner
                        // woken by the same page): nothing recorded, and the page says why (who holds it is in its facts).
                        return SeeOther(request, id, language, IncidentService.RefusedAsResolved(acknowledged.Value, ackAs) ? "alreadyResolved"
                            : acknowledged.Value.AcknowledgedByPerson && !string.Equals(acknowledged.Value.AcknowledgedBy, ackAs, StringComparison.Ordinal) ? "ackedByOther"
                            : "acknowledged");
                    case "confidential":
                        // 「非公開にする」 / 「非公開を解除する」: the form says which (true or false); anything else is no request of this form.
                        if (by is null || form.Values.GetValueOrDefault("confidential") is not ("true" or "false"))
                        {
                            break;
                        }

                        var confidential = form.Values["confidential"] == "true";
                        // Why, when marking (optional): said in the security officer's mail.
                        var confidentialReason = confidential ? form.Line("reason", IncidentService.ConfidentialReasonMaxLength) : null;
                        if (!form.Valid)
                        {
                            break;
                        }

                        await incidents.MarkConfidentialAsync(id, confidential, by, ct, confidentialReason);
                        return SeeOther(request, id, language, confidential ? "confidential" : "notConfidential");
                    case "reader-add" or "reader-remove":
                        // 「閲覧できる人を追加」 and each one's remove button: a mail address, on a confidential incident's page.
                        var readerAddress = form.Line("address", OnDuty.Core.Incidents.IncidentReaders.MaxAddressLength, required: true);
                        if (!form.Valid || by is null || readerAddress is null)
                        {
                            break;
                        }

                        var readerBy = ReaderBy(visitor) ?? by;
                        var changedReaders = formName == "reader-add"
                            ? await readers.AddAsync(id, readerAddress, readerBy, ct)
                            : await readers.RemoveAsync(id, readerAddress, readerBy, ct);
                        return SeeOther(request, id, language, formName == "reader-add" ? (changedReaders ? "readerAdded" : "readerKnown") : "readerRemoved");
                    case "takeover":
                        // A member who is not the one holding it (after the handoff, 伊藤 takes what 田中 acknowledged): signed in only,
                        // as what it records is the roster member.
                        if (visitor.Member is not { } taker)
                        {
                            break;
                        }

                        try
                        {
                            await incidents.TakeOverAsync(id, taker.Id, visitor.Email, ct);
                            return SeeOther(request, id, language, "tookOver");
                        }
                        catch (ConflictException)
                        {
                            // Resolved or merged since the page was loaded: nothing recorded, and the page says which (a merge
                            // names the incident to take over instead, linked).
                            var refused = (await incidents.GetAsync(id, ct)).Incident.Value;
                            return SeeOther(request, id, language, refused.MergedInto is null ? "takeoverResolved" : "takeoverMerged");
                        }

                    case "snooze":
                        // 「スヌーズ」 (acknowledgement expiry): the signed-in holder or one of the pair, one of the lengths the page offers.
                        if (visitor.Member is not { } snoozer)
                        {
                            break;
                        }

                        if (!int.TryParse(form.Values.GetValueOrDefault("minutes"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var snoozeMinutes)
                            || !IncidentService.SnoozeChoices.Contains(snoozeMinutes))
                        {
                            form.Add("minutes", "required");
                            break;
                        }

                        var snoozed = (await incidents.GetAsync(id, ct)).Incident.Value;
                        if (snoozed.AcknowledgedBy != snoozer.Id && !snoozed.Assignees.Any(a => a.Id == snoozer.Id))
                        {
                            return SeeOther(request, id, language, "snoozeNotYours");
                        }

                        try
                        {
                            await incidents.SnoozeAsync(id, snoozer.Id, snoozeMinutes, ct);
                            return SeeOther(request, id, language, "snoozed");
                        }
                        catch (ConflictException)
                        {
                            // Resolved, merged, or its acknowledgement lapsed since the page was loaded: nothing recorded.
                            return SeeOther(request, id, language, "snoozeRefused");
                        }
                    case "assign":
                        // 「担当を割り当てる」 (trial 61, PagerDuty's "Reassign"): the visitor hands it to a member they pick, who is told by
                        // mail. Anyone who may act (locally, not signed in: the name asked, as the other forms ask it).
                        var assignee = form.Values.GetValueOrDefault(IncidentWorkPageNotice.AssignField)?.Trim();
                        if (string.IsNullOrEmpty(assignee))
                        {
                            form.Add(IncidentWorkPageNotice.AssignField, "required");
                        }

                        if (!form.Valid || by is null)
                        {
                            break;
                        }

                        // Only an active member with an address (the form's list): one taken off the roster since the page loaded is not given it.
                        if (!Slug.IsValid(assignee!) || (await roster.GetMemberAsync(assignee!, ct))?.Value is not { Active: true } chosen || string.IsNullOrWhiteSpace(chosen.Email))
                        {
                            return SeeOther(request, id, language, "assignNotMember");
                        }

                        try
                        {
                            // Not the visitor's sign-in as where the holder took it from: that address is the visitor's, not the holder's.
                            await incidents.TakeOverAsync(id, chosen.Id, null, ct, assignedBy: by);
                            // Picked themselves: taken over, and nobody mailed about an assignment.
                            return SeeOther(request, id, language, chosen.IsRecordedAs(by) || (visitor.Member is { } self && self.Id == chosen.Id) ? "tookOver" : "assigned");
                        }
                        catch (ConflictException)
                        {
                            // Resolved or merged since the page was loaded: as the takeover form answers. Still open: nobody has taken it
                            // (the form is offered only once a person has; a tool's acknowledgement is not one), so its pages go on.
                            var refusedAssign = (await incidents.GetAsync(id, ct)).Incident.Value;
                            return SeeOther(request, id, language, refusedAssign.MergedInto is not null ? "takeoverMerged" : refusedAssign.IsOpen ? "assignNotTaken" : "takeoverResolved");
                        }

                    case "commslead-take" or "commslead-assign" or "commslead-clear":
                        // 連絡担当 (incident.io's "Communications Lead"): 「連絡担当になる」 (the signed-in member, or the name asked when not signed
                        // in: a roster member's id or address), 「連絡担当を割り当てる」 (an active member the visitor picks, told by mail) and
                        // 「連絡担当をやめる」. Anyone who may act.
                        var leadChoice = formName == "commslead-assign" ? form.Values.GetValueOrDefault(IncidentWorkPageNotice.CommsLeadField)?.Trim() : null;
                        if (formName == "commslead-assign" && string.IsNullOrEmpty(leadChoice))
                        {
                            form.Add(IncidentWorkPageNotice.CommsLeadField, "required");
                        }

                        if (!form.Valid || by is null)
                        {
                            break;
                        }

                        try
                        {
                            if (formName == "commslead-clear")
                            {
                                await incidents.ClearCommsLeadAsync(id, visitor.Member?.Id ?? by, ct);
                                return SeeOther(request, id, language, "commsLeadCleared");
                            }

                            var lead = formName == "commslead-take" ? visitor.Member?.Id ?? by : leadChoice!;
                            var made = await incidents.SetCommsLeadAsync(id, lead, visitor.Member?.Id ?? by, ct);
                            return SeeOther(request, id, language, made.Value.CommsLead is { } madeLead && (madeLead == visitor.Member?.Id || formName == "commslead-take")
                                ? "commsLeadTaken" : "commsLeadAssigned");
                        }
                        catch (ValidationException ex) when (ex.Errors.ContainsKey("member"))
                        {
                            // Taken off the roster since the page loaded, or a name typed that is no member with an address: nothing recorded.
                            return SeeOther(request, id, language, "commsLeadNotMember");
                        }
                        catch (ConflictException)
                        {
                            var refusedLead = (await incidents.GetAsync(id, ct)).Incident.Value;
                            return SeeOther(request, id, language, refusedLead.MergedInto is null ? "commsLeadResolved" : "commsLeadMerged");
                        }

                    case "releaseHold":
                        if (by is null)
                        {
                            break;
                        }

                        try
                        {
                            await maintenance.ReleaseOneAsync(id, by, ct);
                            return SeeOther(request, id, language, "holdReleased");
                        }
                        catch (ConflictException)
                        {
                            // Resolved or acknowledged since the page was loaded: nothing to release, and the page says so.
                            return SeeOther(request, id, language, "holdNotHeld");
                        }

                    case "help":
                        var note = form.Text("message", Incident.MaxTextLength);
                        // One member asked by name (a member id from the form's list), or the whole organisation (empty).
                        var askFor = form.Values.GetValueOrDefault(IncidentWorkPageNotice.HelpAskField)?.Trim() is { Length: > 0 } askedId ? askedId : null;
                        if (!form.Valid || by is null)
                        {
                            break;
                        }

                        try
                        {
                            await incidents.CallForHelpAsync(id, by, note, key, ct, askFor);
                        }
                        catch (ValidationException) when (askFor is not null)
                        {
                            // Taken off the roster (or left without an address) since the page was loaded: nobody asked.
                            form.Add(IncidentWorkPageNotice.HelpAskField, "helpAskNotMember");
                            break;
                        }

                        return SeeOther(request, id, language, askFor is null ? "helpCalled" : "helpAsked");
                    case "resend":
                        // One give-up (a timeline row's button: message) or every one of the incident's (the button by the banner).
                        // Asks no name of a visitor not signed in (locally only): nothing they type is recorded but who pressed it.
                        var resendBy = by ?? "page";
                        var one = form.Values.GetValueOrDefault("message")?.Trim();
                        try
                        {
                            var any = string.IsNullOrEmpty(one)
                                ? (await resender.ResendIncidentAsync(id, resendBy, ct)).Resent.Count > 0
                                : await resender.ResendAsync(one, resendBy, ct, incidentId: id) is not null;
                            return SeeOther(request, id, language, any ? "resent" : "resentNone");
                        }
                        catch (ConflictException)
                        {
                            // Pending, sent, or no longer applying: nothing sent twice, and the page says there was nothing to re-send.
                            return SeeOther(request, id, language, "resentNone");
                        }

                    case "merge":
                        var into = form.Text("into", 40, required: true)?.ToUpperInvariant();
                        if (!form.Valid || by is null || into is null)
                        {
                            break;
                        }

                        // A raise is confirmed for the incident it was shown for: the confirm step's hidden field names it.
                        var confirmed = string.Equals(form.Values.GetValueOrDefault(IncidentWorkPageNotice.MergeConfirmField)?.Trim(), into, StringComparison.OrdinalIgnoreCase);
                        // Or its second button: merge keeping that incident's severity (trial 39 M2).
                        var keep = string.Equals(form.Values.GetValueOrDefault(IncidentWorkPageNotice.MergeKeepField)?.Trim(), into, StringComparison.OrdinalIgnoreCase);
                        if (await MergeRefusalAsync(id, into, confirmed || keep, ct) is { } refusal)
                        {
                            form.Add("into", refusal);
                            break;
                        }

                        // Merging into a confidential incident changes it and leads to its page: only for those who may read it.
                        await gate.EnsureMayReadAsync(into, visitor, ct);

                        try
                        {
                            var mergedInto = await merger.MergeAsync(id, into, by, ct, confirmSeverity: !keep, keepSeverity: keep);
                            return SeeOther(request, mergedInto.Value.Id, language, "merged");
                        }
                        catch (ConcurrencyException ex)
                        {
                            // Changed in between (resolved, merged, filled up): said as the API says it.
                            form.Add("into", ex.Message);
                            break;
                        }

                    case "unmerge":
                        // The merged duplicate's page undoes its own merge; the page of the one merged into picks which of its merged ones.
                        // Asked first (the confirm step names both), then done with the hidden field naming the duplicate confirmed.
                        var confirmedDuplicate = form.Values.GetValueOrDefault(IncidentWorkPageNotice.UnmergeConfirmField)?.Trim().ToUpperInvariant();
                        var picked = form.Values.GetValueOrDefault(IncidentWorkPageNotice.UnmergeField)?.Trim().ToUpperInvariant();
                        var duplicateId = confirmedDuplicate is { Length: > 0 } ? confirmedDuplicate : picked is { Length: > 0 } ? picked : id.Trim().ToUpperInvariant();
                        if (by is null)
                        {
                            break;
                        }

                        var shownIncident = (await incidents.GetAsync(id, ct)).Incident.Value;
                        Incident? mergedOne = duplicateId == shownIncident.Id ? shownIncident
                            : shownIncident.MergedIncidents.Contains(duplicateId, StringComparer.Ordinal) ? (await incidents.GetAsync(duplicateId, ct)).Incident.Value : null;
                        if (mergedOne is not { MergedInto: { } unmergeFrom })
                        {
                            form.Add(IncidentWorkPageNotice.UnmergeField, "unmergeNotMerged");
                            break;
                        }

                        if (confirmedDuplicate != mergedOne.Id)
                        {
                            form.Add(IncidentWorkPageNotice.UnmergeField, $"{IncidentWorkPageNotice.UnmergeAsks}:{mergedOne.Id}|{unmergeFrom}");
                            break;
                        }

                        try
                        {
                            var reopened = await unmerger.UnmergeAsync(mergedOne.Id, by, ct);
                            return SeeOther(request, reopened.Value.Id, language, "unmerged");
                        }
                        catch (ConflictException)
                        {
                            // Undone in between elsewhere: said as the form says it when it was never merged.
                            form.Add(IncidentWorkPageNotice.UnmergeField, "unmergeNotMerged");
                            break;
                        }
                        catch (ConcurrencyException ex)
                        {
                            // Changed in between (the other merged into a third): said as the API says it.
                            form.Add(IncidentWorkPageNotice.UnmergeField, ex.Message);
                            break;
                        }

                    case "mergeMany":
                        // The incidents ticked on this page (the one kept): each merged into it as the merge form merges one.
                        var sources = Ticked(form, IncidentWorkPageNotice.MergeManyPrefix);
                        if (sources.Count == 0)
                        {
                            form.Add("mergeIds", "noneTicked");
                        }

                        if (!form.Valid || by is null)
                        {
                            break;
                        }

                        // A raise of this incident's severity is not taken unasked: that one is left, and the page says to merge it alone.
                        var together = await merger.MergeManyAsync(id, sources.Take(IncidentMerger.MaxMergedTogether).ToList(), by, ct, confirmSeverity: false);
                        return Done(request, PagePath(id), language, "mergedMany",
                            $"&merged={Uri.EscapeDataString(string.Join(',', together.Merged))}&skipped={Uri.EscapeDataString(string.Join(',', together.Skipped.Select(s => $"{s.Id}:{s.Reason}:{s.MergedInto}")))}");

                    case "drafts":
                        var approve = form.Values.GetValueOrDefault("approve") == "true";
                        var approver = form.Line("approvedBy", 100) ?? (approve && !form.Errors.ContainsKey("approvedBy") ? visitor.Name : null);
                        var customerNotice = form.Text("customerNotice", IncidentDraft.MaxNoticeLength, required: true);
                        var customerWorkaround = form.Text("draftWorkaround", IncidentDraft.MaxTextLength);
                        if (approve && approver is null)
                        {
                            form.Add("approvedBy", "approver");
                        }

                        if (approve)
                        {
                            // Not approved, and nothing saved, while a generated marker or blank is left: said next to each field holding one.
                            foreach (var field in new[] { "customerNotice", "draftWorkaround", "faq" })
                            {
                                if (DraftMarkers.Count(form.Values.GetValueOrDefault(field)) is var count and > 0)
                                {
                                    form.Add(field, $"draftMarkers:{count}");
                                }
                            }
                        }

                        if (!form.Valid || by is null || customerNotice is null)
                        {
                            break;
                        }

                        var draft = new IncidentDraft
                        {
                            Language = language,
                            CustomerNotice = customerNotice,
                            Workaround = customerWorkaround ?? "",
                            Faq = IncidentDraftService.ParseFaq(form.Values.GetValueOrDefault("faq") ?? ""),
                            Status = approve ? DraftStatus.Approved : DraftStatus.Draft,
                            ApprovedBy = approver,
                        };
                        await drafts.SaveAsync(id, draft, form.Values.GetValueOrDefault("draftEtag") ?? "", by, ct, form.Values.GetValueOrDefault("draftInputs"));
                        // Approved or not, said as it was saved: the approver's name is read back from the saved drafts.
                        return SeeOther(request, id, language, approve ? "draftsApproved" : "draftsSaved");
                    case "follow" or "unfollow":
                        // A follower is a roster member (their address and language are the roster's): anyone else is told whom to ask.
                        if (visitor.Member is not { } follower)
                        {
                            return Html(request, StatusCodes.Status403Forbidden, renderer.Page(new PageProblemNotice(language, PageProblem.NotOnRoster, id)
                            {
                                Visitor = visitor,
                                Back = PagePath(id) + Lang(language),
                            }));
                        }

                        var changedFollow = formName == "follow"
                            ? await following.FollowAsync(id, follower.Id, ct)
                            : await following.UnfollowAsync(id, follower.Id, ct);
                        logger.LogInformation("{Member} {Action} {IncidentId} from its page (changed: {Changed})", follower.Id, formName == "follow" ? "follows" : "no longer follows", id, changedFollow);
                        return SeeOther(request, id, language, formName == "follow" ? "followed" : "unfollowed");
                    default:
                        return Html(request, StatusCodes.Status404NotFound, renderer.Page(new PageProblemNotice(language, PageProblem.NotFound, id)));
                }
            }
            catch (ValidationException ex)
            {
                // 「前回の報告の訂正として送る」 with nothing told changed: said in the reader's words next to the checkbox.
                form.AddAll(ex.Refusals.TryGetValue("correction", out var refusal) && refusal.Code == Incident.NothingToCorrect
                    ? new Dictionary<string, string[]>(ex.Errors) { ["correction"] = [Incident.NothingToCorrect] } : ex.Errors);
            }
            catch (StaleUpdateException ex)
            {
                // Another person's update went out meanwhile: nothing sent; the form again with what was typed, saying whose and
                // what, and now carrying that update's version, so sending it again sends it knowingly.
                var stalePage = await WorkPageAsync(request, id, visitor, language, ct) with { FailedForm = formName, Values = form.Values, UpdateStale = ex.Update };
                return Html(request, StatusCodes.Status409Conflict, renderer.Page(stalePage));
            }
            catch (ConcurrencyException) when (formName is "details" or "drafts")
            {
                // Someone saved in between: keep what this person typed, say so; nothing of theirs is overwritten.
                form.Add(formName == "details" ? "title" : "customerNotice", formName == "details" ? "stale" : "draftStale");
            }

            var page = await WorkPageAsync(request, id, visitor, language, ct) with
            {
                FailedForm = formName,
                Values = form.Values,
                Errors = form.Errors,
            };
            // The merge's confirm step is a question, not a mistake.
            var confirming = form.Errors.Count == 1
                && ((form.Errors.GetValueOrDefault("into") is [var only] && only.StartsWith(IncidentWorkPageNotice.MergeRaises + ":", StringComparison.Ordinal))
                    || (form.Errors.GetValueOrDefault(IncidentWorkPageNotice.UnmergeField) is [var question] && question.StartsWith(IncidentWorkPageNotice.UnmergeAsks + ":", StringComparison.Ordinal)));
            return Html(request, confirming ? StatusCodes.Status200OK
                : form.Errors.Values.Any(v => v.Contains("stale") || v.Contains("draftStale")) ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest, renderer.Page(page));
        };

    /// <summary>
    /// Why the page's merge cannot be done, as an error code the page says in the reader's words; null when it can. A merge that
    /// raises the severity of the incident merged into and was not <paramref name="confirmed"/> is the confirm step
    /// (<c>mergeRaises:{into}|{from}|{to}</c>): the form says what it does and asks again.
    /// </summary>
    private async Task<string?> MergeRefusalAsync(string id, string into, bool confirmed, CancellationToken cancellationToken)
    {
        var merging = await incidents.GetRecordAsync(id, cancellationToken);
        if (into == merging.Value.Id)
        {
            return "mergeItself";
        }

        Versioned<Incident> target;
        try
        {
            target = await incidents.GetRecordAsync(into, cancellationToken);
        }
        catch (NotFoundException)
        {
            return $"mergeNotFound:{into}";
        }

        return target.Value.CannotMergeIn(merging.Value, time.GetUtcNow()) is { } refusal ? $"merge{refusal}:{into}"
            : !confirmed && IncidentMerger.RaisedSeverity(merging.Value, target.Value) is { } raise ? $"{IncidentWorkPageNotice.MergeRaises}:{target.Value.Id}|{raise.From}|{raise.To}"
            : null;
    }

    public Task<IActionResult> StatusAsync(HttpRequest request) =>
        RunAsync(request, "/api/status", async (visitor, language, ct) =>
        {
            // Four reads of their own tables, side by side: the page waits for the slowest, not for their sum.
            var boardRead = incidents.StatusBoardAsync(ct);
            var windowsRead = maintenance.ListAsync(ended: false, ct);
            var heartbeatsRead = heartbeats.ListAsync(ct);
            // The roster names whoever acknowledged when she is not one of the incident's duty members (a lead took it): as this
            // instance keeps it, the copy the visitor was known by, so a view of the board reads no roster (bench.sh status page p50).
            var membersRead = MembersAsync(ct, kept: true);
            var formerRead = FormerAsync(ct);
            await Task.WhenAll(boardRead, windowsRead, heartbeatsRead, membersRead, formerRead);
            var board = await boardRead;
            // Pages the health check finds late, and which waiting incidents they leave reached by nobody (trial 36 M2).
            var late = await latePages.ReadAsync([.. board.Select(e => e.Incident)], ct);
            // Who holds an open one and is on leave: one leave read per member holding one (none while no person holds any).
            var away = await roster.HoldersAwayAsync(board.Select(e => e.Incident), await membersRead, Today(), calendar, ct, Options.Zone, time.GetUtcNow());
            return Html(request, StatusCodes.Status200OK, renderer.Page(new StatusPageNotice(language, board, Options.TimeZone, time.GetUtcNow())
            {
                HoldersAway = away,
                Maintenance = [.. (await windowsRead).Select(w => w.Value)],
                Heartbeats = [.. (await heartbeatsRead).Select(h => h.Value)],
                LatePages = late,
                Names = Names(await membersRead),
                Former = await formerRead,
                SeveritiesTold = Enum.GetValues<AlertSeverity>().Where(s => comms.Value.AudiencesFor(s).Count > 0).ToHashSet(),
            }));
        });

    /// <summary><c>GET /api/status/ack</c>: the open incidents nobody has acknowledged, ticked, to acknowledge together.</summary>
    public Task<IActionResult> AckTogetherAsync(HttpRequest request) =>
        RunAsync(request, "/api/status/ack", async (visitor, language, ct) =>
        {
            var done = int.TryParse(request.Query["done"].ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
            // 「当番のほかの人には…お知らせします」 only when someone else was told (not with nobody else on duty).
            return Html(request, StatusCodes.Status200OK, await AckTogetherPageAsync(request, visitor, language, null, done, ct, othersTold: request.Query["told"] != "0"));
        }, acts: true);

    /// <summary>
    /// <c>POST /api/status/ack</c>: acknowledges the ticked incidents together (a duty member signed in is recorded by member
    /// id), then 303 back to the page, which says how many. Ticking none, or no name when one is asked, shows the form again.
    /// </summary>
    public Task<IActionResult> AckTogetherPostAsync(HttpRequest request) =>
        PostAsync(request, "/api/status/ack", null, async (form, visitor, language, ct) =>
        {
            var by = By(form, visitor);
            var ids = Ticked(form, AckTogetherPageNotice.FieldPrefix);
            if (ids.Count == 0)
            {
                form.Add("ids", "noneTicked");
            }

            if (!form.Valid || by is null)
            {
                return Html(request, StatusCodes.Status400BadRequest, await AckTogetherPageAsync(request, visitor, language, form, null, ct));
            }

            // A member is recorded by member id (By); without the roster (the setting off and it unreadable), a duty member by the pair's addresses.
            var board = visitor.Member is not null || visitor.Addresses.Count == 0 ? [] : await incidents.StatusBoardAsync(ct);
            var done = await incidents.AcknowledgeManyAsync(ids, DutyMemberId(board.SelectMany(e => e.Incident.Assignees), visitor) ?? by, ct);
            return Done(request, "/api/status/ack", language, done.Acknowledged.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), done.Told == 0 ? "&told=0" : "");
        }, new PageFormLimits(PageForm.MaxFormBytes, IncidentService.MaxAcknowledgedTogether + 16));

    /// <summary>The ids of the incidents ticked on a form whose checkboxes are named <paramref name="prefix"/> and the id.</summary>
    private static List<string> Ticked(PageForm form, string prefix) =>
        [.. form.Values.Where(v => v.Key.StartsWith(prefix, StringComparison.Ordinal) && v.Value == "true").Select(v => v.Key[prefix.Length..])];

    private async Task<string> AckTogetherPageAsync(HttpRequest request, PageVisitor visitor, Language language, PageForm? form, int? done, CancellationToken ct, bool othersTold = true)
    {
        var waiting = await incidents.ListUnacknowledgedAsync(ct);
        return renderer.Page(new AckTogetherPageNotice(language, waiting, Token(request), visitor, Options.TimeZone, time.GetUtcNow())
        {
            // The confidential ones an outsider was added on, named whole (one query, only when one is listed).
            AddedOn = waiting.Any(i => i.Confidential) ? await gate.AddedOnAsync(visitor, ct) : new HashSet<string>(),
            Values = form?.Values,
            Errors = form?.Errors ?? new Dictionary<string, string[]>(),
            Acknowledged = done,
            OthersTold = othersTold,
            ReadsConfidential = ConfidentialAccess.ReadsConfidentialBySetting(visitor, Options),
        });
    }

    /// <summary>
    /// What the details form was filled in against: the fields it edits, not the whole record's ETag. The record also changes
    /// when no person touched the details (a page delivered, a step queued, a notice recorded), and a PM must not be told
    /// "changed by someone else" for those; only another person's edit of the same fields is a conflict.
    /// </summary>
    private static string DetailsVersion(Incident incident)
    {
        var shown = System.Text.Json.JsonSerializer.Serialize(new
        {
            incident.Title,
            incident.Severity,
            incident.UserImpact,
            incident.Workaround,
            incident.BridgeUrl,
            incident.AffectedAreas,
            incident.Platforms,
            incident.StartedAt,
        });
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(shown)))[..32];
    }

    /// <summary>Today in the team's zone, as leave is read.</summary>
    private DateOnly Today() => OnDuty.Core.Common.TimeZones.DateAt(time.GetUtcNow(), Options.Zone);

    /// <summary>Whether incident <paramref name="id"/> is open now (one point read); null when it cannot be found.</summary>
    private async Task<bool?> IsOpenAsync(string id, CancellationToken ct)
    {
        try
        {
            return (await incidents.GetRecordAsync(id, ct)).Value.IsOpen;
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    private async Task<IncidentWorkPageNotice> WorkPageAsync(HttpRequest request, string id, PageVisitor visitor, Language language, CancellationToken ct)
    {
        var details = await incidents.GetAsync(id, ct);
        await gate.EnsureMayReadAsync(details.Incident.Value, visitor, ct);
        // 「最新の状態から文案を作り直す」: the drafts generated afresh, with the saved one's ETag (saving replaces it).
        var regenerate = request.Query["drafts"].ToString() == "regenerate";
        var draft = await drafts.GetAsync(id, language, ct, regenerate);
        // One partition read: the criteria relevant to this incident are chosen from all of them (a team has tens).
        var allCriteria = (await criteria.ListAsync(ct)).Select(c => c.Value).ToList();
        var now = time.GetUtcNow();
        var open = details.Incident.Value;
        // One roster read for the names the page shows and the readers its forms count.
        var members = await MembersAsync(ct);
        // Its followers (one query of its partition), named as the roster has them now: one taken off the roster is not listed.
        var followerIds = await following.IdsAsync(id, ct);
        // What the last stakeholder notice said of the next one (as the reminders and 障害の状況 have it), while there is one to keep.
        var promise = open.IsOpen && open.Comms.Issued > 0
            ? OnDuty.Core.Comms.NextUpdatePromise.LastTold(open.Comms, comms.Value.UpdateInterval.For(open.Comms.ToldSeverity ?? open.Severity), Options.Zone)
            : null;
        var holderAway = await roster.HoldersAwayAsync([open], members, Today(), calendar, ct, Options.Zone, now);
        // Whom 「応援を頼む」 and 「担当を割り当てる」 can name: active members with an address to tell them at.
        var reachable = members.Where(m => m.Active && !string.IsNullOrWhiteSpace(m.Email)).ToList();
        var onIt = open.Confidential ? await readers.ListWithReachedAsync(id, ct) : ReadersOnIncident.None;
        // The incidents an outsider was added on, shown whole in 「似た障害」 and the merge form (one query; none for a member).
        var addedOn = await gate.AddedOnAsync(visitor, ct);
        return new IncidentWorkPageNotice(language, details, DetailsVersion(details.Incident.Value), Token(request), visitor, Options.TimeZone, time.GetUtcNow())
        {
            HolderAwayUntil = holderAway.TryGetValue(open.Id, out var awayUntil) ? awayUntil : null,
            Draft = draft.Draft,
            DraftETag = draft.ETag,
            MergedIntoOpen = details.Incident.Value.MergedInto is { } into ? await IsOpenAsync(into, ct) : null,
            Undelivered = await undelivered.OfAsync(details, ct),
            Resendable = visitor.MayAct ? await resender.ResendableAsync(details, ct) : [],
            DraftRegenerated = regenerate && draft.ETag is not null,
            RequestId = Guid.NewGuid().ToString("N"),
            SeverityMeanings = Options.SeverityMeanings,
            BridgeLink = Options.Bridge,
            AudienceNames = comms.Value.AudienceNames(language),
            Readers = await ReadersAsync(members, ct),
            NoticeAudiences = comms.Value.NextNoticeAudiences(details.Incident.Value),
            RaiseAudiences = RaiseAudiences(details.Incident.Value),
            AlsoTellChoices = comms.Value.AlsoTellChoices(details.Incident.Value),
            // The promise a notice makes when none is set: the open promise stakeholders hold while it is ahead, else the interval
            // from now, rounded up as the notice and the reminder have it.
            StakeholderPromise = promise,
            NextUpdateDefault = OnDuty.Core.Comms.NextUpdatePromise.FormDefault(promise, now, comms.Value.UpdateInterval.For(open.Severity), Options.Zone),
            Criteria = OnDuty.Core.Retros.CriteriaSelection.For(details.Incident.Value, details.Alerts, allCriteria),
            Similar = await SimilarAsync(details.Incident.Value, visitor, addedOn, ct),
            ReadsConfidential = ConfidentialAccess.ReadsConfidentialBySetting(visitor, Options),
            ManagesReaders = ConfidentialAccess.ManagesReaders(visitor, Options),
            AddedOn = addedOn,
            Retro = (await retros.GetAsync(id, ct))?.Value.Version,
            // Whether a retro is owed (a SEV1 that flapped too, trial 52) and by when, or why it is optional: said beside the link.
            RetroDueOn = OnDuty.Core.Retros.RetroDue.IsOwed(open, retroOptions.Value.SelfResolvedGrace)
                ? OnDuty.Core.Retros.RetroDue.Of(open, Options.Zone, retroOptions.Value.DueWorkingDays, calendar)
                : null,
            RetroDueCount = OnDuty.Core.Retros.RetroDue.IsOwed(open, retroOptions.Value.SelfResolvedGrace)
                ? OnDuty.Core.Retros.RetroDue.CountOf(open, Options.Zone, retroOptions.Value.DueWorkingDays, calendar)
                : null,
            RetroSelfResolvedMinutes = OnDuty.Core.Retros.RetroDue.SelfResolvedMinutes(open, retroOptions.Value.SelfResolvedGrace),
            Names = Names(members),
            Former = await FormerAsync(ct),
            Followers = IncidentFollowing.Active(followerIds, members),
            HelpChoices = [.. reachable.Where(m => !open.Assignees.Any(a => string.Equals(a.Id, m.Id, StringComparison.Ordinal)))],
            // 「担当を割り当てる」: whom it can be handed to — active members with an address, not the one holding it, nor the visitor (their
            // own button is 「対応を引き継ぐ」). Only once a person has taken it: before, handing it over would stop its pages on a mail.
            AssignChoices = open.IsOpen && open.AcknowledgedByPerson
                ? [.. reachable.Where(m => !string.Equals(open.AcknowledgedBy, m.Id, StringComparison.Ordinal) && !string.Equals(visitor.Member?.Id, m.Id, StringComparison.Ordinal))]
                : [],
            // 「連絡担当を割り当てる」: active members with an address, not the lead already.
            CommsLeadChoices = open.IsOpen
                ? [.. members.Where(m => m.Active && !string.IsNullOrWhiteSpace(m.Email) && !string.Equals(open.CommsLead, m.Id, StringComparison.Ordinal))]
                : [],
            Following = visitor.Member is { } me && followerIds.Contains(me.Id, StringComparer.Ordinal),
            // Who else may read it, added or reached by its pages (one query of its partition), only for a confidential one.
            AddedReaders = onIt.Added,
            ReachedReaders = onIt.ReachedOnly,
            // Declared on the form by a roster member: the page links to their contact, for the pair to reach them.
            Declarer = open.Source == Incident.ManualSource ? members.FirstOrDefault(m => string.Equals(m.Id, open.OpenedBy, StringComparison.Ordinal)) : null,
            // The merge form's choices: only an open incident can take a duplicate (the open list's one query).
            MergeTargets = details.Incident.Value.IsOpen
                ? [.. (await incidents.ListOpenAsync(ct)).Where(i => i.Id != id).Take(IncidentWorkPageNotice.MaxMergeTargets)]
                : [],
        };
    }

    /// <summary>For each severity above <paramref name="incident"/>'s: the audiences a raise to it would tell besides those its next notice goes to.</summary>
    private Dictionary<AlertSeverity, IReadOnlyList<string>> RaiseAudiences(Incident incident)
    {
        var next = comms.Value.NextNoticeAudiences(incident);
        var added = new Dictionary<AlertSeverity, IReadOnlyList<string>>();
        foreach (var severity in Enum.GetValues<AlertSeverity>().Where(s => s < incident.Severity))
        {
            var more = comms.Value.AudiencesFor(severity).Except(next, StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
            if (more.Count > 0)
            {
                added[severity] = more;
            }
        }

        return added;
    }

    private bool SameMinute(DateTimeOffset? posted, DateTimeOffset? recorded) =>
        posted is { } a && recorded is { } b && LocalMinute(a) == LocalMinute(b);

    private DateTime LocalMinute(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Options.Zone).DateTime;
        return new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified);
    }

    /// <summary>The roster's display names by member id, address and phone number, for the people a page names; ids as recorded when the roster cannot be read.</summary>
    internal async Task<IReadOnlyDictionary<string, string>> NamesAsync(CancellationToken ct) => Names(await MembersAsync(ct));

    /// <summary>
    /// The roster's members, read once for a page (its names and its readers), or as this instance keeps them (<paramref name="kept"/>,
    /// <see cref="PageAccess.KeptMembersAsync"/>); none when the roster cannot be read.
    /// </summary>
    private async Task<IReadOnlyList<Member>> MembersAsync(CancellationToken ct, bool kept = false)
    {
        try
        {
            return kept ? await access.KeptMembersAsync(ct) : [.. (await roster.ListMembersAsync(ct)).Select(m => m.Value)];
        }
        catch (DependencyUnavailableException ex)
        {
            logger.LogWarning("Reading the roster for a page's names failed; showing ids: {Error}", ex.Message);
            return [];
        }
    }

    /// <summary>
    /// Those taken off the roster, for a page naming who did what by member id: as this instance keeps them
    /// (<see cref="PageAccess.KeptFormerMembersAsync"/>), so a view costs no read; none when the roster cannot be read.
    /// </summary>
    internal async Task<IReadOnlyList<FormerMember>> FormerAsync(CancellationToken ct)
    {
        try
        {
            return await access.KeptFormerMembersAsync(ct);
        }
        catch (DependencyUnavailableException ex)
        {
            logger.LogWarning("Reading who left the roster for a page's names failed; showing ids: {Error}", ex.Message);
            return [];
        }
    }

    /// <summary>Display names by id, and by address and number: a delivery row names its recipient by where it was sent.</summary>
    private static Dictionary<string, string> Names(IReadOnlyList<Member> members)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            names[member.Id] = member.DisplayName;
        }

        foreach (var member in members)
        {
            foreach (var address in new[] { member.Email, member.Phone }.Where(a => !string.IsNullOrEmpty(a)))
            {
                names.TryAdd(address!, member.DisplayName);
            }
        }

        return names;
    }

    /// <summary>
    /// Every configured audience's readers against <paramref name="members"/>, groups expanded where the directory answers within
    /// <see cref="GroupPatience"/> (its cache usually does): what the forms' 「…の読者にも届きます」 counts.
    /// </summary>
    private Task<IReadOnlyList<OnDuty.Core.Comms.AudienceReader>> ReadersAsync(IReadOnlyList<Member> members, CancellationToken ct) =>
        new OnDuty.Core.Comms.AudienceRoster(members, comms.Value, languages.Team).AllWithGroupsAsync(directory, GroupPatience, ct);

    /// <summary>
    /// How long a form waits for a group's members before it names the group as one list instead: a PM opens the declare form in
    /// the middle of an incident, so the note never holds it up more than this.
    /// </summary>
    private static readonly TimeSpan GroupPatience = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The confidential incidents <paramref name="visitor"/> was added on, which the lists show them whole (<see cref="ConfidentialGate.AddedOnAsync"/>):
    /// one query, none for a visitor who reads every one.
    /// </summary>
    public Task<IReadOnlySet<string>> ConfidentialAddedOnAsync(PageVisitor visitor, CancellationToken ct) => gate.AddedOnAsync(visitor, ct);

    /// <summary>Similar past incidents for the page; the page still answers when the lessons index cannot be read.</summary>
    private async Task<IReadOnlyList<OnDuty.Core.Retros.LessonHit>> SimilarAsync(Incident incident, PageVisitor visitor, IReadOnlySet<string> addedOn, CancellationToken ct)
    {
        try
        {
            // A confidential one the visitor may not read is left out: it would be found by words it does not show them.
            return await lessons.SimilarAsync(incident, OnDuty.Core.Retros.LessonSearch.SimilarLimit, ct, i => ConfidentialAccess.MayReadBySetting(i, visitor, Options) || addedOn.Contains(i.Id));
        }
        catch (DependencyUnavailableException ex)
        {
            logger.LogWarning(ex, "Similar incidents of {IncidentId} could not be read; the page shows none", incident.Id);
            return [];
        }
    }

    /// <summary>The criteria shown next to the severity choice: the active ones, at most <see cref="MaxCriteriaShown"/> (one partition read).</summary>
    private async Task<IReadOnlyList<OnDuty.Core.Retros.Criterion>> ActiveCriteriaAsync(CancellationToken ct) =>
        [.. (await criteria.ListAsync(ct)).Select(c => c.Value).Where(c => c.Active).Take(MaxCriteriaShown)];

    private const int MaxCriteriaShown = 30;

    private async Task<string> FormPageAsync(HttpRequest request, PageVisitor visitor, Language language, PageForm? form, CancellationToken ct)
    {
        // The open list's one query: what is open already, so a duplicate is not declared.
        var open = await incidents.ListOpenAsync(ct);
        return renderer.Page(new IncidentFormPageNotice(language, Token(request), visitor, Options.TimeZone)
        {
            Open = [.. open.Take(IncidentFormPageNotice.MaxOpenShown)],
            OpenCount = open.Count,
            Criteria = await ActiveCriteriaAsync(ct),
            // A form shown again keeps its request id: submitting it twice still declares one incident.
            RequestId = form?.Values.GetValueOrDefault("requestId") is { Length: > 0 and <= 64 } kept ? kept : Guid.NewGuid().ToString("N"),
            Values = form?.Values ?? new Dictionary<string, string>(),
            Errors = form?.Errors ?? new Dictionary<string, string[]>(),
            SeverityMeanings = Options.SeverityMeanings,
            SeverityAudiences = Enum.GetValues<AlertSeverity>().ToDictionary(s => s, comms.Value.AudiencesFor),
            Readers = await ReadersAsync(await MembersAsync(ct), ct),
            AudienceNames = comms.Value.AudienceNames(language),
        });
    }

    /// <summary>A new anti-forgery pair: the cookie goes out with this response, the field value into each form.</summary>
    internal FormToken Token(HttpRequest request)
    {
        var tokens = antiforgery.GetAndStoreTokens(request.HttpContext);
        return new FormToken(tokens.FormFieldName, tokens.RequestToken!);
    }

    /// <summary>
    /// Who a page's form records as having acted: a signed-in roster member by member id (<see cref="PageVisitor.Member"/>: every
    /// page, message and report names them by their roster name, and one person is one person in the 障害報告書), anyone else signed
    /// in by their Entra name, or the name typed on the form when anonymous use is allowed (required then).
    /// </summary>
    internal static string? By(PageForm form, PageVisitor visitor)
    {
        if (visitor.SignedIn)
        {
            return visitor.Member?.Id ?? visitor.Name;
        }

        // One line, as the API takes a name (PersonText.CheckLine): refused at input, not only made one line where it is shown.
        return form.Line("by", 100, required: true);
    }

    /// <summary>
    /// Only when the roster could not be read (<c>Pages__RequireRosterMember</c> off): the member id of the signed-in visitor among
    /// <paramref name="assignees"/>, by any of the sign-in's addresses against their roster address or UPN, else null.
    /// </summary>
    private static string? DutyMemberId(IEnumerable<AssignedMember> assignees, PageVisitor visitor) =>
        assignees.FirstOrDefault(a => visitor.Addresses.Any(x => Member.SameAddress(a.Email, x) || Member.SameAddress(a.Upn, x)))?.Id;

    /// <summary>
    /// The visitor with the roster member they are, on a form every signed-in person may use (declaring): recorded by member id when
    /// they are one. A roster that cannot be read does not stop a declaration: they are recorded as the roster this instance keeps
    /// knew them (<see cref="PageAccess.RecognizeAsync"/>), else by name.
    /// </summary>
    private async Task<PageVisitor> IdentifiedAsync(PageVisitor visitor, CancellationToken ct)
    {
        try
        {
            return await access.IdentifyAsync(visitor, ct);
        }
        catch (DependencyUnavailableException ex)
        {
            logger.LogWarning("The roster could not be read to name who declared; recorded by name: {Error}", ex.Message);
            return visitor;
        }
    }

    /// <summary>
    /// A posted form, read within <paramref name="limits"/> (the incident forms' when null), checked for its anti-forgery token, then
    /// <paramref name="action"/>. A form that acts is refused (403, nothing read or done) to a visitor who may not act
    /// (<c>Pages__RequireRosterMember</c>); <paramref name="openToEveryone"/> for the two that every signed-in person may use:
    /// declaring an incident, and a member's own contact page (which finds the member itself). <paramref name="mayActHere"/>: true for a
    /// visitor who may not act but may post this one form (the security officer's readers forms on a confidential incident).
    /// </summary>
    internal async Task<IActionResult> PostAsync(
        HttpRequest request, string returnTo, string? incidentId, Func<PageForm, PageVisitor, Language, CancellationToken, Task<IActionResult>> action, PageFormLimits? limits = null,
        bool openToEveryone = false, bool identify = false, Func<PageVisitor, CancellationToken, Task<bool>>? mayActHere = null) =>
        await RunAsync(request, returnTo, async (visitor, language, ct) =>
        {
            if (!openToEveryone && !visitor.MayAct && !(mayActHere is not null && await mayActHere(visitor, ct)))
            {
                logger.LogInformation("Refused a post to {Path}: the signed-in person is not on the roster (Pages__RequireRosterMember)", request.Path);
                return Html(request, StatusCodes.Status403Forbidden, renderer.Page(new PageProblemNotice(language, PageProblem.NotOnRoster, incidentId)
                {
                    Visitor = visitor,
                    Back = returnTo + (returnTo.Contains('?', StringComparison.Ordinal) ? "&" + Lang(language)[1..] : Lang(language)),
                }));
            }

            PageForm form;
            limits ??= PageFormLimits.Default;
            if (!PageForm.IsUrlEncoded(request))
            {
                // The pages' forms post url-encoded; anything else (JSON, multipart, no body) is a client that meant the API.
                request.HttpContext.Response.Headers["Accept-Post"] = PageForm.ContentType;
                return HttpApi.Problem(
                    request, StatusCodes.Status415UnsupportedMediaType, "Not a form", $"A page's form is posted as {PageForm.ContentType}, as the page sends it; JSON goes to the API's routes.");
            }

            try
            {
                form = await PageForm.ReadAsync(request, antiforgeryOptions.Value.FormFieldName, ct, limits);
            }
            catch (InvalidDataException)
            {
                // Url-encoded, the form reader refuses only what passes a limit.
                return HttpApi.Problem(request, StatusCodes.Status413PayloadTooLarge, "Form too large", $"A form is at most {limits.MaxBytes} bytes.");
            }
            catch (BadHttpRequestException ex)
            {
                // The server's own read: a body shorter than its Content-Length, or longer than the server takes.
                return HttpApi.Problem(request, ex.StatusCode, "Form not read", ex.Message);
            }

            if (!await antiforgery.IsRequestValidAsync(request.HttpContext))
            {
                logger.LogWarning("Refused a post to {Path} without a valid anti-forgery token", request.Path);
                return Html(request, StatusCodes.Status400BadRequest, renderer.Page(new PageProblemNotice(language, PageProblem.Forged, incidentId)));
            }

            return await action(form, visitor, language, ct);
        }, acts: !openToEveryone, identify: identify);

    /// <summary>
    /// A page for its visitor, in the language of <c>?lang=</c>, else the signed-in visitor's roster language, else Accept-Language,
    /// else the team's. Every page knows which member a signed-in visitor is: read for the request when it acts or identifies
    /// (<paramref name="acts"/>, <paramref name="identify"/>), else from the roster this instance keeps
    /// (<see cref="PageAccess.RecognizeAsync"/>: no roster read per view; unreadable, the page is still shown, in Accept-Language).
    /// </summary>
    /// <param name="returnTo">Where sign-in comes back to: a path, with a query when the page needs one (the reader's <c>lang</c> is added).</param>
    /// <param name="acts">
    /// The page shows forms that act, or is the post of one: which member the visitor is and whether they may act are read
    /// (<see cref="PageAccess.WithRosterAsync"/>), once for the request, never from the kept roster.
    /// </param>
    /// <param name="identify">
    /// A page every signed-in person may use that needs to know which member they are (their contact page): the member is found
    /// (<see cref="PageAccess.IdentifyAsync"/>) and nobody is refused; a roster that cannot be read answers 503.
    /// </param>
    internal async Task<IActionResult> RunAsync(HttpRequest request, string returnTo, Func<PageVisitor, Language, CancellationToken, Task<IActionResult>> action, bool acts = false, bool identify = false)
    {
        var ct = request.HttpContext.RequestAborted;
        // Until the request's own is read: what a page saying something is wrong is written in (a lang it cannot read passed over).
        var language = RequestLanguage.Readable(request) ?? languages.Team;
        try
        {
            language = RequestLanguage.Of(request) ?? languages.Team;
            if (access.Visitor(request) is not { } visitor)
            {
                return access.SignIn(request, returnTo + (returnTo.Contains('?', StringComparison.Ordinal) ? "&" + Lang(language)[1..] : Lang(language)));
            }

            if (acts)
            {
                try
                {
                    visitor = await access.WithRosterAsync(visitor, ct);
                }
                catch (DependencyUnavailableException ex) when (HttpMethods.IsGet(request.Method))
                {
                    // A page still answers while the roster cannot be read (as its names do), with its forms: a post checks again
                    // and answers 503 until the roster can be read, so nobody acts unchecked.
                    logger.LogWarning(ex, "The roster could not be read to check who may act on {Path}; the page shows its forms, posts check again", request.Path);
                }
            }
            else if (identify)
            {
                visitor = await access.IdentifyAsync(visitor, ct);
            }
            else
            {
                try
                {
                    visitor = await access.RecognizeAsync(visitor, ct);
                }
                catch (DependencyUnavailableException ex)
                {
                    // Only the language hangs on it here: a read-only page is still shown, in the browser's language.
                    logger.LogWarning(ex, "The roster could not be read to know who is reading {Path}; the page follows Accept-Language", request.Path);
                }
            }

            // A signed-in member reads the page in their own roster language unless the address asks for one: a link in a mail
            // carries no lang, and the browser's Accept-Language is the PC's, not the person's (an en member on a ja-locale PC).
            if (visitor.Member is { } member && RequestLanguage.Asked(request) is null)
            {
                language = member.Language;
            }

            return await action(visitor, language, ct);
        }
        catch (NotFoundException ex)
        {
            return Html(request, StatusCodes.Status404NotFound, renderer.Page(new PageProblemNotice(language, PageProblem.NotFound, ex.Id)));
        }
        catch (ConfidentialRefusedException ex)
        {
            // Its id and whom to ask, never its title: the page says no more than the status board does.
            return Html(request, StatusCodes.Status403Forbidden,
                renderer.Page(new PageProblemNotice(language, PageProblem.Confidential, ex.IncidentId) { DutyNames = await gate.DutyNamesAsync(ct) }));
        }
        catch (ContentionException ex)
        {
            logger.LogWarning("Contention while serving {Path}, answered 503: {Reason}", request.Path, ex.Message);
            request.HttpContext.Response.Headers.RetryAfter = "1";
            return Html(request, StatusCodes.Status503ServiceUnavailable,
                renderer.Page(new PageProblemNotice(language, PageProblem.Unavailable) { Posted = await PostedAsync(request, ct), Read = HttpMethods.IsGet(request.Method) }));
        }
        catch (DependencyUnavailableException ex)
        {
            logger.LogWarning(ex, "{Dependency} unavailable while serving {Path}", ex.Dependency, request.Path);
            request.HttpContext.Response.Headers.RetryAfter = "10";
            return Html(request, StatusCodes.Status503ServiceUnavailable,
                renderer.Page(new PageProblemNotice(language, PageProblem.Unavailable) { Posted = await PostedAsync(request, ct), Read = HttpMethods.IsGet(request.Method) }));
        }
        catch (ValidationException ex) when (ex.Errors.Keys.All(AddressValues.Contains))
        {
            // The address (?lang=, a report's from/to): a person followed a link, so a page that says which value, in the
            // language of Accept-Language or the team's when it was lang that could not be read.
            logger.LogInformation("Refused {Path}: {Problem}", request.Path, ex.Message);
            return Html(request, StatusCodes.Status400BadRequest, renderer.Page(new PageProblemNotice(language, PageProblem.BadAddress, string.Join(", ", ex.Errors.Keys)) { Rules = ex.Rules }));
        }
        catch (ValidationException ex)
        {
            // Anything else a use case refused that the form did not catch (more ids than one acknowledgement takes): as the API says it.
            return await HttpApi.RunAsync(request, logger, _ => throw ex);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return new StatusCodeResult(499);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Unhandled error serving {Method} {Path}", request.Method, request.Path);
            return Html(request, StatusCodes.Status500InternalServerError,
                renderer.Page(new PageProblemNotice(language, PageProblem.Unavailable) { Posted = await PostedAsync(request, ct), Read = HttpMethods.IsGet(request.Method) }));
        }
    }

    /// <summary>
    /// A form's fields as typed, for the page that says its post could not be done (storage down, contention, an error): the
    /// person copies them instead of typing them again (trial 36 M4). Read again if the post had not been read yet (the roster
    /// check comes first); empty for a read, anything not a form, or a form that cannot be read.
    /// </summary>
    private async Task<IReadOnlyList<KeyValuePair<string, string>>> PostedAsync(HttpRequest request, CancellationToken ct)
    {
        if (!HttpMethods.IsPost(request.Method) || !PageForm.IsUrlEncoded(request))
        {
            return [];
        }

        try
        {
            return [.. (await PageForm.ReadAsync(request, antiforgeryOptions.Value.FormFieldName, ct)).Values];
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException)
        {
            return [];
        }
    }

    private static string PagePath(string id) => $"/api/incidents/{Uri.EscapeDataString(id)}/page";

    /// <summary>Query values of the PM pages' addresses: a refusal naming only these is about the link, not the form.</summary>
    private static readonly HashSet<string> AddressValues = new(["lang", "from", "to", "ahead", AudienceName.Parameter, OnDuty.Core.Retros.DutyPeriod.MonthParameter, OnDuty.Core.Retros.DutyPeriod.QuarterParameter], StringComparer.Ordinal);

    internal static string Lang(Language language) => language == Language.Ja ? "?lang=ja" : "?lang=en";

    private static StatusCodeResult SeeOther(HttpRequest request, string id, Language language, string done) =>
        Done(request, PagePath(id), language, done);

    /// <summary>
    /// The post-redirect-get of every PM page form: 303 back to <paramref name="path"/> in the page's language, saying what was
    /// done (<c>&amp;done=…</c>, and <paramref name="more"/> query parameters the page reads too).
    /// </summary>
    internal static StatusCodeResult Done(HttpRequest request, string path, Language language, string done, string more = "")
    {
        request.HttpContext.Response.Headers.Location = $"{path}{Lang(language)}&done={done}{more}";
        return new StatusCodeResult(StatusCodes.Status303SeeOther);
    }

    /// <summary>
    /// A page with headers that keep it to itself: no outside resources at all, no script but the draft boxes' copy buttons'
    /// (<see cref="CopyScript"/>) and the forms' 「送信中…」 (<see cref="SendingScript"/>), each allowed by its hash alone, no framing, not cached (it holds an anti-forgery token and live
    /// incident state), no referrer leaking incident ids.
    /// </summary>
    internal static ContentResult Html(HttpRequest request, int status, string html) =>
        HttpApi.Html(request, status, html, PageSecurityPolicy, "no-store");

    /// <summary>The PM pages' Content-Security-Policy (<see cref="Html"/>).</summary>
    internal static readonly string PageSecurityPolicy =
        $"default-src 'none'; script-src {CopyScript.CspSource} {SendingScript.CspSource}; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'";
}
