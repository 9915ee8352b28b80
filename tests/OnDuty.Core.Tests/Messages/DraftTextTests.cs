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
        Assert.Contains("■現象\niOSアプリで請求書PDFがダウンロードできない状態となっておりました。\n", notice, StringComparison.Ordinal);
    }

    [Fact]
    public void Draft_NothingKnownJa_SaysItIsBeingCheckedNotThatThereIsNone()
    {
        var incident = Incident.Open("INC-2026-0003", new NewIncident { Title = "管理画面のCSVエクスポート遅延", Severity = AlertSeverity.Sev3, StartedAt = Now }, [], "api", Now);

        var notice = Render(incident, Language.Ja, DraftPart.CustomerNotice);
        var faq = IncidentDraftService.ParseFaq(Render(incident, Language.Ja, DraftPart.Faq));

        Assert.Contains("■影響範囲\n現在確認しております。\n", notice, StringComparison.Ordinal);
        Assert.Contains("■回避策\n回避策は現在確認中です。", notice, StringComparison.Ordinal);
        Assert.Contains("■現象\n管理画面のCSVエクスポート遅延が発生しております。\n", notice, StringComparison.Ordinal);
        Assert.DoesNotContain("回避策はございません", notice, StringComparison.Ordinal);
        Assert.StartsWith("回避策は現在確認中です。", faq.Single(q => q.Question == "回避する方法はありますか？").Answer, StringComparison.Ordinal);
        Assert.Equal(6, faq.Count(q => q.Question.StartsWith("【任意：不要なら削除】", StringComparison.Ordinal)));
    }

    [Fact]
    public void Faq_ResolvedTheSameDay_TheEndWithoutItsDate()
    {
        var incident = Worked(resolved: true);

        var faq = IncidentDraftService.ParseFaq(Render(incident, Language.Ja, DraftPart.Faq));

        Assert.Equal("2026年12月3日(木) 02:20頃から03:05頃まで発生しておりました。", faq.Single(q => q.Question == "いつから発生していましたか？").Answer);
    }
}
