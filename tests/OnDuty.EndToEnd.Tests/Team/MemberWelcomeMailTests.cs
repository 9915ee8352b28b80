using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Rotations;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Team;

/// <summary>
/// A member added through the members API gets one welcome mail in smtp4dev (<c>Roster__WelcomeMail</c>, on here as in the
/// sample): in their language, with their first duty week and partner when a rotation has them, and the duty page and their own
/// page linked with the app's public base URL; an edit or a repeated add sends no second.
/// </summary>
public sealed class MemberWelcomeMailTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-welcome-mail-key";

    private OwnApp _app = null!;

    private HostedApp Host => _app.Host;

    private Smtp4devProcess Smtp => _app.Smtp!;

    public async Task InitializeAsync() =>
        _app = await OwnApp.StartAsync(MasterKey, OnDutyAppFixture.BeforeHandoff, new Dictionary<string, string?> { ["Roster:WelcomeMail"] = "true" });

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task PostMember_WelcomedOnce_FirstDutyWeekAndPartner_PagesLinked_EditAndRepeatSendNoMore()
    {
        // No API call lists a member in a rotation before they are on the roster (an id not on it is a 400), so the rotation that
        // already has the newcomer is written to storage: a block pair of 佐藤 花子 and the newcomer from the coming handoff
        // (Monday 2026-11-30 10:00 JST; it is 09:00).
        await Host.App.Services.GetRequiredService<IRotationRepository>().SaveAsync(new Rotation
        {
            Id = "welcome-duty", Name = "Welcome duty", NameJa = "ようこそ当番", Strategy = RotationStrategy.Block, PeoplePerShift = 2,
            HandoffDay = DayOfWeek.Monday, HandoffTime = new TimeOnly(10, 0), TimeZone = "Asia/Tokyo", StartDate = new DateOnly(2026, 11, 30),
            Members = ["sato", "kondo"],
        }, null, default);
        var kondo = new { id = "kondo", displayName = "近藤 結衣", email = "kondo@onduty.example", language = "ja", timeZone = "Asia/Tokyo", joinedOn = "2026-11-30", level = "junior" };

        using (var created = await Host.Client.PostAsJsonAsync("api/members", kondo))
        {
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        using (var again = await Host.Client.PostAsJsonAsync("api/members", kondo))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        await MembersApi.SetAsync(Host.Client, "kondo", "displayName", "近藤 結衣（PM）");
        await SettleAsync();

        var mail = Assert.Single(await Smtp.MessagesAsync(), m => m.To.Contains("kondo@onduty.example", StringComparer.OrdinalIgnoreCase));
        Assert.Equal("【OnDuty】当番表に追加されました", mail.Subject);
        var text = (await Smtp.TextAsync(mail.Id)).ReplaceLineEndings("\n");
        Assert.StartsWith("近藤さん\n", text, StringComparison.Ordinal);
        Assert.Contains("最初の当番は11月30日(月)からの週のようこそ当番です：11月30日(月) 10:00〜12月7日(月) 10:00（JST）\n", text, StringComparison.Ordinal);
        Assert.Contains("一緒に担当：佐藤 花子\n", text, StringComparison.Ordinal);
        Assert.Contains("「対応します」を押してください", text, StringComparison.Ordinal);
        var origin = Host.BaseAddress.GetLeftPart(UriPartial.Authority);
        Assert.Contains($"当番表を開く：{origin}/api/status/duty?rotation=welcome-duty\n", text, StringComparison.Ordinal);
        Assert.Contains($"（携帯番号・言語・フォロー中の障害・当番のカレンダー）：{origin}/api/status/me", text, StringComparison.Ordinal);
        Assert.Contains($"href=\"{origin}/api/status/me\"", await Smtp.HtmlAsync(mail.Id), StringComparison.Ordinal);
        // Nobody else heard of the newcomer: the welcome is theirs only.
        Assert.DoesNotContain(await Smtp.MessagesAsync(), m => m.Subject == mail.Subject && m.Id != mail.Id);
    }

    /// <summary>
    /// Brief J (session 49): the usual order — the member is added to the roster (on no rotation yet, so the welcome says there is
    /// no first duty yet), then the lead adds them to a rotation. Their 【予定の変更】 mail then says their first shift as the
    /// welcome would have: days with weekday, times and zone, and their partner.
    /// </summary>
    [Fact]
    public async Task PostMember_ThenAddedToARotation_TheChangeMailSaysTheirFirstShift_TimesAndPartner()
    {
        static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
        const string Later = """{"name":"Later duty","nameJa":"あとから当番","strategy":"block","peoplePerShift":%n,"startDate":"2026-12-07","handoffTime":"10:00","timeZone":"Asia/Tokyo","members":[%m]}""";
        using (var created = await Host.Client.PutAsync("api/rotations/later-duty", Json(Later.Replace("%n", "1").Replace("%m", "\"sato\""))))
        {
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        using (var member = await Host.Client.PostAsJsonAsync("api/members", new { id = "kondo", displayName = "近藤 結衣", email = "kondo@onduty.example", language = "ja", timeZone = "Asia/Tokyo", joinedOn = "2026-11-30" }))
        {
            Assert.True(member.StatusCode == HttpStatusCode.Created, await member.Content.ReadAsStringAsync());
        }

        await SettleAsync();
        var welcome = Assert.Single(await Smtp.MessagesAsync(), m => m.To.Contains("kondo@onduty.example", StringComparer.OrdinalIgnoreCase));
        Assert.Contains("最初の当番：今後26週の当番表にはまだありません。", (await Smtp.TextAsync(welcome.Id)).ReplaceLineEndings("\n"), StringComparison.Ordinal);

        using var put = new HttpRequestMessage(HttpMethod.Put, "api/rotations/later-duty") { Content = Json(Later.Replace("%n", "2").Replace("%m", "\"sato\",\"kondo\"")) };
        put.Headers.TryAddWithoutValidation("If-Match", "*");
        using (var saved = await Host.Client.SendAsync(put))
        {
            Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        }

        await SettleAsync();
        var change = Assert.Single(await Smtp.MessagesAsync(), m => m.To.Contains("kondo@onduty.example", StringComparer.OrdinalIgnoreCase) && m.Id != welcome.Id);
        Assert.StartsWith("【あとから当番 予定の変更】あなたの当番：", change.Subject, StringComparison.Ordinal);
        var text = (await Smtp.TextAsync(change.Id)).ReplaceLineEndings("\n");
        Assert.Contains("があなたの当番になりました。\n最初の当番は12月7日(月)からの週のあとから当番です：12月7日(月) 10:00〜12月14日(月) 10:00（JST）\n一緒に担当：佐藤 花子\n", text, StringComparison.Ordinal);
    }

    private Task SettleAsync() => Host.SettleAsync(async () => (await Smtp.MessagesAsync()).Count);
}
