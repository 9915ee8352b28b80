using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>What the PR/CS drafts may say of the texts the PMs wrote for each other.</summary>
public sealed class DraftTextTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 18, 0, 0, TimeSpan.Zero);

    private const string Impact = "全ユーザーが請求書PDFをダウンロードできない。問い合わせが30件を超えた";
    private const string Workaround = "Web版からダウンロードできる";
    private const string Cause = "取得先 URL が検証環境のものになっていた";
    private const string NextSteps = "v5.12.1 を配信";

    private static readonly Dictionary<Language, string> Marker = new() { [Language.Ja] = "【要修正：社内向けの記載】", [Language.En] = "[EDIT: internal wording] " };

    /// <summary>The mark on a declared incident's title, wherever a draft says it: the team's name for it is not a customer's.</summary>
    private static readonly Dictionary<Language, string> Reword = new() { [Language.Ja] = "【要修正：社内向けの障害名です。お客様向けの言い回しに】", [Language.En] = "[EDIT: internal incident name — reword for customers] " };

    private static Incident Worked(bool resolved, string source = Incident.ManualSource)
    {
        var incident = Incident.Open("INC-2026-0002", new NewIncident
        {
            Title = "iOSアプリで請求書PDFがダウンロードできない", Severity = AlertSeverity.Sev2, UserImpact = Impact, Workaround = Workaround, StartedAt = Now.AddMinutes(-40),
            Source = source, GroupKey = source == Incident.ManualSource ? null : "g",
        }, [], "sato", Now);
        incident.PostUpdate(resolved ? IncidentStatus.Resolved : IncidentStatus.Identified, "原因特定", "yamada", Now.AddMinutes(5), new IncidentEdit { Cause = Cause, NextSteps = NextSteps });
        return incident;
    }

    private static string Render(Incident incident, Language language, DraftPart part) =>
        TestRenderer.Instance.Text(new IncidentDraftNotice(language, incident, part, "Asia/Tokyo"));

    public static TheoryData<Language, DraftPart, bool> Parts()
    {
        var data = new TheoryData<Language, DraftPart, bool>();
        foreach (var language in new[] { Language.Ja, Language.En })
        {
            foreach (var part in Enum.GetValues<DraftPart>())
            {
                data.Add(language, part, false);
                data.Add(language, part, true);
            }
        }

        return data;
    }

    /// <summary>
    /// Trial 39 L4: an approved draft is not marked stale when the incident goes 調査中 → 原因特定 → 経過観察中
    /// (<see cref="IncidentDraft.IsStaleFor"/>) because the templates write the same text for every open state: made afresh, it
    /// reads the same. Should a template come to vary by one of them, this fails, and the staleness rule (and
    /// <see cref="DraftInputs"/>' status) must follow it.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja)]
    [InlineData(Language.En)]
    public void Draft_EveryOpenStatus_SameText(Language language)
    {
        foreach (var part in Enum.GetValues<DraftPart>())
        {
            var investigating = Worked(resolved: false);
            investigating.PostUpdate(IncidentStatus.Investigating, "調査中", "yamada", Now.AddMinutes(6));
            var text = Render(investigating, language, part);
            Assert.False(string.IsNullOrWhiteSpace(text));
            foreach (var status in new[] { IncidentStatus.Identified, IncidentStatus.Monitoring })
            {
                var later = Worked(resolved: false);
                later.PostUpdate(status, "更新", "yamada", Now.AddMinutes(6));
                Assert.Equal(status, later.Status);
                Assert.Equal(text, Render(later, language, part));
            }
        }
    }

    /// <summary>
    /// Once recovered, the questions answer when it recovered (not 「すでに復旧しております。」 alone) and support has the answer for
    /// the customers who wrote in while it was down, in the customers' register; the questions while it goes on ask neither.
    /// </summary>
    [Fact]
    public void Faq_Resolved_SaysWhenAndAnswersThoseWhoWroteIn()
    {
        var ja = Render(Worked(resolved: true), Language.Ja, DraftPart.Faq);
        Assert.Contains(
            "Q：復旧したのはいつですか？\nA：2026年12月3日(木) 03:05頃に復旧しております。\n\n"
            + "Q：以前問い合わせた件はどうなりましたか？\nA：お問い合わせいただいた【要修正：社内向けの障害名です。お客様向けの言い回しに】iOSアプリで請求書PDFがダウンロードできない事象につきましては、2026年12月3日(木) 03:05頃に復旧しており、現在は通常どおりご利用いただけます。ご迷惑をおかけし、誠に申し訳ございませんでした。\n\n",
            ja, StringComparison.Ordinal);
        Assert.DoesNotContain("すでに復旧しております", ja, StringComparison.Ordinal);
        var en = Render(Worked(resolved: true), Language.En, DraftPart.Faq);
        Assert.Contains(
            "Q: When was it fixed?\nA: At about Thu 3 Dec 2026 03:05 JST (UTC+9).\n\n"
            + "Q: I contacted you about this earlier. What is the status?\nA: \"[EDIT: translate] iOSアプリで請求書PDFがダウンロードできない\", which you contacted us about, was resolved at about Thu 3 Dec 2026 03:05 JST (UTC+9), and the service works as usual again. We apologise for the inconvenience.\n\n",
            en, StringComparison.Ordinal);
        Assert.Equal(2, IncidentDraftService.ParseFaq(ja).Count(q => q.Question is "復旧したのはいつですか？" or "以前問い合わせた件はどうなりましたか？"));

        var open = Render(Worked(resolved: false), Language.Ja, DraftPart.Faq);
        Assert.DoesNotContain("以前問い合わせた件", open, StringComparison.Ordinal);
        Assert.Contains("Q：復旧の見込みはいつ頃ですか？", open, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Parts))]
    public void Draft_InternalTexts_OnlyBehindTheMarkerAndNeverTheCause(Language language, DraftPart part, bool resolved)
    {
        var text = Render(Worked(resolved), language, part);

        foreach (var typed in new[] { Impact, Workaround, NextSteps })
        {
            var at = text.IndexOf(typed, StringComparison.Ordinal);
            while (at >= 0)
            {
                Assert.True(text[..at].EndsWith(Marker[language], StringComparison.Ordinal), $"unmarked 「{typed}」 in:\n{text}");
                at = text.IndexOf(typed, at + 1, StringComparison.Ordinal);
            }
        }

        Assert.DoesNotContain(Cause, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "（お客様向けの事象名をご記入ください）")]
    [InlineData(Language.En, "(add the name of the issue for customers)")]
    public void Draft_OpenedByMonitoring_AsksForTheCustomerTitle(Language language, string placeholder)
    {
        var incident = Worked(resolved: true, source: "alertmanager");

        foreach (var part in Enum.GetValues<DraftPart>())
        {
            var text = Render(incident, language, part);
            Assert.Contains(placeholder, text, StringComparison.Ordinal);
            var at = text.IndexOf(incident.Title, StringComparison.Ordinal);
            Assert.True(at < 0 || text[..at].EndsWith(Marker[language], StringComparison.Ordinal), $"the alert's summary unmarked in:\n{text}");
        }
    }

    [Fact]
    public void Draft_ResolvedJa_NoWaitingForRecoveryAndACauseSection()
    {
        var incident = Worked(resolved: true);

        var notice = Render(incident, Language.Ja, DraftPart.CustomerNotice);
        var workaround = Render(incident, Language.Ja, DraftPart.Workaround);

        Assert.DoesNotContain("今しばらくお待ちください", notice + workaround, StringComparison.Ordinal);
        Assert.DoesNotContain("■回避策", notice, StringComparison.Ordinal);
        Assert.Contains("復旧までの間は", workaround, StringComparison.Ordinal);
        var order = new[] { "■発生日時", "■影響範囲", "■現象", "■原因", "■今後の対応", "■お問い合わせ先" }.Select(h => notice.IndexOf(h, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order(), order);
        Assert.Contains("■原因\n（お客様向けの原因をご記入ください）\n", notice, StringComparison.Ordinal);
        Assert.Contains("■今後の対応\n【要修正：社内向けの記載】v5.12.1 を配信\n", notice, StringComparison.Ordinal);
        Assert.Contains("■現象\n【要修正：社内向けの障害名です。お客様向けの言い回しに】iOSアプリで請求書PDFがダウンロードできない状態となっておりました。\n", notice, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 53, support after recovery: customers call to ask whether they must do anything (reopen the app, pay again), and the
    /// recovery notice had no place for it. It has one now, where the workaround stood while it was open, marked to fill in or
    /// delete (so it cannot be approved as generated); an open incident's notice has the workaround there, not this.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "■現象", "\n\n■ご対応のお願い\n【任意：不要なら削除】（アプリの再起動など、復旧後にお客様にお願いする操作をご記入ください）\n\n■原因\n", "■回避策")]
    [InlineData(Language.En, "What happened", "\n\nWhat you may need to do\n[OPTIONAL: delete if not needed] (add what customers need to do now that it is resolved, e.g. restart the app)\n\nCause\n", "Workaround")]
    public void Draft_ResolvedNotice_AsksWhatCustomersMustDo_MarkedToFillInOrDelete(Language language, string before, string section, string workaround)
    {
        var resolved = Render(Worked(resolved: true), language, DraftPart.CustomerNotice);
        var open = Render(Worked(resolved: false), language, DraftPart.CustomerNotice);

        Assert.Contains(section, resolved, StringComparison.Ordinal);
        Assert.True(resolved.IndexOf(before, StringComparison.Ordinal) < resolved.IndexOf(section, StringComparison.Ordinal));
        Assert.Equal(2, DraftMarkers.Count(section));
        Assert.DoesNotContain(section.Trim().Split('\n')[0], open, StringComparison.Ordinal);
        Assert.Contains(workaround, open, StringComparison.Ordinal);
    }

    [Fact]
    public void Draft_NothingKnownJa_SaysItIsBeingCheckedNotThatThereIsNone()
    {
        var incident = Incident.Open("INC-2026-0003", new NewIncident { Title = "管理画面のCSVエクスポート遅延", Severity = AlertSeverity.Sev3, StartedAt = Now }, [], "api", Now);

        var notice = Render(incident, Language.Ja, DraftPart.CustomerNotice);
        var faq = IncidentDraftService.ParseFaq(Render(incident, Language.Ja, DraftPart.Faq));

        Assert.Contains("■影響範囲\n現在確認しております。\n", notice, StringComparison.Ordinal);
        Assert.Contains("■回避策\n回避策は現在確認中です。", notice, StringComparison.Ordinal);
        Assert.Contains("■現象\n【要修正：社内向けの障害名です。お客様向けの言い回しに】管理画面のCSVエクスポート遅延が発生しております。\n", notice, StringComparison.Ordinal);
        Assert.DoesNotContain("回避策はございません", notice, StringComparison.Ordinal);
        Assert.StartsWith("回避策は現在確認中です。", faq.Single(q => q.Question == "回避する方法はありますか？").Answer, StringComparison.Ordinal);
        Assert.Equal(6, faq.Count(q => q.Question.StartsWith("【任意：不要なら削除】", StringComparison.Ordinal)));
    }

    /// <summary>
    /// Brief trialstake (session 46): the recovered notice's ■発生日時 writes its range as the stakeholder notices (「10:40〜11:30」) and the
    /// JA-STYLE do, without spaces around 〜 (it read 「02:20頃 〜 03:05頃」).
    /// </summary>
    [Fact]
    public void Draft_ResolvedJa_TheRangeWithoutSpacesAroundTheTilde()
    {
        var notice = Render(Worked(resolved: true), Language.Ja, DraftPart.CustomerNotice);

        Assert.Contains("■発生日時\n2026年12月3日(木) 02:20頃〜03:05頃\n", notice, StringComparison.Ordinal);
        Assert.DoesNotContain(" 〜 ", notice, StringComparison.Ordinal);
    }

    [Fact]
    public void Faq_ResolvedTheSameDay_TheEndWithoutItsDate()
    {
        var incident = Worked(resolved: true);

        var faq = IncidentDraftService.ParseFaq(Render(incident, Language.Ja, DraftPart.Faq));

        Assert.Equal("2026年12月3日(木) 02:20頃から03:05頃まで発生しておりました。", faq.Single(q => q.Question == "いつから発生していましたか？").Answer);
    }

    /// <summary>
    /// Session 43 read-through: once resolved, the FAQ asks who was affected in the past, as its first two questions do
    /// (「どのような問題が起きていましたか？」); while open, in the present.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, true, "影響を受けたのはどの機能・環境ですか？")]
    [InlineData(Language.Ja, false, "影響を受けるのはどの機能・環境ですか？")]
    [InlineData(Language.En, true, "Who was affected?")]
    [InlineData(Language.En, false, "Who is affected?")]
    public void Faq_WhoIsAffected_InThePastOnceResolved(Language language, bool resolved, string question)
    {
        var faq = IncidentDraftService.ParseFaq(Render(Worked(resolved), language, DraftPart.Faq));

        Assert.Equal(question, faq[2].Question);
    }

    /// <summary>
    /// Session 43 read-through: the English customer notice of a resolved incident heads its sections in the past, as its opening
    /// does ("The issue below affected the service…"): "Who was affected", "What happened"; while open, "Who is affected", "What happens".
    /// </summary>
    [Theory]
    [InlineData(true, "\nWho was affected\n", "\nWhat happened\n")]
    [InlineData(false, "\nWho is affected\n", "\nWhat happens\n")]
    public void Draft_English_SectionsInThePastOnceResolved(bool resolved, string affected, string happened)
    {
        var notice = Render(Worked(resolved), Language.En, DraftPart.CustomerNotice);

        Assert.Contains(affected, notice, StringComparison.Ordinal);
        Assert.Contains(happened, notice, StringComparison.Ordinal);
    }

    /// <summary>INC-0001 of trial 31a: declared by a PM with internal area names, title in Japanese.</summary>
    private static Incident Trial31a(string title = "決済が一部失敗", bool resolved = false)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident
        {
            Title = title, Severity = AlertSeverity.Sev1, AffectedAreas = ["決済", "PSP-B連携(psp-gw-02)"], Platforms = ["Web", "iOS", "Android"],
            StartedAt = new DateTimeOffset(2026, 12, 2, 12, 40, 0, TimeSpan.Zero),
        }, [], "sato", Now);
        if (resolved)
        {
            incident.Resolve("ito", Now.AddMinutes(10));
        }

        return incident;
    }

    /// <summary>Trial 31a H2: the areas and platforms a PM typed reach customer text only behind the marker, so approval waits for them.</summary>
    [Theory]
    [InlineData(Language.Ja, "対象機能：【要修正：社内向けの記載】決済、PSP-B連携(psp-gw-02)\n対象環境：【要修正：社内向けの記載】Web、iOS、Android\n", "対象機能は【要修正：社内向けの記載】決済、PSP-B連携(psp-gw-02)です。対象環境は【要修正：社内向けの記載】Web、iOS、Androidです。")]
    [InlineData(Language.En, "Features: [EDIT: internal wording] 決済, PSP-B連携(psp-gw-02)\nPlatforms: [EDIT: internal wording] Web, iOS, Android\n", "Features: [EDIT: internal wording] 決済, PSP-B連携(psp-gw-02). Platforms: [EDIT: internal wording] Web, iOS, Android.")]
    public void Draft_AreasAndPlatforms_BehindTheMarker(Language language, string noticeLines, string faqAnswer)
    {
        foreach (var resolved in new[] { false, true })
        {
            var incident = Trial31a(resolved: resolved);
            Assert.Contains(noticeLines, Render(incident, language, DraftPart.CustomerNotice));
            Assert.Equal(faqAnswer, IncidentDraftService.ParseFaq(Render(incident, language, DraftPart.Faq))[2].Answer);
        }
    }

    /// <summary>Trial 31a H3: an English reader abroad is told the zone of every time, and a Japanese title is marked for translating.</summary>
    [Fact]
    public void Draft_En_TimesWithTheZoneAndTheJapaneseTitleMarkedForTranslating()
    {
        var open = Trial31a();
        var notice = Render(open, Language.En, DraftPart.CustomerNotice);
        // The subject names the areas (marked, as typed by a PM); the title, in Japanese, is marked for translating where it stands.
        Assert.StartsWith("[Incident] [EDIT: internal wording] Issue affecting 決済, PSP-B連携(psp-gw-02)\n", notice);
        Assert.Contains("\nSince Wed 2 Dec 2026 21:40 JST (UTC+9) (approx.)\n", notice);
        Assert.Contains("What happens\n[EDIT: translate] 決済が一部失敗\n", notice);
        Assert.Contains("\"[EDIT: translate] 決済が一部失敗\"", Render(open, Language.En, DraftPart.Workaround));
        var faq = IncidentDraftService.ParseFaq(Render(open, Language.En, DraftPart.Faq));
        Assert.Equal(("[EDIT: translate] 決済が一部失敗. We are working to restore the service.", "Since about Wed 2 Dec 2026 21:40 JST (UTC+9)."), (faq[0].Answer, faq[1].Answer));

        var resolved = Trial31a(resolved: true);
        Assert.Contains("\nWed 2 Dec 2026 21:40 – Thu 3 Dec 2026 03:10 JST (UTC+9) (approx.)\n", Render(resolved, Language.En, DraftPart.CustomerNotice));
        Assert.Contains("resolved at about Thu 3 Dec 2026 03:10 JST (UTC+9),", Render(resolved, Language.En, DraftPart.Workaround));
        Assert.Equal("From about Wed 2 Dec 2026 21:40 to about Thu 3 Dec 2026 03:10 JST (UTC+9).", IncidentDraftService.ParseFaq(Render(resolved, Language.En, DraftPart.Faq))[1].Answer);
    }

    /// <summary>The team's zone, not JST written in: London in winter GMT (UTC), in summer BST (UTC+1); a zone without a short name says the offset.</summary>
    [Theory]
    [InlineData("Europe/London", 12, "Since Wed 2 Dec 2026 12:40 GMT (UTC) (approx.)")]
    [InlineData("Europe/London", 7, "13:40 BST (UTC+1) (approx.)")]
    [InlineData("Asia/Kolkata", 12, "18:10 (UTC+5:30) (approx.)")]
    public void Draft_En_TheTeamsZone(string zone, int month, string expected)
    {
        var incident = Incident.Open("INC-2026-0009", new NewIncident
        {
            Title = "Payments failing", Severity = AlertSeverity.Sev2, StartedAt = new DateTimeOffset(2026, month, 2, 12, 40, 0, TimeSpan.Zero),
        }, [], "sato", new DateTimeOffset(2026, month, 2, 13, 0, 0, TimeSpan.Zero));

        var notice = TestRenderer.Instance.Text(new IncidentDraftNotice(Language.En, incident, DraftPart.CustomerNotice, zone));

        Assert.Contains(expected, notice);
        Assert.StartsWith("[Incident] [EDIT: internal incident name — reword for customers] Payments failing\n", notice);
    }

    /// <summary>An English title stays unmarked; Japanese drafts carry no zone (the customers' own).</summary>
    [Fact]
    public void Draft_EnglishTitleOrJapaneseDraft_NoTranslateMarker()
    {
        Assert.DoesNotContain("[EDIT: translate]", Render(Worked(false), Language.Ja, DraftPart.CustomerNotice));
        Assert.DoesNotContain("UTC", Render(Trial31a(), Language.Ja, DraftPart.CustomerNotice));
    }

    /// <summary>
    /// Trial 31a M1: 「決済が一部失敗」 reads as a predicate in every sentence of the Japanese drafts (marked as the team's title). With
    /// no areas the subject says it too (「…する事象について」).
    /// </summary>
    [Fact]
    public void Draft_Ja_SubjectThenSuruNoun_ReadsAsAPredicate()
    {
        var incident = Trial31a();
        var notice = Render(incident, Language.Ja, DraftPart.CustomerNotice);
        Assert.Contains("■現象\n【要修正：社内向けの障害名です。お客様向けの言い回しに】決済が一部失敗する状態となっております。\n", notice);
        Assert.StartsWith("【要修正：社内向けの障害名です。お客様向けの言い回しに】決済が一部失敗する事象につきまして、回避策は現在確認中です。", Render(incident, Language.Ja, DraftPart.Workaround));
        Assert.Equal("【要修正：社内向けの障害名です。お客様向けの言い回しに】決済が一部失敗する事象が発生しております。復旧に向けて対応を進めております。", IncidentDraftService.ParseFaq(Render(incident, Language.Ja, DraftPart.Faq))[0].Answer);

        var resolved = Render(Trial31a(resolved: true), Language.Ja, DraftPart.CustomerNotice);
        Assert.Contains("■現象\n【要修正：社内向けの障害名です。お客様向けの言い回しに】決済が一部失敗する状態となっておりました。\n", resolved);

        var noAreas = Incident.Open("INC-2026-0005", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev1, StartedAt = Now }, [], "sato", Now);
        Assert.StartsWith("【障害】【要修正：社内向けの障害名です。お客様向けの言い回しに】決済が一部失敗する事象について\n", Render(noAreas, Language.Ja, DraftPart.CustomerNotice));
        noAreas.Resolve("ito", Now.AddMinutes(10));
        Assert.StartsWith("【復旧】【要修正：社内向けの障害名です。お客様向けの言い回しに】決済が一部失敗する事象について（12/3）\n", Render(noAreas, Language.Ja, DraftPart.CustomerNotice));
    }

    /// <summary>
    /// Brief D (session 49): a declared incident's title is the team's words for it (「api-7 OOM（exit 137）」) and reached the customer
    /// notice as typed. It stands in no draft unmarked: behind 【要修正：社内向けの障害名です。お客様向けの言い回しに】 / [EDIT: internal incident name — reword for
    /// customers] wherever it stands, so the drafts cannot be approved until a person rewrites it.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "【障害】【要修正：社内向けの障害名です。お客様向けの言い回しに】api-7 OOM（exit 137）のお知らせ\n", "■現象\n【要修正：社内向けの障害名です。お客様向けの言い回しに】api-7 OOM（exit 137）が発生しております。\n")]
    [InlineData(Language.En, "[Incident] [EDIT: internal incident name — reword for customers] api-7 OOM (exit 137)\n", "What happens\n[EDIT: internal incident name — reword for customers] api-7 OOM (exit 137)\n")]
    public async Task Draft_DeclaredTitle_MarkedWhereverItStands_ApprovalRefusedUntilRewritten(Language language, string subject, string happens)
    {
        var title = language == Language.Ja ? "api-7 OOM（exit 137）" : "api-7 OOM (exit 137)";
        var h = await OnDuty.Core.Tests.Incidents.IncidentHarness.CreateAsync();
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = title, Severity = AlertSeverity.Sev2 }, "sato", null, default);
        var incident = created.Value;

        var notice = Render(incident, language, DraftPart.CustomerNotice);
        Assert.StartsWith(subject, notice, StringComparison.Ordinal);
        Assert.Contains(happens, notice, StringComparison.Ordinal);
        foreach (var part in Enum.GetValues<DraftPart>())
        {
            var text = Render(incident, language, part);
            for (var at = text.IndexOf(title, StringComparison.Ordinal); at >= 0; at = text.IndexOf(title, at + 1, StringComparison.Ordinal))
            {
                Assert.True(text[..at].EndsWith(Reword[language], StringComparison.Ordinal), $"unmarked 「{title}」 in:\n{text}");
            }
        }

        // The mark is one the approval refuses (DraftMarkers), alone too; the title reworded, nothing is left.
        Assert.Equal(1, DraftMarkers.Count(Reword[language] + title));
        Assert.Equal(0, DraftMarkers.Count(title));

        // Approving the generated text as it is: refused, naming the notice.
        var drafts = new IncidentDraftService(h.Incidents, new InMemoryIncidentDraftStore(), TestRenderer.Instance, h.Time, Microsoft.Extensions.Options.Options.Create(h.Options));
        var generated = drafts.Generate(incident, language) with { Status = DraftStatus.Approved, ApprovedBy = "PR Sato" };
        var refused = await Assert.ThrowsAsync<OnDuty.Core.Common.ValidationException>(() => drafts.SaveAsync(incident.Id, generated, "*", "sato", default));
        Assert.True(refused.Errors.ContainsKey("customerNotice"), string.Join(", ", refused.Errors.Keys));
    }

    /// <summary>
    /// Brief D (session 49): with areas typed, the customer notice's subject names them rather than the team's title — marked as the
    /// PMs' wording, as they are in ■影響範囲 — open and once recovered.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, false, "【障害】【要修正：社内向けの記載】決済、PSP-B連携(psp-gw-02)に関する障害のお知らせ\n")]
    [InlineData(Language.Ja, true, "【復旧】【要修正：社内向けの記載】決済、PSP-B連携(psp-gw-02)に関する障害のお知らせ（12/3）\n")]
    [InlineData(Language.En, false, "[Incident] [EDIT: internal wording] Issue affecting 決済, PSP-B連携(psp-gw-02)\n")]
    [InlineData(Language.En, true, "[Resolved] [EDIT: internal wording] Issue affecting 決済, PSP-B連携(psp-gw-02) (3 Dec 2026)\n")]
    public void Draft_WithAreas_TheSubjectNamesThem(Language language, bool resolved, string subject)
    {
        var notice = Render(Trial31a(resolved: resolved), language, DraftPart.CustomerNotice);

        Assert.StartsWith(subject, notice, StringComparison.Ordinal);
        Assert.DoesNotContain("決済が一部失敗のお知らせ", notice, StringComparison.Ordinal);
    }

    /// <summary>A title that is neither (「決済が障害」): every sentence holding it is marked, so it cannot be approved as it is.</summary>
    [Fact]
    public void Draft_Ja_TitleNeitherNounNorPredicate_MarkedWhereverItStands()
    {
        var incident = Trial31a("決済が障害");
        var notice = Render(incident, Language.Ja, DraftPart.CustomerNotice);
        Assert.StartsWith("【障害】【要修正：社内向けの記載】決済、PSP-B連携(psp-gw-02)に関する障害のお知らせ\n", notice);
        Assert.Contains("■現象\n【要修正：社内向けの障害名です。お客様向けの言い回しに】決済が障害が発生しております。\n", notice);
        Assert.StartsWith("【要修正：社内向けの障害名です。お客様向けの言い回しに】決済が障害につきまして", Render(incident, Language.Ja, DraftPart.Workaround));
        Assert.StartsWith("【要修正：社内向けの障害名です。お客様向けの言い回しに】決済が障害が発生しております。", IncidentDraftService.ParseFaq(Render(incident, Language.Ja, DraftPart.Faq))[0].Answer);
        Assert.True(DraftMarkers.Count(Render(incident, Language.Ja, DraftPart.Workaround)) > 0);
    }
}
