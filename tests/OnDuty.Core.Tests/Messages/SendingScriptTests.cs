using System.Text.RegularExpressions;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Messages;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// Session 58: a PM on a slow phone tapped 送信 twice and nothing said the page was working. Every sample page with a form that
/// posts carries <see cref="SendingScript"/> once, exactly as its hash (<see cref="SendingScript.CspSource"/>, in the pages'
/// script-src) allows, with 「送信中…」 / "Sending…" in the reader's language beside it. (Chromium runs it: SendingButtonBrowserTests.)
/// </summary>
public sealed class SendingScriptTests
{
    [Theory]
    [InlineData(Language.Ja, "送信中…")]
    [InlineData(Language.En, "Sending…")]
    public void EveryPageThatPosts_CarriesTheSendingScriptItsPolicyAllows(Language language, string sending)
    {
        var pages = NoticeSamples.All(language).Where(s => s.Form == NoticeForm.Page).Select(s => (s.Name, Html: TestRenderer.Instance.Page(s.Notice)))
            .Where(p => p.Html.Contains("<form method=\"post\"", StringComparison.Ordinal)).ToList();
        Assert.True(pages.Count >= 10, $"{pages.Count} sample pages post");
        var tag = $"<script data-sending=\"{sending}\">{SendingScript.Text}</script>";
        Assert.All(pages, p => Assert.True(Regex.Count(p.Html, Regex.Escape(tag)) == 1, $"{p.Name}: no sending script"));
        Assert.Equal($"'sha256-{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(SendingScript.Text)))}'", SendingScript.CspSource);
        // Text only, no code from a string; the pressed button's name=value still posted (disabled after the submit event).
        Assert.DoesNotContain("innerHTML", SendingScript.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("eval", SendingScript.Text, StringComparison.Ordinal);
        Assert.Contains("setTimeout(", SendingScript.Text, StringComparison.Ordinal);
    }
}
