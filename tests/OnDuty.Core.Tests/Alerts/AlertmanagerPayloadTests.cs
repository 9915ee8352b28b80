using System.Text.Json.Nodes;
using OnDuty.Core.Alerts;
using static OnDuty.Core.Tests.Alerts.AlertSamples;

namespace OnDuty.Core.Tests.Alerts;

public sealed class AlertmanagerPayloadTests
{
    private const string Firing = "alertmanager-firing.json";
    private const string Resolved = "alertmanager-resolved.json";

    private static string WithAlert(string sample, Action<JsonObject> change) =>
        Mutate(sample, root => change(root["alerts"]![0]!.AsObject()));

    [Fact]
    public void Parse_40000CharacterGroupKey_KeptAsItsBeginningAndAHashOfTheWhole()
    {
        var labels = string.Concat(Enumerable.Range(0, 2000).Select(i => $"l{i:D4}=\"v{i:D10}\","));
        var key = "{}:{" + labels + "}";
        var other = "{}:{" + labels + "x}";
        Assert.True(key.Length > 40_000);

        var n = ParseOk("alertmanager", Mutate(Firing, root => root["groupKey"] = key));
        var m = ParseOk("alertmanager", Mutate(Firing, root => root["groupKey"] = other));

        Assert.True(n.GroupKey.Length <= AlertNotification.MaxGroupKeyLength, n.GroupKey);
        Assert.StartsWith(key[..200], n.GroupKey, StringComparison.Ordinal);
        Assert.NotEqual(n.GroupKey, m.GroupKey);
        Assert.Equal(n.GroupKey, ParseOk("alertmanager", Mutate(Firing, root => root["groupKey"] = key)).GroupKey);
    }

    [Fact]
    public void Parse_FiringSample_MapsGroupAndAlert()
    {
        var n = ParseSample(Firing);

        Assert.Equal(AlertSource.Alertmanager, n.Source);
        Assert.Equal("{}/{severity=\"critical\"}:{alertname=\"ProbeFailure\"}", n.GroupKey);
        Assert.Equal(AlertStatus.Firing, n.Status);
        Assert.Equal("BlackBox Probe Failure: https://server.example.org", n.Title);
        Assert.Equal(AlertSeverity.Sev1, n.Severity);
        Assert.Equal(0, n.TruncatedAlerts);
        Assert.Empty(n.Notes);

        var alert = Assert.Single(n.Alerts);
        Assert.Equal("1a30ba71cca2921f", alert.DedupKey);
        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal(AlertSeverity.Sev1, alert.Severity);
        Assert.Equal("BlackBox Probe Failure: https://server.example.org", alert.Summary);
        Assert.Equal("Instance https://server.example.org has been down for over 5m. Job: http_checks", alert.Description);
        Assert.Equal(new DateTimeOffset(2023, 2, 6, 13, 8, 45, 828, TimeSpan.Zero), alert.StartsAt);
        Assert.Null(alert.EndsAt);
        Assert.Equal("http_checks", alert.Labels["job"]);
        Assert.Equal("critical", alert.Labels["severity"]);
        Assert.Equal("https://server.example.org", alert.AffectedResource);
        Assert.Equal(
            [
                (AlertLinkKinds.Generator, "http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0&g0.tab=1"),
                (AlertLinkKinds.Silence, "http://prometheus.example.org:9093/#/silences/new?filter=" + ProbeFailureMatchers),
            ],
            alert.Links.Select(l => (l.Kind, l.Href.OriginalString)));
    }

    /// <summary>The sample alert's labels as Alertmanager's UI writes them in its silence form's filter, percent-encoded.</summary>
    private const string ProbeFailureMatchers =
        "%7Balertname%3D%22ProbeFailure%22%2C%20instance%3D%22https%3A%2F%2Fserver.example.org%22%2C%20job%3D%22http_checks%22%2C%20monitor%3D%22master%22%2C%20severity%3D%22critical%22%7D";

    [Fact]
    public void Parse_AlertWithJapaneseAndQuotedLabelValues_SilenceLinkEncodesThemAsTheUiDoes()
    {
        // externalURL under a route prefix with a trailing slash (--web.external-url=https://am.example.jp/alertmanager/).
        var json = Mutate(Firing, root =>
        {
            root["externalURL"] = "https://am.example.jp/alertmanager/";
            root["alerts"]![0]!["labels"] = new JsonObject { ["note"] = "say \"hi\"", ["alertname"] = "決済APIエラー" };
        });

        var silence = Assert.Single(ParseOk(AlertSources.Alertmanager, json).Alerts[0].Links, l => l.Kind == AlertLinkKinds.Silence);

        Assert.Equal(
            "https://am.example.jp/alertmanager/#/silences/new?filter=%7Balertname%3D%22%E6%B1%BA%E6%B8%88API%E3%82%A8%E3%83%A9%E3%83%BC%22%2C%20note%3D%22say%20%5C%22hi%5C%22%22%7D",
            silence.Href.AbsoluteUri);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("am.example.jp:9093")]
    public void Parse_NoUsableExternalUrl_NoSilenceLink(string? externalUrl)
    {
        var json = Mutate(Firing, root => root["externalURL"] = externalUrl);

        Assert.DoesNotContain(ParseOk(AlertSources.Alertmanager, json).Alerts[0].Links, l => l.Kind == AlertLinkKinds.Silence);
    }

    [Fact]
    public void Parse_LabelNameTheFilterCannotSay_NoSilenceLink()
    {
        // UTF-8 label names (Alertmanager 0.28+) may hold a space or a comma: a filter without that matcher would silence more.
        var json = WithAlert(Firing, a => a["labels"]!["team name"] = "payments");

        Assert.DoesNotContain(ParseOk(AlertSources.Alertmanager, json).Alerts[0].Links, l => l.Kind == AlertLinkKinds.Silence);
    }

    [Fact]
    public void Parse_ResolvedSample_IsResolvedWithEndTime()
    {
        var n = ParseSample(Resolved);

        Assert.Equal(AlertStatus.Resolved, n.Status);
        var alert = Assert.Single(n.Alerts);
        Assert.Equal(AlertStatus.Resolved, alert.Status);
        Assert.Equal("1a30ba71cca2921f", alert.DedupKey);
        Assert.Equal(new DateTimeOffset(2023, 2, 6, 13, 23, 45, 828, TimeSpan.Zero), alert.EndsAt);
    }

    [Fact]
    public void Parse_FiringAlertWithPastEndsAt_StaysFiring()
    {
        // Alertmanager sets endsAt on firing alerts (now + resolve_timeout); a delayed delivery makes it look past.
        var json = WithAlert(Firing, a => a["endsAt"] = "2023-02-06T13:13:45.828Z");

        var alert = Assert.Single(ParseOk(AlertSources.Alertmanager, json).Alerts);

        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal(new DateTimeOffset(2023, 2, 6, 13, 13, 45, 828, TimeSpan.Zero), alert.EndsAt);
    }

    [Fact]
    public void Parse_ResolvedAlertWithZeroEndsAt_StaysResolvedWithNullEnd()
    {
        var json = WithAlert(Resolved, a => a["endsAt"] = "0001-01-01T00:00:00Z");

        var alert = Assert.Single(ParseOk(AlertSources.Alertmanager, json).Alerts);

        Assert.Equal(AlertStatus.Resolved, alert.Status);
        Assert.Null(alert.EndsAt);
    }

    [Fact]
    public void Parse_NanosecondTimestamp_Parses()
    {
        var json = WithAlert(Firing, a => a["startsAt"] = "2018-08-03T09:52:26.739266876+02:00");

        var alert = Assert.Single(ParseOk(AlertSources.Alertmanager, json).Alerts);

        // .NET keeps 7 fractional digits; Go sends up to 9.
        Assert.Equal(new DateTimeOffset(2018, 8, 3, 9, 52, 26, TimeSpan.FromHours(2)).AddTicks(7_392_668), alert.StartsAt);
        Assert.Equal(TimeSpan.FromHours(2), alert.StartsAt!.Value.Offset);
    }

    [Fact]
    public void Parse_MixedStatuses_EachAlertKeepsItsOwn()
    {
        var json = Mutate(Firing, root =>
        {
            var second = root["alerts"]![0]!.DeepClone().AsObject();
            second["status"] = "resolved";
            second["fingerprint"] = "ffff000011112222";
            second["labels"]!["severity"] = "warning";
            root["alerts"]!.AsArray().Add(second);
        });

        var n = ParseOk(AlertSources.Alertmanager, json);

        Assert.Equal(AlertStatus.Firing, n.Status);
        Assert.Equal([AlertStatus.Firing, AlertStatus.Resolved], n.Alerts.Select(a => a.Status));
        Assert.Equal(["1a30ba71cca2921f", "ffff000011112222"], n.Alerts.Select(a => a.DedupKey));
        Assert.Equal(AlertSeverity.Sev1, n.Severity);
    }

    [Fact]
    public void Parse_GrafanaBody_FailsOnVersionWithHint()
    {
        var errors = ParseErrors(AlertSources.Alertmanager, Read("grafana-firing.json"));

        var error = Assert.Single(errors);
        Assert.StartsWith("$.version: expected '4', got '1'", error);
        Assert.Contains("/api/alerts/grafana", error);
    }

    [Theory]
    [InlineData("3")]
    [InlineData("5")]
    public void Parse_OtherPayloadVersion_Fails(string version)
    {
        var errors = ParseErrors(AlertSources.Alertmanager, Mutate(Firing, r => r["version"] = version));

        Assert.Equal([$"$.version: expected '4', got '{version}'"], errors);
    }

    [Fact]
    public void Parse_BogusAlertStatus_NamesFieldAndAllowedValues()
    {
        var errors = ParseErrors(AlertSources.Alertmanager, WithAlert(Firing, a => a["status"] = "bogus"));

        Assert.Equal(["$.alerts[0].status: expected 'firing' or 'resolved', got 'bogus'"], errors);
    }

    [Fact]
    public void Parse_GroupStatusIsNumber_NamesField()
    {
        var errors = ParseErrors(AlertSources.Alertmanager, Mutate(Firing, r => r["status"] = 5));

        Assert.Equal(["$.status: expected a string, got number 5"], errors);
    }

    [Fact]
    public void Parse_AlertsIsObject_NamesField()
    {
        var errors = ParseErrors(AlertSources.Alertmanager, Mutate(Firing, r => r["alerts"] = new JsonObject()));

        Assert.Equal(["$.alerts: expected an array, got an object"], errors);
    }

    [Fact]
    public void Parse_LabelValueNotString_NamesLabel()
    {
        var errors = ParseErrors(AlertSources.Alertmanager, WithAlert(Firing, a => a["labels"]!["job"] = 3));

        Assert.Equal(["$.alerts[0].labels.job: expected a string, got number 3"], errors);
    }

    [Fact]
    public void Parse_LabelNameWithSpace_QuotesItInPath()
    {
        var errors = ParseErrors(AlertSources.Alertmanager, WithAlert(Firing, a => a["labels"]!["my label"] = true));

        Assert.Equal(["$.alerts[0].labels['my label']: expected a string, got true"], errors);
    }

    [Fact]
    public void Parse_AlertIsNotObject_NamesIndex()
    {
        var errors = ParseErrors(AlertSources.Alertmanager, Mutate(Firing, r => r["alerts"]!.AsArray().Add("x")));

        Assert.Equal(["$.alerts[1]: expected an object, got 'x'"], errors);
    }

    [Theory]
    [InlineData("version")]
    [InlineData("status")]
    [InlineData("alerts")]
    public void Parse_MissingGroupField_NamesIt(string field)
    {
        var errors = ParseErrors(AlertSources.Alertmanager, Mutate(Firing, r => r.Remove(field)));

        Assert.Equal([$"$.{field}: required field is missing"], errors);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("labels")]
    [InlineData("startsAt")]
    public void Parse_MissingAlertField_NamesIt(string field)
    {
        var errors = ParseErrors(AlertSources.Alertmanager, WithAlert(Firing, a => a.Remove(field)));

        Assert.Equal([$"$.alerts[0].{field}: required field is missing"], errors);
    }

    [Fact]
    public void Parse_EmptyGroupKey_Fails()
    {
        var errors = ParseErrors(AlertSources.Alertmanager, Mutate(Firing, r => r["groupKey"] = " "));

        Assert.Equal(["$.groupKey: must not be empty"], errors);
    }

    [Fact]
    public void Parse_NoAlerts_Fails()
    {
        var errors = ParseErrors(AlertSources.Alertmanager, Mutate(Firing, r => r["alerts"] = new JsonArray()));

        Assert.Equal(["$.alerts: expected at least one alert"], errors);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2023-02-06")]
    [InlineData("2023-02-06T13:08:45")]
    [InlineData("2023-02-30T13:08:45Z")]
    public void Parse_BadTimestamp_NamesField(string startsAt)
    {
        var errors = ParseErrors(AlertSources.Alertmanager, WithAlert(Firing, a => a["startsAt"] = startsAt));

        Assert.StartsWith("$.alerts[0].startsAt: expected an RFC 3339 timestamp", Assert.Single(errors));
    }

    [Fact]
    public void Parse_NegativeTruncatedAlerts_Fails()
    {
        var errors = ParseErrors(AlertSources.Alertmanager, Mutate(Firing, r => r["truncatedAlerts"] = -1));

        Assert.StartsWith("$.truncatedAlerts:", Assert.Single(errors));
    }

    [Fact]
    public void Parse_TruncatedAlerts_IsReported()
    {
        var n = ParseOk(AlertSources.Alertmanager, Mutate(Firing, r => r["truncatedAlerts"] = 7));

        Assert.Equal(7, n.TruncatedAlerts);
        Assert.Equal("$.truncatedAlerts: 7 alerts not listed (max_alerts or the limit per notification); the incident stays open until the group's status is resolved with every alert listed", n.Notes[0]);
    }

    /// <summary>Alertmanager says the group still fires while every alert it listed resolved: the sender is told the incident stays open.</summary>
    [Fact]
    public void Parse_GroupFiringWithEveryListedAlertResolved_SaysTheIncidentStaysOpen()
    {
        var n = ParseOk(AlertSources.Alertmanager, Mutate(Resolved, r => r["status"] = "firing"));

        Assert.Equal(AlertStatus.Firing, n.Status);
        Assert.All(n.Alerts, a => Assert.Equal(AlertStatus.Resolved, a.Status));
        Assert.StartsWith("$.status: the group is firing, but every listed alert is resolved", n.Notes[0], StringComparison.Ordinal);
        Assert.Empty(ParseSample(Resolved).Notes);
    }

    [Fact]
    public void Parse_NullOptionalMapsAndUnknownFields_AreAccepted()
    {
        var json = Mutate(Firing, r =>
        {
            r["commonAnnotations"] = null;
            r["groupLabels"] = null;
            r["someFutureField"] = new JsonObject { ["nested"] = new JsonArray(1, 2, 3) };
            r["alerts"]![0]!["annotations"] = null;
            r["alerts"]![0]!["anotherNewField"] = 42;
        });

        var n = ParseOk(AlertSources.Alertmanager, json);

        Assert.Equal("ProbeFailure", n.Title);
        Assert.Equal("ProbeFailure", n.Alerts[0].Summary);
        Assert.Null(n.Alerts[0].Description);
    }

    [Theory]
    [InlineData("critical", AlertSeverity.Sev1)]
    [InlineData("error", AlertSeverity.Sev2)]
    [InlineData("high", AlertSeverity.Sev2)]
    [InlineData("page", AlertSeverity.Sev2)]
    [InlineData("warning", AlertSeverity.Sev3)]
    [InlineData("WARNING", AlertSeverity.Sev3)]
    [InlineData("info", AlertSeverity.Sev4)]
    [InlineData("low", AlertSeverity.Sev4)]
    [InlineData(null, AlertSeverity.Sev3)]
    public void Parse_SeverityLabel_MapsToDefault(string? label, AlertSeverity expected)
    {
        var json = WithAlert(Firing, a =>
        {
            var labels = a["labels"]!.AsObject();
            labels.Remove("severity");
            if (label is not null)
            {
                labels["severity"] = label;
            }
        });

        var n = ParseOk(AlertSources.Alertmanager, json);

        Assert.Equal(expected, n.Severity);
        Assert.Empty(n.Notes);
    }

    [Fact]
    public void Parse_UnrecognisedSeverityLabel_UsesFallbackAndNotes()
    {
        var n = ParseOk(AlertSources.Alertmanager, WithAlert(Firing, a => a["labels"]!["severity"] = "urgent"));

        Assert.Equal(AlertSeverity.Sev3, n.Severity);
        Assert.Contains(n.Notes, note => note.StartsWith("$.alerts[0].labels.severity: unrecognised severity 'urgent'", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ConfiguredSeverityMapAndLabel_AreUsed()
    {
        var options = new AlertParserOptions { SeverityLabel = "priority" };
        options.Severity.Alertmanager.Values["P1"] = AlertSeverity.Sev1;
        options.Severity.Alertmanager.Values["critical"] = AlertSeverity.Sev2;
        options.Severity.Alertmanager.Missing = AlertSeverity.Sev4;

        var withPriority = ParseOk(AlertSources.Alertmanager, WithAlert(Firing, a => a["labels"]!["priority"] = "p1"), options);
        var withoutPriority = ParseOk(AlertSources.Alertmanager, Read(Firing), options);

        Assert.Equal(AlertSeverity.Sev1, withPriority.Severity);
        Assert.Equal(AlertSeverity.Sev4, withoutPriority.Severity);
    }

    [Fact]
    public void Parse_SeverityOverrideForAlertmanager_DoesNotChangeGrafana()
    {
        var options = new AlertParserOptions();
        options.Severity.Alertmanager.Values["warning"] = AlertSeverity.Sev1;

        var grafana = ParseSample("grafana-resolved.json", options);

        Assert.Equal(AlertSeverity.Sev3, grafana.Severity);
    }

    [Fact]
    public void Parse_JavascriptGeneratorUrl_IsDroppedWithNote()
    {
        var n = ParseOk(AlertSources.Alertmanager, WithAlert(Firing, a => a["generatorURL"] = "javascript:alert(1)"));

        Assert.DoesNotContain(n.Alerts[0].Links, l => l.Kind == AlertLinkKinds.Generator);
        Assert.Contains(n.Notes, note => note.StartsWith("$.alerts[0].generatorURL:", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_Alertmanager015WithoutFingerprint_FingerprintFromTheSortedLabels()
    {
        var n = ParseSample("alertmanager-0.15-firing.json");

        Assert.Equal("{}:{alertname=\"InstanceDown\"}", n.GroupKey);
        var alert = Assert.Single(n.Alerts);
        Assert.Equal(LabelFingerprint.Of(new Dictionary<string, string>
        {
            ["severity"] = "critical", ["job"] = "node", ["instance"] = "db-01:9100", ["alertname"] = "InstanceDown",
        }), alert.DedupKey);
        Assert.Equal(AlertSeverity.Sev1, alert.Severity);
        Assert.Equal("db-01:9100 of job node has been down for more than 5 minutes.", alert.Description);
        Assert.Contains(alert.Links, l => l.Kind == AlertLinkKinds.Generator);
    }

    [Fact]
    public void Parse_Alertmanager05WithoutGroupKey_GroupFromReceiverAndGroupLabels()
    {
        var n = ParseSample("alertmanager-0.5-firing.json");

        Assert.Equal("team-pm:{alertname=\"InstanceDown\"}", n.GroupKey);
        Assert.Equal(0, n.TruncatedAlerts);
        Assert.Matches("^[0-9a-f]{16}$", Assert.Single(n.Alerts).DedupKey);
    }

    [Fact]
    public void Parse_SameAlertWithAndWithoutGroupKeyEraFields_DifferentGroupsSameAlertIdentity()
    {
        var old = ParseSample("alertmanager-0.5-firing.json");
        var again = ParseSample("alertmanager-0.5-firing.json");

        Assert.Equal(old.GroupKey, again.GroupKey);
        Assert.Equal(old.Alerts[0].DedupKey, again.Alerts[0].DedupKey);
    }
}
