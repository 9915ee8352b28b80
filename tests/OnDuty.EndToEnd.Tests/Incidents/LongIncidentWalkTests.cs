using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// Trial walk (session 56): a slow SEV2 over a weekend and a duty handover. Thursday 2026-12-10 16:00 JST Azure Monitor reports that
/// image uploads fail for some users; the alert flaps (resolves, fires again) over the days; 山田 and 伊藤 are on duty this week, 佐藤 and
/// 鈴木 from Monday 10:00; a vendor fixes it on Tuesday 2026-12-15 11:00. What each person reads is checked in the real app on Azurite and
/// smtp4dev: the flapping folds into the one incident, the reminders over the nights and the weekend, the stakeholder notices'
/// numbering, who owns it and who is reminded after the handover, and the texts that must stay true after five days.
/// </summary>
public sealed class LongIncidentWalkTests() : WalkTestBase(MasterKey, Start, WalkPages, countMail: true)
{
    private const string MasterKey = "e2e-longincident-key";

    /// <summary>Thursday 2026-12-10 16:00 JST.</summary>
    private static readonly DateTimeOffset Start = new(2026, 12, 10, 7, 0, 0, TimeSpan.Zero);

    private const string Yamada = "yamada@onduty.example";

    private const string Ito = "ito@onduty.example";

    private const string Sato = "sato@onduty.example";

    private const string Suzuki = "suzuki@onduty.example";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Comms:Audiences:execs:Members:0"] = "ceo@execs.example",
        ["Comms:Audiences:execs:Language"] = "ja",
        ["Comms:Audiences:execs:DisplayName"] = "経営層",
        ["Comms:Audiences:support:Members:0"] = "lead@support.example",
        ["Comms:Audiences:support:Language"] = "ja",
        ["Comms:Audiences:support:DisplayName"] = "サポート",
        ["Comms:BySeverity:Sev2:0"] = "execs",
        ["Comms:BySeverity:Sev2:1"] = "support",
        // A team whose monitoring flaps keeps a resolved incident for its re-fires a while: two hours.
        ["Incidents:ReopenWindow"] = "02:00:00",
    };

    [Fact]
    public async Task FiveDaySev2_FlappingAlert_WeekendAndHandover_WalkedThrough()
    {
        await Walk.DutyPairAsync("yamada", "ito");
        await NextWeekPairAsync("2026-W51", "sato", "suzuki");
        var half = TimeSpan.FromMinutes(30);

        // Thu 16:00 the alert fires; 山田 takes it and posts the 第1報 promising 18:00.
        var id = await FireAsync("Fired");
        await SettleAsync();
        await Host.SetUtcNowAsync(Start.AddMinutes(5));
        await Walk.AckAsync(id, "yamada");
        await Walk.UpdateAsync(id, new { status = "investigating", message = "一部のお客様で画像のアップロードが失敗しています。", by = "yamada", userImpact = "一部のお客様が画像をアップロードできません。", nextUpdateAt = Local(Start.AddHours(2)) });
        await SettleAsync();

        // Thu 17:10 the alert resolves: monitoring closes the incident and asks the pair to report the recovery (by design: an
        // alert-opened incident follows its alert unless it is 経過観察中).
        await Walk.RunTimersUntilAsync(Start.AddMinutes(70), TimeSpan.FromMinutes(5));
        Assert.Equal(id, await FireAsync("Resolved"));
        await SettleAsync();
        Assert.Equal("resolved", (await Walk.IncidentAsync(id)).GetProperty("status").GetString());

        // Thu 17:50 it fires again: Azure Monitor sends a new alert instance (a new alertId) of the same rule on the same resource,
        // the same alert group: within the reopen window it reopens the incident 山田 acknowledged, and pages nobody again (session 56
        // found a new incident and a new page here, F1).
        await Walk.RunTimersUntilAsync(Start.AddMinutes(110), TimeSpan.FromMinutes(5));
        static bool Paging(ReceivedEmail m) => m.Subject.StartsWith("【SEV2 ", StringComparison.Ordinal); // 【SEV2 障害…】, 【SEV2 再発】
        var pagedBefore = (await Walk.MailsAsync(id, Ito)).Count(Paging);
        var flap1 = await FireAsync("Fired");
        await SettleAsync();
        Assert.Equal(id, flap1);
        Assert.True((await Walk.IncidentAsync(id)).GetProperty("open").GetBoolean());
        Assert.Equal(pagedBefore, (await Walk.MailsAsync(id, Ito)).Count(Paging));

        // Thu 18:00 伊藤 posts the 第2報 on it.
        await Host.SetUtcNowAsync(Start.AddHours(2));
        await Walk.UpdateAsync(id, new { status = "identified", message = "外部ストレージ事業者側の障害と判明しました。事業者の対応を待っています。", by = "ito", nextUpdateAt = Local(Start.AddHours(18)) });
        await SettleAsync();
        Assert.True((await Walk.IncidentAsync(id)).GetProperty("open").GetBoolean());

        // The night to Fri 10:00 was promised: not one reminder before then (the stakeholders were told 10:00).
        await DumpSinceAsync("01-thursday");
        await Walk.RunTimersUntilAsync(Start.AddHours(18).AddMinutes(-5), half);
        Assert.Empty(await DumpSinceAsync("02-thursday-night"));

        // Fri 10:30 第3報 promising 18:00; 18:00 第4報 promising Sat 10:00.
        await Host.SetUtcNowAsync(Start.AddHours(18).AddMinutes(30));
        await Walk.UpdateAsync(id, new { status = "identified", message = "事業者が復旧作業中です。", by = "yamada", nextUpdateAt = Local(Start.AddHours(26)) });
        await SettleAsync();
        await Walk.RunTimersUntilAsync(Start.AddHours(26).AddMinutes(-5), half);
        await Host.SetUtcNowAsync(Start.AddHours(26));
        await Walk.UpdateAsync(id, new { status = "identified", message = "事業者の復旧見込みは未定です。", by = "yamada", nextUpdateAt = Local(Start.AddHours(42)) });
        await SettleAsync();
        await DumpSinceAsync("03-friday");

        // Sat 03:00 the alert resolves: monitoring closes the incident the pair has run for 35 hours (原因特定, four notices out) and,
        // once it stayed resolved for Comms__RecoveryAskSettle (10 minutes), asks them at 03:10 to report a recovery (finding F2: only
        // 経過観察中 or a declared incident stays open); 04:00 a new instance fires: the same group again, within the reopen window:
        // the incident reopens (not a new one, F1). The cadence timer runs every 5 minutes here, as it does by default.
        await Walk.RunTimersUntilAsync(Start.AddHours(35), half);
        await FireAsync("Resolved");
        await SettleAsync();
        Assert.Equal("resolved", (await Walk.IncidentAsync(id)).GetProperty("status").GetString());
        await Walk.RunTimersUntilAsync(Start.AddHours(35).AddMinutes(5), TimeSpan.FromMinutes(5));
        Assert.DoesNotContain(await Smtp.MessagesAsync(), m => m.Subject.StartsWith("【復旧の報告をお願いします】", StringComparison.Ordinal));
        await Walk.RunTimersUntilAsync(Start.AddHours(36), TimeSpan.FromMinutes(5));
        var flap2 = await FireAsync("Fired");
        await SettleAsync();
        Assert.Equal(id, flap2);
        Assert.True((await Walk.IncidentAsync(id)).GetProperty("open").GetBoolean());
        // 04:10 山田 posts a 第5報 in the night.
        await Host.SetUtcNowAsync(Start.AddHours(36).AddMinutes(10));
        await Walk.UpdateAsync(id, new { status = "identified", message = "監視のアラートが再び発生しました。事業者の対応を待っています。", by = "yamada", nextUpdateAt = Local(Start.AddHours(42)) });
        await SettleAsync();
        // But those asked hear at 04:00 that the recovery is none: one mail each, not to send it (session 57).
        var notNeeded = (await Smtp.MessagesAsync()).Where(m => m.Subject.StartsWith($"【復旧の報告は不要・再発】{id} ", StringComparison.Ordinal)).ToList();
        Assert.Equal([Ito, Yamada], notNeeded.SelectMany(m => m.To).Order(StringComparer.Ordinal));
        Assert.Contains("12月12日(土) 03:00（JST）に監視で復旧を検知し、復旧の報告をお願いしましたが、04:00に再び発生しました（再発2回目）。", await Smtp.TextAsync(notNeeded[0].Id), StringComparison.Ordinal);
        var night = await DumpSinceAsync("04-saturday-night");
        // Asked twice in the night to report a recovery that is none: at 03:10 and again an interval after the resolve, at 04:00 (F2
        // as walked: the alert came back an hour later — past the settle, which catches a flap that fires again within it).
        Assert.Equal([Ito, Ito, Yamada, Yamada], night.Where(m => m.Subject.StartsWith("【復旧の報告をお願いします】", StringComparison.Ordinal)).SelectMany(m => m.To).Order(StringComparer.Ordinal));
        // The re-fire reopened what 山田 had acknowledged: nobody is paged for it in the night (session 56: a new incident paged both).
        Assert.DoesNotContain(night, m => m.Subject.StartsWith("【SEV2 障害", StringComparison.Ordinal));

        // Nobody updates until Sat 14:00 (promised 10:00): one reminder an hour each, to this week's pair only.
        await Walk.RunTimersUntilAsync(Start.AddHours(46).AddMinutes(-5), half);
        var saturday = await DumpSinceAsync("05-saturday");
        var nudges = saturday.Where(m => m.Subject == $"【更新のお願い】{id} 画像アップロードの失敗 (test-storageAccount, ApiName=GetBlob)").ToList();
        Assert.Equal(4, nudges.Count(m => m.To.Contains(Yamada)));
        Assert.Equal(4, nudges.Count(m => m.To.Contains(Ito)));
        Assert.Equal(8, nudges.Count);
        await Host.SetUtcNowAsync(Start.AddHours(46));
        await Walk.UpdateAsync(id, new { status = "identified", message = "事業者の復旧作業が続いています。", by = "ito", nextUpdateAt = Local(Start.AddHours(66)) });
        await SettleAsync();

        // Sunday 10:00 第6報 promising Mon 10:00, the handover's minute.
        await Walk.RunTimersUntilAsync(Start.AddHours(66).AddMinutes(-5), half);
        await Host.SetUtcNowAsync(Start.AddHours(66));
        await Walk.UpdateAsync(id, new { status = "identified", message = "事業者の復旧作業が続いています。明日の朝に続報をお知らせします。", by = "yamada", nextUpdateAt = Local(Start.AddHours(90)) });
        await SettleAsync();
        await DumpSinceAsync("06-sunday");

        // Monday 10:00 the handover, the incident still open: 佐藤 and 鈴木 are on duty and reminded; 伊藤 is not any more; 山田, who
        // took it, is told it is still his until someone takes it over, and is reminded with them.
        await Walk.RunTimersUntilAsync(Start.AddHours(90).AddMinutes(-5), half);
        await Host.SetUtcNowAsync(Start.AddHours(90));
        await Host.RunFunctionAsync("AnnounceDutyWeek");
        await Host.RunFunctionAsync("EscalateIncidents");
        await Host.RunFunctionAsync("NudgeIncidentUpdates");
        await SettleAsync();
        var monday = await DumpSinceAsync("07-monday-handover");
        var mondayNudges = monday.Where(m => m.Subject.StartsWith("【更新のお願い】", StringComparison.Ordinal)).SelectMany(m => m.To).Order(StringComparer.Ordinal);
        Assert.Equal([Sato, Suzuki, Yamada], mondayNudges);
        Assert.Single(monday, m => m.To.Contains(Yamada) && m.Subject == $"【引き継ぎ・対応中のまま】{id} 画像アップロードの失敗 (test-storageAccount, ApiName=GetBlob)");
        foreach (var incoming in new[] { Sato, Suzuki })
        {
            var brief = Assert.Single(monday, m => m.To.Contains(incoming) && m.Subject.StartsWith("【引き継ぎ】", StringComparison.Ordinal));
            Assert.Contains(id, _texts[brief.Id], StringComparison.Ordinal);
        }

        // 佐藤 takes it over at 10:30 and posts the 第7報: from then on 山田 hears no more of it.
        await Host.SetUtcNowAsync(Start.AddHours(90).AddMinutes(30));
        using (var taken = await Host.Client.PostAsJsonAsync($"api/incidents/{id}/takeover", new { by = "sato" }))
        {
            Assert.True(taken.StatusCode == HttpStatusCode.OK, await taken.Content.ReadAsStringAsync());
        }

        await Walk.UpdateAsync(id, new { status = "identified", message = "事業者が修正を適用中です。", by = "sato", nextUpdateAt = Local(Start.AddHours(114)) });
        await SettleAsync();
        await DumpSinceAsync("07b-monday-takeover");
        await Walk.SaveAsync("page-monday", $"api/incidents/{id}/page?lang=ja");
        await Walk.SaveAsync("status-monday", "api/status?lang=ja");
        await Walk.RunTimersUntilAsync(Start.AddHours(114).AddMinutes(-5), half);
        Assert.DoesNotContain(await DumpSinceAsync("08-monday-night"), m => m.To.Contains(Yamada) || m.To.Contains(Ito));

        // Tuesday 11:00 the vendor fixed it and monitoring resolves it: at 11:10 (the settle) 佐藤, who took it over, and 鈴木 are asked
        // to report the recovery — not 山田 and 伊藤, who sent the 第1報 and handed it over (F3); 11:15 鈴木 resolves it, the 第8報 goes out.
        await Host.SetUtcNowAsync(Start.AddHours(115));
        await FireAsync("Resolved");
        await SettleAsync();
        await Walk.RunTimersUntilAsync(Start.AddHours(115).AddMinutes(15), TimeSpan.FromMinutes(5));
        var asked = (await Smtp.MessagesAsync()).Where(m => m.Subject.StartsWith("【復旧の報告をお願いします】", StringComparison.Ordinal)).ToList();
        Assert.Equal([Sato, Suzuki], asked.SelectMany(m => m.To).Order(StringComparer.Ordinal));
        var suzukis = await Smtp.TextAsync(asked.Single(m => m.To.Contains(Suzuki)).Id);
        Assert.Contains("送るのは、対応を引き継いだ佐藤さんです。", suzukis, StringComparison.Ordinal);
        Assert.Contains("第1報を送った人：山田", suzukis, StringComparison.Ordinal);
        Log("tuesday ask to suzuki: " + suzukis);
        await Walk.UpdateAsync(id, new { status = "resolved", message = "事業者の修正により、画像のアップロードは通常に戻りました。", by = "suzuki" });
        await SettleAsync();
        var recovery = await DumpSinceAsync("09-tuesday-recovery");
        await Walk.SaveAsync("page-tuesday", $"api/incidents/{id}/page?lang=ja");
        await Walk.SaveAsync("overview-tuesday", $"api/incidents/{id}/overview?lang=ja");
        await Walk.SaveAsync("retro-tuesday", $"api/incidents/{id}/retro/page?lang=ja");
        await Walk.SaveAsync("status-tuesday", "api/status?lang=ja");

        // The stakeholders heard one series, 第1報 to 第9報 (the 04:10 reopen's included), each once, the last the recovery.
        foreach (var reader in new[] { "ceo@execs.example", "lead@support.example" })
        {
            var theirs = (await Smtp.MessagesAsync()).Concat(_read).Where(m => m.To.Contains(reader, StringComparer.OrdinalIgnoreCase)).Select(m => m.Subject).ToList();
            Assert.Equal(9, theirs.Count);
            Assert.Contains($"【復旧済み】{id} 画像アップロードの失敗 (test-storageAccount, ApiName=GetBlob)（第9報）", theirs);
            Assert.Equal(Enumerable.Range(2, 8).Select(n => $"（第{n}報）"), theirs.Select(s => Regex.Match(s, "（第\\d報）").Value).Where(n => n.Length > 0).Order(StringComparer.Ordinal));
        }

        Assert.NotEmpty(recovery);
        Log("incident: " + (await Host.Client.GetStringAsync($"api/incidents/{id}")));
    }

    /// <summary>Every mail read so far (smtp4dev is emptied after each stretch).</summary>
    private readonly List<ReceivedEmail> _read = [];

    /// <summary>The texts of the handover mails read, by message id.</summary>
    private readonly Dictionary<string, string> _texts = [];

    private readonly List<string> _log = [];

    private void Log(string line)
    {
        _log.Add(line);
        if (Dump is not null)
        {
            File.WriteAllLines(Path.Combine(Dump, "log.txt"), _log);
        }
    }

    /// <summary>Saves the mails since the last dump, and logs who got which subject.</summary>
    private async Task<List<ReceivedEmail>> DumpSinceAsync(string name)
    {
        var fresh = (await Smtp.MessagesAsync()).ToList();
        _read.AddRange(fresh);
        foreach (var mail in fresh.Where(m => m.Subject.StartsWith("【引き継ぎ", StringComparison.Ordinal)))
        {
            _texts[mail.Id] = await Smtp.TextAsync(mail.Id);
        }

        Log($"== {name} ({Host.Time.GetUtcNow():O}): {fresh.Count} mails");
        foreach (var m in fresh)
        {
            Log($"  {string.Join(",", m.To)} | {m.Subject}");
        }

        await Walk.DumpMailsAsync(name, fresh);
        await Smtp.DeleteAllAsync();
        return fresh;
    }

    private async Task NextWeekPairAsync(string week, string first, string second)
    {
        var schedule = await Host.Client.GetFromJsonAsync<JsonElement>($"api/rotations/incident-duty/schedule?from=2026-12-14&weeks=1");
        var pair = schedule.GetProperty("shifts")[0].GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
        var wanted = new Queue<string>(new[] { first, second }.Where(w => !pair.Contains(w)));
        foreach (var member in pair.Where(m => m != first && m != second))
        {
            using var replaced = await Host.Client.PostAsJsonAsync("api/rotations/incident-duty/overrides", new { week, memberId = member, replacementId = wanted.Dequeue(), reason = "交代" });
            Assert.True(replaced.StatusCode == HttpStatusCode.Created, await replaced.Content.ReadAsStringAsync());
        }

        await SettleAsync();
        await Smtp.DeleteAllAsync();
    }

    private static string Local(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Which alert instance fires now: Azure Monitor makes a new one (a new alertId) each time the rule fires again; the rule on its resource stays the group.</summary>
    private int _instance;

    private DateTimeOffset _firedAt;

    private async Task<string> FireAsync(string condition)
    {
        if (condition == "Fired")
        {
            _instance++;
            _firedAt = Host.Time.GetUtcNow().AddMinutes(-1);
        }

        var body = AlertIntakeTests.Read("azure-monitor-metric-fired.json", root =>
        {
            var essentials = root["data"]!["essentials"]!;
            essentials["alertId"] = "/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.AlertsManagement/alerts/image-upload-failures-" + _instance;
            essentials["alertRule"] = "画像アップロードの失敗";
            essentials["severity"] = "Sev1";
            essentials["monitorCondition"] = condition;
            essentials["firedDateTime"] = _firedAt.ToString("O");
            essentials["resolvedDateTime"] = condition == "Resolved" ? Host.Time.GetUtcNow().ToString("O") : null;
        });
        using var response = await Host.Client.PostAsync($"api/alerts/azure-monitor", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Log($"{Host.Time.GetUtcNow():O} azure-monitor {condition}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.TryGetProperty("incidentId", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()! : "";
    }
}
