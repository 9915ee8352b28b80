using OnDuty.Core.Alerts;
using static OnDuty.Core.Tests.Alerts.AlertSamples;

namespace OnDuty.Core.Tests.Alerts;

public sealed class GrafanaPayloadTests
{
    private const string Firing = "grafana-firing.json";
    private const string Resolved = "grafana-resolved.json";

    [Fact]
    public void Parse_FiringSample_MapsBothAlerts()
    {
        var n = ParseSample(Firing);

        Assert.Equal(AlertSource.Grafana, n.Source);
        Assert.Equal("org:1|{}:{}", n.GroupKey);
        Assert.Equal(AlertStatus.Firing, n.Status);
        // Grafana's "[FIRING:2]  (blue)": no group labels, so the title names its alerts (trial 50: the incident was titled "(blue)").
        Assert.Equal("High memory usage, High CPU usage (blue)", n.Title);
        Assert.Equal(AlertSeverity.Sev3, n.Severity);
        Assert.Equal(["c6eadffa33fcdf37", "bc97ff14869b13e3"], n.Alerts.Select(a => a.DedupKey));
        Assert.All(n.Alerts, a => Assert.Equal(AlertStatus.Firing, a.Status));
        Assert.All(n.Alerts, a => Assert.Null(a.EndsAt));
        Assert.Empty(n.Notes);

        var first = n.Alerts[0];
        Assert.Equal("This alert was triggered for zone us-1", first.Summary);
        Assert.Equal("The system has high memory usage", first.Description);
        Assert.Equal(new DateTimeOffset(2021, 10, 12, 9, 51, 3, TimeSpan.FromHours(2)).AddTicks(1_570_760), first.StartsAt);
        Assert.Equal("us-1", first.Labels["zone"]);
        Assert.Equal(
            [
                (AlertLinkKinds.Generator, "https://play.grafana.org/alerting/1afz29v7z/edit"),
                (AlertLinkKinds.Silence, "https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT2%2Cteam%3Dblue%2Czone%3Dus-1"),
                (AlertLinkKinds.Runbook, "https://myrunbook.com/runbook/1234"),
            ],
            first.Links.Select(l => (l.Kind, l.Href.OriginalString)));
    }

    /// <summary>
    /// Trial day 29, L1: the incident was titled 「[FIRING:1] ログイン失敗率 (auth)」, and the tag stayed in its subjects, calls and
    /// 障害報告書 after it recovered. The delivery's state tag is not part of the title, wherever the title comes from.
    /// </summary>
    [Theory]
    [InlineData("title", "[FIRING:1] ログイン失敗率 (auth)", "ログイン失敗率 (auth)")]
    [InlineData("title", "[RESOLVED] ログイン失敗率 (auth)", "ログイン失敗率 (auth)")]
    [InlineData("title", "[RESOLVED:3]   Disk full", "Disk full")]
    [InlineData("title", "[firing : 12] lower case", "lower case")]
    [InlineData("summary", "[FIRING:2] 決済 API の 5xx 増加", "決済 API の 5xx 増加")]
    [InlineData("title", "ログイン失敗率 [FIRING:1]", "ログイン失敗率 [FIRING:1]")] // only a leading tag
    [InlineData("title", "[Alerting] not Grafana's unified tag", "[Alerting] not Grafana's unified tag")]
    public void Parse_GrafanasStateTag_IsLeftOutOfTheTitle(string field, string given, string expected)
    {
        var json = Mutate(Firing, r =>
        {
            r["title"] = given;
            if (field == "summary")
            {
                r["commonAnnotations"] = new System.Text.Json.Nodes.JsonObject { ["summary"] = given };
            }
        });

        Assert.Equal(expected, ParseOk(AlertSources.Grafana, json).Title);
        if (field == "summary")
        {
            // An Alertmanager template's summary alike.
            var alertmanager = Mutate("alertmanager-firing.json", r => r["commonAnnotations"] = new System.Text.Json.Nodes.JsonObject { ["summary"] = given });
            Assert.Equal(expected, ParseOk(AlertSources.Alertmanager, alertmanager).Title);
        }
    }

    /// <summary>
    /// Trial 50: Grafana's documented example, a group with no group labels, opened 「【SEV3 障害】INC-… (blue)」. A title of nothing but
    /// the common labels in parentheses leads with the alerts' names (three at most); a title naming the group's values stays.
    /// </summary>
    [Theory]
    [InlineData("[FIRING:1]  (blue)", new[] { "High memory usage" }, "High memory usage (blue)")]
    [InlineData("[FIRING:4]  (blue us-1)", new[] { "A", "B", "A", "C", "D" }, "A, B, C, … (blue us-1)")]
    [InlineData("[FIRING:1] High memory usage (blue)", new[] { "Other" }, "High memory usage (blue)")]
    [InlineData("[FIRING:1] (blue) and more", new[] { "Other" }, "(blue) and more")]
    public void Parse_TitleOfOnlyTheCommonLabels_NamesTheAlerts(string title, string[] alertNames, string expected)
    {
        var json = Mutate(Firing, r =>
        {
            r["title"] = title;
            var template = r["alerts"]![0]!.DeepClone();
            var alerts = new System.Text.Json.Nodes.JsonArray();
            for (var i = 0; i < alertNames.Length; i++)
            {
                var alert = template.DeepClone();
                alert["labels"]!["alertname"] = alertNames[i];
                alert["fingerprint"] = $"f{i}";
                alerts.Add(alert);
            }

            r["alerts"] = alerts;
        });

        Assert.Equal(expected, ParseOk(AlertSources.Grafana, json).Title);
    }

    [Fact]
    public void Parse_NothingButTheStateTag_FallsBackToTheAlertsSummary()
    {
        var json = Mutate(Firing, r => r["title"] = "[FIRING:2]");

        Assert.Equal("This alert was triggered for zone us-1", ParseOk(AlertSources.Grafana, json).Title);
    }

    [Fact]
    public void Parse_ResolvedSample_IsResolvedWithDashboardLinks()
    {
        var n = ParseSample(Resolved);

        Assert.Equal(AlertStatus.Resolved, n.Status);
        Assert.Equal("This alert was triggered for zone us-1", n.Title);
        Assert.Equal(AlertSeverity.Sev3, n.Severity);
        var alert = Assert.Single(n.Alerts);
        Assert.Equal("c6eadffa33fcdf37", alert.DedupKey);
        Assert.Equal(AlertStatus.Resolved, alert.Status);
        Assert.Equal(new DateTimeOffset(2021, 10, 12, 10, 6, 3, TimeSpan.FromHours(2)).AddTicks(1_570_760), alert.EndsAt);
        Assert.Contains(alert.Links, l => l.Kind == AlertLinkKinds.Dashboard && l.Href.OriginalString == "https://play.grafana.org/d/000000012");
        Assert.Contains(alert.Links, l => l.Kind == AlertLinkKinds.Panel && l.Href.OriginalString == "https://play.grafana.org/d/000000012?viewPanel=2");
    }

    [Fact]
    public void Parse_StateSaysAlertingButStatusResolved_FollowsStatus()
    {
        var json = Mutate(Resolved, r => r["state"] = "alerting");

        var n = ParseOk(AlertSources.Grafana, json);

        Assert.Equal(AlertStatus.Resolved, n.Status);
        Assert.Equal(AlertStatus.Resolved, n.Alerts[0].Status);
    }

    [Fact]
    public void Parse_ResolvedAlertWithFutureLookingZeroEnd_FollowsStatus()
    {
        var json = Mutate(Resolved, r => r["alerts"]![0]!["endsAt"] = "0001-01-01T00:00:00Z");

        var alert = ParseOk(AlertSources.Grafana, json).Alerts[0];

        Assert.Equal(AlertStatus.Resolved, alert.Status);
        Assert.Null(alert.EndsAt);
    }

    [Fact]
    public void Parse_AlertmanagerBody_FailsOnOrgIdWithHint()
    {
        var errors = ParseErrors(AlertSources.Grafana, Read("alertmanager-firing.json"));

        var error = Assert.Single(errors);
        Assert.StartsWith("$.orgId: required field is missing", error);
        Assert.Contains("/api/alerts/alertmanager", error);
    }

    [Fact]
    public void Parse_OrgIdIsString_NamesField()
    {
        var errors = ParseErrors(AlertSources.Grafana, Mutate(Firing, r => r["orgId"] = "1"));

        Assert.Equal(["$.orgId: expected a number, got '1'"], errors);
    }

    [Fact]
    public void Parse_ValuesIsString_NamesField()
    {
        var errors = ParseErrors(AlertSources.Grafana, Mutate(Firing, r => r["alerts"]![1]!["values"] = "B=1"));

        Assert.Equal(["$.alerts[1].values: expected an object, got 'B=1'"], errors);
    }

    [Fact]
    public void Parse_SilenceUrlIsNumber_NamesField()
    {
        var errors = ParseErrors(AlertSources.Grafana, Mutate(Firing, r => r["alerts"]![0]!["silenceURL"] = 1));

        Assert.Equal(["$.alerts[0].silenceURL: expected a string, got number 1"], errors);
    }

    [Fact]
    public void Parse_SeverityLabels_UseGrafanaMap()
    {
        var options = new AlertParserOptions();
        options.Severity.Grafana.Values["warning"] = AlertSeverity.Sev2;
        var json = Mutate(Firing, r =>
        {
            r["alerts"]![0]!["labels"]!["severity"] = "warning";
            r["alerts"]![1]!["labels"]!["severity"] = "info";
        });

        var n = ParseOk(AlertSources.Grafana, json, options);

        Assert.Equal([AlertSeverity.Sev2, AlertSeverity.Sev4], n.Alerts.Select(a => a.Severity));
        Assert.Equal(AlertSeverity.Sev2, n.Severity);
    }

    [Fact]
    public void Parse_UnifiedAlertingOfGrafana8_WithoutOrgIdOrFingerprint_Parses()
    {
        var n = ParseSample("grafana-unified-v8.json");

        Assert.Equal("{}:{alertname=\"HighCPU\"}", n.GroupKey);
        var alert = Assert.Single(n.Alerts);
        Assert.Matches("^[0-9a-f]{16}$", alert.DedupKey);
        Assert.Equal(AlertSeverity.Sev1, alert.Severity);
        Assert.Equal("web-01:9100", alert.AffectedResource);
        Assert.Equal(
            [AlertLinkKinds.Generator, AlertLinkKinds.Silence, AlertLinkKinds.Runbook],
            alert.Links.Select(l => l.Kind));
    }

    [Fact]
    public void Parse_LegacyAlerting_OneAlertPerRuleWithPanelImageAndMessage()
    {
        var n = ParseSample("grafana-legacy-alerting.json");

        Assert.Equal(AlertSource.Grafana, n.Source);
        Assert.Equal("legacy:1:1:2:1", n.GroupKey);
        Assert.Equal(AlertStatus.Firing, n.Status);
        Assert.Equal("Panel Title alert", n.Title);
        var alert = Assert.Single(n.Alerts);
        Assert.Equal("legacy:1:1:2:1", alert.DedupKey);
        Assert.Equal("Notification Message", alert.Description);
        Assert.Equal("tag value", alert.Labels["tag name"]);
        Assert.Equal("1", alert.Labels["Count"]);
        Assert.Equal(
            [(AlertLinkKinds.Panel, "http://localhost:3000/d/hZ7BuVbWz/test-dashboard?fullscreen&edit&tab=alert&panelId=2&orgId=1"), (AlertLinkKinds.Image, "https://grafana.com/static/assets/img/blog/mixed_styles.png")],
            alert.Links.Select(l => (l.Kind, l.Href.OriginalString)));
    }

    [Fact]
    public void Parse_LegacyOk_ResolvesTheSameRule()
    {
        var firing = ParseSample("grafana-legacy-alerting.json");
        var ok = ParseSample("grafana-legacy-ok.json");

        Assert.Equal(AlertStatus.Resolved, ok.Status);
        Assert.Equal(firing.GroupKey, ok.GroupKey);
        Assert.Equal(firing.Alerts[0].DedupKey, ok.Alerts[0].DedupKey);
    }

    [Fact]
    public void Parse_LegacyOfGrafana5_WithoutOrgDashboardPanelOrTags_Parses()
    {
        var n = ParseSample("grafana-legacy-v5.json");

        Assert.Equal("legacy:1:0:0:7", n.GroupKey);
        Assert.Equal("97.5", n.Alerts[0].Labels["web-01.cpu"]);
        Assert.Equal("web-01.cpu", n.Alerts[0].AffectedResource);
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("firing")]
    public void Parse_LegacyStateThatIsNoNotification_NamesTheField(string state)
    {
        var errors = ParseErrors(AlertSources.Grafana, Mutate("grafana-legacy-alerting.json", r => r["state"] = state));

        Assert.Contains(errors, e => e.StartsWith("$.state: ", StringComparison.Ordinal));
    }

    /// <summary>
    /// The contact point's Test button sends Grafana's fixed test alert, with a group key new at every press: taken as an alert, each
    /// press opened an incident and paged the pair (【SEV3 障害】「Notification test」). It is the tool's test, named by its alert.
    /// </summary>
    [Fact]
    public void Parse_ContactPointTestButton_IsTheToolsTest()
    {
        var n = ParseSample("grafana-test-notification.json");

        Assert.Equal("TestAlert", n.ToolTest);
    }

    /// <summary>
    /// Short of the whole fixed alert it is a real alert and pages: a "Custom" test with a label or annotation of its own, a real rule
    /// named TestAlert (its generatorURL, ruleUID or grafana_folder), a second alert, a resolved one, another value string.
    /// </summary>
    [Theory]
    [InlineData("label", "severity", "critical")]
    [InlineData("label", "grafana_folder", "検証")]
    [InlineData("label", "instance", "web-01")]
    [InlineData("annotation", "description", "カスタムのテスト")]
    [InlineData("annotation", "summary", "決済APIのエラー率が上昇しています")]
    [InlineData("alert", "generatorURL", "https://grafana.example.jp/alerting/grafana/abc123/view?orgId=1")]
    [InlineData("alert", "ruleUID", "abc123")]
    [InlineData("alert", "valueString", "[ var='A' labels={} value=97 ]")]
    [InlineData("alert", "status", "resolved")]
    public void Parse_AlmostTheTestAlert_IsARealAlert(string where, string name, string value)
    {
        var json = Mutate("grafana-test-notification.json", root =>
        {
            var alert = root["alerts"]![0]!.AsObject();
            var target = where switch { "label" => alert["labels"]!.AsObject(), "annotation" => alert["annotations"]!.AsObject(), _ => alert };
            target[name] = value;
        });

        Assert.Null(ParseOk(AlertSources.Grafana, json).ToolTest);
    }

    [Fact]
    public void Parse_TestAlertBesideAnother_IsARealDelivery()
    {
        var json = Mutate("grafana-test-notification.json", root =>
            root["alerts"]!.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse(root["alerts"]![0]!.ToJsonString())));

        Assert.Null(ParseOk(AlertSources.Grafana, json).ToolTest);
    }

    [Theory]
    [InlineData(Firing)]
    [InlineData(Resolved)]
    [InlineData("grafana-unified-v8.json")]
    [InlineData("grafana-legacy-alerting.json")]
    [InlineData("grafana-datasource-nodata.json")]
    public void Parse_RealAlerts_AreNoToolTest(string sample)
    {
        Assert.Null(ParseSample(sample).ToolTest);
    }

    /// <summary>
    /// A rule whose query returned nothing fires as Grafana's DatasourceNoData with the rule's labels and annotations: its summary said
    /// the payment API's errors were rising when Grafana had no data at all. Titled for what happened and the rule, still at the rule's
    /// severity (the monitoring behind it is not working), its description the rule's.
    /// </summary>
    [Fact]
    public void Parse_DatasourceNoData_IsTitledForTheMissingData()
    {
        var n = ParseSample("grafana-datasource-nodata.json");

        Assert.Equal("No data from the data source: 決済APIのエラー率", n.Title);
        Assert.Equal("No data from the data source: 決済APIのエラー率", n.Alerts[0].Summary);
        Assert.Equal("決済APIの5xxが5分間で2%を超えています。", n.Alerts[0].Description);
        Assert.Equal(AlertSeverity.Sev1, n.Severity);
        Assert.Equal(AlertStatus.Firing, n.Status);
        Assert.Null(n.ToolTest);
    }

    /// <summary>A rule whose query failed fires as DatasourceError: titled so, said with the data source's error Grafana gave.</summary>
    [Fact]
    public void Parse_DatasourceError_IsTitledForTheErrorAndSaysIt()
    {
        var n = ParseSample("grafana-datasource-error.json");

        Assert.Equal("Data source error: 決済APIのエラー率", n.Title);
        Assert.StartsWith("[sse.dataQueryError] failed to execute query [A]", n.Alerts[0].Description);
        Assert.Equal("P1809F7CD0C75ACF3", n.Alerts[0].Labels["datasource_uid"]);
    }

    /// <summary>Grafana 8 named the rule in <c>original_alertname</c>; several rules' no-data alerts in one group are named together.</summary>
    [Fact]
    public void Parse_DatasourceNoData_OfSeveralRulesOrGrafana8_NamesTheRules()
    {
        var json = Mutate("grafana-datasource-nodata.json", root =>
        {
            var first = root["alerts"]![0]!.AsObject();
            var second = System.Text.Json.Nodes.JsonNode.Parse(first.ToJsonString())!.AsObject();
            first["labels"]!.AsObject().Remove("rulename");
            first["labels"]!["original_alertname"] = "CPU使用率";
            second["labels"]!["rulename"] = "メモリ使用率";
            second["fingerprint"] = "0b1c2d3e4f5a6b7c";
            root["alerts"]!.AsArray().Add(second);
            root["commonLabels"]!.AsObject().Remove("rulename");
            root["commonAnnotations"] = new System.Text.Json.Nodes.JsonObject();
        });

        var n = ParseOk(AlertSources.Grafana, json);

        Assert.Equal("No data from the data source: CPU使用率, メモリ使用率", n.Title);
        Assert.Equal(["No data from the data source: CPU使用率", "No data from the data source: メモリ使用率"], n.Alerts.Select(a => a.Summary));
    }

    /// <summary>An Alertmanager alert that happens to be named DatasourceNoData is the team's own: titled as it says.</summary>
    [Fact]
    public void Parse_AlertmanagerAlertNamedDatasourceNoData_KeepsItsSummary()
    {
        var json = Mutate("alertmanager-firing.json", root =>
        {
            foreach (var alert in root["alerts"]!.AsArray())
            {
                alert!["labels"]!["alertname"] = "DatasourceNoData";
            }
        });

        Assert.DoesNotContain("data source", ParseOk(AlertSources.Alertmanager, json).Title, StringComparison.OrdinalIgnoreCase);
    }
}
