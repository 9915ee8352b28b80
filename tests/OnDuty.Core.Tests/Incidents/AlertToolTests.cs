using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Tests.Incidents;

public sealed class AlertToolTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 1, 0, 0, TimeSpan.Zero);

    private static TrackedAlert Alert(string key, int minute, string? source, string? client, AlertStatus status = AlertStatus.Resolved) => new()
    {
        DedupKey = key,
        Status = status,
        Severity = AlertSeverity.Sev2,
        Summary = key,
        FirstFiredAt = T0.AddMinutes(minute),
        Source = source,
        Client = client,
    };

    [Fact]
    public void OfResolved_SeveralAlerts_DistinctFirstFiredFirst_OldAlertsAsTheDeliverysSource()
    {
        IReadOnlyList<TrackedAlert> alerts =
        [
            Alert("b", 3, "pagerduty", "Datadog"),
            Alert("a", 1, "grafana", null),
            Alert("c", 2, null, null),
            Alert("d", 4, "pagerduty", "Datadog"),
            Alert("e", 0, "alertmanager", null, AlertStatus.Firing),
        ];

        Assert.Equal(
            [new AlertTool("grafana", null), new AlertTool("pagerduty", null), new AlertTool("pagerduty", "Datadog")],
            AlertTool.OfResolved(alerts, "pagerduty"));
        Assert.Equal([new AlertTool("generic", null)], AlertTool.OfResolved([], "generic"));
    }

    [Fact]
    public void Format_ThenTryParse_ReadsTheSameTools_WhateverTheClientsSay()
    {
        AlertTool[] tools =
        [
            new("grafana", null),
            new("pagerduty", "Datadog"),
            new("pagerduty", "a \"quoted\", grafana via \\ name)"),
            new("azure-monitor", ""),
        ];

        var text = AlertTool.Format(tools);

        Assert.Equal("grafana, pagerduty via \"Datadog\", pagerduty via \"a \\\"quoted\\\", grafana via \\\\ name)\", azure-monitor via \"\"", text);
        Assert.True(AlertTool.TryParse(text, out var read));
        Assert.Equal(tools, read);
    }

    [Theory]
    [InlineData("alertmanager")]
    [InlineData("azure-monitor")]
    public void TryParse_ARowsRouteNameFromBefore_OneToolWithoutClient(string text)
    {
        Assert.True(AlertTool.TryParse(text, out var read));
        Assert.Equal([new AlertTool(text, null)], read);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Grafana")]
    [InlineData("grafana,")]
    [InlineData("grafana, ")]
    [InlineData("pagerduty via Datadog")]
    [InlineData("pagerduty via \"Datadog")]
    public void TryParse_AnythingElse_False(string text) => Assert.False(AlertTool.TryParse(text, out _));
}
