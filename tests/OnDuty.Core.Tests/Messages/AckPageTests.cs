using System.Net;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>The one-click acknowledge link's page (review day 28, L5).</summary>
public sealed class AckPageTests
{
    private static AckPageNotice Confirm(Language language) => new(language, AckPageKind.Confirm, "INC-1")
    {
        Title = "決済 <b>できない</b>",
        Severity = AlertSeverity.Sev1,
        Status = IncidentStatus.Investigating,
        ActingAs = "高橋 美咲",
        TimeZone = "Asia/Tokyo",
    };

    [Theory]
    [InlineData(Language.Ja, "SEV1 — 多数のユーザーでサービス停止、またはデータ損失のおそれ · 調査中",
        "ボタンを押すと、対応を開始したことが当番と呼び出された人に伝わり、エスカレーションが止まります。", "高橋 美咲 として対応します")]
    [InlineData(Language.En, "SEV1 — Service down, or data at risk, for many users · Investigating",
        "Pressing the button tells the duty pair and everyone paged that you have started on it, and stops the escalation.", "Acknowledge as 高橋 美咲")]
    public void Confirm_TitleAndSeverityThenWhatPressingDoes_ThenALargeButton(Language language, string facts, string why, string button)
    {
        var html = TestRenderer.Instance.Page(Confirm(language));

        int At(string text) => html.IndexOf(text, StringComparison.Ordinal);
        Assert.True(At("<h1>INC-1 決済 &lt;b&gt;できない&lt;/b&gt;</h1>") is > 0 and var title && title < At($"<p class=\"sev\" id=\"facts\">{facts}</p>"), html);
        Assert.True(At($"<p class=\"sev\" id=\"facts\">{facts}</p>") < At($"<p class=\"why\" id=\"why\">{WebUtility.HtmlEncode(why)}</p>"), html);
        Assert.True(At($"<p class=\"why\" id=\"why\">{WebUtility.HtmlEncode(why)}</p>") is > 0 and var w && w < At($"<button type=\"submit\" class=\"ack\" id=\"ack\">{WebUtility.HtmlEncode(button)}</button>"), html);
        Assert.Contains("button.ack{font-size:1.2rem;font-weight:700;min-height:3.2rem}", html, StringComparison.Ordinal);
        Assert.Contains("width:100%;min-height:44px}", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Acknowledged_NoButton_NoWhy()
    {
        var html = TestRenderer.Instance.Page(Confirm(Language.Ja) with { Kind = AckPageKind.Acknowledged, AcknowledgedBy = "takahashi", AcknowledgedAt = DateTimeOffset.UnixEpoch });

        Assert.DoesNotContain("id=\"why\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<button", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Pressed at night by a member on their first duty week: after who and when, what comes next, in the incident page form's
    /// words, after saying escalation stopped and who is told (the trial of 12-06 read only who and when); nothing of the kind when another's press came first (the page then says it was theirs).
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, true, "エスカレーションは止まりました。対応開始は当番と呼び出された人にも知らせます。次は障害ページで状況を確かめ、わかったこと・まだわからないことを「状況を更新する」で投稿してください。")]
    [InlineData(Language.En, true, "Escalation has stopped; the duty members and everyone paged are told you took it. Next: check the incident page and post what is known and not yet known with “Post a status update”.")]
    [InlineData(Language.Ja, false, null)]
    [InlineData(Language.En, false, null)]
    public void Acknowledged_ByTheReader_SaysWhatToDoNext_AboveTheLink(Language language, bool byReader, string? next)
    {
        var html = TestRenderer.Instance.Page(Confirm(language) with
        {
            Kind = AckPageKind.Acknowledged,
            AcknowledgedBy = "takahashi",
            Acknowledger = new AssignedMember("takahashi", "高橋 美咲", "takahashi@onduty.example", Language.Ja),
            AcknowledgedAt = new DateTimeOffset(2026, 12, 6, 3, 12, 0, TimeSpan.FromHours(9)),
            ByReader = byReader,
        });

        // Said to the one who pressed it; another's earlier press in the third person.
        var done = (language, byReader) switch
        {
            (Language.Ja, true) => "<p>対応開始にしました（12月6日(日) 03:12 JST）。</p>",
            (Language.En, true) => "<p>You took it at Sun 6 Dec 2026 03:12 (JST).</p>",
            (Language.Ja, false) => "<p>高橋さんが 2026年12月6日(日) 03:12（JST）に対応を開始しました。</p>",
            _ => "<p>Acknowledged by 高橋 美咲 at Sun 6 Dec 2026 03:12 (JST).</p>",
        };
        var link = $"<p><a href=\"/api/incidents/INC-1/page?lang={(language == Language.Ja ? "ja" : "en")}\">";
        Assert.Contains(done, html, StringComparison.Ordinal);
        if (next is null)
        {
            Assert.DoesNotContain("id=\"next\"", html, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains($"{done}\n<p id=\"next\">{WebUtility.HtmlEncode(next)}</p>\n{link}", html, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The partner acknowledged first (trial E, a 03:10 page): the link's page says who and when, that the escalation has stopped and
    /// links the incident page — it showed 「伊藤さんが対応済みです。」 above a button whose press recorded nothing and a hint that
    /// pressing would stop the escalation.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "伊藤さんが 2026年12月6日(日) 03:12（JST）に対応を開始しています。エスカレーションは止まっています。状況は障害ページで確認できます。", "ja", "障害ページを開く")]
    [InlineData(Language.En, "Sakura Ito acknowledged it at Sun 6 Dec 2026 03:12 (JST); the escalation has stopped. Follow it on the incident page.", "en", "Open the incident page")]
    public void Taken_ByThePartner_SaysWhoAndWhen_LinksTheIncidentPage_NoButton(Language language, string body, string lang, string link)
    {
        var ito = new AssignedMember("ito", "伊藤 さくら", "ito@onduty.example", Language.Ja);
        var html = TestRenderer.Instance.Page(Confirm(language) with
        {
            Kind = AckPageKind.Taken,
            AcknowledgedBy = "ito",
            Acknowledger = language == Language.Ja ? ito : ito with { DisplayName = "Sakura Ito", Language = Language.En },
            AcknowledgedAt = new DateTimeOffset(2026, 12, 6, 3, 12, 0, TimeSpan.FromHours(9)),
        });

        Assert.Contains($"<p>{WebUtility.HtmlEncode(body)}</p>", html, StringComparison.Ordinal);
        Assert.Contains($"<p><a href=\"/api/incidents/INC-1/page?lang={lang}\">{link}</a></p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<button", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"why\"", html, StringComparison.Ordinal);
        // The way on is a thumb-sized block, as the button it replaces was (it was a text link one line high).
        Assert.Contains("p>a{display:block;box-sizing:border-box;width:100%;padding:12px 18px;", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 57: the partner took it over since (「対応を引き継ぐ」): the page says so and when, not the first acknowledgement's time
    /// as if they had had it from the start.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "伊藤さんが 2026年12月7日(月) 10:30（JST）に対応を引き継いでいます。エスカレーションは止まっています。状況は障害ページで確認できます。")]
    [InlineData(Language.En, "Sakura Ito took it over at Mon 7 Dec 2026 10:30 (JST); the escalation has stopped. Follow it on the incident page.")]
    public void Taken_TakenOverSince_SaysWhoTookItOverAndWhen(Language language, string body)
    {
        var ito = new AssignedMember("ito", "伊藤 さくら", "ito@onduty.example", Language.Ja);
        var html = TestRenderer.Instance.Page(Confirm(language) with
        {
            Kind = AckPageKind.Taken,
            AcknowledgedBy = "ito",
            Acknowledger = language == Language.Ja ? ito : ito with { DisplayName = "Sakura Ito", Language = Language.En },
            AcknowledgedAt = new DateTimeOffset(2026, 12, 6, 3, 12, 0, TimeSpan.FromHours(9)),
            TakenOverAt = new DateTimeOffset(2026, 12, 7, 10, 30, 0, TimeSpan.FromHours(9)),
        });

        Assert.Contains($"<p>{WebUtility.HtmlEncode(body)}</p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("03:12", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Only a monitoring tool acknowledged it: the button stays (a person's press takes it over), and the tool is named as it named
    /// itself, never by the route it came in on — it said 「PagerDuty 連携が対応済みです。」 of an acknowledgement made in Datadog.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "2026年12月6日(日) 03:12（JST）に Datadog で対応中（Acknowledge）になりました。", "高橋 美咲 として対応します")]
    [InlineData(Language.En, "Acknowledged in Datadog at Sun 6 Dec 2026 03:12 (JST).", "Acknowledge as 高橋 美咲")]
    public void Confirm_AcknowledgedByATool_NamesTheToolAsItNamedItself_KeepsTheButton(Language language, string body, string button)
    {
        var html = TestRenderer.Instance.Page(Confirm(language) with
        {
            AcknowledgedBy = "alert:pagerduty",
            AcknowledgedVia = "Datadog",
            AcknowledgedAt = new DateTimeOffset(2026, 12, 6, 3, 12, 0, TimeSpan.FromHours(9)),
        });

        Assert.Contains($"<p>{WebUtility.HtmlEncode(body)}</p>", html, StringComparison.Ordinal);
        Assert.Contains($"<button type=\"submit\" class=\"ack\" id=\"ack\">{WebUtility.HtmlEncode(button)}</button>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("PagerDuty", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Someone on the organisation's list types their name with their team: the honorific goes after the name, before the team —
    /// 「木村 大輔さん（開発）が」, not 「木村 大輔（開発）さんが」 (trial 36, L5); in English the name as typed.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "木村 大輔（開発）", "木村 大輔さん（開発）が ")]
    [InlineData(Language.Ja, "木村 大輔 (開発)", "木村 大輔さん (開発)が ")]
    [InlineData(Language.Ja, "木村 大輔", "木村 大輔さんが ")]
    [InlineData(Language.En, "Daisuke Kimura (Dev)", "Acknowledged by Daisuke Kimura (Dev) at ")]
    public void Acknowledged_ByATypedNameWithItsTeam_HonorificBeforeTheTeam(Language language, string typed, string said)
    {
        // Pressed by the one who typed it (ByReader): still their name as typed, what was recorded, never "you".
        var html = TestRenderer.Instance.Page(Confirm(language) with { Kind = AckPageKind.Acknowledged, AcknowledgedBy = typed, AcknowledgedAt = DateTimeOffset.UnixEpoch, ByReader = true });

        Assert.Contains(WebUtility.HtmlEncode(said), html, StringComparison.Ordinal);
        Assert.DoesNotContain("）さん", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// A link past its lifetime (a day-old text scrolled back to at night) says where the incident can still be acknowledged and
    /// links there, named as every page names that page: before, it said only that the link had expired — a dead end.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "INC-1 の対応リンクは期限切れです。まだ誰も対応していなければ、障害ページで「対応します」を押してください。", "ja", "障害ページを開く")]
    [InlineData(Language.En, "This acknowledge link for INC-1 has expired. If nobody has taken it yet, acknowledge it on the incident page.", "en", "Open the incident page")]
    public void Expired_SaysWhereToAcknowledgeInstead_AndLinksTheIncidentPage(Language language, string body, string lang, string link)
    {
        var html = TestRenderer.Instance.Page(new AckPageNotice(language, AckPageKind.Expired, "INC-1"));

        Assert.Contains($"<p>{WebUtility.HtmlEncode(body)}</p>", html, StringComparison.Ordinal);
        Assert.Contains($"<p><a href=\"/api/incidents/INC-1/page?lang={lang}\">{link}</a></p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<button", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// The page is in the link holder's language whatever the browser asks for, and so is the incident page it leads to: an English
    /// member acknowledging from a phone set to Japanese read the incident page in Japanese (the link carried no language).
    /// </summary>
    [Theory]
    [InlineData(Language.En, "<p><a href=\"/api/incidents/INC-1/page?lang=en\">Open the incident page</a></p>")]
    [InlineData(Language.Ja, "<p><a href=\"/api/incidents/INC-1/page?lang=ja\">障害ページを開く</a></p>")]
    public void AcknowledgedAndResolved_LinkTheIncidentPageInThePagesLanguage(Language language, string link)
    {
        var acknowledged = TestRenderer.Instance.Page(Confirm(language) with { Kind = AckPageKind.Acknowledged, AcknowledgedBy = "liam", AcknowledgedAt = DateTimeOffset.UnixEpoch });
        var resolved = TestRenderer.Instance.Page(Confirm(language) with { Kind = AckPageKind.Resolved, ResolvedAt = DateTimeOffset.UnixEpoch });

        Assert.Contains(link, acknowledged, StringComparison.Ordinal);
        Assert.Contains(link, resolved, StringComparison.Ordinal);
    }
}
