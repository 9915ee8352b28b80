using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>What in a PR/CS draft still has to be rewritten, deleted or filled in before it can be approved.</summary>
public sealed class DraftMarkersTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 18, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("■影響範囲\n【要修正：社内向けの記載】iOS の一部ユーザーが決済できない", 1)]
    [InlineData("【障害】（お客様向けの事象名をご記入ください）のお知らせ\n■原因\n（お客様向けの原因をご記入ください）", 2)]
    [InlineData("Q: 【任意：不要なら削除】二重に処理・請求されていませんか？\nA: （確認結果をご記入ください）", 2)]
    [InlineData("[Incident] (add the name of the issue for customers)\n[EDIT: internal wording] Pay on the web", 2)]
    [InlineData("Q: [OPTIONAL: delete if not needed] Was anything charged twice?\nA: (add what was checked)", 2)]
    public void Count_GeneratedMarkersJaAndEn_EachCounted(string text, int expected) =>
        Assert.Equal(expected, DraftMarkers.Count(text));

    /// <summary>The brackets a reviewed notice keeps (【障害】, [Resolved], (approx.), （JST）) are not markers.</summary>
    [Theory]
    [InlineData("【障害】決済画面が開かない事象について\n2026年12月3日 10:00〜（JST）\n現在確認しております。")]
    [InlineData("【復旧】決済画面が開かない事象のお知らせ（12月3日）\nご記入いただいた内容は保存されております。")]
    [InlineData("[Resolved] Payment page not opening (3 Dec)\nSince 10:00 (approx.)\nPlease add the card again (Settings > Payment).")]
    [InlineData("")]
    [InlineData(null)]
    public void Count_ReviewedText_None(string? text) =>
        Assert.Equal(0, DraftMarkers.Count(text));

    [Fact]
    public void Count_Faq_QuestionsAndAnswersTogether()
    {
        DraftQuestion[] faq = [new("【任意：不要なら削除】データが消えたりしていませんか？", "（確認結果をご記入ください）"), new("回避する方法はありますか？", "Web 版からお手続きいただけます。")];
        Assert.Equal(2, DraftMarkers.Count(faq));
        Assert.Equal(0, DraftMarkers.Count([faq[1]]));
    }

    /// <summary>Every marker the templates write is found: as many as the generated text holds, in both languages and every part.</summary>
    [Theory]
    [InlineData(Language.Ja)]
    [InlineData(Language.En)]
    public void Count_GeneratedDrafts_EveryMarkerTheTemplatesWrite(Language language)
    {
        var incident = Incident.Open("INC-2026-0002", new NewIncident
        {
            Title = "請求書PDFがダウンロードできない", Severity = AlertSeverity.Sev2, UserImpact = "全ユーザーが請求書PDFをダウンロードできない",
            Workaround = "Web版からダウンロードできる", StartedAt = Now.AddMinutes(-40), AffectedAreas = ["請求"], Platforms = ["iOS"],
        }, [], "sato", Now);
        incident.PostUpdate(IncidentStatus.Resolved, "修正を配信", "yamada", Now.AddMinutes(5), new IncidentEdit { NextSteps = "監視を追加" });
        string[] prefixes = language == Language.Ja ? ["【要修正", "【任意", "ご記入ください）"] : ["[EDIT:", "[OPTIONAL:", "(add "];

        foreach (var part in Enum.GetValues<DraftPart>())
        {
            var text = TestRenderer.Instance.Text(new IncidentDraftNotice(language, incident, part, "Asia/Tokyo"));
            var written = prefixes.Sum(m => text.Split(m).Length - 1);
            Assert.True(written > 0, $"{part}: {text}");
            Assert.Equal(written, DraftMarkers.Count(text));
        }
    }
}
