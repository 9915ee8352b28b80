using System.Net;
using System.Text.RegularExpressions;
using OnDuty.Core.Common;
using OnDuty.Core.Maintenance;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Core.Tests.Incidents;

namespace OnDuty.Core.Tests.Messages;

/// <summary>The maintenance page's problems: whatever the window's rules refuse is said next to its field in the reader's words.</summary>
public sealed partial class MaintenancePageTests
{
    private static readonly DateTimeOffset Now = IncidentHarness.T0;

    public static TheoryData<string> Languages => new() { "ja", "en" };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Page_EveryRefusalOfPlanningOrMovingAWindow_SaidInTheReadersWordsNextToItsField(string lang)
    {
        var language = lang == "ja" ? Language.Ja : Language.En;
        var refusals = PlanRefusals().Concat(await MoveRefusalsAsync()).ToList();
        Assert.True(refusals.Count >= 14, $"the cases should reach every rule: {refusals.Count}");

        var running = Window("MW-00000001", Now.AddMinutes(-5), Now.AddHours(1));
        foreach (var (form, field, message) in refusals)
        {
            var html = TestRenderer.Instance.Page(new MaintenancePageNotice(language, [running], [], new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", Now)
            {
                FailedForm = form,
                FailedWindow = form == "move" ? running.Id : null,
                Errors = new Dictionary<string, string[]> { [field] = [message] },
            });

            var id = form == "move" ? $"move-{running.Id}-{field}-err" : $"plan-{field}-err";
            var shown = ErrorText().Match(html) is { Success: true } m && m.Groups[1].Value == id
                ? WebUtility.HtmlDecode(m.Groups[2].Value)
                : throw new Xunit.Sdk.XunitException($"no error next to {id} for '{message}':\n{html}");
            Assert.NotEqual(message, shown);
            if (language == Language.Ja)
            {
                Assert.False(Regex.IsMatch(shown, "[A-Za-z]"), $"{field} '{message}' shown as '{shown}'");
            }
        }
    }

    [Fact]
    public async Task Page_MovingAWindowEndedMeanwhile_SaysSoAtTheTop()
    {
        var h = await IncidentHarness.CreateAsync();
        var window = (await h.Maintenance.PlanAsync(new MaintenanceRequest { Title = "x", To = h.Time.GetUtcNow().AddHours(1), AllAlerts = true }, "ito", default)).Value;
        await h.Maintenance.EndAsync(window.Id, "ito", default);
        var refused = await Assert.ThrowsAsync<ValidationException>(() => h.Maintenance.MoveEndAsync(window.Id, h.Time.GetUtcNow().AddHours(2), "ito", default));

        var html = TestRenderer.Instance.Page(new MaintenancePageNotice(Language.Ja, [], [window], new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", h.Time.GetUtcNow())
        {
            FailedForm = "move",
            FailedWindow = window.Id,
            Errors = refused.Errors,
        });

        Assert.Contains("<p class=\"problem\" role=\"alert\" id=\"problem\">このメンテナンスはすでに終了しています。変更する場合は、新しく登録してください。</p>", html);
    }

    /// <summary>What <see cref="MaintenanceWindow.Plan"/> says to requests that break each of its rules.</summary>
    private static IEnumerable<(string Form, string Field, string Message)> PlanRefusals()
    {
        var longText = new string('x', MaintenanceWindow.MaxLabelLength + 1);
        MaintenanceRequest[] requests =
        [
            new(),
            new() { Title = new string('長', MaintenanceWindow.MaxTitleLength + 1), From = Now.AddHours(2), To = Now.AddHours(1), Sources = ["nagios"] },
            new() { Title = "a\u0001b", From = Now.AddDays(100), To = Now.AddDays(108), Sources = ["a", "b", "c", "d", "e", "f"] },
            new() { Title = "past", To = Now.AddHours(-1), Labels = new Dictionary<string, string> { [longText] = "v", ["k"] = longText, ["c"] = "\u0007" } },
            new() { Title = "many", To = Now.AddHours(1), Labels = Enumerable.Range(0, MaintenanceWindow.MaxLabels + 1).ToDictionary(i => $"k{i}", i => "v") },
        ];
        foreach (var request in requests)
        {
            var refused = Assert.Throws<ValidationException>(() => MaintenanceWindow.Plan(request, "MW-00000000", "ito", Now));
            foreach (var (field, messages) in refused.Errors)
            {
                foreach (var message in messages)
                {
                    yield return ("plan", field, message);
                }
            }
        }
    }

    /// <summary>What <see cref="MaintenanceService.MoveEndAsync"/> says to a new end in the past, before the start or too far.</summary>
    private static async Task<IReadOnlyList<(string Form, string Field, string Message)>> MoveRefusalsAsync()
    {
        var h = await IncidentHarness.CreateAsync();
        var now = h.Time.GetUtcNow();
        var window = (await h.Maintenance.PlanAsync(new MaintenanceRequest { Title = "x", From = now.AddHours(1), To = now.AddHours(2), AllAlerts = true }, "ito", default)).Value;
        var refusals = new List<(string, string, string)>();
        foreach (var to in new[] { now.AddMinutes(-1), now.AddMinutes(30), now.AddDays(9) })
        {
            var refused = await Assert.ThrowsAsync<ValidationException>(() => h.Maintenance.MoveEndAsync(window.Id, to, "ito", default));
            refusals.AddRange(refused.Errors.SelectMany(e => e.Value.Select(m => ("move", e.Key, m))));
        }

        return refusals;
    }

    /// <summary>
    /// Trial day 29, M3: the page said 「保留中の障害：0件」 with no hint that a matching open incident would go on ringing. Brief
    /// boardstorm, 2: the confirmation of the plan says in words which ones go on escalating and the window's button that stops them.
    /// </summary>
    [Theory]
    [InlineData("ja", "この時間帯に該当する未対応の障害が1件あります。メンテナンスの保留は新しく起票される障害だけに効くため、これらの呼び出しは続きます。",
        "この時間帯に当てはまる対応中の障害が1件あります（INC-2026-0001）。これらのエスカレーションは止まっていません。止めるには、メンテナンス画面のこの時間帯にある「当てはまる対応中の障害も止める」を押してください。")]
    [InlineData("en", "Open incidents nobody has acknowledged that match this window: 1. Maintenance holds only the pages of incidents opened during it, so these go on paging.",
        "1 open incident matches this window (INC-2026-0001). Its escalation has not stopped. To stop it, press “Also stop the open incidents that match” on this window on the maintenance page.")]
    public void Page_OpenIncidentsAWindowCoversButDoesNotHold_AreNamedWithLinks_OnItsRowAndInThePlannedConfirmation(string lang, string warning, string done)
    {
        var running = Window("MW-00000001", Now.AddMinutes(-5), Now.AddHours(1));
        var quiet = Window("MW-00000002", Now.AddHours(2), Now.AddHours(3));
        var match = new MaintenanceMatch("INC-2026-0001", "checkout <5xx>", OnDuty.Core.Alerts.AlertSeverity.Sev2, false);
        var html = TestRenderer.Instance.Page(new MaintenancePageNotice(lang == "ja" ? Language.Ja : Language.En, [running, quiet], [], new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", Now)
        {
            OpenMatches = new Dictionary<string, IReadOnlyList<MaintenanceMatch>> { [running.Id] = [match], [quiet.Id] = [] },
            Done = "planned",
            PlannedWindow = running.Id,
        });

        var link = $"<a href=\"/api/incidents/INC-2026-0001/page?lang={lang}\">INC-2026-0001</a> checkout &lt;5xx&gt;";
        Assert.Contains($"<div class=\"warn\" id=\"open-matches-{running.Id}\"><p>{warning}</p>", html, StringComparison.Ordinal);
        Assert.Contains($"<p class=\"warn\" id=\"done-open-matches\">{done}</p>", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Matches(html, Regex.Escape(link)).Count);
        Assert.DoesNotContain($"open-matches-{quiet.Id}", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// holdOpen: the plan form offers it only while an open, unacknowledged incident exists; a window holding incidents open before
    /// it names them on its row and in the confirmation, and a SEV1 among them gets a warning line of its own.
    /// </summary>
    [Theory]
    [InlineData("ja", "開始前から発生していた未対応の障害1件の呼び出しを、指定により終了まで保留しています。", "注意：SEV1 の障害（INC-2026-0001）の呼び出しも保留します。", "対応中の障害も止める")]
    [InlineData("en", "1 unacknowledged incidents open before it are held until it ends, as asked.", "Warning: the SEV1 incidents INC-2026-0001 are held too.", "Also stop the pages of open incidents")]
    public void Page_HoldOpen_OfferedOnlyWithOpenIncidents_HeldOnesNamed_ASev1Warned(string lang, string held, string sev1, string box)
    {
        var running = Window("MW-00000001", Now.AddMinutes(-5), Now.AddHours(1)) with { HoldOpen = true };
        var match = new MaintenanceMatch("INC-2026-0001", "checkout <5xx>", OnDuty.Core.Alerts.AlertSeverity.Sev1, false) { Held = true };
        MaintenancePageNotice Notice(bool open) => new(lang == "ja" ? Language.Ja : Language.En, [running], [], new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", Now)
        {
            HeldOpen = new Dictionary<string, IReadOnlyList<MaintenanceMatch>> { [running.Id] = [match] },
            OpenIncidents = open,
            Done = "planned",
            PlannedWindow = running.Id,
        };

        var html = TestRenderer.Instance.Page(Notice(open: true));
        if (Environment.GetEnvironmentVariable("ONDUTY_DUMP_PAGE") is { Length: > 0 } dump)
        {
            File.WriteAllText($"{dump}-{lang}.html", html);
        }

        Assert.Contains($"<div class=\"warn\" id=\"held-open-{running.Id}\"><p>{held}", html, StringComparison.Ordinal);
        Assert.Contains($"<p class=\"warn\" id=\"done-held-open\">{held}", html, StringComparison.Ordinal);
        Assert.Contains($"<p class=\"warn\" id=\"held-open-sev1-{running.Id}\"><b>{sev1}", html, StringComparison.Ordinal);
        Assert.Contains($"<p class=\"warn\" id=\"done-held-open-sev1\"><b>{sev1}", html, StringComparison.Ordinal);
        Assert.Contains("name=\"holdOpen\" value=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains(box, html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"holdOpen\"", TestRenderer.Instance.Page(Notice(open: false)), StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 52: the note points at a button that exists. A window running or planned whose open matches go on paging has
    /// 「当てはまる対応中の障害も止める（n件）」 beside its other forms, with the page's token; not a window without any, one planned
    /// ahead that holds them when it begins already, one ended, nor for a visitor who may not act.
    /// </summary>
    [Theory]
    [InlineData("ja", "当てはまる対応中の障害も止める（2件）")]
    [InlineData("en", "Also stop the open incidents that match (2)")]
    public void Page_AWindowWhoseOpenMatchesGoOnPaging_OffersToHoldThem(string lang, string button)
    {
        var running = Window("MW-00000001", Now.AddMinutes(-5), Now.AddHours(1));
        var planned = Window("MW-00000002", Now.AddHours(2), Now.AddHours(3));
        var holdsAtStart = Window("MW-00000003", Now.AddHours(2), Now.AddHours(3)) with { HoldOpen = true };
        var quiet = Window("MW-00000004", Now.AddHours(2), Now.AddHours(3));
        IReadOnlyList<MaintenanceMatch> matches =
        [
            new("INC-2026-0001", "checkout 5xx", OnDuty.Core.Alerts.AlertSeverity.Sev2, false),
            new("INC-2026-0002", "search slow", OnDuty.Core.Alerts.AlertSeverity.Sev3, false),
        ];
        MaintenancePageNotice Notice(PageVisitor visitor) => new(lang == "ja" ? Language.Ja : Language.En, [running, planned, holdsAtStart, quiet], [], new FormToken("t", "v"), visitor, "Asia/Tokyo", Now)
        {
            OpenMatches = new Dictionary<string, IReadOnlyList<MaintenanceMatch>> { [running.Id] = matches, [planned.Id] = matches, [holdsAtStart.Id] = matches, [quiet.Id] = [] },
        };

        var html = TestRenderer.Instance.Page(Notice(PageVisitor.Anonymous));

        foreach (var offered in new[] { running, planned })
        {
            Assert.Contains($"<form method=\"post\" action=\"/api/status/maintenance/{offered.Id}/hold?lang={lang}\" accept-charset=\"utf-8\" id=\"hold-{offered.Id}\">\n<input type=\"hidden\" name=\"t\" value=\"v\">", html, StringComparison.Ordinal);
            Assert.Contains($"<button type=\"submit\" id=\"hold-{offered.Id}-submit\">{button}</button>", html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain($"id=\"hold-{holdsAtStart.Id}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"hold-{quiet.Id}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/hold?", TestRenderer.Instance.Page(Notice(PageVisitor.Anonymous.NotOnRoster([]))), StringComparison.Ordinal);
    }

    /// <summary>After the button: how many it held (and, named below, those it holds), none, or — planned ahead — that it holds them when it begins.</summary>
    [Theory]
    [InlineData("ja", 2, false, "対応中の障害2件のエスカレーションを止めました。")]
    [InlineData("ja", 1, false, "対応中の障害1件のエスカレーションを止めました。")]
    [InlineData("ja", 0, false, "止めた障害はありません。")]
    [InlineData("ja", 0, true, "開始前からの障害も保留する指定にしました。")]
    [InlineData("en", 2, false, "Stopped the escalations of 2 open incidents.")]
    [InlineData("en", 1, false, "Stopped the escalation of 1 open incident.")]
    [InlineData("en", 0, false, "No incident was stopped.")]
    [InlineData("en", 0, true, "It now holds the open incidents that match too, from its start.")]
    public void Page_AfterHoldingTheOpenMatches_SaysWhatWasHeld(string lang, int held, bool ahead, string done)
    {
        var window = (ahead ? Window("MW-00000001", Now.AddHours(1), Now.AddHours(2)) : Window("MW-00000001", Now.AddMinutes(-5), Now.AddHours(1))) with { HoldOpen = true };
        var heldOpen = new MaintenanceMatch("INC-2026-0001", "checkout 5xx", OnDuty.Core.Alerts.AlertSeverity.Sev2, false) { Held = true };

        var html = TestRenderer.Instance.Page(new MaintenancePageNotice(lang == "ja" ? Language.Ja : Language.En, [window], [], new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", Now)
        {
            HeldOpen = new Dictionary<string, IReadOnlyList<MaintenanceMatch>> { [window.Id] = held > 0 ? [heldOpen] : [] },
            Done = "held",
            PlannedWindow = window.Id,
            Held = held,
        });

        Assert.Contains($"<div class=\"done\" role=\"status\" id=\"done\"><p>{done}</p>", html, StringComparison.Ordinal);
        Assert.Equal(held > 0, html.Contains("<p class=\"warn\" id=\"done-held-open\">", StringComparison.Ordinal));
        Assert.Equal(held > 0, html.Contains($"<a href=\"/api/incidents/INC-2026-0001/page?lang={lang}\">INC-2026-0001</a>", StringComparison.Ordinal));
    }

    /// <summary>
    /// A window's period says its zone once after both ends, as the status page and the handoff brief write it; a same-day window its
    /// date once (「2026/12/01 09:55〜11:00（JST）」), one across midnight both dates.
    /// </summary>
    [Theory]
    [InlineData(Language.En, 1, "1 Dec 2026 09:55 – 11:00 (JST) · ")]
    [InlineData(Language.Ja, 1, "2026/12/01 09:55〜11:00（JST） · ")]
    [InlineData(Language.En, 15, "1 Dec 2026 09:55 – 2 Dec 2026 01:00 (JST) · ")]
    [InlineData(Language.Ja, 15, "2026/12/01 09:55〜2026/12/02 01:00（JST） · ")]
    public void Page_WindowPeriod_SaysItsZoneOnce_AndASameDayDateOnce(Language language, int hours, string period)
    {
        var running = Window("MW-00000001", Now.AddMinutes(-5), Now.AddHours(hours));

        var html = TestRenderer.Instance.Page(new MaintenancePageNotice(language, [running], [], new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", Now));

        Assert.Contains($"<span class=\"meta\">{period}", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// A window customers are told of offers PR and CS the 「メンテナンスのお知らせ」 draft (JA-STYLE: 【メンテナンス】title, 日時, 影響,
    /// お願い), what customers will notice encoded as written; a window without it offers none.
    /// </summary>
    [Fact]
    public void Page_AWindowCustomersAreToldOf_OffersTheNoticeDraft_OthersNone()
    {
        var told = Window("MW-00000001", Now.AddHours(15), Now.AddHours(17)) with { Title = "決済DBの移行", CustomerImpact = "決済が最大2時間ご利用いただけません <b>" };
        var quiet = Window("MW-00000002", Now.AddHours(20), Now.AddHours(21));

        var html = TestRenderer.Instance.Page(new MaintenancePageNotice(Language.Ja, [told, quiet], [], new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", Now));

        var draft = Regex.Match(html, "<details class=\"draft\" id=\"customer-draft-MW-00000001\">.*?</details>", RegexOptions.Singleline).Value;
        Assert.Contains("<summary>お客さま向けのお知らせ（下書き）</summary>", draft, StringComparison.Ordinal);
        var text = System.Net.WebUtility.HtmlDecode(Regex.Match(draft, "<textarea[^>]*>(.*)</textarea>", RegexOptions.Singleline).Groups[1].Value);
        Assert.Equal(
            """
            【メンテナンス】決済DBの移行のお知らせ

            いつも弊社サービスをご利用いただき、誠にありがとうございます。
            下記の日時にて、メンテナンスを実施いたします。

            ■日時
            2026年12月2日(水) 01:00〜03:00（JST）

            ■影響
            決済が最大2時間ご利用いただけません <b>

            ■お願い
            お客さまにはご不便をおかけいたしますが、ご理解とご協力を賜りますようお願い申し上げます。なお、作業の状況により終了時刻が前後する場合がございます。
            """.ReplaceLineEndings("\n"),
            text);
        Assert.Contains("決済が最大2時間ご利用いただけません &lt;b&gt;", draft, StringComparison.Ordinal);
        Assert.DoesNotContain("customer-draft-MW-00000002", html, StringComparison.Ordinal);
    }

    /// <summary>Session 48: who planned and who ended a window, taken off the roster since: by the name they had, marked, not by their id.</summary>
    [Theory]
    [InlineData(Language.Ja, "小林 次郎（退任）", "退任したメンバー")]
    [InlineData(Language.En, "小林 次郎 (no longer on the roster)", "a former member")]
    public void Page_PlannedAndEndedBySomeoneSinceTakenOffTheRoster_NamedAsTheyWere(Language language, string planner, string erased)
    {
        var running = Window("MW-00000001", Now.AddMinutes(-5), Now.AddHours(1)) with { CreatedBy = "kobayashi" };
        var ended = Window("MW-00000002", Now.AddHours(-3), Now.AddHours(-1)) with { CreatedBy = "kobayashi", EndedBy = "yamamoto", EndedAt = Now.AddHours(-2) };

        var html = TestRenderer.Instance.Page(new MaintenancePageNotice(language, [running], [ended], new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", Now)
        {
            Names = new Dictionary<string, string> { ["ito"] = "伊藤 さくら" },
            Former = [new FormerMember("kobayashi", "小林 次郎", Language.Ja, Now), new FormerMember("yamamoto", null, Language.Ja, Now)],
        });

        Assert.True(html.Split(planner).Length >= 3, html); // the running window and the ended one
        Assert.Contains(erased, html, StringComparison.Ordinal);
        Assert.DoesNotContain("kobayashi", html, StringComparison.Ordinal);
        Assert.DoesNotContain("yamamoto", html, StringComparison.Ordinal);
    }

    private static MaintenanceWindow Window(string id, DateTimeOffset from, DateTimeOffset to) =>
        new() { Id = id, Title = "DB", From = from, To = to, CreatedBy = "ito", CreatedAt = from };

    [GeneratedRegex("<p class=\"err\" id=\"([^\"]+)\">([^<]*)</p>")]
    private static partial Regex ErrorText();
}
