using OnDuty.Messages;

namespace OnDuty.Core.Tests.Messages;

public sealed class JapaneseTitleTests
{
    [Theory]
    [InlineData("決済画面が開かない", "決済画面が開かない事象")]
    [InlineData("「決済」画面が開かない", "「決済」画面が開かない事象")]
    [InlineData("「チャット」メッセージが送信できない", "「チャット」メッセージが送信できない事象")]
    [InlineData("アプリの動作が重い", "アプリの動作が重い事象")]
    [InlineData("ログイン画面でエラーになる", "ログイン画面でエラーになる事象")]
    [InlineData("通知が二重に届いた", "通知が二重に届いた事象")]
    [InlineData("夜間エクスポートが失敗しました（exit 137）", "夜間エクスポートが失敗しました（exit 137）という事象")]
    [InlineData("ログインできません。", "ログインできませんという事象")]
    [InlineData("決済が遅延中だ", "決済が遅延中だという事象")]
    public void Matter_PredicateTitle_ModifiesJishou(string title, string expected)
    {
        Assert.True(JapaneseTitle.IsPredicate(title));
        Assert.Equal(expected, JapaneseTitle.Matter(title));
    }

    [Theory]
    [InlineData("決済障害")]
    [InlineData("ログインエラー")]
    [InlineData("決済 API の 5xx 増加")]
    [InlineData("HighErrorRate")]
    [InlineData("checkout-api-5xx (checkout-api)")]
    [InlineData("CPU 使用率 95%")]
    public void Matter_NounTitle_TakesNo(string title)
    {
        Assert.False(JapaneseTitle.IsPredicate(title));
        Assert.Equal(title + "の事象", JapaneseTitle.Matter(title));
    }
}
