using OnDuty.Core.Alerts;

namespace OnDuty.Core.Tests.Alerts;

public sealed class SeverityMapTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void TryMap_NoValue_ReturnsMissing(string? raw)
    {
        var map = new SeverityMap { Missing = AlertSeverity.Sev2 };

        Assert.True(map.TryMap(raw, out var severity));
        Assert.Equal(AlertSeverity.Sev2, severity);
    }

    [Fact]
    public void TryMap_UnknownWord_ReturnsUnrecognisedAndFalse()
    {
        var map = new SeverityMap { Unrecognised = AlertSeverity.Sev1 };

        Assert.False(map.TryMap("disaster", out var severity));
        Assert.Equal(AlertSeverity.Sev1, severity);
    }

    [Fact]
    public void TryMap_DictionaryWithCaseSensitiveComparer_StillIgnoresCase()
    {
        // A configuration binder may replace the dictionary with one using the default comparer.
        var map = new SeverityMap { Values = new Dictionary<string, AlertSeverity> { ["Critical"] = AlertSeverity.Sev1 } };

        Assert.True(map.TryMap(" critical ", out var severity));
        Assert.Equal(AlertSeverity.Sev1, severity);
    }

    [Fact]
    public void Defaults_AreIndependentPerSource()
    {
        var options = new AlertParserOptions();
        options.Severity.Alertmanager.Values["critical"] = AlertSeverity.Sev4;

        Assert.True(options.Severity.Grafana.TryMap("critical", out var grafana));
        Assert.Equal(AlertSeverity.Sev1, grafana);
        Assert.True(new AlertParserOptions().Severity.Alertmanager.TryMap("critical", out var fresh));
        Assert.Equal(AlertSeverity.Sev1, fresh);
    }

    [Theory]
    [InlineData(AlertSource.AzureMonitor, "Sev0", AlertSeverity.Sev1)]
    [InlineData(AlertSource.AzureMonitor, "Sev4", AlertSeverity.Sev4)]
    [InlineData(AlertSource.Alertmanager, "error", AlertSeverity.Sev2)]
    [InlineData(AlertSource.Grafana, "low", AlertSeverity.Sev4)]
    [InlineData(AlertSource.Generic, "warning", AlertSeverity.Sev3)]
    public void For_EachSource_HasDocumentedDefaults(AlertSource source, string word, AlertSeverity expected)
    {
        Assert.True(new AlertSeverityMaps().For(source).TryMap(word, out var severity));
        Assert.Equal(expected, severity);
    }
}
