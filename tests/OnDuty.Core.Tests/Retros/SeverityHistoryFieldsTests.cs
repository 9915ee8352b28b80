using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Retros;

namespace OnDuty.Core.Tests.Retros;

/// <summary>
/// Severity rows record the severity before and after (<see cref="TimelineEntry.SeverityFrom"/>, <see cref="TimelineEntry.SeverityTo"/>);
/// <see cref="SeverityStep.History"/> reads them, and reads an old row (words only) from its words.
/// </summary>
public sealed class SeverityHistoryFieldsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 17, 50, 0, TimeSpan.Zero);

    [Fact]
    public void NewRows_RecordFromAndTo_RaiseAndLower()
    {
        var incident = Incident.Open("INC-2026-0003", new NewIncident { Title = "t", Severity = AlertSeverity.Sev3, Source = "grafana" }, [], "alert:grafana", T0);
        Assert.True(incident.RaiseSeverity(AlertSeverity.Sev1, "alert:grafana", T0.AddMinutes(5), new AckTimeouts()));
        incident.Correct(new IncidentEdit { Severity = AlertSeverity.Sev2 }, "yamada", T0.AddMinutes(35));

        var raised = Assert.Single(incident.PendingTimeline, t => t.Kind == TimelineKind.SeverityRaised);
        var lowered = Assert.Single(incident.PendingTimeline, t => t.Kind == TimelineKind.SeverityLowered);
        Assert.Equal((AlertSeverity.Sev3, AlertSeverity.Sev1), (raised.SeverityFrom, raised.SeverityTo));
        Assert.Equal((AlertSeverity.Sev1, AlertSeverity.Sev2), (lowered.SeverityFrom, lowered.SeverityTo));
        Assert.Equal((AlertSeverity.Sev3, AlertSeverity.Sev1), TimelineStory.SeverityChange(raised));
    }

    [Fact]
    public void NewRows_TheirWordsRemovedByRetention_HistoryStillRead()
    {
        var incident = Incident.Open("INC-2026-0003", new NewIncident { Title = "t", Severity = AlertSeverity.Sev1, Source = "grafana" }, [], "alert:grafana", T0);
        incident.Correct(new IncidentEdit { Severity = AlertSeverity.Sev2 }, "yamada", T0.AddMinutes(35));

        var history = SeverityStep.History(incident, [.. incident.PendingTimeline.Select(t => t.WithoutText())]);

        Assert.Equal([new SeverityStep(AlertSeverity.Sev1, T0, T0.AddMinutes(35)), new SeverityStep(AlertSeverity.Sev2, T0.AddMinutes(35), null)], history);
    }

    [Fact]
    public void OldRows_WordsOnly_ReadFromTheirWords_AndWithoutWordsNothing()
    {
        var incident = Incident.Open("INC-2026-0003", new NewIncident { Title = "t", Severity = AlertSeverity.Sev1, Source = "grafana" }, [], "alert:grafana", T0);
        incident.Correct(new IncidentEdit { Severity = AlertSeverity.Sev2 }, "yamada", T0.AddMinutes(35));
        // As stored before the fields: the words alone.
        var old = incident.PendingTimeline.Select(t => t with { SeverityFrom = null, SeverityTo = null }).ToList();

        var history = SeverityStep.History(incident, old);
        var bare = SeverityStep.History(incident, [.. old.Select(t => t.WithoutText())]);

        Assert.Equal([new SeverityStep(AlertSeverity.Sev1, T0, T0.AddMinutes(35)), new SeverityStep(AlertSeverity.Sev2, T0.AddMinutes(35), null)], history);
        Assert.Equal((AlertSeverity.Sev1, AlertSeverity.Sev2), TimelineStory.SeverityChange(Assert.Single(old, t => t.Kind == TimelineKind.SeverityLowered)));
        Assert.Empty(bare);
    }
}
