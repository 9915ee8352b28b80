using System.Text.Json;
using System.Text.RegularExpressions;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Testing;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// Puts <c>&lt;script&gt;</c>, <c>"</c>, <c>&amp;</c> and <c>&lt;at&gt;</c> into every user-supplied field of every notice (names,
/// rotation names, closure names, leave notes, incident title and impact, alert summaries, descriptions, labels, link texts)
/// and checks each output: HTML encoded, cards as typed in TextRuns (which Teams shows without markdown; no forged mention, no
/// markup in a TextBlock), plain text as typed.
/// </summary>
public sealed class NoticeEncodingTests
{
    private const string Hostile = "<script>alert(1)</script> \" & <at>x</at>";
    private const string HostileInHtml = "&lt;script&gt;alert(1)&lt;/script&gt; &quot; &amp; &lt;at&gt;x&lt;/at&gt;";

    /// <summary>Kinds that show no user text (their output is checked for not breaking, not for carrying it).</summary>
    private static readonly HashSet<string> WithoutUserText = ["sms-reply-acknowledged", "sms-reply-nothing", "sms-reply-help", "call-answer-acknowledged", "call-answer-nothing", "call-test-passed", "missed-call-withheld", "duty-line-missed", "calendar-event-cancelled", "handoff-move", "ack-page-invalid", "ack-page-expired", "pm-form", "pm-page-forged", "schedule-link-invalid",
        "ack-page-unavailable-link", "ack-page-unavailable-ack", "pm-page-unavailable-read", "pm-page-unavailable-post",
        "action-items-page-empty", "criterion-proposals-page-empty",
        // A confidential incident's row on the status page shows nothing anyone typed: no title, no update's words.
        "pm-status-page-confidential",
        // The English voice says a title it cannot read by source and number (M4): no title, so nothing typed, in English.
        "call-heartbeat-incident", "call-title-not-in-voice", "call-titles-not-in-voice", "call-escalation-reopened-after-recovery-notice",
        // A refused delivery's incident: its title is OnDuty's words for the refusal, and a text message says only the title.
        "sms-refusal-incident"];

    /// <summary>
    /// Kinds whose only user text is a person's name in a sentence: in Japanese by the family name alone (「伊藤さん」, a lead
    /// 「山田さん」), so the rest of the name is not shown (the welcome mail of a member with no first duty: no partner named).
    /// </summary>
    private static readonly HashSet<string> NamedByFamilyNameInJapanese = ["call-test", "sms-test", "email-test", "pm-page-not-on-roster", "welcome-not-scheduled"];

    public static TheoryData<string> Languages => new() { "ja", "en" };

    [Theory]
    [MemberData(nameof(Languages))]
    public void Render_HostileTextInEveryUserField_EncodedInHtmlAsTypedInCardRunsAndText(string lang)
    {
        var r = TestRenderer.Instance;
        foreach (var (name, form, notice) in NoticeSamples.All(lang == "ja" ? Language.Ja : Language.En, Hostile))
        {
            var carries = !WithoutUserText.Contains(name) && !(lang == "ja" && NamedByFamilyNameInJapanese.Contains(name));
            switch (form)
            {
                case NoticeForm.Email:
                    var email = r.Email(notice);
                    AssertHtml(name, email.Html, carries && email.Html.Length > 0);
                    Assert.True(!carries || email.Text.Contains(Hostile, StringComparison.Ordinal), $"{name}: the text part shows the text as typed");
                    break;
                case NoticeForm.Card:
                    var card = r.Card(notice);
                    AssertCard(name, card.CardJson, carries);
                    break;
                case NoticeForm.Page:
                    AssertHtml(name, r.Page(notice), carries);
                    break;
                case NoticeForm.Text when (name.StartsWith("sms-", StringComparison.Ordinal) || name.StartsWith("call-", StringComparison.Ordinal)) && carries:
                    // A text message and a call cut the title short: what they keep is as typed, never encoded.
                    var sms = r.Text(notice);
                    Assert.True(sms.Contains("<scrip", StringComparison.Ordinal) && !sms.Contains("&lt;", StringComparison.Ordinal), $"{name}: plain text as typed, cut short");
                    break;
                case NoticeForm.Text when name.StartsWith("duty-line-", StringComparison.Ordinal) && carries:
                    // Spoken to a caller: a Japanese name as the team says it (the family name), any other as typed; never encoded.
                    var spoken = r.Text(notice);
                    Assert.True(!spoken.Contains("&lt;", StringComparison.Ordinal) && (lang == "ja" || spoken.Contains(Hostile, StringComparison.Ordinal)), $"{name}: plain text as typed");
                    break;
                default:
                    Assert.True(!carries || r.Text(notice).Contains(Hostile, StringComparison.Ordinal), $"{name}: plain text as typed");
                    break;
            }
        }
    }

    /// <summary>
    /// An alert title or name with an unclosed U+202E (right-to-left override) and markdown link syntax (trial 31b M3, L): pages and
    /// mail HTML isolate it (U+2068…U+2069, what &lt;bdi&gt; does), subjects, cards and texts drop the override; cards show the
    /// link syntax as typed in TextRuns and never in a TextBlock or fact, where Teams would make it a link.
    /// </summary>
    [Theory]
    [MemberData(nameof(Languages))]
    public void Render_BidiOverrideAndMarkdownLinkInEveryUserField_IsolatedInHtmlDroppedFromSubjectsCardsTexts_LinkNeverMarkdown(string lang)
    {
        const string Link = "[phish](https://evil.example) **md**";
        var r = TestRenderer.Instance;
        foreach (var (name, form, notice) in NoticeSamples.All(lang == "ja" ? Language.Ja : Language.En, "\u202Egnp.exe " + Link))
        {
            var carries = !WithoutUserText.Contains(name) && !(lang == "ja" && NamedByFamilyNameInJapanese.Contains(name));
            switch (form)
            {
                case NoticeForm.Email:
                    var email = r.Email(notice);
                    Assert.DoesNotContain('\u202E', email.Subject);
                    AssertIsolated(name, email.Html);
                    break;
                case NoticeForm.Card:
                    var card = r.Card(notice);
                    Assert.DoesNotContain('\u202E', card.Subject);
                    using (var doc = JsonDocument.Parse(card.CardJson))
                    {
                        Assert.All(CardTexts.All(doc.RootElement), t => Assert.DoesNotContain('\u202E', t));
                        Assert.DoesNotContain(CardTexts.Markdown(doc.RootElement), t => t.Contains("](", StringComparison.Ordinal));
                        Assert.True(!carries || CardTexts.Plain(doc.RootElement).Any(t => t.Contains("gnp.exe " + Link, StringComparison.Ordinal)), $"{name}: the text is not in a TextRun as typed");
                    }

                    break;
                case NoticeForm.Page:
                    AssertIsolated(name, r.Page(notice));
                    break;
                default:
                    Assert.DoesNotContain('\u202E', r.Text(notice));
                    break;
            }
        }
    }

    /// <summary>Every U+202E in <paramref name="html"/> (as a character or a reference) stands inside an open U+2068 isolate.</summary>
    private static void AssertIsolated(string name, string html)
    {
        var text = html.Replace("\u202E", "&#x202E;", StringComparison.Ordinal).Replace("\u2068", "&#x2068;", StringComparison.Ordinal).Replace("\u2069", "&#x2069;", StringComparison.Ordinal);
        var marks = Regex.Matches(text, "&#x(202E|2068|2069);", RegexOptions.IgnoreCase);
        var depth = 0;
        foreach (Match m in marks)
        {
            switch (m.Groups[1].Value.ToUpperInvariant())
            {
                case "2068":
                    depth++;
                    break;
                case "2069":
                    depth--;
                    break;
                default:
                    if (depth <= 0)
                    {
                        Assert.Fail($"{name}: a U+202E outside an isolate: …{text[Math.Max(0, m.Index - 120)..Math.Min(text.Length, m.Index + 20)]}…");
                    }

                    break;
            }
        }
    }

    private static void AssertHtml(string name, string html, bool carries)
    {
        // The one script a page may carry is the draft boxes' copy buttons', exactly as its policy's hash allows it; any other is user text.
        // The pages' own scripts (the copy buttons', the forms' 「送信中…」 with its phrase) aside, no script at all.
        var own = System.Text.RegularExpressions.Regex.Replace(
            html.Replace($"<script>{OnDuty.Messages.CopyScript.Text}</script>", "", StringComparison.Ordinal),
            $"<script data-sending=\"(送信中…|Sending…)\">{System.Text.RegularExpressions.Regex.Escape(OnDuty.Messages.SendingScript.Text)}</script>", "");
        Assert.False(own.Contains("<script", StringComparison.OrdinalIgnoreCase), $"{name}: raw <script> in HTML");
        Assert.False(html.Contains("<at>", StringComparison.Ordinal), $"{name}: raw <at> in HTML");
        Assert.True(!carries || html.Contains(HostileInHtml, StringComparison.Ordinal), $"{name}: the user text is not in the HTML encoded");
    }

    private static void AssertCard(string name, string json, bool carries)
    {
        using var doc = JsonDocument.Parse(json);
        var markdown = CardTexts.Markdown(doc.RootElement);
        Assert.DoesNotContain(markdown, t => Regex.IsMatch(t, "<(script|at>x)"));
        Assert.True(!carries || CardTexts.Plain(doc.RootElement).Any(t => t.Contains(Hostile, StringComparison.Ordinal)), $"{name}: the user text is not in a TextRun as typed");

        // Mentions: each <at>…</at> is in a TextBlock (where Teams looks) with exactly the same text as its entity, and none is forged by user text.
        if (doc.RootElement.GetProperty("msteams").TryGetProperty("entities", out var entities))
        {
            var mentionTexts = entities.EnumerateArray().Select(e => e.GetProperty("text").GetString()!).ToList();
            Assert.All(mentionTexts, m => Assert.Contains(markdown, t => t.Contains(m, StringComparison.Ordinal)));
            Assert.All(mentionTexts, m => Assert.StartsWith("<at>", m, StringComparison.Ordinal));
            Assert.All(mentionTexts, m => Assert.Equal(1, CountOf(m, "<at>")));
        }
    }

    private static int CountOf(string text, string part) => text.Split(part).Length - 1;
}
