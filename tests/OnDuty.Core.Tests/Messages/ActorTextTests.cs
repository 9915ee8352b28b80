using OnDuty.Core.Team;
using OnDuty.Messages;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// Who did something, as the lead reads it on the retro page, the 障害報告書 and the criteria history: a script or tool that called
/// the API without a name (recorded as <c>api</c>) is said in words, not as 「起票 — api」 or 「第3版 · … · api」.
/// </summary>
public sealed class ActorTextTests
{
    [Theory]
    [InlineData(Language.Ja, "api", "API（名前の指定なし）")]
    [InlineData(Language.En, "api", "API (no name given)")]
    [InlineData(Language.Ja, "system", "OnDuty（自動）")]
    [InlineData(Language.Ja, "sato", "佐藤 花子")]
    [InlineData(Language.Ja, "Api 太郎", "Api 太郎")]
    public void Name_SaysTheApiWithoutANameInWords_AndAMemberByName(Language language, string by, string said)
    {
        var names = new Dictionary<string, string> { ["sato"] = "佐藤 花子" };

        Assert.Equal(said, ActorText.Name(by, names.GetValueOrDefault, Phrases.For(language)));
    }
}
