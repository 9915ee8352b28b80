using System.Text.RegularExpressions;
using OnDuty.Core.Alerts;
using OnDuty.Testing;

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

    /// <summary>
    /// The README's mapping table is what the defaults do: a user reading "Azure Monitor Sev1 → SEV2" there must see the same
    /// as the page mail says.
    /// </summary>
    [Fact]
    public void Defaults_AreTheReadmesTable()
    {
        var readme = File.ReadAllLines(Path.Combine(RepoRoot.Find(), "README.md"));
        var header = Array.IndexOf(readme, "| Source (its field) | SEV1 | SEV2 | SEV3 | SEV4 |");
        Assert.True(header >= 0, "the README's severity mapping table is missing");
        var rows = readme.Skip(header + 2).TakeWhile(l => l.StartsWith('|')).ToDictionary(
            l => l.Split('|')[1].Trim(),
            l => l.Split('|')[2..6].SelectMany((cell, sev) => Regex.Matches(cell, "`([^`]+)`").Select(m => (Word: m.Groups[1].Value, Severity: (AlertSeverity)(sev + 1)))).ToList());
        var defaults = new AlertSeverityMaps();

        Assert.Equal(4, rows.Count);
        AssertRow(defaults.AzureMonitor, rows["Azure Monitor (`severity`)"]);
        AssertRow(defaults.Alertmanager, rows["Alertmanager, Grafana (label `severity`, `Alerts__SeverityLabel`)"]);
        AssertRow(defaults.Grafana, rows["Alertmanager, Grafana (label `severity`, `Alerts__SeverityLabel`)"]);
        AssertRow(defaults.Generic, rows["Generic JSON, PagerDuty (`severity`)"]);
        AssertRow(defaults.PagerDuty, rows["Generic JSON, PagerDuty (`severity`)"]);
        AssertRow(defaults.Datadog, rows["Datadog (`priority`; a warning as `warning` or its priority, whichever is less urgent)"]);
        Assert.Equal((AlertSeverity.Sev3, AlertSeverity.Sev3), (defaults.Alertmanager.Missing, defaults.Alertmanager.Unrecognised));

        static void AssertRow(SeverityMap map, List<(string Word, AlertSeverity Severity)> row) =>
            Assert.Equal(
                map.Values.Select(v => $"{v.Key}={v.Value}").Order(StringComparer.Ordinal),
                row.Select(r => $"{r.Word}={r.Severity}").Order(StringComparer.Ordinal));
    }
}
