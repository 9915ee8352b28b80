using System.Text.RegularExpressions;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

public sealed class UndeliveredPageTests
{
    private static readonly DateTimeOffset Now = NoticeSamples.Now;
    private static readonly FormToken Token = new("__RequestVerificationToken", "CfDJ8-token");
    private static readonly PageVisitor Ito = new("伊藤 さくら", "ito@onduty.example");

    private static OutboxMessage Page(string id, string to, string? error, int attempts = 6) => new()
    {
        Id = id, Channel = Channel.Email, Recipient = to, Subject = "【SEV1】決済 <script>alert(1)</script>", Topic = "incident:INC-2027-0007:page",
        Priority = OutboxPriority.Page, Status = OutboxStatus.Failed, Attempts = attempts, CreatedAt = Now.AddMinutes(-12), LastError = error,
    };

    private static List<string> Rows(string html) =>
        [.. Regex.Matches(html, "<li id=\"m[0-9]+\".*?</li>", RegexOptions.Singleline).Select(m => m.Value)];

    /// <summary>
    /// A Teams card retried because the workflow behind the webhook is gone: the webhook's answer as the error, and what to do said
    /// in the reader's language (the stored English advice left out of the error line).
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "3回失敗：Teams webhook answered 404 Not Found: WorkflowNotFound</p>",
        "<p class=\"hint\">Teams のワークフローが削除・無効化されたか、URL が無効になっています。新しいワークフロー（Webhook 要求を受信したらチャネルに投稿するもの）を作り、その URL を Teams__WebhookUrl に設定してアプリを再起動してください。それまで Teams への投稿は届きません。</p>")]
    [InlineData(Language.En, "Failed 3 times: Teams webhook answered 404 Not Found: WorkflowNotFound</p>",
        "<p class=\"hint\">The Teams workflow was deleted or turned off, or its URL is no longer valid: make a new one (&quot;Post to a channel when a webhook request is received&quot;), set its URL in Teams__WebhookUrl and restart the app. Until then no card reaches Teams.</p>")]
    public void UndeliveredPage_TeamsWorkflowGone_RetryingCardSaysWhatToDo(Language language, string error, string hint)
    {
        var card = Page("incident:INC-2027-0007:page:teams", "teams", TeamsWorkflowGone.Of("Teams webhook answered 404 Not Found: WorkflowNotFound").Error, attempts: 3)
            with { Channel = Channel.Teams, Status = OutboxStatus.Pending, NextAttemptAt = Now.AddMinutes(2) };

        var html = TestRenderer.Instance.Page(new UndeliveredPageNotice(language, [], Token, Ito, "Asia/Tokyo", Now) { LatePages = new LatePages([card], new Dictionary<string, OnDuty.Core.Incidents.PagesUndelivered>()) });

        var row = Regex.Match(html, "<li id=\"r0\".*?</li>", RegexOptions.Singleline).Value;
        Assert.Contains(error, row, StringComparison.Ordinal);
        Assert.Contains(hint, row, StringComparison.Ordinal);
        Assert.DoesNotContain("Teams__WebhookUrl (ONDUTY_TEAMS_WEBHOOK_URL)", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// A text retried because the SMS provider refuses OnDuty's number: the provider's answer as the error, and the hint names the
    /// texts' own settings in the reader's language — not the email provider's Email__From. A call's names the caller's number.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, Channel.Sms, "3回失敗：ACS refused the SMS send (401 Unauthorized): check Sms__From.</p>",
        "<p class=\"hint\">SMS の送信元が拒否されました。受信者の番号ではなく、エラーが示す OnDuty の設定（送信元の番号 Sms__From、送信に使う鍵・アカウント・権限）を確認してください。直すまで、ほかの SMS も届きません。</p>")]
    [InlineData(Language.En, Channel.Sms, "Failed 3 times: ACS refused the SMS send (401 Unauthorized): check Sms__From.</p>",
        "<p class=\"hint\">The SMS sender was refused: check the setting the error names (Sms__From, the number texts come from, or the key, account or role OnDuty texts with), not the recipient&#x27;s number. Until fixed, other texts fail too.</p>")]
    [InlineData(Language.Ja, Channel.Voice, "3回失敗：ACS refused the SMS send (401 Unauthorized): check Sms__From.</p>",
        "<p class=\"hint\">電話の発信元が拒否されました。受信者の番号ではなく、エラーが示す OnDuty の設定（発信元の番号 Voice__From または Sms__From、発信に使う Twilio のアカウント）を確認してください。直すまで、ほかの電話もかかりません。</p>")]
    [InlineData(Language.En, Channel.Voice, "Failed 3 times: ACS refused the SMS send (401 Unauthorized): check Sms__From.</p>",
        "<p class=\"hint\">The caller was refused: check the setting the error names (Voice__From or Sms__From, the number calls come from, or the Twilio account OnDuty calls with), not the recipient&#x27;s number. Until fixed, other calls fail too.</p>")]
    public void UndeliveredPage_TextOrCallSenderRefused_RetryingPageNamesItsOwnSettings(Language language, Channel channel, string error, string hint)
    {
        var text = Page($"incident:INC-2027-0007:page:{channel.Name()}:yamada", "+819012345678", SenderRefusal.OfPhone("ACS refused the SMS send (401 Unauthorized): check Sms__From.").Error, attempts: 3)
            with { Channel = channel, Subject = "", TextBody = "【SEV1 障害】INC-2027-0007 決済", Status = OutboxStatus.Pending, NextAttemptAt = Now.AddMinutes(2) };

        var html = TestRenderer.Instance.Page(new UndeliveredPageNotice(language, [], Token, Ito, "Asia/Tokyo", Now) { LatePages = new LatePages([text], new Dictionary<string, OnDuty.Core.Incidents.PagesUndelivered>()) });

        var row = Regex.Match(html, "<li id=\"r0\".*?</li>", RegexOptions.Singleline).Value;
        Assert.Contains(error, row, StringComparison.Ordinal);
        Assert.Contains(hint, row, StringComparison.Ordinal);
        Assert.DoesNotContain("Email__From", html, StringComparison.Ordinal);
        Assert.DoesNotContain("configuration fault", html, StringComparison.Ordinal);
    }

    /// <summary>The status page's banner quotes the webhook's own answer; what to do is on 「届かなかった連絡」, which it links.</summary>
    [Fact]
    public void StatusPage_TeamsWorkflowGone_BannerQuotesTheWebhooksAnswer()
    {
        var card = Page("incident:INC-2027-0007:page:teams", "teams", TeamsWorkflowGone.Of("Teams webhook answered 410 Gone: WorkflowNotFound").Error, attempts: 3)
            with { Channel = Channel.Teams, Status = OutboxStatus.Pending, NextAttemptAt = Now.AddMinutes(2) };

        var html = TestRenderer.Instance.Page(new StatusPageNotice(Language.Ja, [], "Asia/Tokyo", Now) { LatePages = new LatePages([card], new Dictionary<string, OnDuty.Core.Incidents.PagesUndelivered>()) });

        Assert.Contains("呼び出し1件が5分以上送信できていません（最後のエラー：Teams webhook answered 410 Gone: WorkflowNotFound）。自動で再試行を続けています。", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Teams workflow gone", html, StringComparison.Ordinal);
    }

    [Fact]
    public void UndeliveredPage_SenderRefusal_SaidAsTheConfigurationFault_RecipientNamed_SubjectEncoded_WithAResendButton()
    {
        var html = TestRenderer.Instance.Page(new UndeliveredPageNotice(Language.Ja,
            [new UndeliveredMessage(Page("incident:INC-2027-0007:page:email:yamada@onduty.example", "yamada@onduty.example", SenderRefusal.Prefix + "SMTP 553: 5.7.1 <not owned>"), null)],
            Token, Ito, "Asia/Tokyo", Now) { Names = new Dictionary<string, string> { ["yamada@onduty.example"] = "山田 太郎" } });

        var row = Assert.Single(Rows(html));
        Assert.Contains("呼び出し（メール） · 山田 太郎（yamada@onduty.example）", row);
        Assert.Contains("2027/01/12 10:48", row); // 01:48 UTC in Tokyo
        Assert.Contains("6回試行して届きませんでした：SMTP 553: 5.7.1 &lt;not owned&gt;", row);
        Assert.DoesNotContain("configuration fault", row); // the prefix is said as the hint, in the reader's language
        Assert.Contains("<p class=\"hint\">送信元が拒否されました。受信者ではなく OnDuty の送信元の設定（Email__From、プロバイダーの送信元ドメインやリレーの許可、送信に使う鍵・アカウント・権限）を確認してください。直すまで、ほかの連絡も届きません。</p>", row);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", row);
        Assert.Contains("href=\"/api/incidents/INC-2027-0007/page?lang=ja\"", row);
        Assert.Contains("action=\"/api/status/undelivered?lang=ja\"", row);
        Assert.Contains("name=\"message\" value=\"incident:INC-2027-0007:page:email:yamada@onduty.example\"", row);
        Assert.Contains("name=\"__RequestVerificationToken\" value=\"CfDJ8-token\"", row);
        Assert.Contains("<p class=\"summary open\" id=\"summary\">未解決の連絡が1件あります。</p>", html);
    }

    [Fact]
    public void UndeliveredPage_ResentOnes_ByTheirResendsState_OnlyTheUndeliveredKeepAButton()
    {
        var delivered = Page("a", "a@example.com", "SMTP 550") with { ResentAs = "resend:1:a" };
        var pending = Page("b", "b@example.com", "SMTP 550") with { ResentAs = "resend:1:b" };
        var failedAgain = Page("c", "c@example.com", "SMTP 550") with { ResentAs = "resend:1:c" };
        var purged = Page("d", "d@example.com", "SMTP 550") with { ResentAs = "resend:1:d" };
        var html = TestRenderer.Instance.Page(new UndeliveredPageNotice(Language.En,
        [
            new UndeliveredMessage(delivered, delivered with { Id = "resend:1:a", Status = OutboxStatus.Sent, SentAt = Now.AddMinutes(-1), ResentAs = null }),
            new UndeliveredMessage(pending, pending with { Id = "resend:1:b", Status = OutboxStatus.Pending, Attempts = 2, ResentAs = null }),
            new UndeliveredMessage(failedAgain, failedAgain with { Id = "resend:1:c", ResentAs = null }),
            new UndeliveredMessage(purged, null) { ResendPurged = true },
        ], Token, Ito, "Asia/Tokyo", Now));

        var rows = Rows(html);
        Assert.Equal(4, rows.Count);
        Assert.Contains("class=\"delivered\"", rows[0]);
        Assert.Contains("Sent again: delivered at 12 Jan 2027 10:59.", rows[0]);
        Assert.DoesNotContain("<form", rows[0]);
        Assert.Contains("Being sent again (2 attempts).", rows[1]);
        Assert.DoesNotContain("<form", rows[1]);
        Assert.Contains("The re-send was not delivered either.", rows[2]);
        Assert.Contains("<form", rows[2]);
        Assert.Contains("Sent again: delivered.", rows[3]);
        Assert.DoesNotContain("<form", rows[3]);
        Assert.Contains("2 messages not delivered yet.", html);
    }

    /// <summary>
    /// Session 48: a page to someone taken off the roster since: their address is on no member now, so the row names them by the name
    /// the message was addressed to; a roster member by their roster name; an address nobody was named for as it is.
    /// </summary>
    [Fact]
    public void UndeliveredPage_RecipientTakenOffTheRosterSince_NamedAsTheMessageWasAddressed()
    {
        var gone = Page("a", "kobayashi@example.com", "SMTP 550") with { RecipientName = "小林 次郎" };
        var member = Page("b", "ito@example.com", "SMTP 550") with { RecipientName = "Ito" };
        var nobody = Page("c", "list@example.com", "SMTP 550");

        var rows = Rows(TestRenderer.Instance.Page(new UndeliveredPageNotice(Language.Ja, [new(gone, null), new(member, null), new(nobody, null)], Token, Ito, "Asia/Tokyo", Now)
        {
            Names = new Dictionary<string, string> { ["ito@example.com"] = "伊藤 さくら" },
        }));

        Assert.Contains("小林 次郎（kobayashi@example.com）", rows[0], StringComparison.Ordinal);
        Assert.Contains("伊藤 さくら（ito@example.com）", rows[1], StringComparison.Ordinal);
        Assert.DoesNotContain("（list@example.com）", rows[2], StringComparison.Ordinal);
        Assert.Contains("list@example.com", rows[2], StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 50 reader's pass: an English reader reads the recipient's address in English brackets, "伊藤 さくら (ito@example.com)",
    /// not the Japanese full-width 「（…）」 — the name stays as it is on the roster.
    /// </summary>
    [Fact]
    public void UndeliveredPage_EnglishReader_AddressInEnglishBrackets()
    {
        var page = Page("a", "ito@example.com", "SMTP 550");

        var row = Assert.Single(Rows(TestRenderer.Instance.Page(new UndeliveredPageNotice(Language.En, [new(page, null)], Token, Ito, "Asia/Tokyo", Now)
        {
            Names = new Dictionary<string, string> { ["ito@example.com"] = "伊藤 さくら" },
        })));

        Assert.Contains(" · 伊藤 さくら (ito@example.com)</div>", row, StringComparison.Ordinal);
        Assert.DoesNotContain("（", row, StringComparison.Ordinal);
    }

    /// <summary>One of a thing is said as English says it ("1 attempt", "1 message"), not "1 attempt(s)".</summary>
    [Fact]
    public void UndeliveredPage_OneAttemptOneMessage_CountedInEnglish()
    {
        var given = Page("a", "a@example.com", "SMTP 550", attempts: 1) with { ResentAs = "resend:1:a" };
        var html = TestRenderer.Instance.Page(new UndeliveredPageNotice(Language.En,
            [new UndeliveredMessage(given, given with { Id = "resend:1:a", Status = OutboxStatus.Pending, Attempts = 1, ResentAs = null })], Token, Ito, "Asia/Tokyo", Now));
        var ja = TestRenderer.Instance.Page(new UndeliveredPageNotice(Language.Ja,
            [new UndeliveredMessage(given, given with { Id = "resend:1:a", Status = OutboxStatus.Pending, Attempts = 1, ResentAs = null })], Token, Ito, "Asia/Tokyo", Now));

        var row = Assert.Single(Rows(html));
        Assert.Contains("Given up after 1 attempt: SMTP 550", row);
        Assert.Contains("Being sent again (1 attempt).", row);
        var two = Assert.Single(Rows(TestRenderer.Instance.Page(new UndeliveredPageNotice(Language.En, [new UndeliveredMessage(Page("b", "b@example.com", "SMTP 550", attempts: 2), null)], Token, Ito, "Asia/Tokyo", Now))));
        Assert.Contains("Given up after 2 attempts: SMTP 550", two);
        Assert.Contains("<p class=\"summary open\" id=\"summary\">1 message not delivered yet.</p>", html);
        Assert.DoesNotContain("(s)", html);
        Assert.Contains("1回試行して届きませんでした：SMTP 550", Assert.Single(Rows(ja)));
        Assert.Contains("再送中です（1回試行）。", Assert.Single(Rows(ja)));
    }

    [Fact]
    public void UndeliveredPage_VisitorWhoMayNotAct_SeesTheListWithoutButtons()
    {
        var partner = new PageVisitor("Partner Person", "partner@vendor.example").NotOnRoster([]);
        var html = TestRenderer.Instance.Page(new UndeliveredPageNotice(Language.Ja,
            [new UndeliveredMessage(Page("a", "a@example.com", "SMTP 550"), null)], Token, partner, "Asia/Tokyo", Now));

        Assert.Single(Rows(html));
        Assert.DoesNotContain("<form", html);
        Assert.Contains("id=\"read-only\"", html);
    }

    [Theory]
    [InlineData("status", "送信済みか送信中です")]
    [InlineData("incident", "対応開始済みか復旧済み")]
    [InlineData("message", "この連絡は見つかりません")]
    public void UndeliveredPage_RefusedResend_SaysWhyAndMarksTheRow(string field, string said)
    {
        var html = TestRenderer.Instance.Page(new UndeliveredPageNotice(Language.Ja,
            [new UndeliveredMessage(Page("a", "a@example.com", "SMTP 550"), null)], Token, Ito, "Asia/Tokyo", Now) { Refused = (field, "a") });

        Assert.Matches($"<p class=\"problem\" role=\"alert\" id=\"refused\">[^<]*{said}", html);
        Assert.Contains("class=\"marked\"", Assert.Single(Rows(html)));
    }

    [Theory]
    [InlineData(Language.Ja, "まとめて再送（2件）")]
    [InlineData(Language.En, "Re-send all (2)")]
    public void UndeliveredPage_TwoReSendable_OneButtonReSendsAll_WithTheTokenAndTheCount(Language language, string label)
    {
        var html = TestRenderer.Instance.Page(new UndeliveredPageNotice(language,
            [new UndeliveredMessage(Page("a", "a@example.com", "SMTP 550"), null), new UndeliveredMessage(Page("b", "b@example.com", "SMTP 550"), null)],
            Token, Ito, "Asia/Tokyo", Now) { ResendAllCount = 2 });

        var form = Regex.Match(html, "<form[^>]*id=\"resend-all\".*?</form>", RegexOptions.Singleline).Value;
        Assert.Contains($"<button type=\"submit\" id=\"resend-all-button\">{label}</button>", form);
        Assert.Contains("name=\"__RequestVerificationToken\" value=\"CfDJ8-token\"", form);
        Assert.Contains("<input type=\"hidden\" name=\"all\" value=\"1\">", form);
        Assert.Contains($"action=\"/api/status/undelivered?lang={(language == Language.Ja ? "ja" : "en")}\"", form);
    }

    [Fact]
    public void UndeliveredPage_OneReSendableOrAVisitorWhoMayNotAct_NoReSendAllButton()
    {
        var one = TestRenderer.Instance.Page(new UndeliveredPageNotice(Language.Ja,
            [new UndeliveredMessage(Page("a", "a@example.com", "SMTP 550"), null)], Token, Ito, "Asia/Tokyo", Now) { ResendAllCount = 1 });
        var partner = TestRenderer.Instance.Page(new UndeliveredPageNotice(Language.Ja,
            [new UndeliveredMessage(Page("a", "a@example.com", "SMTP 550"), null), new UndeliveredMessage(Page("b", "b@example.com", "SMTP 550"), null)],
            Token, new PageVisitor("Partner Person", "partner@vendor.example").NotOnRoster([]), "Asia/Tokyo", Now) { ResendAllCount = 2 });

        Assert.DoesNotContain("resend-all", one);
        Assert.DoesNotContain("resend-all", partner);
    }

    [Theory]
    [InlineData(Language.Ja, 40, 0, 0, "40件を再送しました。届くとこの一覧に「再送済み」と表示されます。")]
    [InlineData(Language.Ja, 3, 2, 1, "3件を再送しました。届くとこの一覧に「再送済み」と表示されます。宛先の方が当番から外れていた1件の呼び出しは、今の当番にも送りました。2件は再送しませんでした（その間に再送・送信されたか、障害がすでに対応開始済みか復旧済みです）。")]
    [InlineData(Language.Ja, 0, 0, 0, "再送した連絡はありません。一覧の連絡はすべて再送済みか送信済み・送信中です（または障害がすでに対応開始済みか復旧済みです）。二重には送りません。")]
    [InlineData(Language.Ja, 1, 1, 1, "1件を再送しました。届くとこの一覧に「再送済み」と表示されます。宛先の方が当番から外れていた1件の呼び出しは、今の当番にも送りました。1件は再送しませんでした（その間に再送・送信されたか、障害がすでに対応開始済みか復旧済みです）。")]
    [InlineData(Language.En, 40, 0, 0, "Sent 40 messages again. Once delivered, the list says so.")]
    [InlineData(Language.En, 3, 2, 2, "Sent 3 messages again. Once delivered, the list says so. For 2 pages whose recipient is no longer on duty, the pair on duty now was paged too. 2 were not sent again: re-sent or sent meanwhile, or their incident was acknowledged or resolved since.")]
    [InlineData(Language.En, 1, 1, 1, "Sent 1 message again. Once delivered, the list says so. For 1 page whose recipient is no longer on duty, the pair on duty now was paged too. 1 was not sent again: re-sent or sent meanwhile, or its incident was acknowledged or resolved since.")]
    [InlineData(Language.En, 0, 2, 0, "Nothing was sent again: every message listed was re-sent already, sent or being sent (or its incident was acknowledged or resolved since). Nothing is sent twice.")]
    public void UndeliveredPage_AfterReSendAll_SaysHowManyWereQueuedAgain(Language language, int queued, int skipped, int dutyToo, string said)
    {
        var html = TestRenderer.Instance.Page(new UndeliveredPageNotice(language, [], Token, Ito, "Asia/Tokyo", Now)
        {
            Done = "resentAll",
            ResentAll = (queued, skipped, dutyToo),
        });

        Assert.Contains($"<p class=\"done\" role=\"status\" id=\"done\">{said}</p>", html);
    }

    [Fact]
    public void UndeliveredPage_NothingGivenUp_SaysSo()
    {
        var html = TestRenderer.Instance.Page(new UndeliveredPageNotice(Language.En, [], Token, Ito, "Asia/Tokyo", Now));

        Assert.Contains("<p class=\"summary\" id=\"summary\">No message was given up.</p>", html);
        Assert.Empty(Rows(html));
    }
}
