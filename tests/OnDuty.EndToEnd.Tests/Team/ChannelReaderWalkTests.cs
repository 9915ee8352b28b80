using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnDuty.EndToEnd.Tests.Incidents;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Team;

/// <summary>
/// Trial walk (session 58): 小林, a product manager who is on no duty roster and in no stakeholder audience, follows only the team's
/// Teams channel (a Workflows webhook: no threading, no edits). She reads one week — Monday's duty announcement, a swap, the reminder
/// — and a bad day: a SEV2 from Alertmanager at 14:00 (page, acknowledgement, the PM's 第2報, the recovery, the retro due), an alert
/// storm, a stakeholder notice, a title full of markup. Every card is written out as she reads it (<c>channel.txt</c>), in order.
/// Found and fixed: an incident resolved by hand with no audience told (a SEV3) left 【SEV3 対応開始】 (「状態 調査中」) as the channel's
/// last card about it — now 【SEV3 復旧済み】 follows; a stakeholder notice's card did not say who was told — now
/// 「この報告は経営層にお知らせしています。」. Checked and fine: one card per incident in a storm (a group's later notifications post
/// none), an 800-alert group's card 21 KB with its long title cut, markup in a title shown as typed in TextRuns.
/// </summary>
public sealed class ChannelReaderWalkTests() : WalkTestBase(MasterKey, Monday, Path.Combine(Path.GetTempPath(), "channel-walk"), teams: true, countMail: true)
{
    private const string MasterKey = "e2e-channelreader-key";

    /// <summary>Monday 7 December 2026, 09:55 JST, five minutes before the handoff.</summary>
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 55, 0, TimeSpan.FromHours(9));

    private readonly StringBuilder _channel = new();

    private int _read;

    protected override Task StoppingAsync() => File.WriteAllTextAsync(Path.Combine(Dump!, "channel.txt"), _channel.ToString());

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Teams:WebhookUrl"] = Teams.Url,
        ["Comms:Audiences:execs:Members:0"] = "ceo@execs.example",
        ["Comms:Audiences:execs:Language"] = "ja",
        ["Comms:Audiences:execs:DisplayName"] = "経営層",
        ["Comms:BySeverity:Sev2:0"] = "execs",
    };

    [Fact]
    public async Task OneWeekAndABadDay_AsTheChannelShowsThem()
    {
        // Monday 10:00: the announcement.
        await Host.SetUtcNowAsync(Monday.AddMinutes(5));
        await Host.RunFunctionAsync("AnnounceDutyWeek");
        await SettleAsync();
        var announce = Read("Monday 10:00 announcement");
        Assert.Contains(announce, c => c.StartsWith("障害当番 12月7日(月)からの週", StringComparison.Ordinal));

        // Wednesday: a swap of this week's first member with next week's.
        await Host.SetUtcNowAsync(Monday.AddDays(2));
        var schedule = await Host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/schedule?from=2026-12-07&weeks=2");
        var shifts = schedule.GetProperty("shifts").EnumerateArray().ToList();
        var thisWeek = shifts[0];
        var nextWeek = shifts[1];
        string Week(JsonElement s) => s.GetProperty("week").GetString()!;
        string First(JsonElement s) => s.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).First();
        var nextIds = nextWeek.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
        var thisIds = thisWeek.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
        var other = nextIds.First(n => !thisIds.Contains(n));
        await Walk.PostAsync("api/rotations/incident-duty/swaps", new { memberId = First(thisWeek), week = Week(thisWeek), otherMemberId = other, otherWeek = Week(nextWeek), reason = "通院のため", by = First(thisWeek) }, HttpStatusCode.Created);
        await SettleAsync();
        Read("Wednesday swap");

        // Friday: the reminder to next week's pair.
        await Host.SetUtcNowAsync(new DateTimeOffset(2026, 12, 11, 10, 0, 0, TimeSpan.FromHours(9)));
        await Host.RunFunctionAsync("RemindIncomingDuty");
        await SettleAsync();
        Read("Friday reminder");

        // The next Monday 14:00: a SEV2 from Alertmanager.
        var badDay = new DateTimeOffset(2026, 12, 14, 14, 0, 0, TimeSpan.FromHours(9));
        await Host.SetUtcNowAsync(badDay.AddMinutes(-10));
        await Host.RunFunctionAsync("AnnounceDutyWeek");
        await SettleAsync();
        Read("Monday 14 announcement");
        await Host.SetUtcNowAsync(badDay);
        var id = await Walk.FireAsync("payments", "PaymentApiErrors", "error", "決済APIのエラー率が5%を超えています");
        await SettleAsync();
        Read($"14:00 SEV2 {id} page");
        var pair = (await Walk.IncidentAsync(id)).GetProperty("assignees").EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToList();

        await Host.SetUtcNowAsync(badDay.AddMinutes(3));
        await Walk.AckAsync(id, pair[0]);
        await SettleAsync();
        Read("14:03 ack");

        await Host.SetUtcNowAsync(badDay.AddMinutes(20));
        await Walk.UpdateAsync(id, new { message = "決済代行会社側の障害と判明しました。切り替えを進めています。", by = pair[0], notifyStakeholders = true });
        await SettleAsync();
        var notice = Assert.Single(Read("14:20 第2報 to stakeholders"));
        // She is in no audience: the card says whom it went to (before, it did not).
        Assert.Contains("\nこの報告は経営層にお知らせしています。\n", notice, StringComparison.Ordinal);
        // Its button opens the general view (every notice, each audience's number), not the executives' own (…&for=execs, before).
        Assert.Contains($"[{id} → {Host.BaseAddress}api/incidents/{id}/overview?lang=ja]", notice, StringComparison.Ordinal);
        Assert.DoesNotContain("for=", notice, StringComparison.Ordinal);

        await Walk.RunTimersUntilAsync(badDay.AddMinutes(50));
        Read("timers to 14:50");

        await Host.SetUtcNowAsync(badDay.AddMinutes(55));
        await Walk.UpdateAsync(id, new { status = "resolved", message = "切り替えが完了し、決済は復旧しました。", cause = "決済代行会社の障害", by = pair[0] });
        await SettleAsync();
        // The stakeholders' notice of the recovery is the channel's card of it: one card, not a second from the incident.
        var recovered = Assert.Single(Read("14:55 resolved"));
        Assert.StartsWith($"【復旧済み】{id} ", recovered, StringComparison.Ordinal);
        Assert.Contains("\nこの報告は経営層にお知らせしています。\n", recovered, StringComparison.Ordinal);

        await Host.SetUtcNowAsync(badDay.AddDays(3));
        await Host.RunFunctionAsync("NudgeRetros");
        await SettleAsync();
        Read("Thursday retro nudge");

        await Host.SetUtcNowAsync(badDay.AddDays(8));
        await Host.RunFunctionAsync("NudgeRetros");
        await SettleAsync();
        Read("a week later retro nudge");

        // Wednesday 23 Dec 11:00: an alert storm, 30 alerts of one group (in two notifications) and 10 groups of one alert.
        var storm = new DateTimeOffset(2026, 12, 23, 11, 0, 0, TimeSpan.FromHours(9));
        await Host.SetUtcNowAsync(storm);
        await FireGroupAsync("StormNodeDown", "error", "ノードが応答しません", 10);
        await Host.SetUtcNowAsync(storm.AddMinutes(1));
        await FireGroupAsync("StormNodeDown", "error", "ノードが応答しません", 30);
        var others = new List<string>();
        for (var g = 0; g < 10; g++)
        {
            await Host.SetUtcNowAsync(storm.AddMinutes(1).AddSeconds(g * 6));
            others.Add(await FireGroupAsync($"StormOther{g}", "warning", $"別のアラート {g}", 1));
        }

        await SettleAsync();
        var stormCards = Read("11:00 storm (30 + 10)");
        // A card per incident, not per alert: the group's 30 alerts are one card (its second notification posts nothing more).
        Assert.Equal(11, stormCards.Count);
        Assert.Single(stormCards, c => c.StartsWith("【SEV2 障害】", StringComparison.Ordinal) && c.Contains("ノードが応答しません", StringComparison.Ordinal));

        // 11:05 the pair take one SEV3 of the storm and resolve it by hand. SEV3 has no audience: no stakeholder notice goes out, so
        // before, the channel's last card about it was 【SEV3 対応開始】 (「状態 調査中」) for good. Now the resolved card follows.
        var sev3 = others[0];
        var sev3Pair = (await Walk.IncidentAsync(sev3)).GetProperty("assignees").EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToList();
        await Host.SetUtcNowAsync(storm.AddMinutes(5));
        await Walk.AckAsync(sev3, sev3Pair[0]);
        await SettleAsync();
        Assert.Single(Read("11:05 SEV3 ack"), c => c.StartsWith($"【SEV3 対応開始】{sev3} ", StringComparison.Ordinal));
        await Host.SetUtcNowAsync(storm.AddMinutes(8));
        await Walk.UpdateAsync(sev3, new { status = "resolved", message = "誤検知でした。閾値を見直します。", by = sev3Pair[0] });
        await SettleAsync();
        var closed = Assert.Single(Read("11:08 SEV3 resolved by hand"));
        Assert.StartsWith($"【SEV3 復旧済み】{sev3} 別のアラート 0\n", closed, StringComparison.Ordinal);
        Assert.Contains("に「復旧済み」にしました。あなたの対応は不要です。", closed, StringComparison.Ordinal);
        Assert.Contains("誤検知でした。閾値を見直します。", closed, StringComparison.Ordinal);
        Assert.DoesNotContain("<at>", closed, StringComparison.Ordinal);

        // A group of 800 alerts with a long Japanese title.
        await Host.SetUtcNowAsync(storm.AddMinutes(10));
        await FireGroupAsync("HugeGroup", "error", string.Concat(Enumerable.Repeat("決済基盤の全リージョンで応答遅延が発生しています。", 40)), 800);
        await SettleAsync();
        var huge = Assert.Single(Read("11:10 800-alert group"));
        Assert.Contains("…", huge.Split('\n')[0], StringComparison.Ordinal); // the long title is cut
        Assert.Contains(huge.Split('\n'), l => l.StartsWith("ほか", StringComparison.Ordinal) && l.EndsWith("件のアラート：すべて障害ページで確認できます", StringComparison.Ordinal));
        Assert.All(Teams.Requests, r => Assert.True(Encoding.UTF8.GetByteCount(r.Body) < 28 * 1024, $"{Encoding.UTF8.GetByteCount(r.Body)} bytes"));

        // A title full of markup: shown as typed, in runs Teams does not read as markdown; no link, no heading.
        await Host.SetUtcNowAsync(storm.AddMinutes(20));
        const string Markup = "<script>alert(1)</script> **太字** [押して](javascript:alert(1)) # 見出し";
        await FireGroupAsync("Markup", "error", Markup, 1);
        await SettleAsync();
        Assert.Single(Read("11:20 markup title"));
        var card = JsonDocument.Parse(Teams.Requests[^1].Body).RootElement.GetProperty("attachments")[0].GetProperty("content");
        Assert.Contains(CardTexts.Plain(card), t => t.Contains(Markup, StringComparison.Ordinal));
        Assert.DoesNotContain(CardTexts.Markdown(card), t => t.Contains("押して", StringComparison.Ordinal) || t.Contains("script", StringComparison.Ordinal));
        var urls = System.Text.RegularExpressions.Regex.Matches(card.GetRawText(), "\"url\":\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(urls);
        Assert.All(urls, u => Assert.StartsWith("http", u, StringComparison.Ordinal));
    }

    private async Task<string> FireGroupAsync(string alertName, string severity, string summary, int count)
    {
        var body = AlertIntakeTests.Read("alertmanager-firing.json", root =>
        {
            root["groupKey"] = "{}:{alertname=\"" + alertName + "\"}";
            root["groupLabels"] = new JsonObject { ["alertname"] = alertName };
            root["commonLabels"] = new JsonObject { ["alertname"] = alertName, ["severity"] = severity, ["service"] = "platform" };
            root["commonAnnotations"] = new JsonObject { ["summary"] = summary };
            var template = root["alerts"]![0]!.DeepClone().AsObject();
            var alerts = new JsonArray();
            for (var n = 0; n < count; n++)
            {
                var alert = template.DeepClone().AsObject();
                alert["labels"] = new JsonObject { ["alertname"] = alertName, ["severity"] = severity, ["service"] = "platform", ["instance"] = $"node-{n:000}.platform.internal:9100" };
                var own = n == 0 ? summary : summary[..Math.Min(summary.Length, 60)];
                alert["annotations"] = new JsonObject { ["summary"] = own, ["description"] = $"{own}（node-{n:000}）" };
                alert["fingerprint"] = $"{alertName}-{n:0000}";
                alert["startsAt"] = Host.Time.GetUtcNow().AddMinutes(-1).ToString("O");
                alerts.Add(alert);
            }

            root["alerts"] = alerts;
        });
        return (await AlertIntakeTests.PostAcceptedAsync(Host.Client, "alertmanager", body)).GetProperty("incidentId").GetString()!;
    }

    /// <summary>The cards posted since the last read, each written out as the channel shows it; their JSON lengths noted.</summary>
    private List<string> Read(string step)
    {
        var requests = Teams.Requests.Skip(_read).ToList();
        _read += requests.Count;
        _channel.AppendLine($"######## {step}: {requests.Count} card(s)");
        var cards = new List<string>();
        foreach (var r in requests)
        {
            var content = JsonDocument.Parse(r.Body).RootElement.GetProperty("attachments")[0].GetProperty("content");
            var text = Render(content);
            cards.Add(text);
            _channel.AppendLine($"---- card ({Encoding.UTF8.GetByteCount(r.Body)} bytes)");
            _channel.AppendLine(text);
        }

        return cards;
    }

    /// <summary>A card's body as a reader sees it: a line per block, markdown blocks marked [md], buttons as [title → url].</summary>
    internal static string Render(JsonElement card)
    {
        var lines = new List<string>();
        void Walk(JsonElement e, string indent)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray())
                    {
                        Walk(item, indent);
                    }

                    break;
                case JsonValueKind.Object:
                    var type = e.TryGetProperty("type", out var t) ? t.GetString() : null;
                    switch (type)
                    {
                        case "TextBlock":
                            lines.Add(indent + "[md] " + e.GetProperty("text").GetString());
                            return;
                        case "RichTextBlock":
                            lines.Add(indent + string.Concat(e.GetProperty("inlines").EnumerateArray().Select(r => r.ValueKind == JsonValueKind.String ? r.GetString() : r.GetProperty("text").GetString())));
                            return;
                        case "Action.OpenUrl":
                            lines.Add(indent + $"[{e.GetProperty("title").GetString()} → {e.GetProperty("url").GetString()}]");
                            return;
                        case "Container":
                            lines.Add(indent + "——");
                            Walk(e.GetProperty("items"), indent + "  ");
                            return;
                    }

                    foreach (var p in e.EnumerateObject())
                    {
                        if (p.Value.ValueKind is JsonValueKind.Array or JsonValueKind.Object)
                        {
                            Walk(p.Value, indent);
                        }
                    }

                    break;
            }
        }

        Walk(card.GetProperty("body"), "");
        return string.Join("\n", lines);
    }
}
