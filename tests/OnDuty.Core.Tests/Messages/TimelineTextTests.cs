using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;
using OnDuty.Messages;

namespace OnDuty.Core.Tests.Messages;

/// <summary>What OnDuty writes on a timeline itself is stored in English and shown in the reader's language; a person's words as written.</summary>
public sealed class TimelineTextTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    /// <summary>Every row OnDuty writes itself, made by the code that writes it.</summary>
    private static List<TimelineEntry> SystemRows()
    {
        var sato = new AssignedMember("sato", "佐藤 花子", "sato@example.com", Language.Ja, null);
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "t", Severity = AlertSeverity.Sev3, Source = "alertmanager", GroupKey = "g" }, [sato], "alert:alertmanager", T0);
        incident.RecordNotified(0, ["sato"], T0);
        incident.RecordNotified(2, ["lead@example.com"], T0, [new SkippedStep(1, SkippedStep.NobodyToPage), new SkippedStep(1, SkippedStep.Overdue)]);
        incident.RaiseSeverity(AlertSeverity.Sev1, "alert:alertmanager", T0, new AckTimeouts());
        incident.ChangeDuty([], T0);
        incident.Resolve("alert:alertmanager", T0, TimelineTexts.EveryAlertResolved);
        incident.Reopen("alert:alertmanager", T0, TimelineTexts.FiredWithinReopenWindow);
        incident.Resolve("alert:alertmanager", T0);
        incident.Reopen("alert:alertmanager", T0, TimelineTexts.FiredAsItResolved);
        incident.Resolve("sato", T0);
        incident.Reopen("alert:alertmanager", T0, TimelineTexts.FiredWithinReopenWindow); // a person resolved it: says so
        incident.Resolve("sato", T0);
        incident.PostUpdate(IncidentStatus.Investigating, null, "sato", T0);
        var duplicate = Incident.Open("INC-2026-0002", new NewIncident { Title = "決済が遅い", Severity = AlertSeverity.Sev3 }, [sato], "sato", T0);
        incident.MergeIn(duplicate, "sato", T0, new AckTimeouts());
        duplicate.MarkMergedInto(incident.Id, "sato", T0);
        var (kept, _) = MergedKeepingTheSeverity();
        return
        [
            .. duplicate.PendingTimeline.Where(t => t.Kind == TimelineKind.Resolved),
            .. kept.Where(t => t.Kind == TimelineKind.SeverityKept || (t.Kind == TimelineKind.Merged && t.Message!.StartsWith("start", StringComparison.Ordinal))),
            .. incident.PendingTimeline.Where(t => t.Kind is not (TimelineKind.Opened or TimelineKind.Update) && t.Message is not null),
            Incident.DeliveryEntry(0, "email", "sato@example.com", null, T0),
            Incident.DeliveryEntry(0, "teams", "teams", "429 Too Many Requests", T0),
            new TimelineEntry { At = T0, Kind = TimelineKind.AlertRepeated, By = "alert:alertmanager", Message = TimelineTexts.UntrackedResolve },
            new TimelineEntry { At = T0, Kind = TimelineKind.AlertRepeated, By = "alert:alertmanager", Message = TimelineTexts.ResolvedAgain },
            new TimelineEntry { At = T0, Kind = TimelineKind.AlertFired, By = "alert:alertmanager", Message = TimelineTexts.FiredAgainPrefix + "CPU が高い" },
            Incident.DeliveryEntry(1, "call", "+819012345678", null, T0),
            Incident.DeliveryEntry(1, "call", "+819012345678", "21215: Account not authorized to call +819012345678", T0),
            new TimelineEntry { At = T0, Kind = TimelineKind.DeliveryFailed, By = "system", Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.CallNotAnswered, "+819012345678", "no-answer") },
            new TimelineEntry { At = T0, Kind = TimelineKind.Delivered, By = "system", Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.CallEndedWithoutKey, "+819012345678", "completed") },
            new TimelineEntry { At = T0, Kind = TimelineKind.Acknowledged, By = "sato", Message = TimelineTexts.AcknowledgedByCall },
            new TimelineEntry { At = T0, Kind = TimelineKind.StepSkipped, By = "system", Step = 2, Message = SkippedStep.AlreadyPaged(2, ["lead@example.com"]).Reason },
            new TimelineEntry { At = T0, Kind = TimelineKind.SeverityKept, By = "alert:alertmanager", Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.SeverityKept, 1, 2) },
        ];
    }

    /// <summary>
    /// Trial 39 M2, M3: an alert's SEV1 incident that started 09:56 (JST) merged by tanaka into a SEV2 declared at 10:00, keeping SEV2:
    /// the rows the merge writes, and the alert incident's id.
    /// </summary>
    private static (IReadOnlyList<TimelineEntry> Rows, string Merged) MergedKeepingTheSeverity()
    {
        var tanaka = new AssignedMember("tanaka", "田中 太郎", "tanaka@example.com", Language.Ja, null);
        var alerting = Incident.Open("INC-2026-0003", new NewIncident { Title = "p95", Severity = AlertSeverity.Sev1, Source = "alertmanager", GroupKey = "g3", StartedAt = T0.AddMinutes(-4) }, [tanaka], "alert:alertmanager", T0);
        var target = Incident.Open("INC-2026-0004", new NewIncident { Title = "決済できない", Severity = AlertSeverity.Sev2 }, [tanaka], "tanaka", T0);
        target.MergeIn(alerting, "tanaka", T0.AddMinutes(1), new AckTimeouts(), keepSeverity: true, zone: OnDuty.Core.Common.TimeZones.Find("Asia/Tokyo"));
        return ([.. target.PendingTimeline], alerting.Id);
    }

    /// <summary>
    /// A window's end moved while it holds an incident's pages: the incident's timeline says why nobody was paged at the old end, the
    /// new end in the team's zone (stored with its offset), in each reader's words.
    /// </summary>
    [Fact]
    public void MovingTheEndOfTheWindowHoldingItsPages_RowSaysTheNewEnd_InBothLanguages()
    {
        var sato = new AssignedMember("sato", "佐藤 花子", "sato@example.com", Language.Ja, null);
        var window = new OnDuty.Core.Maintenance.MaintenanceWindow
        {
            Id = "MW-1a2b3c4d", Title = "決済DBの移行", From = T0, To = T0.AddHours(2), Sources = ["alertmanager"], CreatedBy = "sato", CreatedAt = T0,
        };
        var incident = Incident.Open("INC-2026-0005", new NewIncident { Title = "t", Severity = AlertSeverity.Sev3, Source = "alertmanager", GroupKey = "g" }, [sato], "alert:alertmanager", T0);
        var zone = OnDuty.Core.Common.TimeZones.Find("Asia/Tokyo");
        Assert.True(incident.HoldPages(window, T0));

        Assert.True(incident.MoveHold(window.Id, T0.AddHours(3), T0.AddMinutes(30), zone)); // 12:00 → 13:00 JST
        Assert.True(incident.MoveHold(window.Id, T0.AddHours(2).AddMinutes(30), T0.AddMinutes(40), zone));
        Assert.False(incident.MoveHold(window.Id, T0.AddHours(2).AddMinutes(30), T0.AddMinutes(50), zone)); // the same end: no row

        var rows = incident.PendingTimeline.Where(t => t.Kind == TimelineKind.PagesHeld).Skip(1).ToList();
        Assert.Equal(
            [
                "maintenance MW-1a2b3c4d now ends at 2026-12-01T13:00+09:00: pages held until then",
                "maintenance MW-1a2b3c4d now ends earlier, at 2026-12-01T12:30+09:00: pages held until then",
            ],
            rows.Select(r => r.Message));
        Assert.Equal(
            [
                ("メンテナンス MW-1a2b3c4d の終了が 12月1日(火) 13:00 に延びたため、呼び出しの保留を 12月1日(火) 13:00 まで延長しました",
                    "Maintenance MW-1a2b3c4d was extended to Tue 1 Dec 2026 13:00: pages are held until then"),
                ("メンテナンス MW-1a2b3c4d の終了が 12月1日(火) 12:30 に早まったため、呼び出しの保留を 12月1日(火) 12:30 までに短縮しました",
                    "Maintenance MW-1a2b3c4d was brought forward to end at Tue 1 Dec 2026 12:30: pages are held until then"),
            ],
            rows.Select(r => (TimelineText.For(r.Kind, r.Message, Language.Ja), TimelineText.For(r.Kind, r.Message, Language.En))));
    }

    [Fact]
    public void MergeKeepingTheSeverityAndMovingTheStart_RowsReadAsThePairSaysThem()
    {
        var (rows, merged) = MergedKeepingTheSeverity();
        var said = rows.Where(r => r.Kind is TimelineKind.Merged or TimelineKind.SeverityKept)
            .Select(r => (Ja: TimelineText.For(r.Kind.ToString(), r.Message, Language.Ja, id => id == "tanaka" ? "田中 太郎" : null), En: TimelineText.For(r.Kind, r.Message, Language.En)))
            .ToList();

        Assert.Equal(
            [
                ($"{merged}（p95）をこの障害に統合しました", $"merged {merged}: p95"),
                ($"発生日時を 10:00 から 09:56 に更新しました（統合した {merged} のアラート開始時刻）", $"start time moved from 10:00 to 09:56: the alert start of merged {merged}"),
                ($"{merged}（SEV1）を統合しました。重大度は SEV2 のままです（田中さんの判断）", $"merged {merged} (SEV1): severity kept at SEV2, as tanaka judged"),
            ],
            said);
    }

    [Fact]
    public void EveryRowOnDutyWritesItself_IsJapaneseForAJapaneseReader_AndAsStoredForAnEnglishOne()
    {
        var rows = SystemRows();
        Assert.Equal(28, rows.Count); // with the merge's 「件名はこの障害の記載のまま」 row, and its kept severity and moved start

        foreach (var row in rows)
        {
            var ja = TimelineText.For(row.Kind, row.Message, Language.Ja)!;
            Assert.True(ja != row.Message, $"{row.Kind} '{row.Message}' is shown in English to a Japanese reader.");
            Assert.DoesNotMatch("[a-z]{4,} [a-z]{3,}", ja.Replace("sato@example.com", "", StringComparison.Ordinal).Replace("Too Many Requests", "", StringComparison.Ordinal).Replace("Account not authorized to call", "", StringComparison.Ordinal));
            Assert.Equal(row.Message, TimelineText.For(row.Kind, row.Message, Language.En));
        }

        Assert.Contains(rows.Select(r => TimelineText.For(r.Kind, r.Message, Language.Ja)), t => t == "エスカレーション2段階目：リーダー（lead@example.com）に連絡しました");
        Assert.Contains(rows.Select(r => TimelineText.For(r.Kind, r.Message, Language.Ja)), t => t == "メールで sato@example.com に届きました");
        Assert.Contains(rows.Select(r => TimelineText.For(r.Kind, r.Message, Language.Ja)), t => t == "Teams のチャネルに届けられませんでした：429 Too Many Requests");
        Assert.Contains(rows.Select(r => TimelineText.For(r.Kind, r.Message, Language.Ja)), t => t == "現在の当番：当番なし（交代前：sato）");
        Assert.Contains(rows.Select(r => TimelineText.For(r.Kind, r.Message, Language.Ja)), t => t == "再発生：CPU が高い");
        Assert.Contains(rows.Select(r => TimelineText.For(r.Kind, r.Message, Language.Ja)), t => t == "INC-2026-0002（決済が遅い）をこの障害に統合しました");
        Assert.Contains(rows.Select(r => TimelineText.For(r.Kind, r.Message, Language.Ja)), t => t == "INC-2026-0001 に統合しました");
        Assert.Contains(rows.Select(r => TimelineText.For(r.Kind, r.Message, Language.Ja)), t => t == "+819012345678 に電話をかけました");
        Assert.Contains(rows.Select(r => TimelineText.For(r.Kind, r.Message, Language.Ja)), t => t == "+819012345678 への電話に応答がありませんでした（no-answer）");
        Assert.Contains(rows.Select(r => TimelineText.For(r.Kind, r.Message, Language.Ja)), t => t == "電話で 1 を押して対応開始");
    }

    [Theory]
    [InlineData(TimelineKind.Update, "paged the duty members")]
    [InlineData(TimelineKind.Resolved, "every alert resolved, and the config rolled back")]
    [InlineData(TimelineKind.AlertFired, "Disk almost full on db-1")]
    [InlineData(TimelineKind.GroupJoined, "{}:{cluster=\"tokyo\"}")]
    [InlineData(TimelineKind.Update, "merged into INC-2026-0001")]
    public void APersonsWordsAndAlertText_AreShownAsWritten(TimelineKind kind, string text) =>
        Assert.Equal(text, TimelineText.For(kind, text, Language.Ja));

    /// <summary>Trial 39 L5: an English page's row read 「every alert resolved」; the stored constant stays as it is.</summary>
    [Theory]
    [InlineData(TimelineKind.Resolved, TimelineTexts.EveryAlertResolved, Language.En, "Every alert resolved")]
    [InlineData(TimelineKind.Update, "changed cause, nextSteps", Language.En, "Cause updated, next steps updated")]
    [InlineData(TimelineKind.Resolved, TimelineTexts.EveryAlertResolved, Language.Ja, "すべてのアラートが解消")]
    public void Row_OnDutysOwnWords_StartInTheReadersSentenceCase(TimelineKind kind, string stored, Language language, string shown)
    {
        Assert.Equal(shown, TimelineText.Row(kind, stored, Phrases.For(language)));
        Assert.Equal("every alert resolved", TimelineTexts.EveryAlertResolved);
    }

    [Theory]
    [InlineData(TimelineKind.Update, "rolled back the 10:05 release")]
    [InlineData(TimelineKind.Update, "iOS app fixed")]
    [InlineData(TimelineKind.AlertFired, "disk almost full on db-1")]
    public void Row_APersonsOrAToolsWords_StayAsWritten(TimelineKind kind, string text) =>
        Assert.Equal(text, TimelineText.Row(kind, text, Phrases.For(Language.En)));

    [Theory]
    [InlineData(Language.Ja)]
    [InlineData(Language.En)]
    public void EveryRowKind_HasANameOnThePage(Language language)
    {
        var phrases = Phrases.For(language);

        Assert.DoesNotContain(Enum.GetValues<TimelineKind>(), k => !phrases.Has($"PmPage.Timeline.{k}"));
    }

    [Fact]
    public void RetroKindNames_AreTheApisCamelCase() =>
        Assert.Equal("エスカレーション1段階目", TimelineText.For("escalated", "escalation step 1", Language.Ja));

    /// <summary>A recovery-notice ask says whom it asked, as a colleague names them (trial 39 L2); an address no member has as it is.</summary>
    [Theory]
    [InlineData(Language.Ja, "伊藤さん・emma@example.comに復旧の報告をお願いしました")]
    [InlineData(Language.En, "asked 伊藤 健 & emma@example.com for the recovery notice")]
    public void For_RecoveryReminded_SaysWhomItAsked(Language language, string expected) =>
        Assert.Equal(expected, TimelineText.For(TimelineKind.RecoveryReminded, "asked ito, emma@example.com for the recovery notice", language, id => id == "ito" ? "伊藤 健" : null));

    /// <summary>An escalation row says to whom (a member by name, a list by address); a row written before it did keeps its words.</summary>
    [Theory]
    [InlineData(Language.Ja, "escalation step 2 to Yamada@example.com, outside@example.com", "エスカレーション2段階目：リーダー（山田 太郎、outside@example.com）に連絡しました")]
    [InlineData(Language.En, "escalation step 2 to Yamada@example.com, outside@example.com", "escalation step 2 to 山田 太郎, outside@example.com")]
    [InlineData(Language.Ja, "escalation step 3 to pm-org@example.com", "エスカレーション3段階目：PM 組織の全員（pm-org@example.com）に連絡しました")]
    [InlineData(Language.Ja, "escalation step 2", "エスカレーション2段階目")]
    public void For_Escalated_SaysToWhom(Language language, string stored, string expected) =>
        Assert.Equal(expected, TimelineText.For(TimelineKind.Escalated, stored, language, a => a.Equals("yamada@example.com", StringComparison.OrdinalIgnoreCase) ? "山田 太郎" : null));

    /// <summary>A step passed over because everyone on it was paged already says so, naming them (trial day 28, H1).</summary>
    [Theory]
    [InlineData(Language.Ja, "リーダー（山田 太郎）はすでに呼び出し済みのため省略し、すぐ次の段階に進みました")]
    [InlineData(Language.En, "step 2 reaches nobody new: 山田 太郎 paged already")]
    public void For_StepSkippedAsPagedAlready_NamesWho(Language language, string expected) =>
        Assert.Equal(expected, TimelineText.For(TimelineKind.StepSkipped, SkippedStep.AlreadyPaged(2, ["yamada@example.com"]).Reason, language, a => a == "yamada@example.com" ? "山田 太郎" : null));

    /// <summary>Trial 34 H3: step 1 passed over because only one person is on duty says so, naming them.</summary>
    [Theory]
    [InlineData(Language.Ja, "当番が1人（伊藤 さくら）だけのため、エスカレーション1段階目（当番への再連絡）を省略し、すぐ次の段階に進みました")]
    [InlineData(Language.En, "step 1 reaches nobody new: 伊藤 さくら paged already")]
    public void For_Step1SkippedAsTheOnlyOneOnDutyWasPaged_SaysSo(Language language, string expected) =>
        Assert.Equal(expected, TimelineText.For(TimelineKind.StepSkipped, SkippedStep.AlreadyPaged(1, ["ito@example.com"]).Reason, language, a => a == "ito@example.com" ? "伊藤 さくら" : null));

    /// <summary>Session 32: a staggered handover (one member changes, one stays) names who left, who came and who stays.</summary>
    [Theory]
    [InlineData(Language.Ja, "山田 太郎からlead-t-kimuraに当番が交代しました。伊藤 さくらは引き続き当番です")]
    [InlineData(Language.En, "duty handed over from 山田 太郎 to lead-t-kimura; still on duty: 伊藤 さくら")]
    public void For_DutyChanged_NamesMembersAndKeepsAnUnknownIdAsRecorded(Language language, string expected)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "t", Severity = AlertSeverity.Sev1 },
            [new AssignedMember("ito", "伊藤 さくら", "ito@example.com", Language.Ja), new AssignedMember("yamada", "山田 太郎", "yamada@example.com", Language.Ja)], "sato", T0);
        incident.ChangeDuty([new AssignedMember("ito", "伊藤 さくら", "ito@example.com", Language.Ja), new AssignedMember("lead-t-kimura", "木村 健太", "k@example.com", Language.Ja)], T0);
        var row = incident.PendingTimeline.Single(t => t.Kind == TimelineKind.DutyChanged);
        var names = new Dictionary<string, string> { ["ito"] = "伊藤 さくら", ["yamada"] = "山田 太郎" };

        Assert.Equal("on duty now: ito, lead-t-kimura (was ito, yamada)", row.Message); // stored by id
        Assert.Equal(expected, TimelineText.For(row.Kind, row.Message, language, id => names.GetValueOrDefault(id)));
    }

    [Theory]
    [InlineData(Language.Ja, "伊藤 さくら、山田 太郎から佐藤 花子、田中 健に当番が交代しました")]
    [InlineData(Language.En, "duty handed over from 伊藤 さくら, 山田 太郎 to 佐藤 花子, 田中 健")]
    public void For_DutyChanged_AWholePairChanged_NamesBothPairs(Language language, string expected)
    {
        var names = new Dictionary<string, string> { ["ito"] = "伊藤 さくら", ["yamada"] = "山田 太郎", ["sato"] = "佐藤 花子", ["tanaka"] = "田中 健" };
        Assert.Equal(expected, TimelineText.For(TimelineKind.DutyChanged, "on duty now: sato, tanaka (was ito, yamada)", language, id => names.GetValueOrDefault(id)));
    }

    [Theory]
    [InlineData(Language.Ja, "メールで佐藤さんに届きました", "メールで other@example.com に届きました")]
    [InlineData(Language.En, "email reached 佐藤 花子", "email reached other@example.com")]
    public void For_Delivered_NamesTheMemberByAddress_AndKeepsAnAddressNoMemberHas(Language language, string member, string stranger)
    {
        var names = new Dictionary<string, string> { ["sato"] = "佐藤 花子", ["sato@example.com"] = "佐藤 花子" };
        var toMember = Incident.DeliveryEntry(0, "email", "sato@example.com", null, T0);
        var toStranger = Incident.DeliveryEntry(0, "email", "other@example.com", null, T0);

        Assert.Equal(member, TimelineText.For(toMember.Kind, toMember.Message, language, names.GetValueOrDefault));
        Assert.Equal(stranger, TimelineText.For(toStranger.Kind, toStranger.Message, language, names.GetValueOrDefault));
    }

    [Fact]
    public void For_TextsAndCalls_NameTheMemberByNumber()
    {
        var names = new Dictionary<string, string> { ["+819012345678"] = "山田 太郎" };
        var sms = Incident.DeliveryEntry(1, "sms", "+819012345678", null, T0);
        var notAnswered = new TimelineEntry { At = T0, Kind = TimelineKind.DeliveryFailed, By = "system", Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.CallNotAnswered, "+819012345678", "no-answer") };

        Assert.Equal("SMS で山田さんに届きました", TimelineText.For(sms.Kind, sms.Message, Language.Ja, names.GetValueOrDefault));
        Assert.Equal("山田さんへの電話に応答がありませんでした（no-answer）", TimelineText.For(notAnswered.Kind, notAnswered.Message, Language.Ja, names.GetValueOrDefault));
    }

    [Fact]
    public void For_GaveUpAndNotDelivered_NameTheMember_AndKeepTheAddressToFix()
    {
        var names = new Dictionary<string, string> { ["sato@example.com"] = "佐藤 花子" };
        var gaveUp = Incident.DeliveryEntry(0, "email", "sato@example.com", "550 mailbox full", T0);
        var bounced = Incident.UndeliveredEntry(0, "sato@example.com", "Bounced", null, T0);

        Assert.Equal("メールで 佐藤 花子（sato@example.com） に届けられませんでした：550 mailbox full", TimelineText.For(gaveUp.Kind, gaveUp.Message, Language.Ja, names.GetValueOrDefault));
        Assert.StartsWith("メールが 佐藤 花子（sato@example.com） に届きませんでした", TimelineText.For(bounced.Kind, bounced.Message, Language.Ja, names.GetValueOrDefault));
        Assert.StartsWith("email to 佐藤 花子 (sato@example.com) was not delivered", TimelineText.For(bounced.Kind, bounced.Message, Language.En, names.GetValueOrDefault));
        // Nobody has the address: it stands alone.
        Assert.Equal("メールで x@example.com に届けられませんでした：550 mailbox full", TimelineText.For(gaveUp.Kind, gaveUp.Message!.Replace("sato@", "x@", StringComparison.Ordinal), Language.Ja, names.GetValueOrDefault));
    }

    [Theory]
    [InlineData(Language.Ja, "第2報を関係者（経営層・support）に送信")]
    [InlineData(Language.En, "update 2 sent to stakeholders (経営層 & support)")]
    public void For_StakeholderNotice_SaysWhichNoticeWentToWhichAudiences_ByDisplayName(Language language, string expected)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "t", Severity = AlertSeverity.Sev2 }, [], "sato", T0);
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0), ["execs"], AlertSeverity.Sev2, T0);
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0), ["execs", "support"], AlertSeverity.Sev2, T0);
        var row = incident.PendingTimeline.Last(t => t.Kind == TimelineKind.StakeholdersNotified);
        var audiences = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["execs"] = "経営層" };

        Assert.Null(row.Message); // the number and audiences are stored as data, not words
        Assert.Equal(expected, TimelineText.For(row.Kind, TimelineStory.Notice(row), language, _ => null, audiences.GetValueOrDefault));
    }

    [Theory]
    [InlineData(Language.Ja, "最終報を送信しました（経営層・support）")]
    [InlineData(Language.En, "final report sent to stakeholders (経営層 & support)")]
    public void For_FinalReportSent_SaysItWentToWhichAudiences_ByDisplayName_Once(Language language, string expected)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "t", Severity = AlertSeverity.Sev2 }, [], "sato", T0);
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0), ["execs", "support"], AlertSeverity.Sev2, T0);
        incident.PostUpdate(IncidentStatus.Resolved, "復旧しました", "sato", T0.AddMinutes(30));

        Assert.True(incident.MarkFinalReportSent(T0.AddDays(2), "sato", ["execs", "support"], 4));
        Assert.False(incident.MarkFinalReportSent(T0.AddDays(2), "yamada", ["execs"], 2));
        var row = Assert.Single(incident.PendingTimeline, t => t.Kind == TimelineKind.FinalReportSent);
        var audiences = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["execs"] = "経営層" };

        Assert.Equal(expected, TimelineText.For(row.Kind, row.Message, language, _ => null, audiences.GetValueOrDefault));
        Assert.Equal(new SentFinalReport(T0.AddDays(2), "sato", incident.Comms.FinalReport!.Audiences, 4), incident.Comms.FinalReport);
    }

    /// <summary>
    /// Trial day 33, M3: with the incident's comms, each audience's own number, as the overview and the details form say them —
    /// support (added by the raise) read 第1報 of the execs' 第2報; a merged duplicate's readers, told twice there, read 第3報 of the
    /// incident's first notice.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "関係者に送信：経営層（第2報）・support（第1報）", "第3報を関係者（support）に送信")]
    [InlineData(Language.En, "sent to stakeholders: 経営層 (their update 2) & support (their update 1)", "update 3 sent to stakeholders (support)")]
    public void For_StakeholderNotice_WithTheComms_SaysEachAudiencesOwnNumber(Language language, string raised, string continued)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "t", Severity = AlertSeverity.Sev2 }, [], "sato", T0);
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0), ["execs"], AlertSeverity.Sev2, T0);
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0), ["execs", "support"], AlertSeverity.Sev2, T0);
        var row = incident.PendingTimeline.Last(t => t.Kind == TimelineKind.StakeholdersNotified);
        var audiences = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["execs"] = "経営層" };
        var carried = new IncidentComms { ToldAudiences = ["support"], FirstNotices = new Dictionary<string, int> { ["support"] = -1 } };
        var first = new TimelineEntry { At = T0, Kind = TimelineKind.StakeholdersNotified, By = "system", Step = 1, Recipients = ["support"] };

        Assert.Equal(raised, TimelineText.For(row.Kind, TimelineStory.Notice(row, incident.Comms), language, _ => null, audiences.GetValueOrDefault));
        Assert.Equal(continued, TimelineText.For(first.Kind, TimelineStory.Notice(first, carried), language, _ => null, audiences.GetValueOrDefault));
    }

    [Fact]
    public void For_StakeholderNoticeWithoutNumberOrAudiences_SaysNothingMore() =>
        Assert.Null(TimelineStory.Notice(new TimelineEntry { At = T0, Kind = TimelineKind.StakeholdersNotified, By = "system" }));

    [Theory]
    [InlineData(Language.Ja, "影響範囲を変更、回避策を追記", "詳細を編集", "状態を変更：調査中 → 原因特定")]
    [InlineData(Language.En, "impact changed, workaround added", "details edited", "status: Investigating → Identified")]
    public void For_Update_SaysTheDetailsItChangedAndTheStatusItMovedTo(Language language, string changed, string bare, string status)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "t", Severity = AlertSeverity.Sev3, UserImpact = "a" }, [], "sato", T0);
        incident.PostUpdate(null, null, "sato", T0.AddMinutes(1), new IncidentEdit { Workaround = "Web 版を使う", UserImpact = "b" });
        incident.PostUpdate(IncidentStatus.Identified, "原因は証明書", "sato", T0.AddMinutes(2));
        var rows = incident.PendingTimeline.ToList();
        var edit = rows.Single(t => t.Kind == TimelineKind.Update && t.Message is null);
        var moved = rows.Single(t => t.Kind == TimelineKind.Update && t.Status == IncidentStatus.Identified);
        var before = TimelineStory.StatusesBefore(rows);

        Assert.Equal([IncidentChange.Impact, IncidentChange.WorkaroundAdded], edit.Changes);
        Assert.Equal(changed, TimelineText.For(edit.Kind, TimelineStory.Changes(edit), language));
        Assert.Equal(bare, TimelineText.For(TimelineKind.Update, TimelineStory.Changes(edit with { Changes = [] }), language)); // a row of the previous release
        Assert.Equal(status, TimelineText.For(moved.Kind, TimelineStory.StatusChange(moved, before[rows.IndexOf(moved)]), language));
        Assert.Null(TimelineStory.StatusChange(moved, IncidentStatus.Identified));
    }

    /// <summary>A quiet correction's row (<see cref="TimelineKind.Corrected"/>) says what it changed, as an update's does; a bare one nothing more.</summary>
    [Theory]
    [InlineData(Language.Ja, "件名を変更、復旧日時を訂正")]
    [InlineData(Language.En, "title changed, recovery time corrected")]
    public void For_Corrected_SaysTheDetailsItChanged(Language language, string changed)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "t", Severity = AlertSeverity.Sev3 }, [], "sato", T0);
        incident.Resolve("sato", T0.AddMinutes(30));
        incident.Correct(new IncidentEdit { Title = "決済の遅延", ResolvedAt = T0.AddMinutes(25) }, "sato", T0.AddMinutes(40));
        var row = incident.PendingTimeline.Single(t => t.Kind == TimelineKind.Corrected);

        Assert.Equal(changed, TimelineText.For(row.Kind, TimelineStory.Changes(row), language));
        Assert.Null(TimelineStory.Changes(row with { Changes = [] }));
    }

    /// <summary>The "severity kept" row has its own kind now; one stored before, as an update row by the tool, reads as it did.</summary>
    [Theory]
    [InlineData(TimelineKind.SeverityKept)]
    [InlineData(TimelineKind.Update)]
    public void For_SeverityKept_OfEitherRelease_SaysTheAlertsAndThePersonsSeverity(TimelineKind kind) =>
        Assert.Equal(
            "アラートの重大度は SEV1 ですが、担当者が設定した SEV2 のままにしました",
            TimelineText.For(kind, string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.SeverityKept, 1, 2), Language.Ja));

    [Theory]
    [InlineData("changed the config")]
    [InlineData("status quo to stay")]
    public void For_Update_APersonsWordsThatLookLikeAForm_AreShownAsWritten(string text) =>
        Assert.Equal(text, TimelineText.For(TimelineKind.Update, text, Language.Ja));

    /// <summary>Review day 28, L1: a name that is not "family given" in Japanese script keeps its full form with さん; one word as it is.</summary>
    [Theory]
    [InlineData("Emma Wilson", "メールでEmma Wilsonさんに届きました")]
    [InlineData("さくら", "メールでさくらさんに届きました")]
    [InlineData("高橋 美咲", "メールで高橋さんに届きました")]
    public void For_Delivered_Japanese_FamilyNameOnlyForAJapaneseFamilyGivenName(string name, string expected)
    {
        var names = new Dictionary<string, string> { ["x@example.com"] = name };
        var entry = Incident.DeliveryEntry(1, "email", "x@example.com", null, T0);

        Assert.Equal(expected, TimelineText.For(entry.Kind, entry.Message, Language.Ja, names.GetValueOrDefault));
        Assert.Equal($"email reached {name}", TimelineText.For(entry.Kind, entry.Message, Language.En, names.GetValueOrDefault));
    }

    /// <summary>One retry is said as English says it, not "1 time(s)"; Japanese has no plural.</summary>
    [Theory]
    [InlineData(1, "7 min late: could not connect to the mail server; retried once", "7分遅れ：メールサーバーに接続できず、1回再試行しました")]
    [InlineData(2, "7 min late: could not connect to the mail server; retried 2 times", "7分遅れ：メールサーバーに接続できず、2回再試行しました")]
    public void Late_ByHowManyRetries_CountedInEnglish(int failedAttempts, string en, string ja)
    {
        var row = Incident.DeliveryEntry(0, "email", "sato@example.com", null, T0.AddMinutes(7)).DeliveredAfter(failedAttempts, T0, "SMTP: Connection refused");

        Assert.Equal(en, TimelineText.Late(row, Language.En));
        Assert.Equal(ja, TimelineText.Late(row, Language.Ja));
    }

    /// <summary>A card late because the Teams workflow's URL was not valid says so in the reader's words, not the webhook's English.</summary>
    [Fact]
    public void Late_TeamsWorkflowGone_SaidInTheReadersWords()
    {
        var error = OnDuty.Core.Notifications.TeamsWorkflowGone.Of("Teams webhook answered 404 Not Found: ").Error;
        var row = Incident.DeliveryEntry(0, "teams", "teams", null, T0.AddMinutes(40)).DeliveredAfter(5, T0, error);

        Assert.Equal("40 min late: the Teams workflow's URL was not valid; retried 5 times", TimelineText.Late(row, Language.En));
        Assert.Equal("40分遅れ：Teams のワークフローの URL が無効で、5回再試行しました", TimelineText.Late(row, Language.Ja));
    }

    /// <summary>A text late because the SMS provider refused OnDuty's number says the sender was refused, as a late mail does.</summary>
    [Fact]
    public void Late_TextSenderRefused_SaidAsTheSendersRefusal()
    {
        var error = OnDuty.Core.Notifications.SenderRefusal.OfPhone("ACS refused the SMS send (401 Unauthorized): check Sms__From.").Error;
        var row = Incident.DeliveryEntry(0, "sms", "+819012345678", null, T0.AddMinutes(40)).DeliveredAfter(5, T0, error);

        Assert.Equal("40 min late: the provider refused the sender; retried 5 times", TimelineText.Late(row, Language.En));
        Assert.Equal("40分遅れ：送信元が拒否され、5回再試行しました", TimelineText.Late(row, Language.Ja));
    }

    /// <summary>Session 57: a reopen that withdrew the asks to report the recovery says so after its reason, in the reader's words.</summary>
    [Fact]
    public void Reopened_RecoveryAskWithdrawn_SaidAfterTheReason()
    {
        var text = TimelineTexts.WithRecoveryAskWithdrawn(TimelineTexts.FiredWithinReopenWindow);

        Assert.Equal("再オープン期間内にアラートが再発生（復旧の報告のお願いを取り消しました）", TimelineText.For(TimelineKind.Reopened, text, Language.Ja));
        Assert.Equal("the alert fired again within the reopen window; the request to send the recovery notice was withdrawn", TimelineText.For(TimelineKind.Reopened, text, Language.En));
        // A person's words that happen to end so are theirs, shown as written.
        Assert.Equal("x" + TimelineTexts.RecoveryAskWithdrawnSuffix, TimelineText.For(TimelineKind.Reopened, "x" + TimelineTexts.RecoveryAskWithdrawnSuffix, Language.Ja));
    }
}
