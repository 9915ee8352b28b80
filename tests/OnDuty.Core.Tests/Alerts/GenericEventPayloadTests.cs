using System.Text.Json.Nodes;
using OnDuty.Core.Alerts;
using static OnDuty.Core.Tests.Alerts.AlertSamples;

namespace OnDuty.Core.Tests.Alerts;

public sealed class GenericEventPayloadTests
{
    private const string Trigger = "generic-trigger.json";
    private const string Resolve = "generic-resolve.json";

    [Fact]
    public void Parse_TriggerSample_MapsEvent()
    {
        var n = ParseSample(Trigger);

        Assert.Equal(AlertSource.Generic, n.Source);
        Assert.Equal("checkout-latency-prod-web-03", n.GroupKey);
        Assert.Equal(AlertStatus.Firing, n.Status);
        Assert.Equal("Checkout API p99 latency above 2s on prod-web-03", n.Title);
        Assert.Equal(AlertSeverity.Sev2, n.Severity);
        var alert = Assert.Single(n.Alerts);
        Assert.Equal("checkout-latency-prod-web-03", alert.DedupKey);
        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal("prod-web-03.example.com", alert.AffectedResource);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 15, 30, TimeSpan.FromHours(9)), alert.StartsAt);
        Assert.Null(alert.EndsAt);
        Assert.Equal("checkout-api", alert.Labels["component"]);
        Assert.Equal("prod-web", alert.Labels["group"]);
        Assert.Equal("latency", alert.Labels["class"]);
        Assert.Equal("2350", alert.Labels["p99_ms"]);
        Assert.Equal("false", alert.Labels["canary"]);
        Assert.Equal("[\"prod-web-03\",\"prod-web-04\"]", alert.Labels["hosts"]);
        Assert.Equal(
            [
                ("https://grafana.example.com/d/checkout?orgId=1", "Checkout dashboard"),
                ("https://wiki.example.com/runbooks/checkout-latency", null),
            ],
            alert.Links.Select(l => (l.Href.OriginalString, l.Text)));
    }

    [Fact]
    public void Parse_ResolveSample_IsResolvedWithEndTime()
    {
        var n = ParseSample(Resolve);

        Assert.Equal(AlertStatus.Resolved, n.Status);
        Assert.Equal("checkout-latency-prod-web-03", n.GroupKey);
        Assert.Equal("Resolved: checkout-latency-prod-web-03", n.Title);
        Assert.Equal(AlertSeverity.Sev3, n.Severity);
        var alert = Assert.Single(n.Alerts);
        Assert.Equal(AlertStatus.Resolved, alert.Status);
        Assert.Null(alert.StartsAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 41, 2, TimeSpan.Zero), alert.EndsAt);
    }

    [Theory]
    [InlineData("critical", AlertSeverity.Sev1)]
    [InlineData("error", AlertSeverity.Sev2)]
    [InlineData("warning", AlertSeverity.Sev3)]
    [InlineData("info", AlertSeverity.Sev4)]
    public void Parse_Severity_MapsToDefault(string severity, AlertSeverity expected)
    {
        var n = ParseOk(AlertSources.Generic, Mutate(Trigger, r => r["severity"] = severity));

        Assert.Equal(expected, n.Severity);
    }

    [Fact]
    public void Parse_ConfiguredSeverityMap_IsUsed()
    {
        var options = new AlertParserOptions();
        options.Severity.Generic.Values["error"] = AlertSeverity.Sev1;

        Assert.Equal(AlertSeverity.Sev1, ParseSample(Trigger, options).Severity);
    }

    [Theory]
    [InlineData("summary")]
    [InlineData("severity")]
    [InlineData("source")]
    [InlineData("dedup_key")]
    [InlineData("event_action")]
    public void Parse_TriggerMissingRequired_NamesIt(string field)
    {
        var errors = ParseErrors(AlertSources.Generic, Mutate(Trigger, r => r.Remove(field)));

        Assert.Contains($"$.{field}: required field is missing", errors);
    }

    [Fact]
    public void Parse_ResolveWithoutDedupKey_NamesIt()
    {
        var errors = ParseErrors(AlertSources.Generic, Mutate(Resolve, r => r.Remove("dedup_key")));

        Assert.Equal(["$.dedup_key: required field is missing"], errors);
    }

    [Theory]
    [InlineData("acknowledge")]
    [InlineData("Trigger")]
    public void Parse_UnknownAction_NamesAllowedValues(string action)
    {
        var errors = ParseErrors(AlertSources.Generic, Mutate(Trigger, r => r["event_action"] = action));

        Assert.Equal([$"$.event_action: expected 'trigger' or 'resolve', got '{action}'"], errors);
    }

    [Fact]
    public void Parse_UnknownSeverity_NamesAllowedValues()
    {
        var errors = ParseErrors(AlertSources.Generic, Mutate(Trigger, r => r["severity"] = "fatal"));

        Assert.Equal(["$.severity: expected 'critical', 'error', 'warning' or 'info', got 'fatal'"], errors);
    }

    [Fact]
    public void Parse_DedupKeyTooLong_Fails()
    {
        var errors = ParseErrors(AlertSources.Generic, Mutate(Trigger, r => r["dedup_key"] = new string('k', 256)));

        Assert.Equal(["$.dedup_key: must be at most 255 characters, got 256"], errors);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("/relative/path")]
    [InlineData("ftp://example.com/file")]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_LinkNotHttp_DroppedAndNotedTheAlertStillParses(string href)
    {
        var n = ParseOk(AlertSources.Generic, Mutate(Trigger, r => r["links"]![0]!["href"] = href));

        Assert.Equal(AlertSeverity.Sev2, n.Severity);
        var alert = Assert.Single(n.Alerts);
        Assert.Equal(["https://wiki.example.com/runbooks/checkout-latency"], alert.Links.Select(l => l.Href.OriginalString));
        var note = Assert.Single(n.Notes);
        Assert.StartsWith("$.links[0].href: dropped an entry that is not an absolute http(s) URL", note, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TrialBodyWithAJavascriptLinkAmongTwo_KeepsTheGoodOne()
    {
        const string body = """
            {"event_action":"trigger","dedup_key":"nightly-export-failed-20261202","summary":"夜間エクスポートが失敗しました（exit 137）","severity":"warning",
             "source":"batch-01.example.com","timestamp":"2026-12-02T20:30:00+09:00","component":"export",
             "links":[{"href":"https://ci.example.com/job/42","text":"ジョブログ"},{"href":"javascript:alert(1)","text":"bad"}],
             "custom_details":{"exit_code":137,"note":"<b>OOM</b>"}}
            """;

        var n = ParseOk(AlertSources.Generic, body);

        Assert.Equal(AlertStatus.Firing, n.Status);
        Assert.Equal([("https://ci.example.com/job/42", "ジョブログ")], n.Alerts[0].Links.Select(l => (l.Href.OriginalString, l.Text)));
        Assert.Equal(["$.links[1].href: dropped an entry that is not an absolute http(s) URL: got 'javascript:alert(1)'"], n.Notes);
    }

    [Fact]
    public void Parse_LinkWithoutHrefOrNotAnObject_DroppedAndNoted()
    {
        var n = ParseOk(AlertSources.Generic, Mutate(Trigger, r => r["links"] = Array(Json("""{"text":"no href"}"""), Json("42"), Json("""{"href":"https://ok.example.com/","text":7}"""))));

        Assert.Equal([("https://ok.example.com/", (string?)null)], n.Alerts[0].Links.Select(l => (l.Href.OriginalString, l.Text)));
        Assert.Equal(
            [
                "$.links[0].href: dropped an entry without a URL: got nothing",
                "$.links[1]: dropped an entry that is not an object: got number 42",
                "$.links[2].text: kept the link without a text that is not a string: got number 7",
            ],
            n.Notes);
    }

    [Fact]
    public void Parse_LinksIsObject_DroppedAndNoted()
    {
        var n = ParseOk(AlertSources.Generic, Mutate(Trigger, r => r["links"] = new JsonObject()));

        Assert.Empty(n.Alerts[0].Links);
        Assert.Equal(["$.links: dropped links that are not an array: got an object"], n.Notes);
    }

    [Fact]
    public void Parse_BadLinkButNoSeverity_StillRefused()
    {
        var errors = ParseErrors(AlertSources.Generic, Mutate(Trigger, r => { r.Remove("severity"); r["links"]![0]!["href"] = "/relative"; }));

        Assert.Equal(["$.severity: required field is missing"], errors);
    }

    [Fact]
    public void Parse_TimestampWithoutOffset_NamesIt()
    {
        var errors = ParseErrors(AlertSources.Generic, Mutate(Trigger, r => r["timestamp"] = "2026-03-02T08:15:30"));

        Assert.StartsWith("$.timestamp: expected an RFC 3339 timestamp", Assert.Single(errors));
    }

    [Fact]
    public void Parse_CustomDetailsIsString_NamesIt()
    {
        var errors = ParseErrors(AlertSources.Generic, Mutate(Trigger, r => r["custom_details"] = "p99=2350"));

        Assert.Equal(["$.custom_details: expected an object, got 'p99=2350'"], errors);
    }
}
