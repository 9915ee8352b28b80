using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;

namespace OnDuty.Functions.Pages;

/// <summary>
/// "How pages reach me" (<c>/api/status/me</c>) over <see cref="ContactDetails"/>, with the sign-in, anti-forgery, headers and
/// post-redirect-get of the other PM pages: a member sets or clears their own mobile number, sends themselves a test email,
/// text or call, sees what recently did not reach them, the open incidents they follow (and may stop following), and makes and
/// revokes their own calendar feed URL (「カレンダーに追加」, over <see cref="FeedService"/>: the admin API's secrets and cap).
/// Signed in, a person edits only their own roster entry (the member the pages find them to be, <see cref="PageVisitor.Member"/>:
/// by any of the sign-in's addresses, or its object id); only where pages are used
/// without sign-in (locally, <c>Pages__AllowAnonymous</c>) is the member picked from the roster.
/// </summary>
public sealed class ContactPages(
    PmPages pages, ContactDetails contacts, INoticeRenderer renderer, OnDuty.Core.Incidents.IncidentFollowing following, FeedService feeds, IOptions<TeamOptions> team)
{
    public const string Path = "/api/status/me";

    /// <summary><c>GET /api/status/me</c>: the visitor's contact details and the phone form; after a post, what it did.</summary>
    public Task<IActionResult> ShowAsync(HttpRequest request) =>
        pages.RunAsync(request, Path, async (visitor, language, ct) =>
        {
            var member = visitor.SignedIn ? visitor.Member : (await ChosenAsync(request.Query["member"].ToString(), ct))?.Value;
            var done = request.Query["done"].ToString();
            var page = await PageAsync(request, visitor, language, member, ct) with { Done = ContactPageNotice.IsDone(done) ? done : null };
            return PmPages.Html(request, StatusCodes.Status200OK, renderer.Page(page));
        }, identify: true);

    /// <summary><c>POST /api/status/me</c>: saves the number (empty: removes it), then 303 back; a bad number shows the form again (400), nothing stored.</summary>
    public Task<IActionResult> SaveAsync(HttpRequest request) =>
        pages.PostAsync(request, Path, null, async (form, visitor, language, ct) =>
        {
            if (await WhoAsync(form, visitor, ct) is not { } member)
            {
                return await NobodyAsync(request, form, visitor, language, ct);
            }

            var phone = form.Text("phone", 40);
            try
            {
                if (form.Valid)
                {
                    var saved = await contacts.SetPhoneAsync(member, phone, ct);
                    return SeeOther(request, language, saved.Value.Phone is null ? "cleared" : "saved", visitor.SignedIn ? null : saved.Value.Id);
                }
            }
            catch (ValidationException ex)
            {
                form.AddAll(ex.Errors);
            }

            return await AgainAsync(request, form, visitor, language, member.Value, ct);
        }, openToEveryone: true, identify: true);

    /// <summary>
    /// <c>POST /api/status/me/call-rule</c>: saves the member's own call rule (<c>callAfterMinutes</c>: 0 with the first page, 1–60 minutes
    /// after a page nobody acknowledged; empty: none), then 303 back; a value out of range, calls off or no number shows the page
    /// again (400), nothing stored.
    /// </summary>
    public Task<IActionResult> SaveCallRuleAsync(HttpRequest request) =>
        pages.PostAsync(request, Path, null, async (form, visitor, language, ct) =>
        {
            if (await WhoAsync(form, visitor, ct) is not { } member)
            {
                return await NobodyAsync(request, form, visitor, language, ct);
            }

            var typed = form.Text("callAfterMinutes", 3);
            int? minutes = null;
            if (!string.IsNullOrEmpty(typed))
            {
                if (int.TryParse(typed, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
                {
                    minutes = n;
                }
                else
                {
                    form.Add("callAfterMinutes", "invalid");
                }
            }

            try
            {
                if (form.Valid)
                {
                    var saved = await contacts.SetCallRuleAsync(member, minutes, ct);
                    return SeeOther(request, language, saved.Value.CallAfterMinutes is null ? "ruleCleared" : "ruleSaved", visitor.SignedIn ? null : saved.Value.Id);
                }
            }
            catch (ValidationException ex)
            {
                form.AddAll(ex.Errors);
            }

            return await AgainAsync(request, form, visitor, language, member.Value, ct);
        }, openToEveryone: true, identify: true);

    /// <summary><c>POST /api/status/me/test</c>: texts the member a test message (at most one a minute), then 303 back.</summary>
    public Task<IActionResult> TestAsync(HttpRequest request) => SendTestAsync(request, contacts.SendTestAsync, "tested");

    /// <summary><c>POST /api/status/me/test-call</c>: calls the member's number with a test call (at most one a minute), then 303 back.</summary>
    public Task<IActionResult> TestCallAsync(HttpRequest request) => SendTestAsync(request, contacts.SendTestCallAsync, "called");

    /// <summary><c>POST /api/status/me/test-email</c>: emails the member a test page (at most one a minute), then 303 back.</summary>
    public Task<IActionResult> TestEmailAsync(HttpRequest request) => SendTestAsync(request, contacts.SendTestEmailAsync, "emailed");

    /// <summary>
    /// <c>POST /api/status/me/unfollow</c>: the member stops following the incident the form names (<c>incident</c>), then 303 back
    /// saying so; an unknown incident is 404, as on its own page.
    /// </summary>
    public Task<IActionResult> UnfollowAsync(HttpRequest request) =>
        pages.PostAsync(request, Path, null, async (form, visitor, language, ct) =>
        {
            if (await WhoAsync(form, visitor, ct) is not { } member)
            {
                return await NobodyAsync(request, form, visitor, language, ct);
            }

            // No incident named (or one no id is that long): none of theirs, as an unknown one.
            var incident = form.Text("incident", 40) is { } named && form.Valid ? named : throw new NotFoundException("Incident", form.Values.GetValueOrDefault("incident") ?? "");
            await following.UnfollowAsync(incident, member.Value.Id, ct);
            return SeeOther(request, language, "unfollowed", visitor.SignedIn ? null : member.Value.Id);
        }, openToEveryone: true, identify: true);

    /// <summary>
    /// <c>POST /api/status/me/calendar</c>: makes the member a feed URL of their own shifts (<c>note</c> optional) and shows the page
    /// with it — the only time it is shown, as the admin API returns a secret only when made (no redirect: the secret stays out of
    /// the address bar and history). At the cap, or a note too long, the page again (400) saying so, nothing stored.
    /// </summary>
    public Task<IActionResult> CalendarAsync(HttpRequest request) =>
        pages.PostAsync(request, Path, null, async (form, visitor, language, ct) =>
        {
            if (await WhoAsync(form, visitor, ct) is not { } member)
            {
                return await NobodyAsync(request, form, visitor, language, ct);
            }

            var note = form.Line("note", 200);
            try
            {
                if (form.Valid)
                {
                    var owner = new FeedOwner(FeedKind.Member, member.Value.Id);
                    var created = await feeds.CreateAsync(owner, note, ct, byMember: true);
                    var made = await PageAsync(request, visitor, language, member.Value, ct) with
                    {
                        NewCalendarUrl = OnDuty.Functions.Calendar.FeedFunctions.FeedUrl(request, team.Value, owner, "calendar.ics", created.Token),
                    };
                    return PmPages.Html(request, StatusCodes.Status200OK, renderer.Page(made));
                }
            }
            catch (ValidationException ex)
            {
                form.AddAll(ex.Errors);
            }

            return await AgainAsync(request, form, visitor, language, member.Value, ct);
        }, openToEveryone: true, identify: true);

    /// <summary>
    /// <c>POST /api/status/me/calendar/revoke</c>: revokes the feed URL the form names (<c>feed</c>), one the member made here, then
    /// 303 back saying so; anyone else's, an admin's or an unknown one is 404, nothing revoked.
    /// </summary>
    public Task<IActionResult> RevokeCalendarAsync(HttpRequest request) =>
        pages.PostAsync(request, Path, null, async (form, visitor, language, ct) =>
        {
            if (await WhoAsync(form, visitor, ct) is not { } member)
            {
                return await NobodyAsync(request, form, visitor, language, ct);
            }

            var feed = form.Text("feed", 16) is { } named && form.Valid ? named : throw new NotFoundException("Feed", form.Values.GetValueOrDefault("feed") ?? "");
            await feeds.RevokeByMemberAsync(member.Value.Id, feed, ct);
            return SeeOther(request, language, "revoked", visitor.SignedIn ? null : member.Value.Id);
        }, openToEveryone: true, identify: true);

    /// <summary>A test to the member's saved number by <paramref name="send"/>, then 303 back saying <paramref name="done"/>; no number (or the channel off) shows the form again (400).</summary>
    private Task<IActionResult> SendTestAsync(HttpRequest request, Func<Member, CancellationToken, Task<bool>> send, string done) =>
        pages.PostAsync(request, Path, null, async (form, visitor, language, ct) =>
        {
            if (await WhoAsync(form, visitor, ct) is not { } member)
            {
                return await NobodyAsync(request, form, visitor, language, ct);
            }

            if (!await send(member.Value, ct))
            {
                form.Add("phone", "required");
                return await AgainAsync(request, form, visitor, language, member.Value, ct);
            }

            return SeeOther(request, language, done, visitor.SignedIn ? null : member.Value.Id);
        }, openToEveryone: true, identify: true);

    /// <summary>
    /// The member a post is for, with the version it is saved against: the signed-in person's own entry (<see cref="PageVisitor.Member"/>),
    /// or (without sign-in) the one the form picked.
    /// </summary>
    private async Task<Versioned<Member>?> WhoAsync(PageForm form, PageVisitor visitor, CancellationToken ct) =>
        await ChosenAsync(visitor.SignedIn ? visitor.Member?.Id : form.Values.GetValueOrDefault("member"), ct);

    private async Task<Versioned<Member>?> ChosenAsync(string? id, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(id) || !Slug.IsValid(id))
        {
            return null;
        }

        try
        {
            var member = await contacts.GetAsync(id, ct);
            return member.Value.Active ? member : null;
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    /// <summary>The member's page again (400) with what the form held and why it was refused: nothing was stored.</summary>
    private async Task<IActionResult> AgainAsync(HttpRequest request, PageForm form, PageVisitor visitor, Language language, Member member, CancellationToken ct)
    {
        var page = await PageAsync(request, visitor, language, member, ct) with { Values = form.Values, Errors = form.Errors };
        return PmPages.Html(request, StatusCodes.Status400BadRequest, renderer.Page(page));
    }

    /// <summary>A post for nobody on the roster: signed in and not on it (403), or no member picked (400).</summary>
    private async Task<IActionResult> NobodyAsync(HttpRequest request, PageForm form, PageVisitor visitor, Language language, CancellationToken ct)
    {
        if (!visitor.SignedIn)
        {
            form.Add("member", string.IsNullOrWhiteSpace(form.Values.GetValueOrDefault("member")) ? "required" : "unknown");
        }

        var page = await PageAsync(request, visitor, language, null, ct) with { Values = form.Values, Errors = form.Errors };
        return PmPages.Html(request, visitor.SignedIn ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest, renderer.Page(page));
    }

    private async Task<ContactPageNotice> PageAsync(HttpRequest request, PageVisitor visitor, Language language, Member? member, CancellationToken ct) =>
        new(language, member, pages.Token(request), visitor)
        {
            Undelivered = member is null ? [] : await contacts.RecentlyUndeliveredAsync(member, ct),
            Following = member is null ? [] : await following.FollowedOpenAsync(member.Id, ct),
            CalendarFeeds = member is null ? [] : await feeds.ListByMemberAsync(member.Id, ct),
            TimeZone = pages.Options.TimeZone,
            Choices = visitor.SignedIn ? [] : await contacts.ActiveMembersAsync(ct),
            SmsEnabled = contacts.SmsEnabled,
            TeamsEnabled = contacts.TeamsEnabled,
            PhoneCountryCode = contacts.PhoneCountryCode,
            RepliesAccepted = contacts.Sms.AcceptReplies,
            TextedSeverities = contacts.Sms.Texted,
            CallsFromStep = contacts.Calls?.FromStep,
            CalledSeverities = contacts.Calls?.Called ?? [],
            NextStepAfter = contacts.Calls is { } calls
                ? [.. Enum.GetValues<OnDuty.Core.Alerts.AlertSeverity>().Where(calls.Rings).Select(s => (s, pages.Options.AckTimeouts.For(s)))]
                : [],
        };

    private static StatusCodeResult SeeOther(HttpRequest request, Language language, string done, string? memberId) =>
        PmPages.Done(request, Path, language, done, memberId is null ? "" : $"&member={Uri.EscapeDataString(memberId)}");
}
