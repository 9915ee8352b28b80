using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;

namespace OnDuty.Messages;

/// <summary>
/// "How pages reach me": how pages reach the member (email and Teams; SMS for the severities configured, when it is set up),
/// their roster details read-only, the form that sets or clears their mobile number and the one that texts them a test. The
/// number's rule is <see cref="PhoneNumber"/>'s: what it refuses arrives in its English and is said here in the reader's words.
/// </summary>
public sealed partial class NoticeRenderer
{
    private string ContactPage(ContactPageNotice n)
    {
        var p = Phrases.For(n.Language);
        var member = n.Member;
        var choosing = n.Choices.Count > 0;

        List<string> lead = [p[Channels("Contact.Lead", n.TeamsEnabled)]];
        if (n.SmsEnabled)
        {
            lead.Add(n.TextedSeverities.Count == 0 ? p["Contact.Lead.SmsAll"] : p.Format("Contact.Lead.SmsSome", p.Join(n.TextedSeverities.Select(SevLabel))));
            if (n.RepliesAccepted)
            {
                lead.Add(p["Contact.Lead.Replies"]);
            }
        }

        if (n.CallsFromStep is { } fromStep)
        {
            lead.Add(CallsLine(fromStep, n.CalledSeverities, p));
        }

        // Signed in but not on the roster (or nobody to choose from): nothing here can be edited.
        var notOnRoster = member is null && !choosing
            ? n.Visitor.Email is { Length: > 0 } email ? p.Format("Contact.NotOnRoster", email) : p["Contact.NotOnRoster.NoEmail"]
            : null;

        List<Fact> details = member is null ? [] :
        [
            new(p["Contact.Field.name"], member.DisplayName),
            new(p["Contact.Field.email"], member.Email),
            new(p["Contact.Field.language"], p[$"Contact.Language.{member.Language}"]),
            new(p["Contact.Field.timeZone"], p.ZoneName(member.TimeZone)),
        ];

        var chosen = n.Values.TryGetValue("member", out var typedMember) ? typedMember : member?.Id;
        var memberField = choosing
            ? new FieldView("member", p["Contact.Field.member"], p["Contact.Hint.member"], "select", chosen ?? "", ContactError(n.Errors, "member", p), true, 0,
            [
                new OptionView("", p["PmPage.Choose"], string.IsNullOrEmpty(chosen)),
                .. n.Choices.Select(m => new OptionView(m.Id, p.Format("Contact.Choice", m.DisplayName, m.Id), m.Id == chosen)),
            ])
            : null;
        var phoneField = new FieldView(
            "phone", p["Contact.Field.phone"], n.MemberAbroad ? p["Contact.Hint.phone.abroad"] : n.PhoneCountryCode is { } country ? p.Format("Contact.Hint.phone.national", country) : p["Contact.Hint.phone"], "tel", n.Values.TryGetValue("phone", out var typed) ? typed : member?.Phone ?? "",
            ContactError(n.Errors, "phone", p), false, 0, []);

        var model = new ContactPageView(
            LanguageTag(n.Language), p["Contact.Title"], Query(n.Language), n.Token.FieldName, n.Token.Value,
            n.Visitor.SignedIn ? p.Format("PmPage.SignedInAs", n.Visitor.Name) : null,
            lead, n.SmsEnabled || n.CallsFromStep is not null ? null : p[Channels("Contact.Lead.SmsOff", n.TeamsEnabled)], notOnRoster, details, memberField, phoneField,
            ContactPageNotice.IsDone(n.Done) ? p[$"Contact.Done.{n.Done}"] : null,
            // The cap is no field to fix: said beside the calendar button alone.
            n.Errors.Keys.Any(k => k != "feeds") ? p["PmPage.Form.Fix"] : null)
        {
            // The test goes to the number stored, not to one typed and not saved: the button says which.
            // Shown as people read it (+81 90-1234-5678); the field keeps the stored E.164 form.
            TestTo = n.SmsEnabled && member?.Phone is { } phone ? p.Format("Contact.Test.Hint", PhoneNumber.Grouped(phone)) : null,
            TestMember = choosing ? member?.Id : null,
            TestCallTo = n.CallsFromStep is not null && member?.Phone is { } called ? p.Format("Contact.TestCall.Hint", PhoneNumber.Grouped(called)) : null,
            PhoneHeading = p[n.CallsFromStep is null ? "Contact.Phone.Heading" : "Contact.Phone.Heading.Calls"],
            EmailTestTo = member is { Email.Length: > 0 } ? p.Format("Contact.TestEmail.Hint", member.Email) : null,
            // Only with a member known: whose follows they are.
            FollowingHeading = member is null ? null : p["Contact.Following.Heading"],
            FollowingNone = member is not null && n.Following.Count == 0 ? p["Contact.Following.None"] : null,
            Following = [.. n.Following.Select(i => new FollowedView(i.Id, Uri.EscapeDataString(i.Id), IncidentTitle(i, p), SevLabel(i.Severity)))],
            // 「カレンダーに追加」: with a member known, their own feed URLs; the one just made shown this once.
            CalendarHeading = member is null ? null : p["Contact.Calendar.Heading"],
            CalendarUrl = n.NewCalendarUrl,
            CalendarWebcal = n.NewCalendarUrl is { } url ? Core.Calendar.FeedService.Webcal(url) : null,
            CalendarFeeds = [.. n.CalendarFeeds.Select(f => CalendarFeed(f, n.TimeZone, p))],
            CalendarNote = n.Values.GetValueOrDefault("note") ?? "",
            CalendarNoteError = FirstError(n.Errors, "note", p),
            CalendarCap = n.Errors.ContainsKey("feeds") ? p.Format("Contact.Calendar.Cap", n.CalendarMax) : null,
            CallRule = CallRule(n, p),
            Undelivered = [.. n.Undelivered.Take(Core.Team.ContactDetails.UndeliveredLines).Select(m => p.Format("Contact.Undelivered.Line",
                p.TimeWithZone(m.SentAt ?? m.CreatedAt, Core.Common.TimeZones.Find(n.TimeZone), n.TimeZone, "Format.Stamp"), Headline(m), m.LastError ?? ""))],
        };
        return templates.RenderHtml("contact-page.html", model, p);
    }

    /// <summary>
    /// The member's own call rule (「自分への電話を早める」): where calls are on and the team's do not ring with the first page already,
    /// for a member known — what it does, until when it works (each ringing severity's next step), that a time not before it changes
    /// nothing, and the choice; without a number, that one is needed first. Null otherwise (no section).
    /// </summary>
    private static CallRuleView? CallRule(ContactPageNotice n, Phrases p)
    {
        if (n.Member is not { } member || n.CallsFromStep is not { } fromStep || fromStep == 0 || n.NextStepAfter.Count == 0)
        {
            return null;
        }

        var steps = p.Join(n.NextStepAfter.Select(s => p.Format("Contact.CallRule.Step", SevLabel(s.Severity), DurationText.Exact(s.After, p))));
        var current = n.Values.TryGetValue("callAfterMinutes", out var typed) ? typed : member.CallAfterMinutes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
        var later = member.CallAfterMinutes is { } minutes ? n.NextStepAfter.Where(s => TimeSpan.FromMinutes(minutes) >= s.After).Select(s => SevLabel(s.Severity)).ToList() : [];
        int[] choices = [0, 2, 5, 10, 15, 30, 60];
        var values = choices.Concat(member.CallAfterMinutes is { } own && !choices.Contains(own) ? [own] : []).Order();
        var field = new FieldView("callAfterMinutes", p["Contact.CallRule.Field"], p.Format("Contact.CallRule.Hint", steps), "select", current, ContactError(n.Errors, "callAfterMinutes", p), false, 0,
        [
            new OptionView("", p["Contact.CallRule.None"], current == ""),
            .. values.Select(m => new OptionView(m.ToString(System.Globalization.CultureInfo.InvariantCulture),
                m == 0 ? p["Contact.CallRule.AtFirstPage"] : p.Format("Contact.CallRule.After", DurationText.Exact(TimeSpan.FromMinutes(m), p)),
                current == m.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        ]);
        return new CallRuleView(
            field,
            member.Phone is null ? p["Contact.CallRule.NeedsPhone"] : null,
            later.Count == 0 ? null : p.Format("Contact.CallRule.NoEffect", DurationText.Exact(TimeSpan.FromMinutes(member.CallAfterMinutes!.Value), p), p.Join(later)));
    }

    /// <summary>A feed URL the member made, as its line says it: 「2026/12/06 03:12（JST）に作成 · メモ：会社の Outlook」.</summary>
    private static CalendarFeedView CalendarFeed(Core.Calendar.FeedToken feed, string timeZone, Phrases p)
    {
        var made = p.TimeWithZone(feed.CreatedAt, Core.Common.TimeZones.Find(timeZone), timeZone, "Format.Stamp");
        return new(feed.Id, feed.Note is { Length: > 0 } note ? p.Format("Contact.Calendar.Feed.Note", made, note) : p.Format("Contact.Calendar.Feed", made));
    }

    /// <summary>
    /// When pages ring the member's number (<c>Voice__FromStep</c>) and for which severities: said on their page and in the welcome mail.
    /// From the leads' step (2) a duty member's number is not called by the team's calls: the line says only the leads are.
    /// </summary>
    private static string CallsLine(int fromStep, IReadOnlyList<Core.Alerts.AlertSeverity> severities, Phrases p)
    {
        var calls = p[fromStep switch { 0 => "Contact.Lead.CallsAtOnce", 1 => "Contact.Lead.Calls", _ => "Contact.Lead.CallsLeads" }];
        return severities.Count == 0 ? calls : calls + p.Format("Contact.Lead.CallsSeverities", p.Join(severities.Select(SevLabel)));
    }

    private static string SmsTestText(SmsTestNotice n) => Phrases.For(n.Language).Format("SmsTest.Text", Addressed(n.Name, n.Language));

    /// <summary>The test page email: that it arrived is the news, and where to look if a real one does not.</summary>
    private RenderedEmail EmailTestEmail(EmailTestNotice n)
    {
        var p = Phrases.For(n.Language);
        var model = new LinesView(LanguageTag(n.Language), p["EmailTest.Subject"], [p.Format("EmailTest.Greeting", Addressed(n.Name, n.Language)), "", p.Format("EmailTest.Body", n.Address), "", p["EmailTest.Spam"]]);
        return new RenderedEmail(model.Subject, templates.RenderText("lines.txt", model, p), templates.RenderHtml("lines.html", model, p));
    }

    /// <summary>
    /// A field's first problem as this page says it: a number's <see cref="PhoneNumber.Refusal"/> as what is wrong with what was
    /// typed, then the rule (with a country code, naming it); <see cref="PhoneNumber.Rule"/> alone (with a country code,
    /// <see cref="PhoneNumber.RuleFor"/>) as the rule; the member codes (<c>required</c>,
    /// <c>unknown</c>) in this page's words, anything else as the PM pages phrase it (Core's common rules through
    /// <see cref="MaintenanceCode"/>).
    /// </summary>
    private static string? ContactError(IReadOnlyDictionary<string, string[]> errors, string field, Phrases p)
    {
        if (!errors.TryGetValue(field, out var list) || list.Length == 0)
        {
            return null;
        }

        if (field == "phone" && PhoneNumber.ProblemIn(list[0], out var problem, out var named))
        {
            return p.Format("Contact.Error.phone.Refused", p[$"Contact.Error.phone.{problem}"], PhoneRule(named, p));
        }

        if (PhoneNumber.IsNationalRule(list[0], out var country) && p.Has($"Contact.Error.{field}.national"))
        {
            return p.Format($"Contact.Error.{field}.national", country);
        }

        var code = list[0] == PhoneNumber.Rule ? "e164" : MaintenanceCode(list[0]);
        return p.Has($"Contact.Error.{field}.{code}")
            ? p[$"Contact.Error.{field}.{code}"]
            : FirstError(new Dictionary<string, string[]> { [field] = [code] }, field, p);
    }

    /// <summary>How to type a number, after what was wrong with one: with the team's country code, at home or with +; else with + only.</summary>
    private static string PhoneRule(string? countryCode, Phrases p) =>
        countryCode is null ? p["Contact.Error.phone.Rule"] : p.Format("Contact.Error.phone.Rule.national", countryCode);

    private sealed record ContactPageView(
        string Lang, string Title, string Query, string TokenField, string Token, string? SignedInAs, IReadOnlyList<string> Lead, string? SmsOff,
        string? NotOnRoster, IReadOnlyList<Fact> Details, FieldView? Member, FieldView Phone, string? Done, string? Problem)
    {
        /// <summary>SMS on and a number stored: what the test button texts.</summary>
        public string? TestTo { get; init; }

        /// <summary>Without sign-in: whom the test is for (the member chosen), sent with the test form.</summary>
        public string? TestMember { get; init; }

        /// <summary>Calls on and a number stored: what the test call button calls.</summary>
        public string? TestCallTo { get; init; }

        /// <summary>The number's heading: by SMS, or by SMS and phone when calls are on.</summary>
        public string PhoneHeading { get; init; } = "";

        /// <summary>A member is known: what the test email button sends to.</summary>
        public string? EmailTestTo { get; init; }

        /// <summary>The member's own call rule, where calls are on and not with the first page already; null otherwise.</summary>
        public CallRuleView? CallRule { get; init; }

        /// <summary>What recently did not reach them, one line each, newest first.</summary>
        public IReadOnlyList<string> Undelivered { get; init; } = [];

        /// <summary>「フォロー中の障害」, for a member known; null otherwise (nothing to list).</summary>
        public string? FollowingHeading { get; init; }

        /// <summary>A member who follows no open incident: that they do not, and how to.</summary>
        public string? FollowingNone { get; init; }

        /// <summary>The open incidents they follow, newest first, each with its unfollow button.</summary>
        public IReadOnlyList<FollowedView> Following { get; init; } = [];

        /// <summary>「カレンダーに追加」, for a member known; null otherwise (no section).</summary>
        public string? CalendarHeading { get; init; }

        /// <summary>The feed URL just made (https), shown this once; its webcal:// form opens the device's calendar app.</summary>
        public string? CalendarUrl { get; init; }

        public string? CalendarWebcal { get; init; }

        /// <summary>The feed URLs the member made here, oldest first, each with 「無効にする」.</summary>
        public IReadOnlyList<CalendarFeedView> CalendarFeeds { get; init; } = [];

        /// <summary>The note typed on a refused form (kept), and what was wrong with it.</summary>
        public string CalendarNote { get; init; } = "";

        public string? CalendarNoteError { get; init; }

        /// <summary>At the cap: that no URL was made, and what to do.</summary>
        public string? CalendarCap { get; init; }
    }

    /// <summary>The call rule's section: its choice, why it cannot be set yet (no number), and what a rule not before the next step does (nothing).</summary>
    private sealed record CallRuleView(FieldView Field, string? NeedsPhone, string? NoEffect);

    /// <summary>A calendar feed URL the member made: its id (what 「無効にする」 sends) and when it was made, with its note.</summary>
    private sealed record CalendarFeedView(string Id, string Line);

    /// <summary>An open incident the member follows: its id (and as a path segment), title and severity label.</summary>
    private sealed record FollowedView(string Id, string IdPath, string Title, string Severity);
}
