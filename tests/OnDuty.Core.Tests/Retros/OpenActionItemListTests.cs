using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Retros;
using OnDuty.Core.Tests.Fakes;
using Opts = Microsoft.Extensions.Options.Options;

namespace OnDuty.Core.Tests.Retros;

/// <summary>The lead's list of open action items, read from the action-item index: every retro however old (session 39).</summary>
public sealed class OpenActionItemListTests
{
    /// <summary>Fri 4 Dec 2026 10:00 in Tokyo.</summary>
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 1, 0, 0, TimeSpan.Zero));

    private static StoredRetro Retro(string id, string title, params ActionItem[] items) =>
        new(id, new RetroContent { Summary = "s", ActionItems = items }, new RetroVersion(1, "sato", new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero)), new LessonDocument
        {
            IncidentId = id,
            Title = title,
            Severity = AlertSeverity.Sev2,
            At = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero),
        });

    /// <summary>
    /// A retro of an incident resolved two years ago (far past <see cref="RetroOptions.LookBackDays"/>, which bounded the list
    /// before) is listed with this week's: overdue first, then by due date, undated last; an owner past their last day flagged;
    /// done items and a later version's closed ones left out.
    /// </summary>
    [Fact]
    public async Task ListAsync_EveryRetroHoweverOld_OverdueFirstThenByDueDate_OwnerWhoLeftFlagged()
    {
        var (roster, _) = await TeamData.SeedAsync(TeamData.Rotation());
        var tanaka = (await roster.GetMemberAsync("tanaka", default))!;
        await roster.SaveMemberAsync(tanaka.Value with { LeavesOn = new DateOnly(2026, 11, 30) }, tanaka.ETag, default);
        var retros = new InMemoryRetroRepository();
        var old = new ActionItem { Title = "古い宿題", Owner = "sato", Due = new DateOnly(2024, 7, 1) };
        var watch = new ActionItem { Title = "監視を追加", Owner = "tanaka", Due = new DateOnly(2026, 12, 10) };
        var undated = new ActionItem { Title = "閾値を見直す", Owner = "emma" };
        var closed = new ActionItem { Title = "閉じた", Owner = "emma", Due = new DateOnly(2026, 12, 1) };
        await retros.SaveAsync(Retro("INC-2024-0003", "二年前の障害", old, new ActionItem { Title = "済み", Owner = "sato", Status = ActionItemStatus.Done }), null, default);
        var etag = await retros.SaveAsync(Retro("INC-2026-0040", "決済が遅い", undated, watch, closed), null, default);
        await retros.SaveAsync(Retro("INC-2026-0040", "決済が遅い", undated, watch, closed with { Status = ActionItemStatus.Done }) with { Version = new RetroVersion(2, "emma", _time.GetUtcNow()) }, etag, default);
        var sut = new OpenActionItemList(retros, roster, _time, Opts.Create(new IncidentOptions()));

        var list = await sut.ListAsync(default);

        Assert.Equal(
        [
            new OpenActionItem("INC-2024-0003", "二年前の障害", old, "佐藤 花子", OwnerLeft: false, Overdue: true),
            new OpenActionItem("INC-2026-0040", "決済が遅い", watch, "田中 健", OwnerLeft: true, Overdue: false),
            new OpenActionItem("INC-2026-0040", "決済が遅い", undated, "Emma Wilson", OwnerLeft: false, Overdue: false),
        ], list);
    }
}
