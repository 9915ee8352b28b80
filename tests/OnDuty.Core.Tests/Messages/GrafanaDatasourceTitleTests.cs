using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Alerts;
using OnDuty.Messages;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// Session 63, a Grafana engineer's walk: a rule whose data source returned nothing fired as Grafana's DatasourceNoData and the page
/// read 「決済APIのエラー率が上昇しています」 (the rule's summary) — the payment API looked broken when only its monitoring was. The intake
/// titles it in a stored form (<c>No data from the data source: …</c>) that every reader reads in their language, as a heartbeat's.
/// </summary>
public sealed class GrafanaDatasourceTitleTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 3, 10, 0, TimeSpan.FromHours(9));

    [Theory]
    [InlineData("grafana-datasource-nodata.json", "データソースにデータがありません：決済APIのエラー率", "No data from the data source: 決済APIのエラー率")]
    [InlineData("grafana-datasource-error.json", "データソースのエラー：決済APIのエラー率", "Data source error: 決済APIのエラー率")]
    public void IncidentTitle_OfADatasourceAlert_SaysWhatHappenedInTheReadersLanguage(string sample, string ja, string en)
    {
        var n = AlertSamples.ParseSample(sample);
        var incident = Incident.Open("INC-2026-0063", new NewIncident { Title = n.Title, Severity = n.Severity, Source = "grafana", GroupKey = n.GroupKey }, [], "alert:grafana", At);

        Assert.Equal(ja, NoticeRenderer.IncidentTitle(incident, Phrases.For(Language.Ja)));
        Assert.Equal(en, NoticeRenderer.IncidentTitle(incident, Phrases.For(Language.En)));
        Assert.Equal(ja, TimelineText.AlertSummary(n.Alerts[0].Summary, Phrases.For(Language.Ja)));
    }

    /// <summary>
    /// The incident's 「アラート発生」 row (and its fired-again, resolved and repeated rows) keeps the alert's summary as stored, the English
    /// form: it reads as the page's title does, in the reader's language.
    /// </summary>
    [Theory]
    [InlineData(TimelineKind.AlertFired, "", "データソースにデータがありません：決済APIのエラー率")]
    [InlineData(TimelineKind.AlertResolved, "", "データソースにデータがありません：決済APIのエラー率")]
    [InlineData(TimelineKind.AlertRepeated, "", "データソースにデータがありません：決済APIのエラー率")]
    [InlineData(TimelineKind.AlertFired, TimelineTexts.FiredAgainPrefix, "データソースにデータがありません：決済APIのエラー率")]
    public void AlertRows_OfANoDataAlert_ReadAsThePageTitle(TimelineKind kind, string prefix, string ja)
    {
        var n = AlertSamples.ParseSample("grafana-datasource-nodata.json");
        var stored = prefix + n.Alerts[0].Summary;
        Assert.Equal("No data from the data source: 決済APIのエラー率", n.Alerts[0].Summary);

        var jaRow = TimelineText.Row(kind, stored, Phrases.For(Language.Ja));
        var enRow = TimelineText.Row(kind, stored, Phrases.For(Language.En));

        Assert.Contains(ja, jaRow, StringComparison.Ordinal);
        Assert.DoesNotContain("No data", jaRow, StringComparison.Ordinal);
        Assert.Contains("No data from the data source: 決済APIのエラー率", enRow, StringComparison.Ordinal);
        Assert.Equal("決済APIのエラー率が上昇しています", TimelineText.Row(kind, "決済APIのエラー率が上昇しています", Phrases.For(Language.Ja)));
    }

    /// <summary>The stored form is the English resource's: a change to either would leave Japanese readers the English title.</summary>
    [Fact]
    public void StoredForms_AreTheEnglishResources()
    {
        Assert.Equal(GrafanaDatasourceAlert.NoDataTitle, Phrases.For(Language.En)["Alert.Title.NoData"]);
        Assert.Equal(GrafanaDatasourceAlert.ErrorTitle, Phrases.For(Language.En)["Alert.Title.DatasourceError"]);
    }

    /// <summary>Any other alert's summary and title read as the tool or the team wrote them.</summary>
    [Fact]
    public void IncidentTitle_OfAnotherAlert_AsWritten()
    {
        Assert.Equal("決済APIのエラー率が上昇しています", TimelineText.AlertSummary("決済APIのエラー率が上昇しています", Phrases.For(Language.Ja)));
        Assert.Equal("Data source: prometheus-01 down", NoticeRenderer.IncidentTitle("Data source: prometheus-01 down", Phrases.For(Language.Ja)));
    }
}
