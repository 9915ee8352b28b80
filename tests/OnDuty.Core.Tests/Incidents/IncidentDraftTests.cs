using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Tests.Incidents;

public sealed class IncidentDraftTests
{
    private static IncidentDraft Saved(IncidentStatus? status) => new()
    {
        Language = Language.Ja, CustomerNotice = "【障害】…", Workaround = "", Status = DraftStatus.Approved, ApprovedBy = "佐々木 美穂", SavedBy = "sasaki", SavedInStatus = status,
    };

    [Fact]
    public void IsStaleFor_ApprovedWhileInvestigatingThenResolved_Stale() =>
        Assert.True(Saved(IncidentStatus.Investigating).IsStaleFor(IncidentStatus.Resolved));

    [Fact]
    public void IsStaleFor_ApprovedWhileResolvedThenReopened_Stale() =>
        Assert.True(Saved(IncidentStatus.Resolved).IsStaleFor(IncidentStatus.Investigating));

    /// <summary>Approved while 調査中, still right at 原因特定 or 経過観察中: the outage customers are told about has not ended.</summary>
    [Theory]
    [InlineData(IncidentStatus.Investigating, IncidentStatus.Identified)]
    [InlineData(IncidentStatus.Investigating, IncidentStatus.Monitoring)]
    [InlineData(IncidentStatus.Identified, IncidentStatus.Monitoring)]
    [InlineData(IncidentStatus.Monitoring, IncidentStatus.Investigating)]
    public void IsStaleFor_AnotherOpenState_NotStale(IncidentStatus savedIn, IncidentStatus now) =>
        Assert.False(Saved(savedIn).IsStaleFor(now));

    [Theory]
    [InlineData(IncidentStatus.Identified)]
    [InlineData(IncidentStatus.Monitoring)]
    public void IsStaleFor_ApprovedWhileOpenInAnyStateThenResolved_Stale(IncidentStatus savedIn) =>
        Assert.True(Saved(savedIn).IsStaleFor(IncidentStatus.Resolved));

    [Fact]
    public void IsStaleFor_SameState_NotStale() =>
        Assert.False(Saved(IncidentStatus.Identified).IsStaleFor(IncidentStatus.Identified));

    [Fact]
    public void IsStaleFor_SavedBeforeTheStateWasRecorded_NotStale() =>
        Assert.False(Saved(null).IsStaleFor(IncidentStatus.Resolved));

    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 44, 0, TimeSpan.Zero);

    /// <summary>INC-0001 of trial 31a as approved while 原因特定.</summary>
    private static Incident Declared()
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident
        {
            Title = "決済が一部失敗", Severity = AlertSeverity.Sev1, AffectedAreas = ["決済", "PSP-B連携(psp-gw-02)"], Platforms = ["Web", "iOS", "Android"],
            UserImpact = "カード決済の約15%が失敗", StartedAt = T0.AddDays(-1).AddMinutes(-4),
        }, [new AssignedMember("ito", "伊藤 健", "ito@example.com", Language.Ja)], "sato", T0);
        incident.PostUpdate(IncidentStatus.Identified, "原因特定", "ito", T0.AddMinutes(2));
        return incident;
    }

    private static IncidentDraft ApprovedFor(Incident incident) => Saved(incident.Status) with { Inputs = DraftInputs.Of(incident) };

    [Fact]
    public void StaleBecause_NothingChanged_Empty()
    {
        var incident = Declared();
        var draft = ApprovedFor(incident);
        incident.PostUpdate(IncidentStatus.Monitoring, "様子見", "ito", T0.AddMinutes(5));

        Assert.Empty(draft.StaleBecause(incident));
    }

    /// <summary>
    /// Trial 31a H1: 第3報 lowered the severity and rewrote impact and workaround; the approved text said there was no workaround.
    /// The severity is not named: the drafts do not say it.
    /// </summary>
    [Fact]
    public void StaleBecause_WorkaroundImpactAndSeverityChangedAfterApproval_WorkaroundAndImpactNamedInOrder()
    {
        var incident = Declared();
        var draft = ApprovedFor(incident);

        incident.PostUpdate(IncidentStatus.Monitoring, "第3報", "ito", T0.AddMinutes(6), new IncidentEdit
        {
            Severity = AlertSeverity.Sev2, UserImpact = "現在は約2%", Workaround = "別のカードまたはコンビニ払いを選ぶと決済できます。",
        });

        Assert.Equal(["workaround", "userImpact"], draft.StaleBecause(incident));
    }

    /// <summary>
    /// Trial 53: the severity lowered (SEV1 → SEV2) and nothing else: no draft tells customers of the severity, so the approved
    /// text is as right as it was and PR/CS are not asked to review it again.
    /// </summary>
    [Fact]
    public void StaleBecause_SeverityAloneChanged_NotStale()
    {
        var incident = Declared();
        var draft = ApprovedFor(incident);

        incident.PostUpdate(null, "重大度を見直し", "ito", T0.AddMinutes(6), new IncidentEdit { Severity = AlertSeverity.Sev2 });

        Assert.Equal(AlertSeverity.Sev2, incident.Severity);
        Assert.Empty(draft.StaleBecause(incident));
    }

    /// <summary>
    /// Approved before the severity was left out of the inputs: its stored severity hash is not compared, the rest still is.
    /// </summary>
    [Fact]
    public void StaleBecause_SavedWithASeverityHash_SeverityIgnored_OtherInputsStillCompared()
    {
        var incident = Declared();
        var draft = ApprovedFor(incident) with { Inputs = new Dictionary<string, string>(DraftInputs.Of(incident)) { ["severity"] = "0123456789abcdef" } };
        incident.PostUpdate(null, "重大度を見直し", "ito", T0.AddMinutes(6), new IncidentEdit { Severity = AlertSeverity.Sev2 });
        Assert.Empty(draft.StaleBecause(incident));

        incident.PostUpdate(null, "回避策", "ito", T0.AddMinutes(7), new IncidentEdit { Workaround = "コンビニ払い" });
        Assert.Equal(["workaround"], draft.StaleBecause(incident));
    }

    /// <summary>A page or a GET read before the severity was left out gave a token with its hash third: read without it.</summary>
    [Fact]
    public void Parse_TokenWithTheFormerSeverityHash_ReadWithoutIt()
    {
        var inputs = DraftInputs.Of(Declared());
        var parts = DraftInputs.Token(inputs).Split('.').ToList();
        parts.Insert(2, "0123456789abcdef");

        Assert.Equal(inputs, DraftInputs.Parse(string.Join(".", parts)));
    }

    [Theory]
    [InlineData("title")]
    [InlineData("areas")]
    [InlineData("platforms")]
    [InlineData("startedAt")]
    [InlineData("nextSteps")]
    public void StaleBecause_OneInputChanged_ThatOneNamed(string input)
    {
        var incident = Declared();
        var draft = ApprovedFor(incident);

        incident.PostUpdate(null, "訂正", "ito", T0.AddMinutes(6), input switch
        {
            "title" => new IncidentEdit { Title = "決済の一部が失敗する" },
            "areas" => new IncidentEdit { AffectedAreas = ["決済"] },
            "platforms" => new IncidentEdit { Platforms = ["Web"] },
            "startedAt" => new IncidentEdit { StartedAt = T0.AddDays(-1) },
            _ => new IncidentEdit { NextSteps = "PSP-B のタイムアウトを見直す" },
        });

        Assert.Equal([input], draft.StaleBecause(incident));
    }

    [Fact]
    public void StaleBecause_Resolved_StatusAndRecoveryTime()
    {
        var incident = Declared();
        var draft = ApprovedFor(incident);

        incident.Resolve("ito", T0.AddMinutes(10));

        Assert.Equal(["status", "resolvedAt"], draft.StaleBecause(incident));
    }

    /// <summary>Saved before the inputs were recorded: stale on the status alone, as before.</summary>
    [Fact]
    public void StaleBecause_SavedWithoutInputs_StatusOnly()
    {
        var incident = Declared();
        var draft = Saved(incident.Status);
        incident.PostUpdate(null, "回避策", "ito", T0.AddMinutes(6), new IncidentEdit { Workaround = "コンビニ払い" });
        Assert.Empty(draft.StaleBecause(incident));

        incident.Resolve("ito", T0.AddMinutes(10));
        Assert.Equal(["status"], draft.StaleBecause(incident));
    }

    [Fact]
    public void Token_ParsedBack_SameInputs_AndOtherTextsRefused()
    {
        var inputs = DraftInputs.Of(Declared());

        Assert.Equal(inputs, DraftInputs.Parse(DraftInputs.Token(inputs)));
        Assert.Null(DraftInputs.Parse("abc"));
        Assert.Null(DraftInputs.Parse(DraftInputs.Token(inputs) + ".0123456789abcdef.0123456789abcdef"));
        Assert.Null(DraftInputs.Parse(DraftInputs.Token(inputs)[17..]));
        Assert.Null(DraftInputs.Parse(DraftInputs.Token(inputs).ToUpperInvariant()));
        Assert.Null(DraftInputs.Parse(null));
    }
}
