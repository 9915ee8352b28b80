using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.Core.Notifications;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Notifications;

/// <summary>
/// A page the mail server refused (given up) is re-sent from the incident page once the server takes mail again: the button
/// beside 「まだ誰にも届いていません」 in a real Chromium, the mail in smtp4dev, the timeline, the outbox rows on Azurite, and
/// health no longer degraded by it.
/// </summary>
public sealed class ResendTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-resend-master-key";
    private const string Refusal = "SMTP 550: 5.1.1 mailbox unavailable";

    private readonly FailingEmailSender _refusing = new();
    private OwnApp _app = null!;

    private HostedApp Host => _app.Host;

    public async Task InitializeAsync() =>
        _app = await OwnApp.StartAsync(MasterKey, OnDutyAppFixture.BeforeHandoff.AddHours(1).AddMinutes(5), configureServices: _refusing.Wrap);

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task GivenUpPages_ResentFromTheIncidentPageInChromium_ReachSmtp4dev_AndHealthIsNoLongerDegradedByThem()
    {
        var pair = (await Host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("members").EnumerateArray()
            .Select(m => m.GetProperty("email").GetString()!).Order(StringComparer.Ordinal).ToList();
        _refusing.Failure = new SendResult.Permanent(Refusal);
        using var declared = await Host.Client.PostAsJsonAsync("api/incidents", new { title = "決済画面が開かない", severity = "sev2", by = "sato" });
        var id = (await declared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await Host.WaitForOutboxIdleAsync();
        var failed = await FailedAsync(id);
        Assert.Equal(pair, failed.Select(f => f.GetProperty("recipient").GetString()).Order(StringComparer.Ordinal));
        Assert.Contains("2 messages given up, the latest to", await Host.Client.GetStringAsync("api/health/details"), StringComparison.Ordinal);

        // The server takes mail again; a PM presses the button beside the banner.
        _refusing.Failure = null;
        using var chromium = new HeadlessChromium();
        chromium.GoTo(new Uri(Host.BaseAddress, $"api/incidents/{id}/page?lang=ja"));
        Assert.Contains("まだ誰にも届いていません", chromium.Find("undelivered").Text, StringComparison.Ordinal);
        Assert.Equal(2, chromium.Browser.FindElements(OpenQA.Selenium.By.CssSelector("#timeline form.resend")).Count);
        chromium.Find("resend-all-button").Click();
        chromium.Wait(d => d.Url.EndsWith("&done=resent", StringComparison.Ordinal));

        var mails = await _app.Smtp!.WaitForAboutAsync(id, count: 2);
        Assert.All(pair, address => Assert.Single(mails, m => m.To.Any(t => t.Contains(address, StringComparison.OrdinalIgnoreCase))));
        await Host.WaitForOutboxIdleAsync();
        chromium.GoTo(new Uri(Host.BaseAddress, $"api/incidents/{id}/page?lang=ja"));
        var timeline = chromium.Find("timeline").Text;
        Assert.Contains($"への呼び出し（メール）を再送しました（前回：{Refusal}）", timeline, StringComparison.Ordinal);
        Assert.Empty(chromium.Browser.FindElements(OpenQA.Selenium.By.Id("resend-all")));

        // Stored: each give-up names its re-send, which was sent; a second re-send is refused naming that.
        foreach (var given in await FailedAsync(id))
        {
            var resentAs = given.GetProperty("resentAs").GetString()!;
            Assert.Equal($"resend:1:{given.GetProperty("id").GetString()}", resentAs);
            using var again = await Host.Client.PostAsync($"api/outbox/{Uri.EscapeDataString(given.GetProperty("id").GetString()!)}/resend", null);
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Contains("sent:", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("given up, the latest to", await Host.Client.GetStringAsync("api/health/details"), StringComparison.Ordinal);
        Assert.Equal(2, (await _app.Smtp.MessagesAsync()).Count(m => m.Subject.Contains(id, StringComparison.Ordinal)));
    }

    /// <summary>
    /// 「届かなかった連絡」 lists the give-ups of every incident with why; one re-sent from its button reaches smtp4dev and reads
    /// 再送済み; a stale button for one re-sent meanwhile (by the API) is refused, saying so, and sends nothing twice.
    /// </summary>
    [Fact]
    public async Task GivenUpPages_ListedOnTheUndeliveredPage_ResentFromItInChromium_AStaleButtonSendsNothingTwice()
    {
        _refusing.Failure = new SendResult.Permanent(Refusal);
        using var declared = await Host.Client.PostAsJsonAsync("api/incidents", new { title = "在庫APIの遅延", severity = "sev2", by = "sato" });
        var id = (await declared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await Host.WaitForOutboxIdleAsync();
        var failed = await FailedAsync(id);
        Assert.Equal(2, failed.Count);
        _refusing.Failure = null;

        using var chromium = new HeadlessChromium();
        chromium.GoTo(new Uri(Host.BaseAddress, "api/status?lang=ja"));
        chromium.Find("undelivered-link").Click();
        chromium.Wait(d => d.Url.Contains("/api/status/undelivered", StringComparison.Ordinal));
        Assert.Contains("未解決の連絡が2件あります。", chromium.Find("summary").Text, StringComparison.Ordinal);
        var rows = Rows(chromium, id);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Contains($"回試行して届きませんでした：{Refusal}", r.Text, StringComparison.Ordinal));
        Assert.All(rows, r => Assert.Contains(id, r.Text, StringComparison.Ordinal));

        // The first re-sent from its button; the second re-sent by the API meanwhile, its button on this page now stale.
        var first = rows[0].GetAttribute("data-message")!;
        var second = rows[1].GetAttribute("data-message")!;
        using (var byApi = await Host.Client.PostAsync($"api/outbox/{Uri.EscapeDataString(second)}/resend", null))
        {
            Assert.Equal(HttpStatusCode.OK, byApi.StatusCode);
        }

        rows[0].FindElement(OpenQA.Selenium.By.CssSelector("form.resend button")).Click();
        chromium.Wait(d => d.Url.Contains("done=resent", StringComparison.Ordinal));
        Assert.Contains("再送しました", chromium.Find("done").Text, StringComparison.Ordinal);
        await Host.WaitForOutboxIdleAsync();

        chromium.Browser.Navigate().Back();
        chromium.Wait(d => d.Url.EndsWith("/api/status/undelivered?lang=ja", StringComparison.Ordinal));
        Rows(chromium, id).Single(r => r.GetAttribute("data-message") == second).FindElement(OpenQA.Selenium.By.CssSelector("form.resend button")).Click();
        chromium.Wait(d => d.FindElements(OpenQA.Selenium.By.Id("refused")).Count > 0);
        Assert.Contains("送信済みか送信中です", chromium.Find("refused").Text, StringComparison.Ordinal);

        // Each address got its page once more, no more; both rows read 再送済み and keep no button; health no longer degraded by them.
        await Host.WaitForOutboxIdleAsync();
        var mails = await _app.Smtp!.WaitForAboutAsync(id, count: 2);
        Assert.Equal(2, mails.Count);
        Assert.Equal(2, (await _app.Smtp.MessagesAsync()).Count(m => m.Subject.Contains(id, StringComparison.Ordinal)));
        chromium.GoTo(new Uri(Host.BaseAddress, "api/status/undelivered?lang=ja"));
        Assert.All(Rows(chromium, id), r =>
        {
            Assert.Contains("再送済み：", r.Text, StringComparison.Ordinal);
            Assert.Empty(r.FindElements(OpenQA.Selenium.By.CssSelector("form.resend")));
        });
        Assert.Equal("すべて再送済みで、届いています。", chromium.Find("summary").Text);
        foreach (var given in await FailedAsync(id))
        {
            Assert.Equal($"resend:1:{given.GetProperty("id").GetString()}", given.GetProperty("resentAs").GetString());
        }

        Assert.DoesNotContain("given up, the latest to", await Host.Client.GetStringAsync("api/health/details"), StringComparison.Ordinal);
        Assert.Contains(first, (await FailedAsync(id)).Select(f => f.GetProperty("id").GetString()));
    }

    /// <summary>
    /// After a mail outage (trial 36 M4) four pages of two incidents are given up: one press of 「まとめて再送（4件）」 on
    /// 「届かなかった連絡」 in a real Chromium re-sends all four, each address gets each incident's page once in smtp4dev, and the page
    /// says how many; the same button pressed again from the page as it was (Back) queues none and says so, nothing sent twice.
    /// </summary>
    [Fact]
    public async Task GivenUpPagesOfTwoIncidents_OnePressOnTheUndeliveredPage_ReSendsAllOnce_ASecondPressQueuesNone()
    {
        var pair = (await Host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("members").EnumerateArray()
            .Select(m => m.GetProperty("email").GetString()!).Order(StringComparer.Ordinal).ToList();
        _refusing.Failure = new SendResult.Permanent(Refusal);
        var ids = new List<string>();
        foreach (var title in new[] { "決済画面が開かない", "在庫APIの遅延" })
        {
            using var declared = await Host.Client.PostAsJsonAsync("api/incidents", new { title, severity = "sev2", by = "sato" });
            ids.Add((await declared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }

        await Host.WaitForOutboxIdleAsync();
        foreach (var id in ids)
        {
            Assert.Equal(2, (await FailedAsync(id)).Count);
        }
        _refusing.Failure = null;

        using var chromium = new HeadlessChromium();
        chromium.GoTo(new Uri(Host.BaseAddress, "api/status/undelivered?lang=ja"));
        Assert.Equal("まとめて再送（4件）", chromium.Find("resend-all-button").Text);
        Assert.Equal(4, chromium.Browser.FindElements(OpenQA.Selenium.By.CssSelector("#undelivered form.resend")).Count);
        chromium.Find("resend-all-button").Click();
        chromium.Wait(d => d.Url.Contains("done=resentAll", StringComparison.Ordinal));
        Assert.Equal("4件を再送しました。届くとこの一覧に「再送済み」と表示されます。", chromium.Find("done").Text);

        // Each address got each incident's page once more.
        foreach (var id in ids)
        {
            var mails = await _app.Smtp!.WaitForAboutAsync(id, count: 2);
            Assert.Equal(2, mails.Count);
            Assert.All(pair, address => Assert.Single(mails, m => m.To.Any(t => t.Contains(address, StringComparison.OrdinalIgnoreCase))));
        }

        // The button pressed again from the page as it was: nothing queued, and the page says so.
        chromium.Browser.Navigate().Back();
        chromium.Wait(d => d.Url.EndsWith("/api/status/undelivered?lang=ja", StringComparison.Ordinal));
        chromium.Find("resend-all-button").Click();
        chromium.Wait(d => d.Url.Contains("done=resentAll&queued=0", StringComparison.Ordinal));
        Assert.Equal(
            "再送した連絡はありません。一覧の連絡はすべて再送済みか送信済み・送信中です（または障害がすでに対応開始済みか復旧済みです）。二重には送りません。",
            chromium.Find("done").Text);

        await Host.WaitForOutboxIdleAsync();
        chromium.GoTo(new Uri(Host.BaseAddress, "api/status/undelivered?lang=ja"));
        Assert.Empty(chromium.Browser.FindElements(OpenQA.Selenium.By.Id("resend-all")));
        Assert.Equal("すべて再送済みで、届いています。", chromium.Find("summary").Text);
        foreach (var id in ids)
        {
            Assert.Equal(2, (await _app.Smtp!.MessagesAsync()).Count(m => m.Subject.Contains(id, StringComparison.Ordinal)));
            Assert.All(await FailedAsync(id), given => Assert.Equal($"resend:1:{given.GetProperty("id").GetString()}", given.GetProperty("resentAs").GetString()));
        }
    }

    /// <summary>
    /// <c>POST /api/outbox/resend</c>: 401 without the function key; a channel it does not know is a problem naming the field; one call
    /// re-sends every give-up (200 with how many and their new ids, delivered to smtp4dev), a second queues none.
    /// </summary>
    [Fact]
    public async Task ResendAllApi_NeedsTheKey_ReSendsEveryGiveUpOnce_ASecondCallQueuesNone()
    {
        _refusing.Failure = new SendResult.Permanent(Refusal);
        using var declared = await Host.Client.PostAsJsonAsync("api/incidents", new { title = "ログインできない", severity = "sev2", by = "sato" });
        var id = (await declared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await Host.WaitForOutboxIdleAsync();
        var failed = (await FailedAsync(id)).Select(f => f.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, failed.Count);
        _refusing.Failure = null;

        using (var anonymous = await Host.Anonymous.PostAsJsonAsync("api/outbox/resend", new { by = "sato" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using (var fax = await Host.Client.PostAsJsonAsync("api/outbox/resend", new { by = "sato", channel = "fax" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, fax.StatusCode);
            Assert.Equal("application/problem+json", fax.Content.Headers.ContentType?.MediaType);
            Assert.Contains("channel", await fax.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Calls by either name: "call" as the timeline says it, "voice" as GET /api/outbox lists it. None was given up here.
        foreach (var calls in new[] { "call", "voice" })
        {
            using var none = await Host.Client.PostAsJsonAsync("api/outbox/resend", new { by = "sato", channel = calls });
            Assert.Equal(HttpStatusCode.OK, none.StatusCode);
            Assert.Equal(0, (await none.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("queued").GetInt32());
        }

        Assert.Empty(await _app.Smtp!.AboutAsync(id));
        using (var first = await Host.Client.PostAsJsonAsync("api/outbox/resend", new { by = "sato", channel = "email" }))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var body = await first.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(2, body.GetProperty("queued").GetInt32());
            Assert.Equal(failed.Select(f => $"resend:1:{f}"), body.GetProperty("ids").EnumerateArray().Select(i => i.GetString()!).Order(StringComparer.Ordinal));
        }

        Assert.Equal(2, (await _app.Smtp.WaitForAboutAsync(id, count: 2)).Count);
        using (var second = await Host.Client.PostAsync("api/outbox/resend", null))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            var body = await second.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((0, 0), (body.GetProperty("queued").GetInt32(), body.GetProperty("ids").GetArrayLength()));
        }

        await Host.WaitForOutboxIdleAsync();
        Assert.Equal(2, (await _app.Smtp.MessagesAsync()).Count(m => m.Subject.Contains(id, StringComparison.Ordinal)));
    }

    private static List<OpenQA.Selenium.IWebElement> Rows(HeadlessChromium chromium, string incidentId) =>
        [.. chromium.Browser.FindElements(OpenQA.Selenium.By.CssSelector("#undelivered > li"))
            .Where(li => (li.GetAttribute("data-message") ?? "").StartsWith($"incident:{incidentId}:page", StringComparison.Ordinal))];

    private async Task<List<JsonElement>> FailedAsync(string incidentId) =>
        [.. (await Host.Client.GetFromJsonAsync<JsonElement>("api/outbox?status=failed")).GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("topic").GetString()!.StartsWith($"incident:{incidentId}:page", StringComparison.Ordinal))];
}
