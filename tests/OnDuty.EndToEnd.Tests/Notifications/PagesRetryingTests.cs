using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.Core.Notifications;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Notifications;

/// <summary>
/// Trial 36 M2/M3: while the mail server refuses connections, the status page and 「届かなかった連絡」 in a real Chromium say the
/// pages have reached nobody and are being retried (the provider's words encoded, no re-send button, the API's re-send refused);
/// once mail is back the page goes out and its timeline row says how late and why.
/// </summary>
public sealed class PagesRetryingTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-retrying-master-key";
    private const string Refusal = "SMTP: Connection refused <b>relay</b>";

    private readonly FailingEmailSender _refusing = new();
    private OwnApp _app = null!;

    private HostedApp Host => _app.Host;

    public async Task InitializeAsync() =>
        _app = await OwnApp.StartAsync(MasterKey, OnDutyAppFixture.BeforeHandoff.AddHours(1).AddMinutes(5), configureServices: _refusing.Wrap);

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task MailDown_StatusAndUndeliveredPagesInChromium_SayThePagesAreRetried_Encoded_ThenTheTimelineSaysHowLate()
    {
        _refusing.Failure = new SendResult.Transient(Refusal);
        using var declared = await Host.Client.PostAsJsonAsync("api/incidents", new { title = "決済 <i>止まった</i>", severity = "sev2", by = "sato" });
        var id = (await declared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await Host.WaitForOutboxIdleAsync(allowRetrying: true);
        await Host.AdvanceAsync(TimeSpan.FromMinutes(6));
        await Host.RunFunctionAsync("RetryOutbox");
        await Host.WaitForOutboxIdleAsync(allowRetrying: true);

        using var chromium = new HeadlessChromium();
        chromium.GoTo(new Uri(Host.BaseAddress, "api/status?lang=ja"));
        var banner = chromium.Find("late-pages");
        Assert.Contains($"件が5分以上送信できていません（最後のエラー：{Refusal}）。自動で再試行を続けています。", banner.Text, StringComparison.Ordinal);
        Assert.Empty(banner.FindElements(OpenQA.Selenium.By.TagName("b")));
        var row = chromium.Browser.FindElements(OpenQA.Selenium.By.CssSelector("#open > li")).Single(li => li.Text.Contains(id, StringComparison.Ordinal));
        Assert.Contains("未対応 まだ誰にも届いていません（送信を再試行中）", row.Text, StringComparison.Ordinal);
        Assert.Contains("決済 <i>止まった</i>", row.Text, StringComparison.Ordinal);
        Assert.Empty(row.FindElements(OpenQA.Selenium.By.TagName("i")));

        chromium.Find("late-pages-link").Click();
        chromium.Wait(d => d.Url.Contains("/api/status/undelivered", StringComparison.Ordinal));
        var section = chromium.Find("retrying");
        Assert.Contains("送信できていません（再試行中）", section.Text, StringComparison.Ordinal);
        Assert.Contains("自動で再送を続けるため、再送ボタンはありません。", section.Text, StringComparison.Ordinal);
        var pages = section.FindElements(OpenQA.Selenium.By.CssSelector("li.retrying")).Where(li => li.Text.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, pages.Count);
        Assert.All(pages, li => Assert.Matches($"[0-9]+回失敗：{System.Text.RegularExpressions.Regex.Escape(Refusal)}", li.Text));
        Assert.All(pages, li => Assert.Contains("次の再試行：", li.Text, StringComparison.Ordinal));
        Assert.Empty(section.FindElements(OpenQA.Selenium.By.TagName("form")));
        Assert.Empty(section.FindElements(OpenQA.Selenium.By.TagName("b")));
        Assert.Equal("再試行をあきらめた連絡はありません。", chromium.Find("summary").Text);

        // A pending page is not re-sent by hand: it goes on its own.
        using (var resend = await Host.Client.PostAsync($"api/outbox/{Uri.EscapeDataString(pages[0].GetAttribute("data-message")!)}/resend", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, resend.StatusCode);
        }

        // Mail is back: the pages go out, the banner goes, and the delivery rows say they were late and why.
        _refusing.Failure = null;
        await Host.AdvanceAsync(TimeSpan.FromMinutes(10));
        await Host.RunFunctionAsync("RetryOutbox");
        await Host.WaitForOutboxIdleAsync();
        await _app.Smtp!.WaitForAboutAsync(id, count: 2);
        chromium.GoTo(new Uri(Host.BaseAddress, "api/status?lang=ja"));
        Assert.Empty(chromium.Browser.FindElements(OpenQA.Selenium.By.Id("late-pages")));
        chromium.GoTo(new Uri(Host.BaseAddress, $"api/incidents/{id}/page?lang=ja"));
        Assert.Matches("[0-9]+分遅れ：メールサーバーに接続できず、[0-9]+回再試行しました", chromium.Find("timeline").Text);
        var timeline = (await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{Uri.EscapeDataString(id)}")).GetProperty("timeline").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "delivered" && e.TryGetProperty("failedAttempts", out var n) && n.ValueKind == JsonValueKind.Number).ToList();
        Assert.Equal(2, timeline.Count);
        Assert.All(timeline, e => Assert.Equal(Refusal, e.GetProperty("lastError").GetString()));
    }
}
