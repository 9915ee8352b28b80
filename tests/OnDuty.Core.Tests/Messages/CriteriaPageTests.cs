using System.Net;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

public sealed class CriteriaPageTests
{
    private static readonly DateTimeOffset T0 = new(2027, 1, 12, 2, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Session 48: a criterion last changed by someone taken off the roster since names them by the name they had, marked, as the
    /// retro page does — not by the member id it was recorded with; a roster member by name; a typed name as typed.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "小林 次郎（退任）")]
    [InlineData(Language.En, "小林 次郎 (no longer on the roster)")]
    public void CriteriaPage_ChangedBySomeoneSinceTakenOffTheRoster_NamedAsTheyWere(Language language, string named)
    {
        var billing = new Criterion
        {
            Id = "sev1-billing", Title = "決済・請求に影響する障害は SEV1", Text = "お金の流れに影響する障害は SEV1 として起票する。",
            Topic = "severity", TopicName = "重大度の判断", Version = 2, UpdatedAt = T0.AddDays(-3), UpdatedBy = "kobayashi",
        };
        var help = billing with { Id = "help", Title = "応援を呼ぶ", Topic = "help", TopicName = "応援", UpdatedBy = "ito" };

        var html = WebUtility.HtmlDecode(TestRenderer.Instance.Page(new CriteriaPageNotice(language, [billing, help], new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo")
        {
            Names = new Dictionary<string, string> { ["ito"] = "伊藤 さくら" },
            Former = [new FormerMember("kobayashi", "小林 次郎", Language.Ja, T0)],
        }));

        Assert.Contains(named, html, StringComparison.Ordinal);
        Assert.Contains("伊藤 さくら", html, StringComparison.Ordinal);
        Assert.DoesNotContain("kobayashi", html, StringComparison.Ordinal);
    }
}
