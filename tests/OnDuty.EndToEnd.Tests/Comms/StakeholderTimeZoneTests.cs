using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Comms;

/// <summary>
/// An English audience in London (<c>Comms__Audiences__london__TimeZone</c> = <c>Europe/London</c>) and a Japanese one in the team's
/// zone, both told of a SEV2 declared at 12:00 JST on 30 November (03:00 GMT): on the real app and smtp4dev, London's mail gives
/// every time in GMT with JST beside it, in a mail of its own; the Tokyo audience's mail reads as before; London's 障害の状況 view
/// (<c>?for=london</c>) gives the times as its mail did.
/// </summary>
public sealed partial class StakeholderTimeZoneTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-commstz-key";

    private OwnApp _app = null!;

    private HostedApp _host => _app.Host;

    public async Task InitializeAsync() =>
        _app = await OwnApp.StartAsync(MasterKey, OnDutyAppFixture.BeforeHandoff.AddHours(3), new Dictionary<string, string?>
        {
            ["Comms:Audiences:london:Members:0"] = "exec@london.example",
            ["Comms:Audiences:london:Language"] = "en",
            ["Comms:Audiences:london:TimeZone"] = "Europe/London",
            ["Comms:Audiences:tokyo:Members:0"] = "support@tokyo.example",
            ["Comms:Audiences:tokyo:Language"] = "ja",
            ["Comms:BySeverity:Sev2:0"] = "london",
            ["Comms:BySeverity:Sev2:1"] = "tokyo",
        });

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task Declare_LondonAudience_MailSaysGmtWithJstBeside_TokyoAudienceAsBefore()
    {
        using var created = await _host.Client.PostAsJsonAsync("api/incidents", new { title = "Checkout fails", severity = "sev2", by = "sato" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await _host.SettleAsync(async () => (await _app.Smtp!.MessagesAsync()).Count);

        var mail = await _app.Smtp!.MessagesAsync();
        var london = mail.Single(m => m.Subject.StartsWith("[Incident · Investigating] " + id, StringComparison.Ordinal));
        var tokyo = mail.Single(m => m.Subject.StartsWith("【障害・調査中】" + id, StringComparison.Ordinal));
        var text = await _app.Smtp.TextAsync(london.Id);

        // 03:00 in London is 12:00 in Tokyo, the same day: the team's time beside without a date.
        Assert.Contains("Started\nMon 30 Nov 2026 03:00 GMT (12:00 JST)", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Matches(NextUpdateInGmt(), text);
        Assert.DoesNotContain("(JST)", text, StringComparison.Ordinal);

        var japanese = await _app.Smtp.TextAsync(tokyo.Id);
        Assert.Contains("2026年11月30日(月) 12:00（JST）", japanese, StringComparison.Ordinal);
        Assert.DoesNotContain("英国時間", japanese, StringComparison.Ordinal);

        // Their view, linked with ?for=london, gives the times as the mail did.
        using var browser = new PageBrowser(_host.BaseAddress);
        var (response, html) = await browser.GetAsync($"api/incidents/{id}/overview?lang=en&for=london");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<dt>Started</dt><dd>Mon 30 Nov 2026 03:00 GMT (12:00 JST)</dd>", html, StringComparison.Ordinal);
        var (_, general) = await browser.GetAsync($"api/incidents/{id}/overview?lang=en");
        Assert.Contains("<dt>Started</dt><dd>Mon 30 Nov 2026 12:00 (JST)</dd>", general, StringComparison.Ordinal);
    }

    /// <summary>
    /// M2 (trial 33): the English audience received what a PM typed in Japanese inside an English frame, and no form had said so.
    /// The declare form says which severity reaches them, the incident page's update form that this notice will, and the mail that
    /// goes out carries the words as typed in the English frame.
    /// </summary>
    [Fact]
    public async Task Forms_EnglishAudience_SayTheNoticeReachesThemAsTyped_AndItDoes()
    {
        using var browser = new PageBrowser(_host.BaseAddress);
        var (_, form) = await browser.GetAsync("api/incidents/new?lang=ja");
        Assert.Contains("<p class=\"readers\" id=\"readers\">SEV2 で登録すると、報告は英語の読者（london：exec@london.example）にも届きます。件名・内容は入力したまま届きます（翻訳はされません）。</p>", form, StringComparison.Ordinal);

        var (posted, _) = await browser.SubmitAsync(form, "/api/incidents/new", new Dictionary<string, string> { ["by"] = "佐藤 花子", ["title"] = "決済が完了しない", ["severity"] = "SEV3" });
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        var id = posted.Headers.Location!.OriginalString.Split('/')[3];
        var (_, page) = await browser.GetAsync(posted.Headers.Location!.OriginalString);
        // A SEV3 tells nobody yet: only a raise would reach London.
        // The update form's line says first who this notice reaches (session 45: nobody at SEV3), then who a raise would add.
        // Said once: whom the raise would tell and, in the same sentence, which of them read English.
        var updateReaders = System.Text.RegularExpressions.Regex.Match(page, "<p class=\"readers\" id=\"update-readers\">[^<]*</p>").Value;
        Assert.Equal(
            "<p class=\"readers\" id=\"update-readers\">この重大度には関係者の宛先が設定されていないため、投稿しても誰にも送られません。"
            + "重大度を SEV2 に上げると、london（第1報）・tokyo（第1報）に送られ、英語の読者（london：exec@london.example）にも届きます。件名・内容は入力したまま届きます（翻訳はされません）。</p>",
            updateReaders);

        var (updated, _) = await browser.SubmitAsync(page, "/page/update", new Dictionary<string, string>
        {
            ["by"] = "佐藤 花子", ["status"] = "identified", ["severity"] = "SEV2", ["message"] = "決済代行の応答が遅れています",
        });
        Assert.Equal(HttpStatusCode.SeeOther, updated.StatusCode);
        var (_, after) = await browser.GetAsync(updated.Headers.Location!.OriginalString);
        Assert.Matches("<p class=\"readers\" id=\"update-readers\">[^<]*この報告は英語の読者（london：exec@london.example）にも届きます。件名・内容は入力したまま届きます（翻訳はされません）。</p>", after);

        await _host.SettleAsync(async () => (await _app.Smtp!.MessagesAsync()).Count(m => m.Subject.Contains(id, StringComparison.Ordinal)));
        var london = (await _app.Smtp!.MessagesAsync()).Single(m => m.Subject.StartsWith("[Incident", StringComparison.Ordinal) && m.Subject.Contains(id, StringComparison.Ordinal));
        Assert.Contains("決済が完了しない", london.Subject, StringComparison.Ordinal);
        Assert.Contains("決済代行の応答が遅れています", await _app.Smtp.TextAsync(london.Id), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"Next update\r?\nBy Mon 30 Nov 2026 \d\d:\d\d GMT \(\d\d:\d\d JST\)\.")]
    private static partial Regex NextUpdateInGmt();
}
