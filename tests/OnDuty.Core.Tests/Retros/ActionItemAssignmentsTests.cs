using Microsoft.Extensions.Logging.Abstractions;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Core.Tests.Incidents;
using Opts = Microsoft.Extensions.Options.Options;

namespace OnDuty.Core.Tests.Retros;

/// <summary>
/// Trial 39 M7: an action item's owner heard nothing until it was overdue. A retro save tells each owner of the items new to them
/// (<see cref="ActionItemAssignments"/>): in their language, one mail per owner, not the person saving, each set of items once.
/// </summary>
public sealed class ActionItemAssignmentsTests
{
    private static readonly DateOnly Due = new(2026, 12, 18);

    [Fact]
    public async Task FirstSave_EachOwnerOneMailInTheirLanguage_NotTheSaverNorDoneItems()
    {
        var (h, assignments, incident, members) = await CreateAsync();
        ActionItem[] items =
        [
            new() { Title = "監視を追加", Owner = "emma", Due = Due },
            new() { Title = "手順書を直す", Owner = "yamada" },
            new() { Title = "閾値を決める", Owner = "yamada", Due = Due },
            new() { Title = "済んだこと", Owner = "tanaka", Status = ActionItemStatus.Done },
            new() { Title = "自分の宿題", Owner = "sato" },
        ];

        var queued = await assignments.TellOwnersAsync(incident, [], items, "佐藤花子", members, default);
        await h.DrainQueueAsync();

        Assert.Equal(2, queued.Count);
        var sent = h.Email.Sent.Select(s => s.Message).OrderBy(m => m.To, StringComparer.Ordinal).ToList();
        Assert.Equal(["emma@example.com", "yamada@example.com"], sent.Select(m => m.To));
        Assert.Equal($"[Action item for you] {incident.Id}: 在庫数がずれる", sent[0].Subject);
        Assert.Contains($"佐藤 花子 gave you an action item in the retro of {incident.Id} 在庫数がずれる:", sent[0].TextBody, StringComparison.Ordinal);
        Assert.Contains("- 監視を追加 (due Fri 18 Dec 2026)", sent[0].TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://onduty.example/api/incidents/{incident.Id}/retro/page", sent[0].TextBody, StringComparison.Ordinal);
        Assert.Equal($"【アクションアイテムの担当】{incident.Id} 在庫数がずれる（2件）", sent[1].Subject);
        Assert.Contains($"佐藤さんが {incident.Id}「在庫数がずれる」の振り返りで、あなたが担当するアクションアイテムを2件登録しました。", sent[1].TextBody, StringComparison.Ordinal);
        Assert.Contains("- 手順書を直す\n- 閾値を決める（期限 2026年12月18日(金)）", sent[1].TextBody.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        // The same save again (a retry, or the page saved twice): nothing new.
        Assert.Empty(await assignments.TellOwnersAsync(incident, [], items, "sato", members, default));
        await h.DrainQueueAsync();
        Assert.Equal(2, h.Email.Sent.Count);
    }

    /// <summary>Session 45: the retro page names whom its save mailed: the owners whose mail was queued, once.</summary>
    [Fact]
    public async Task TellOwnersAsync_ReturnsTheOwnersQueuedForTheFirstTime()
    {
        var (h, assignments, incident, members) = await CreateAsync();
        ActionItem[] items =
        [
            new() { Title = "監視を追加", Owner = "emma", Due = Due },
            new() { Title = "手順書を直す", Owner = "yamada" },
            new() { Title = "自分の宿題", Owner = "sato" },
        ];

        var told = await assignments.TellOwnersAsync(incident, [], items, "sato", members, default);

        Assert.Equal(["emma", "yamada"], told.Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.Empty(await assignments.TellOwnersAsync(incident, [], items, "sato", members, default));
    }

    [Fact]
    public async Task LaterSave_OnlyItemsNewToTheirOwner_AGivenAwayItemTellsItsNewOwner()
    {
        var (h, assignments, incident, members) = await CreateAsync();
        ActionItem[] before =
        [
            new() { Title = "監視を追加", Owner = "emma", Due = Due },
            new() { Title = "手順書を直す", Owner = "yamada" },
        ];
        ActionItem[] after =
        [
            new() { Title = "監視を追加", Owner = "emma", Due = Due.AddDays(7) }, // a new date only: not news
            new() { Title = "手順書を直す", Owner = "tanaka" },                   // given to tanaka
            new() { Title = "訓練を計画する", Owner = "emma" },                    // added
        ];

        await assignments.TellOwnersAsync(incident, before, after, "yamada", members, default);
        await h.DrainQueueAsync();

        var sent = h.Email.Sent.Select(s => s.Message).OrderBy(m => m.To, StringComparer.Ordinal).ToList();
        Assert.Equal(["emma@example.com", "tanaka@example.com"], sent.Select(m => m.To));
        Assert.Contains("- 訓練を計画する", sent[0].TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("監視を追加", sent[0].TextBody, StringComparison.Ordinal);
        Assert.Contains("山田 太郎 gave you an action item", sent[0].TextBody, StringComparison.Ordinal);
        Assert.Contains("- 手順書を直す", sent[1].TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OwnerInactiveOrWithoutAddress_NotMailed_OthersAre()
    {
        var (h, assignments, incident, members) = await CreateAsync();
        var roster = members.ToDictionary(m => m.Key, m => m.Value);
        roster["emma"] = roster["emma"] with { Active = false };
        roster["tanaka"] = roster["tanaka"] with { Email = " " };

        await assignments.TellOwnersAsync(incident, [],
        [
            new() { Title = "a", Owner = "emma" },
            new() { Title = "b", Owner = "tanaka" },
            new() { Title = "c", Owner = "yamada" },
            new() { Title = "d", Owner = "someone-gone" },
        ], "a lead", roster, default);
        await h.DrainQueueAsync();

        var mail = Assert.Single(h.Email.Sent).Message;
        Assert.Equal("yamada@example.com", mail.To);
        Assert.Contains("a leadさんが", mail.TextBody, StringComparison.Ordinal);
    }

    private static async Task<(IncidentHarness, ActionItemAssignments, Incident, IReadOnlyDictionary<string, Member>)> CreateAsync()
    {
        var h = await IncidentHarness.CreateAsync();
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "在庫数がずれる", Severity = OnDuty.Core.Alerts.AlertSeverity.Sev3 }, "sato", null, default);
        await h.DrainQueueAsync();
        h.Email.Sent.Clear();
        var assignments = new ActionItemAssignments(TestRenderer.Instance, h.Dispatcher,
            Opts.Create(new TeamOptions { Language = "ja", PublicBaseUrl = "https://onduty.example" }), NullLogger<ActionItemAssignments>.Instance);
        return (h, assignments, created.Value, await h.Roster.LoadRosterAsync(default));
    }
}
