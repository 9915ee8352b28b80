using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>What <see cref="IncidentMessages"/> composes for each reader, through its own wiring (not a hand-made notice).</summary>
public sealed class IncidentMessagesTests
{
    /// <summary>Tue 12 Jan 2027 11:00 JST: 18:00 the evening before in San Francisco.</summary>
    private static readonly DateTimeOffset Detected = new(2027, 1, 12, 11, 0, 0, TimeSpan.FromHours(9));

    private static readonly IncidentOptions Options = new()
    {
        AckTokenSecret = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
        Leads = ["lead@example.com"],
    };

    private static IncidentMessages CreateSut() =>
        new(new AckToken(Microsoft.Extensions.Options.Options.Create(Options), new FakeTimeProvider(Detected)), TestRenderer.Instance);

    /// <summary>
    /// Trial 59 (session 59's ReaderClock wiring): Emma, on the Tokyo roster and living in San Francisco, reads each incident of the
    /// combined escalation mail detected in her time first, Tokyo's beside it; her partner in Tokyo reads JST alone.
    /// </summary>
    [Fact]
    public void ComposeEscalatedTogether_MemberAbroad_ReadsEachIncidentInHerTimeFirst()
    {
        var pair = new[]
        {
            new AssignedMember("emma", "Emma Clarke", "emma@onduty.example", Language.En) { TimeZone = "America/Los_Angeles" },
            new AssignedMember("sato", "佐藤 健", "sato@onduty.example", Language.Ja),
        };
        var checkout = Incident.Open("INC-20270112-001", new NewIncident { Title = "Checkout fails for card payments", Severity = AlertSeverity.Sev1 }, pair, "alert:alertmanager", Detected);
        var search = Incident.Open("INC-20270112-002", new NewIncident { Title = "検索が遅い", Severity = AlertSeverity.Sev2 }, pair, "alert:alertmanager", Detected.AddMinutes(5));
        var incidents = new[] { checkout, search };
        var readers = EscalationPolicy.Recipients(pair, 0, Options, Language.Ja).Select(r => (r, (IReadOnlyList<Incident>)incidents)).ToList();

        var messages = CreateSut().ComposeEscalatedTogether(1, incidents, readers, [], Language.Ja, includeTeams: false, "https://onduty.example", Options);

        var emma = Assert.Single(messages, m => m.Recipient == "emma@onduty.example" && m.Channel == Channel.Email).TextBody.ReplaceLineEndings("\n");
        Assert.Contains("INC-20270112-001 Checkout fails for card payments\nDetected Mon 11 Jan 2027 18:00 PST (12 Jan 11:00 JST)\n", emma, StringComparison.Ordinal);
        Assert.Contains("Detected Mon 11 Jan 2027 18:05 PST (12 Jan 11:05 JST)\n", emma, StringComparison.Ordinal);
        Assert.DoesNotContain("Detected Tue 12 Jan 2027 11:00 (JST)", emma, StringComparison.Ordinal);

        var sato = Assert.Single(messages, m => m.Recipient == "sato@onduty.example" && m.Channel == Channel.Email).TextBody.ReplaceLineEndings("\n");
        Assert.Contains("検知 2027年1月12日(火) 11:00（JST）\n", sato, StringComparison.Ordinal);
        Assert.DoesNotContain("PST", sato, StringComparison.Ordinal);
    }
}
