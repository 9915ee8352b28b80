using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Team;

/// <summary>The welcome mail to a member added to the roster: once per member id, on a create only, in their language.</summary>
public sealed class MemberWelcomeTests
{
    // Wednesday 2026-12-02 09:00 in Tokyo.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemoryOutbox _outbox = new();
    private InMemoryRoster _roster = null!;
    private RotationService _rotations = null!;

    private async Task<RosterService> CreateSutAsync(bool welcomeMail = true, Rotation? rotation = null, SmsOptions? sms = null)
    {
        var (roster, rotations) = await TeamData.SeedAsync(rotation ?? TeamData.Rotation());
        _roster = roster;
        _rotations = new RotationService(rotations, roster, _time);
        var dispatcher = new OutboxDispatcher(_outbox, new InMemoryOutboxQueue(_time), [], new RecordingEmailSender(), new RecordingTeamsChannel(), _time, Options.Create(new OutboxOptions()), NullLogger<OutboxDispatcher>.Instance);
        var welcome = new MemberWelcome(_rotations, roster, dispatcher, TestRenderer.Instance, Options.Create(new RosterOptions { WelcomeMail = welcomeMail }), NullLogger<MemberWelcome>.Instance,
            sms is null ? null : new RecordingSmsSender(), sms is null ? null : Options.Create(sms));
        return new RosterService(roster, time: _time, welcome: welcome);
    }

    private static Member Ito => TeamData.Member("ito", "伊藤 さくら");

    [Fact]
    public async Task SaveMemberAsync_Created_OneWelcomeKeyedByTheMemberIdInTheirLanguage()
    {
        var sut = await CreateSutAsync();

        await sut.SaveMemberAsync(Ito, null, default);

        var sent = Assert.Single(_outbox.All);
        Assert.Equal("welcome:ito:email:ito@example.com", sent.Id);
        Assert.Equal("ito@example.com", sent.Recipient);
        Assert.Equal("【OnDuty】当番表に追加されました", sent.Subject);
        Assert.StartsWith("伊藤さん\n", sent.TextBody, StringComparison.Ordinal);
        // Not in any rotation yet: no first duty to name.
        Assert.Contains("最初の当番：今後26週の当番表にはまだありません。", sent.TextBody, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 49, a new PM's first night: the text woke her and its reply 「1」 takes the page, which the welcome did not say (only
    /// 「対応します」 in the mail) — it says so where replies are accepted, right after 対応します, and not where they are not.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SaveMemberAsync_SmsRepliesAccepted_TheWelcomeSaysAReplyOf1TakesAPage(bool accepted)
    {
        var sut = await CreateSutAsync(sms: new SmsOptions { AcceptReplies = accepted });

        await sut.SaveMemberAsync(Ito, null, default);

        var text = Assert.Single(_outbox.All).TextBody.ReplaceLineEndings("\n");
        Assert.Contains("携帯番号が登録されていれば、すべての呼び出しが SMS でも届きます。\n", text, StringComparison.Ordinal);
        const string Reply = "エスカレーションが止まります。\n呼び出しの SMS に「1」と返信すると、対応開始にできます。\n";
        if (accepted)
        {
            Assert.Contains(Reply, text, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("「1」と返信", text, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Session 49, a new PM's first fortnight: the welcome sent her to 「あなたのページ」, which opens titled 「呼び出しの連絡先」 — the
    /// name the announcement's link and the page itself use; the welcome names it so too, in the no-number hint and the link.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "当番が始まる前に、下の「呼び出しの連絡先」で登録してください。\n", "呼び出しの連絡先（携帯番号・言語・フォロー中の障害・当番のカレンダー）：https://onduty.example/api/status/me\n", "呼び出しの連絡先")]
    [InlineData(Language.En, "Add one under “How pages reach you” (below) before your duty starts.\n", "How pages reach you (mobile number, language, incidents you follow, your duty calendar): https://onduty.example/api/status/me\n", "How pages reach you")]
    public void Welcome_NamesTheOwnPageAsThePageIsTitled(Language language, string hint, string link, string pageTitle)
    {
        var text = TestRenderer.Instance.Email(new OnDuty.Core.Messages.MemberWelcomeNotice(language, Ito) { SmsEnabled = true, BaseUrl = "https://onduty.example" })
            .Text.ReplaceLineEndings("\n");

        Assert.Contains(hint, text, StringComparison.Ordinal);
        Assert.Contains(link, text, StringComparison.Ordinal);
        Assert.Equal(pageTitle, OnDuty.Messages.Phrases.For(language)["Contact.Title"]);
    }

    [Fact]
    public async Task SaveMemberAsync_EditedOrCreatedAgain_NoSecondWelcome()
    {
        var sut = await CreateSutAsync();
        await sut.SaveMemberAsync(Ito, null, default);

        await sut.SaveMemberAsync(Ito with { Phone = "+819012345678" }, "*", default);
        await Assert.ThrowsAsync<ConcurrencyException>(() => sut.SaveMemberAsync(Ito, null, default));

        Assert.Equal(["welcome:ito:email:ito@example.com"], _outbox.All.Select(m => m.Id));
    }

    [Fact]
    public async Task SaveMemberAsync_WelcomeMailOff_NothingQueued()
    {
        var sut = await CreateSutAsync(welcomeMail: false);

        await sut.SaveMemberAsync(Ito, null, default);

        Assert.Empty(_outbox.All);
        Assert.NotNull(await _roster.GetMemberAsync("ito", default));
    }

    /// <summary>Taken off the roster and added again: welcomed again, keyed by the removal, and a retry of that add sends no third.</summary>
    [Fact]
    public async Task SaveMemberAsync_RemovedAndAddedAgain_WelcomedOncePerRemoval()
    {
        var sut = await CreateSutAsync();
        await sut.SaveMemberAsync(Ito, null, default);
        var removedAt = _time.GetUtcNow().AddDays(3);
        await _roster.SaveFormerMemberAsync(FormerMember.Of(Ito, erased: false, removedAt), default);
        await _roster.DeleteMemberAsync("ito", default);

        await sut.SaveMemberAsync(Ito, null, default);
        var stored = await _roster.GetMemberAsync("ito", default);
        await _roster.DeleteMemberAsync("ito", default);
        await sut.SaveMemberAsync(Ito, null, default);

        Assert.NotNull(stored);
        Assert.Equal(["welcome:ito:email:ito@example.com", "welcome:ito@20261205T000000000Z:email:ito@example.com"], _outbox.All.Select(m => m.Id).Order(StringComparer.Ordinal));
    }

    /// <summary>A rotation that lists the member: their first coming shift, with the period and zone as the reminder says them, and their partner.</summary>
    [Fact]
    public async Task SaveMemberAsync_RotationListsThem_FirstDutyWithPartnerSaid()
    {
        var sut = await CreateSutAsync(rotation: TeamData.Rotation() with { Members = [.. TeamData.Rotation().Members, "ito"] });

        await sut.SaveMemberAsync(Ito, null, default);

        var first = Assert.Single((await _rotations.NextDutiesAsync("incident-duty", "ito", 1, default)).Next);
        var partner = Assert.Single(first.Partners);
        var text = Assert.Single(_outbox.All).TextBody!;
        var day = first.Shift.StartsAt.ToOffset(TimeSpan.FromHours(9));
        Assert.Contains($"最初の当番は{day.Month}月{day.Day}日", text, StringComparison.Ordinal);
        Assert.Contains("からの週の障害当番です：", text, StringComparison.Ordinal);
        Assert.Contains("（JST）", text, StringComparison.Ordinal);
        Assert.Contains($"一緒に担当：{partner.DisplayName}", text, StringComparison.Ordinal);
    }
}
