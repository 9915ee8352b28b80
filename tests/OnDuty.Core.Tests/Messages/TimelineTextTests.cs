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
        incident.Resolve("sato", T0);
        incident.Reopen("alert:alertmanager", T0, TimelineTexts.FiredAsItResolved);
        incident.Resolve("sato", T0);
        incident.PostUpdate(IncidentStatus.Investigating, null, "sato", T0);
        var duplicate = Incident.Open("INC-2026-0002", new NewIncident { Title = "決済が遅い", Severity = AlertSeverity.Sev3 }, [sato], "sato", T0);
        incident.MergeIn(duplicate, "sato", T0, new AckTimeouts());
        duplicate.MarkMergedInto(incident.Id, "sato", T0);
        return
        [
            .. duplicate.PendingTimeline.Where(t => t.Kind == TimelineKind.Resolved),
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
        ];
    }

    [Fact]
    public void EveryRowOnDutyWritesItself_IsJapaneseForAJapaneseReader_AndAsStoredForAnEnglishOne()
    {
        var rows = SystemRows();
        Assert.Equal(22, rows.Count);

        foreach (var row in rows)
        {
            var ja = TimelineText.For(row.Kind, row.Message, Language.Ja)!;
            Assert.True(ja != row.Message, $"{row.Kind} '{row.Message}' is shown in English to a Japanese reader.");
            Assert.DoesNotMatch("[a-z]{4,} [a-z]{3,}", ja.Replace("sato@example.com", "", StringComparison.Ordinal).Replace("Too Many Requests", "", StringComparison.Ordinal).Replace("Account not authorized to call", "", StringComparison.Ordinal));
            Assert.Equal(row.Message, TimelineText.For(row.Kind, row.Message, Language.En));
        }

        Assert.Contains(rows.Select(r => TimelineText.For(r.Kind, r.Message, Language.Ja)), t => t == "エスカレーション 2 段階目");
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
        Assert.Equal("エスカレーション 1 段階目", TimelineText.For("escalated", "escalation step 1", Language.Ja));
    [Theory]
    [InlineData(Language.Ja, "現在の当番：伊藤 さくら、lead-t-kimura（交代前：伊藤 さくら、山田 太郎）")]
    [InlineData(Language.En, "on duty now: 伊藤 さくら, lead-t-kimura (was 伊藤 さくら, 山田 太郎)")]
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
}
