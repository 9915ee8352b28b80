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
        Assert.Contains($"（携帯番号・言語・フォロー中の障害）：{origin}/api/status/me", text, StringComparison.Ordinal);
        Assert.Contains($"href=\"{origin}/api/status/me\"", await Smtp.HtmlAsync(mail.Id), StringComparison.Ordinal);
        // Nobody else heard of the newcomer: the welcome is theirs only.
        Assert.DoesNotContain(await Smtp.MessagesAsync(), m => m.Subject == mail.Subject && m.Id != mail.Id);
    }

    private Task SettleAsync() => Host.SettleAsync(async () => (await Smtp.MessagesAsync()).Count);
}
