using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>Which step is sent, which are passed over and why, and what the step-1 mail calls the next (trial day 28, H1).</summary>
public sealed class EscalationPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    private static readonly AssignedMember Sato = new("sato", "佐藤 花子", "sato@example.com", Language.Ja);

    private static readonly AssignedMember Yamada = new("yamada", "山田 太郎", "yamada@example.com", Language.Ja);

    private static Incident CreateSut(params AssignedMember[] duty) =>
        Incident.Open("INC-2026-0001", new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev1 }, duty, "api", T0);

    private static IncidentOptions Options(params string[] leads) => new() { Leads = [.. leads], OrganisationList = "pm-org@example.com" };

    private static (int? Step, IReadOnlyList<SkippedStep> Skipped) PlanFor(Incident incident, int due, IncidentOptions options, Func<string, string?>? memberIdAt = null) =>
        EscalationPolicy.Plan(incident.NotifiedStep, due, s => EscalationPolicy.Recipients(incident.Assignees, s, options, Language.Ja), PagedSoFar.Of(incident, options, Language.Ja, memberIdAt));

    [Fact]
    public void Plan_TheOnlyLeadWasPagedWithThePair_SkipsTheLeadsStepToTheOrganisation()
    {
        var incident = CreateSut(Sato, Yamada);
        var options = Options(" YAMADA@example.com ");
        incident.RecordNotified(0, ["sato@example.com", "yamada@example.com"], T0);
        incident.RecordNotified(1, ["sato@example.com", "yamada@example.com"], T0.AddMinutes(5));

        var (step, skipped) = PlanFor(incident, 2, options);

        Assert.Equal(3, step);
        Assert.Equal([new SkippedStep(2, "step 2 reaches nobody new: YAMADA@example.com paged already")], skipped);
    }

    [Fact]
    public void Plan_OneLeadNew_SendsTheLeadsStepToAll()
    {
        var incident = CreateSut(Sato, Yamada);
        incident.RecordNotified(1, ["sato@example.com", "yamada@example.com"], T0.AddMinutes(5));

        Assert.Equal((2, 0), PlanFor(incident, 2, Options("yamada@example.com", "tanaka@example.com")) is var (s, k) ? (s, k.Count) : default);
    }

    [Fact]
    public void Plan_NobodyPagedYet_TheLeadOnDutyIsNew_AndTheReminderStepIsNeverSkipped()
    {
        // Nothing sent yet (a first page held back, or a reopen): the lead has not heard.
        var fresh = CreateSut(Sato, Yamada);
        Assert.Equal(2, PlanFor(fresh, 2, Options("yamada@example.com")).Step);

        // Step 1 is the pair again by design: a reminder, not a step that must reach someone new.
        var paged = CreateSut(Sato, Yamada);
        paged.RecordNotified(0, ["sato@example.com", "yamada@example.com"], T0);
        Assert.Equal(1, PlanFor(paged, 1, Options("yamada@example.com")).Step);
    }

    [Fact]
    public void Plan_EveryStepBeforeTheLastSkipped_TheLastStillPages_AndWithNothingNewAnywhereNothingIsSent()
    {
        var incident = CreateSut(Sato, Yamada);
        incident.RecordNotified(1, ["sato@example.com", "yamada@example.com"], T0.AddMinutes(5));

        Assert.Equal(3, PlanFor(incident, 3, Options("yamada@example.com")).Step);
        var noList = new IncidentOptions { Leads = ["yamada@example.com"] };
        var (step, skipped) = PlanFor(incident, 2, noList);
        Assert.Null(step);
        Assert.Equal([SkippedStep.AlreadyPaged(2, ["yamada@example.com"]).Reason, SkippedStep.NobodyToPage], skipped.Select(s => s.Reason));
    }

    [Fact]
    public void Plan_ALeadPagedBeforeTheHandoffByAnotherAddress_IsKnownThroughTheRoster()
    {
        // Yamada was on the pair paged at step 0; the week changed hands, so he is only among those paged before. The lead is
        // configured by an address the roster gives him.
        var incident = CreateSut(Sato, Yamada);
        incident.RecordNotified(0, ["sato@example.com", "yamada@example.com"], T0);
        incident.ChangeDuty([Sato], T0.AddMinutes(1));
        var options = Options("taro@example.com");

        Assert.Equal(2, PlanFor(incident, 2, options).Step);
        Assert.Equal(3, PlanFor(incident, 2, options, a => a == "taro@example.com" ? "yamada" : null).Step);
    }

    [Fact]
    public void NextStep_AfterStep1_NamesTheStepReallyReached_OneTimeoutOn()
    {
        var incident = CreateSut(Sato, Yamada);
        incident.RecordNotified(1, ["sato@example.com", "yamada@example.com"], T0.AddMinutes(5));

        Assert.Equal((3, TimeSpan.FromMinutes(5)), EscalationPolicy.NextStep(incident, 1, Options("yamada@example.com"), Language.Ja));
        Assert.Equal((2, TimeSpan.FromMinutes(5)), EscalationPolicy.NextStep(incident, 1, Options("tanaka@example.com"), Language.Ja));
        // Nobody to page at 2 either falls through at once: the organisation hears one timeout on, not two.
        Assert.Equal((3, TimeSpan.FromMinutes(5)), EscalationPolicy.NextStep(incident, 1, Options(), Language.Ja));
        Assert.Null(EscalationPolicy.NextStep(incident, 1, new IncidentOptions { Leads = ["yamada@example.com"] }, Language.Ja));
    }
    /// <summary>
    /// Trial 34 H3: a week with one person on duty (the partner on leave or covered). Step 1 would page that person again and
    /// reach nobody new for a whole ack timeout: it is passed over like a leads' step of leads on duty, and the leads hear at once;
    /// the first page already names them as next. Two on duty: step 1, the reminder, goes as ever.
    /// </summary>
    [Fact]
    public void Plan_OnePersonOnDuty_PassesStep1OverToTheLeads_AndTheFirstPageNamesThemNext()
    {
        var alone = CreateSut(Sato);
        alone.RecordNotified(0, ["sato@example.com"], T0);
        var options = Options("tanaka@example.com");

        var (step, skipped) = PlanFor(alone, 1, options);

        Assert.Equal(2, step);
        Assert.Equal([new SkippedStep(1, "step 1 reaches nobody new: sato@example.com paged already")], skipped);
        Assert.Equal((2, TimeSpan.FromMinutes(5)), EscalationPolicy.NextStep(alone, 0, options, Language.Ja));

        var pair = CreateSut(Sato, Yamada);
        pair.RecordNotified(0, ["sato@example.com", "yamada@example.com"], T0);
        Assert.Equal(1, PlanFor(pair, 1, options).Step);

        // Nothing sent yet (a first page held back in a storm): step 1 is new to the one on duty.
        Assert.Equal(1, PlanFor(CreateSut(Sato), 1, options).Step);
    }
}
