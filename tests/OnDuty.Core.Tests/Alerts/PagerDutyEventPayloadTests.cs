using System.Text.Json.Nodes;
using OnDuty.Core.Alerts;
using static OnDuty.Core.Tests.Alerts.AlertSamples;

namespace OnDuty.Core.Tests.Alerts;

/// <summary>PagerDuty Events API v2 bodies, from the trigger example of PagerDuty's documentation on.</summary>
public sealed class PagerDutyEventPayloadTests
{
    private const string Trigger = "pagerduty-trigger.json";

    [Fact]
    public void Parse_TriggerSample_MapsPayloadLinksImagesAndClient()
    {
        var n = ParseSample(Trigger);

        Assert.Equal(AlertSource.PagerDuty, n.Source);
        Assert.False(n.Acknowledges);
        Assert.Equal("samplekeyhere", n.GroupKey);
        Assert.Equal("samplekeyhere", n.RoutingKey);
        Assert.Equal(AlertStatus.Firing, n.Status);
        Assert.Equal(AlertSeverity.Sev1, n.Severity);
        Assert.Equal("DISK at 99% on machine prod-datapipe03.example.com", n.Title);
        var alert = Assert.Single(n.Alerts);
        Assert.Equal("samplekeyhere", alert.DedupKey);
        Assert.Equal("prod-datapipe03.example.com", alert.AffectedResource);
        Assert.Equal(new DateTimeOffset(2015, 7, 17, 8, 42, 58, 315, TimeSpan.Zero), alert.StartsAt);
        Assert.Equal("mysql", alert.Labels["component"]);
        Assert.Equal("prod-datapipe", alert.Labels["group"]);
        Assert.Equal("disk", alert.Labels["class"]);
        Assert.Equal("1%", alert.Labels["free space"]);
        Assert.Equal("0.75", alert.Labels["load avg"]);
        Assert.Equal(
            [
                (AlertLinkKinds.Generator, "https://monitoring.example.com/", "Sample Monitoring Service"),
                (AlertLinkKinds.Link, "https://example.com/", "Link text"),
                (AlertLinkKinds.Image, "https://www.pagerduty.com/wp-content/uploads/2016/05/pagerduty-logo-green.png", "Example text"),
            ],
            alert.Links.Select(l => (l.Kind, l.Href.AbsoluteUri, l.Text)));
    }

    [Fact]
    public void Parse_AcknowledgeWithoutPayload_Acknowledges()
    {
        var n = ParseSample("pagerduty-acknowledge.json");

        Assert.True(n.Acknowledges);
        Assert.Equal("samplekeyhere", n.GroupKey);
        Assert.Empty(n.Alerts);
    }

    /// <summary>Another tool speaking Events v2 (trial day 29, M2): the acknowledge keeps the name it gave itself, to be said instead of "PagerDuty".</summary>
    [Theory]
    [InlineData("\"Datadog\"", "Datadog")]
    [InlineData("\"  Datadog  \"", "Datadog")]
    [InlineData("\" \"", null)]
    [InlineData(null, null)]
    public void Parse_AcknowledgeWithClient_KeepsTheSendingToolsName(string? json, string? expected)
    {
        var n = ParseOk(AlertSources.PagerDuty, Mutate("pagerduty-acknowledge.json", root =>
        {
            if (json is not null)
            {
                root["client"] = JsonNode.Parse(json);
            }
        }));

        Assert.True(n.Acknowledges);
        Assert.Equal(expected, n.Client);
    }

    /// <summary>
    /// Brief toolname (session 43): a trigger keeps the name too (the incident it opens says it), cleaned as an acknowledge's — one
    /// line (a control character or line break a space), trimmed, at most 100 characters; none, or blank, is null.
    /// </summary>
    [Theory]
    [InlineData("pagerduty-trigger.json", "\"Datadog\"", "Datadog")]
    [InlineData("pagerduty-trigger.json", "\" Data\\u0007dog\\r\\nEU \"", "Data dog EU")]
    [InlineData("pagerduty-trigger.json", "\"\\n\\t\"", null)]
    [InlineData("pagerduty-trigger.json", null, null)]
    [InlineData("pagerduty-acknowledge.json", "\" Data\\u0007dog\\r\\nEU \"", "Data dog EU")]
    public void Parse_TriggerOrAcknowledgeWithClient_KeepsTheNameOnOneLine(string sample, string? json, string? expected)
    {
        var n = ParseOk(AlertSources.PagerDuty, Mutate(sample, root =>
        {
            root.Remove("client");
            if (json is not null)
            {
                root["client"] = JsonNode.Parse(json);
            }
        }));

        Assert.Equal(expected, n.Client);
    }

    [Theory]
    [InlineData("pagerduty-trigger.json")]
    [InlineData("pagerduty-acknowledge.json")]
    public void Parse_ClientOver100Characters_CutTo100WithAnEllipsis(string sample)
    {
        var n = ParseOk(AlertSources.PagerDuty, Mutate(sample, root => root["client"] = new string('d', 101)));

        Assert.Equal(new string('d', 99) + "…", n.Client);
    }

    [Fact]
    public void Parse_ResolveWithoutPayload_ResolvesTheDedupKey()
    {
        var n = ParseSample("pagerduty-resolve.json");

        Assert.False(n.Acknowledges);
        Assert.Equal(AlertStatus.Resolved, n.Status);
        var alert = Assert.Single(n.Alerts);
        Assert.Equal("samplekeyhere", alert.DedupKey);
        Assert.Equal(AlertStatus.Resolved, alert.Status);
    }

    [Theory]
    [InlineData("2015-07-17T08:42:58.315+0000", "2015-07-17T08:42:58.315+00:00")]
    [InlineData("2015-07-17T08:42:58+0900", "2015-07-17T08:42:58+09:00")]
    [InlineData("2015-07-17T08:42:58.315Z", "2015-07-17T08:42:58.315+00:00")]
    [InlineData("2015-07-17T08:42:58-05:00", "2015-07-17T08:42:58-05:00")]
    [InlineData("2015-07-17T08:42:58", "2015-07-17T08:42:58+00:00")]
    public void Parse_TimestampForms_AllRead(string sent, string expected)
    {
        var n = ParseOk(AlertSources.PagerDuty, Mutate(Trigger, root => root["payload"]!["timestamp"] = sent));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), n.Alerts[0].StartsAt);
    }

    [Fact]
    public void Parse_UnreadableTimestamp_IsNotedNotRefused()
    {
        var n = ParseOk(AlertSources.PagerDuty, Mutate(Trigger, root => root["payload"]!["timestamp"] = "yesterday"));

        Assert.Null(n.Alerts[0].StartsAt);
        Assert.Contains(n.Notes, note => note.StartsWith("$.payload.timestamp", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/dashboards/disk")]
    [InlineData("")]
    [InlineData("javascript:alert(1)")]
    public void Parse_TriggerWithAnUnusableLink_ParsesWithoutItAndNotesIt(string href)
    {
        var n = ParseOk(AlertSources.PagerDuty, Mutate(Trigger, root => root["links"] = Array(Json($$"""{"href":{{Serialize(href)}},"text":"Disk"}"""))));

        Assert.Equal(AlertStatus.Firing, n.Status);
        Assert.Equal(AlertSeverity.Sev1, n.Severity);
        Assert.DoesNotContain(n.Alerts[0].Links, l => l.Kind == AlertLinkKinds.Link);
        Assert.Equal(2, n.Alerts[0].Links.Count);
        Assert.Equal([$"$.links[0].href: dropped an entry that is not an absolute http(s) URL: got '{href}'"], n.Notes);
    }

    [Fact]
    public void Parse_TriggerWithARelativeImage_ParsesWithoutItAndNotesIt()
    {
        var n = ParseOk(AlertSources.PagerDuty, Mutate(Trigger, root => root["images"] = Array(Json("""{"src":"chart.png"}"""), Json("""{"src":"https://img.example.com/chart.png","alt":"chart"}"""))));

        Assert.Equal(
            [(AlertLinkKinds.Image, "https://img.example.com/chart.png", "chart")],
            n.Alerts[0].Links.Where(l => l.Kind == AlertLinkKinds.Image).Select(l => (l.Kind, l.Href.AbsoluteUri, l.Text)));
        Assert.Equal(["$.images[0].src: dropped an entry that is not an absolute http(s) URL: got 'chart.png'"], n.Notes);
    }

    [Fact]
    public void Parse_BadLinkAndNoRoutingKey_StillRefused()
    {
        var errors = ParseErrors(AlertSources.PagerDuty, Mutate(Trigger, root => { root.Remove("routing_key"); root["links"] = Array(Json("""{"href":"/x"}""")); }));

        Assert.Equal(["$.routing_key: required field is missing"], errors);
    }

    [Fact]
    public void Parse_TriggerWithoutDedupKey_GetsOneFromTheBodySoARetryLandsOnTheSameAlert()
    {
        var body = Mutate(Trigger, root => root.Remove("dedup_key"));

        var first = ParseOk(AlertSources.PagerDuty, body);
        var retry = ParseOk(AlertSources.PagerDuty, body);
        var other = ParseOk(AlertSources.PagerDuty, Mutate(Trigger, root => { root.Remove("dedup_key"); root["payload"]!["summary"] = "another"; }));

        Assert.StartsWith("pd-", first.GroupKey, StringComparison.Ordinal);
        Assert.Equal(first.GroupKey, retry.GroupKey);
        Assert.NotEqual(first.GroupKey, other.GroupKey);
    }

    [Fact]
    public void Parse_StringCustomDetails_BecomeTheDescription()
    {
        var n = ParseOk(AlertSources.PagerDuty, Mutate(Trigger, root => root["payload"]!["custom_details"] = "Disk is nearly full.\nSee the runbook."));

        Assert.Equal("Disk is nearly full.\nSee the runbook.", n.Alerts[0].Description);
    }

    [Theory]
    [InlineData("event_action", "\"snooze\"", "$.event_action: expected 'trigger', 'acknowledge' or 'resolve'")]
    [InlineData("routing_key", null, "$.routing_key: required field is missing")]
    [InlineData("payload", null, "$.payload: required field is missing")]
    public void Parse_InvalidTrigger_NamesTheField(string field, string? json, string? expected)
    {
        var body = Mutate(Trigger, root =>
        {
            root.Remove(field);
            if (json is not null)
            {
                root[field] = JsonNode.Parse(json);
            }
        });

        if (expected is null)
        {
            ParseOk(AlertSources.PagerDuty, body);
            return;
        }

        Assert.Contains(ParseErrors(AlertSources.PagerDuty, body), e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("summary")]
    [InlineData("source")]
    [InlineData("severity")]
    public void Parse_TriggerPayloadWithoutRequiredField_NamesIt(string field)
    {
        var errors = ParseErrors(AlertSources.PagerDuty, Mutate(Trigger, root => root["payload"]!.AsObject().Remove(field)));

        Assert.Contains($"$.payload.{field}: required field is missing", errors);
    }

    [Fact]
    public void Parse_ResolveWithoutDedupKey_NamesIt()
    {
        var errors = ParseErrors(AlertSources.PagerDuty, Mutate("pagerduty-resolve.json", root => root.Remove("dedup_key")));

        Assert.Contains("$.dedup_key: required field is missing", errors);
    }

    [Fact]
    public void Parse_SeverityOutsideTheFour_IsRefused()
    {
        var errors = ParseErrors(AlertSources.PagerDuty, Mutate(Trigger, root => root["payload"]!["severity"] = "sev1"));

        Assert.Contains(errors, e => e.StartsWith("$.payload.severity: expected 'critical'", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ChangeEvent_RefusedNamingChangeEvents()
    {
        // The body of POST /v2/change/enqueue, sent to the alert events' URL.
        const string json = """{"routing_key":"samplekeyhere","payload":{"summary":"Build 4711 deployed","timestamp":"2026-12-03T01:02:03Z","source":"ci","custom_details":{"build":"4711"}},"links":[{"href":"https://ci.example/4711","text":"build"}]}""";

        var errors = ParseErrors(AlertSources.PagerDuty, json);

        Assert.Contains(errors, e => e.StartsWith("$.event_action: a PagerDuty change event (POST /v2/change/enqueue) has no event_action", StringComparison.Ordinal));
    }
}
