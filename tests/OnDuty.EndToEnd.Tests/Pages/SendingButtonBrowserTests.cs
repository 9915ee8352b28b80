using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.EndToEnd.Tests.Support;
using OpenQA.Selenium;

namespace OnDuty.EndToEnd.Tests.Pages;

/// <summary>
/// Session 58: a PM on a slow phone tapped 送信 twice and the page gave no sign it was working. In a real headless Chromium, with
/// the post held at the server until the test lets it through: the pressed button is disabled and reads 「送信中…」 while the
/// request is in flight, a second submit of the form is not sent (one post arrives), and the page shown again with Back has its
/// button back. A button's <c>name=value</c> still reaches the server (the retro's 「行を追加」).
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class SendingButtonBrowserTests(OnDutyAppFixture app) : IAsyncLifetime
{
    private readonly HeldPosts _held = new("/api/incidents/new");
    private readonly HeadlessChromium _chromium = new(PageLoadStrategy.None);
    private HostedApp _host = null!;

    public async Task InitializeAsync() =>
        _host = await app.StartSecondHostAsync(new Dictionary<string, string?>(), services => services.AddSingleton<IStartupFilter>(_held));

    public async Task DisposeAsync()
    {
        _held.Release.TrySetResult();
        _chromium.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task DeclareForm_TappedTwiceOnASlowLine_ButtonSaysSendingAndOnePostIsSent()
    {
        var title = "決済画面が開かない " + Guid.NewGuid().ToString("N")[..8];
        GoTo(new Uri(_host.BaseAddress, "api/incidents/new?lang=ja"));
        _chromium.Type("f-by", "伊藤 さくら");
        _chromium.Type("f-title", title);
        _chromium.Choose("f-severity", "SEV2");
        _chromium.Type("f-userImpact", "iOS アプリの一部ユーザーがカード決済できない");
        var label = _chromium.Find("declare").Text;
        Assert.True(_chromium.Find("declare").Enabled);

        // While the post is held, ChromeDriver answers nothing about the page (it waits for the navigation): the page itself
        // notes what its button shows, and taps it again and submits the form by script 300 ms after the first submit.
        Js("const b = document.getElementById('declare'), seen = () => sessionStorage.setItem('seen', [b.disabled, b.textContent, b.getAttribute('aria-busy')].join('|'));"
            + "new MutationObserver(seen).observe(b, { attributes: true, childList: true, subtree: true, characterData: true });"
            + "let again = false; b.form.addEventListener('submit', () => { if (again) return; again = true;"
            + " setTimeout(() => { b.click(); b.form.requestSubmit(); sessionStorage.setItem('again', 'tried'); }, 300); });");

        _chromium.Find("declare").Click();
        await _held.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(1, _held.Count);

        _held.Release.SetResult();
        _chromium.Wait(d => d.Url.Contains("&done=declared", StringComparison.Ordinal) && Loaded());
        Assert.Equal(1, _held.Count);
        // In flight the button was disabled and said so; the second tap and the scripted submit were made, and sent nothing.
        Assert.Equal("true|送信中…|true", Js("return sessionStorage.getItem('seen');"));
        Assert.Equal("tried", Js("return sessionStorage.getItem('again');"));
        var id = _chromium.Url.Split('/')[5];
        var stored = (await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");
        Assert.Equal(title, stored.GetProperty("title").GetString());

        // Back to the form (from the back-forward cache or loaded again): its button as it was.
        _chromium.Browser.Navigate().Back();
        _chromium.Wait(d => d.Url.EndsWith("/api/incidents/new?lang=ja", StringComparison.Ordinal) && Loaded());
        _chromium.Wait(_ => _chromium.Find("declare").Enabled);
        Assert.Equal(label, _chromium.Find("declare").Text);
        Assert.Null(_chromium.Find("declare").GetAttribute("aria-busy"));
    }

    [Fact]
    public async Task RetroPage_AddRowsButton_ItsValueStillPosted()
    {
        using var created = await _host.Client.PostAsJsonAsync("api/incidents", new { title = "決済画面が開かない", severity = "sev2", by = "伊藤 さくら" });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        using var resolved = await _host.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "resolved", message = "復旧しました", by = "伊藤 さくら" });
        Assert.True(resolved.IsSuccessStatusCode, await resolved.Content.ReadAsStringAsync());
        GoTo(new Uri(_host.BaseAddress, $"api/incidents/{id}/retro/page?lang=ja"));
        var rows = ActionRows();
        _chromium.Type("a0-title", "タイムアウト値を見直す");

        _chromium.ClickAndWait("more-actions");
        _chromium.Wait(_ => Loaded());

        // The page came back with more rows and the text kept: the server read more=actions, not a save.
        Assert.True(ActionRows() > rows, $"{ActionRows()} rows after 「行を追加」, {rows} before");
        Assert.Equal("タイムアウト値を見直す", _chromium.Find("a0-title").GetAttribute("value"));
        Assert.True(_chromium.Find("more-actions").Enabled);
        var retro = await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/retro");
        Assert.False(retro.GetProperty("exists").GetBoolean());
    }

    /// <summary>Opens <paramref name="url"/> and waits until it has loaded (the browser does not wait: <see cref="PageLoadStrategy.None"/>).</summary>
    private void GoTo(Uri url)
    {
        _chromium.GoTo(url);
        _chromium.Wait(_ => Loaded());
    }

    private string? Js(string script) => (string?)((IJavaScriptExecutor)_chromium.Browser).ExecuteScript(script);

    private bool Loaded()
    {
        try
        {
            return (string)((IJavaScriptExecutor)_chromium.Browser).ExecuteScript("return document.readyState;")! == "complete";
        }
        catch (WebDriverException)
        {
            // Asked while the next document was being committed: not loaded yet.
            return false;
        }
    }

    private int ActionRows() => _chromium.Browser.FindElements(By.CssSelector("input[id^='a'][id$='-title']")).Count;

    /// <summary>Holds each POST to <paramref name="path"/> at the server until <see cref="Release"/>: a slow line the test controls.</summary>
    private sealed class HeldPosts(string path) : IStartupFilter
    {
        private int _count;

        public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Count => Volatile.Read(ref _count);

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
        {
            builder.Use(async (context, rest) =>
            {
                if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments(path))
                {
                    Interlocked.Increment(ref _count);
                    Arrived.TrySetResult();
                    await Release.Task.WaitAsync(TimeSpan.FromSeconds(60));
                }

                await rest(context);
            });
            next(builder);
        };
    }
}
