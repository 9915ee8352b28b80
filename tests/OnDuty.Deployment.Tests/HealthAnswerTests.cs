using System.Text.Json;
using OnDuty.Core.Health;

namespace OnDuty.Deployment.Tests;

/// <summary>
/// <c>GET /api/health</c> is anonymous (Azure's availability tests, load balancers): it says the status and which checks are
/// not ok, never who or what (member ids, addresses, leave weeks, settings); <c>GET /api/health/details</c>, behind a function
/// key, says all of it as <c>/api/health</c> did before.
/// </summary>
public sealed class HealthAnswerTests
{
    private const string Sms = "nobody on duty has a mobile number (sato, suzuki): pages reach them by email and Teams only";
    private const string Leads = "every lead (Incidents__Leads) is on duty in 2026-W02 (2026-01-05 to 2026-01-11): the leads' escalation step is skipped and an unanswered page goes to nobody more";
    private const string OnLeave = "every lead (Incidents__Leads) is on leave in 2026-W53 (2026-12-28 to 2027-01-03): the leads' escalation step is passed over and an unanswered page goes to the organisation's list (pm-org@onduty.example)";
    private const string Settings = "Comms__BySeverty__Sev1__0 is not a setting OnDuty reads, so it has no effect (did you mean Comms__BySeverity__Sev1__0?).";
    private const string Grace = "Comms__Audiences__support__Members__1 is 'grace', which is no roster member with an email address, so its notices reach nobody there";
    private const string Group = "members that came back without an address are not told (count: 2)";

    [Fact]
    public async Task Anonymous_DegradedForSmsLeadsCommsAndSettings_NamesTheKindsOnly_NoMemberAddressDateOrSetting()
    {
        var (status, body) = await AnswerAsync(details: false);

        Assert.Equal(200, status);
        var answer = JsonDocument.Parse(body).RootElement;
        Assert.Equal(["status", "checks", "degraded", "notes", "details"], answer.EnumerateObject().Select(p => p.Name));
        Assert.Equal("degraded", answer.GetProperty("status").GetString());
        Assert.Equal(["comms", "group", "sms", "leads", "settings"], answer.GetProperty("degraded").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["leadsOnLeave"], answer.GetProperty("notes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("not ok", answer.GetProperty("checks").GetProperty("sms").GetString());
        Assert.Equal("not ok", answer.GetProperty("checks").GetProperty("leads").GetString());
        Assert.Equal("ok", answer.GetProperty("checks").GetProperty("leadsOnLeave").GetString());
        Assert.Equal("ok", answer.GetProperty("checks").GetProperty("startup").GetString());
        Assert.Equal("GET /api/health/details with a function key", answer.GetProperty("details").GetString());
        foreach (var secret in new[] { "sato", "suzuki", "grace", "support", "pm-org", "@", "2026-", "2027-", "W53", "Comms__", "BySeverty", "Incidents__Leads" })
        {
            Assert.DoesNotContain(secret, body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Details_SameChecks_SayEverythingInTheFieldsAndOrderOfBefore()
    {
        var (status, body) = await AnswerAsync(details: true);

        Assert.Equal(200, status);
        var answer = JsonDocument.Parse(body).RootElement;
        Assert.Equal(["status", "reasons", "checks", "degraded", "notes"], answer.EnumerateObject().Select(p => p.Name));
        Assert.Equal("degraded", answer.GetProperty("status").GetString());
        Assert.Equal(
            [$"comms:support:grace: {Grace}", $"group:pm-all@contoso.example: {Group}", $"sms: {Sms}", $"leads: {Leads}", $"settings: {Settings}"],
            answer.GetProperty("reasons").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Sms, answer.GetProperty("checks").GetProperty("sms").GetString());
        Assert.Equal(Leads, answer.GetProperty("degraded").GetProperty("leads").GetString());
        Assert.Equal(Grace, answer.GetProperty("degraded").GetProperty("comms:support:grace").GetString());
        Assert.Equal(Settings, answer.GetProperty("degraded").GetProperty("settings").GetString());
        Assert.Equal(OnLeave, answer.GetProperty("notes").GetProperty("leadsOnLeave").GetString());
    }

    [Fact]
    public async Task Anonymous_StorageDown_503NamesTheFailingCheckOnly_DetailsSayWhy()
    {
        var down = new Probe("storage", "Table Storage did not answer within 4 s (connection refused)", Critical: true);

        var (anonymousStatus, anonymous) = await HealthAnswers.GetAsync([down, new Probe("sms", Sms)], []);
        var (detailsStatus, details) = await HealthAnswers.GetAsync([down, new Probe("sms", Sms)], [], details: true);

        Assert.Equal((503, 503), (anonymousStatus, detailsStatus));
        var problem = JsonDocument.Parse(anonymous).RootElement;
        Assert.Equal("storage not ready; the reasons: GET /api/health/details with a function key", problem.GetProperty("detail").GetString());
        // The storage check's own words about itself stay (the 3 a.m. reader's "connection refused"); the sms check's members do not.
        Assert.Equal(down.Message, problem.GetProperty("checks").GetProperty("storage").GetString());
        Assert.Equal("not ok", problem.GetProperty("checks").GetProperty("sms").GetString());
        Assert.DoesNotContain("sato", anonymous, StringComparison.Ordinal);
        var full = JsonDocument.Parse(details).RootElement;
        Assert.Equal($"storage: {down.Message}", full.GetProperty("detail").GetString());
        Assert.Equal(Sms, full.GetProperty("checks").GetProperty("sms").GetString());
    }

    private static Task<(int Status, string Body)> AnswerAsync(bool details)
    {
        var warnings = new DependencyWarnings();
        warnings.Report("comms:support:grace", Grace);
        warnings.Report("group:pm-all@contoso.example", Group);
        return HealthAnswers.GetAsync(
            [new Probe("sms", Sms), new Probe("leads", Leads), new Probe("leadsOnLeave", OnLeave, Informative: true)],
            [new Check("settings", Settings)],
            warnings,
            details);
    }

    private sealed record Probe(string Name, string Message, bool Informative = false, bool Critical = false) : IHealthProbe
    {
        public Task<string?> CheckAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(Informative ? null : Message);

        public Task<HealthFinding?> ExamineAsync(CancellationToken cancellationToken) => Task.FromResult<HealthFinding?>(new HealthFinding(Message, Informative));
    }

    private sealed record Check(string Name, string Reason) : IDegradationCheck
    {
        public Task<string?> CheckAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(Reason);
    }
}
