using System.Text;
using System.Text.Json.Nodes;
using OnDuty.Core.Alerts;
using static OnDuty.Core.Tests.Alerts.AlertSamples;

namespace OnDuty.Core.Tests.Alerts;

public sealed class AlertParserTests
{
    /// <summary>The field each source checks first, and so the one a body meant for another source trips over.</summary>
    private static readonly IReadOnlyDictionary<string, string> TellTaleField = new Dictionary<string, string>
    {
        [AlertSources.Alertmanager] = "$.version",
        // orgId (an Alertmanager body: the hint says where to post it) or, since Grafana 8 sent no orgId, the group's status.
        [AlertSources.Grafana] = "$.orgId|$.status",
        [AlertSources.AzureMonitor] = "$.schemaId",
        [AlertSources.Generic] = "$.dedup_key",
        [AlertSources.PagerDuty] = "$.routing_key",
        [AlertSources.Datadog] = "$.transition",
    };

    public static TheoryData<string> Samples() => [.. SourceOf.Keys];

    public static TheoryData<string, string> WrongSources()
    {
        var data = new TheoryData<string, string>();
        foreach (var (sample, source) in SourceOf)
        {
            foreach (var other in AlertSources.Names.Where(s => s != source))
            {
                // Our generic format is a flat cousin of PagerDuty's: a PagerDuty resolve is also a valid generic resolve.
                if (source == AlertSources.PagerDuty && other == AlertSources.Generic)
                {
                    continue;
                }

                data.Add(sample, other);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Parse_EverySample_ParsesForItsSource(string sample)
    {
        var n = ParseSample(sample);

        Assert.Equal(SourceOf[sample], n.Source.ToRouteName());
        Assert.True(n.Acknowledges || n.Alerts.Count > 0, "only an acknowledgement comes without alerts");
        Assert.False(string.IsNullOrWhiteSpace(n.GroupKey));
        Assert.False(string.IsNullOrWhiteSpace(n.Title));
        Assert.All(n.Alerts, a => Assert.False(string.IsNullOrWhiteSpace(a.DedupKey)));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Parse_SampleWithUnknownExtraFields_StillParses(string sample)
    {
        var json = Mutate(sample, r =>
        {
            r["addedInAFutureVersion"] = new JsonObject { ["deep"] = new JsonArray(1, "two", null, true) };
            r["anotherOne"] = "x";
        });

        var result = AlertParser.Parse(SourceOf[sample], json);

        Assert.True(result.IsSuccess, result.ToString());
    }

    /// <summary>A body refused as a whole carries the code the other JSON routes give it (the English stays the parser's); a field's problem none.</summary>
    [Theory]
    [InlineData("{\"event_action\":", "jsonMalformed")]
    [InlineData("", "bodyMissing")]
    [InlineData(" \r\n", "bodyMissing")]
    [InlineData("null", "bodyNull")]
    [InlineData("[1,2,3]", "jsonBodyObject")]
    [InlineData("\"firing\"", "jsonBodyObject")]
    public void Parse_BodyRefusedAsAWhole_CodedAsTheOtherJsonRoutes(string body, string code)
    {
        var error = Assert.Single(AlertParser.Parse(AlertSource.Generic, System.Text.Encoding.UTF8.GetBytes(body)).Errors);

        Assert.Equal(("$", code), (error.Path, error.Refusal?.Code));
        Assert.StartsWith(code == "jsonBodyObject" || code == "bodyNull" ? "expected an object, got " : "malformed JSON: ", error.Message, StringComparison.Ordinal);
        var fieldErrors = AlertParser.Parse(AlertSource.Generic, "{\"event_action\":\"acknowledge\",\"dedup_key\":\"k\"}"u8.ToArray()).Errors;
        Assert.Contains(fieldErrors, e => e.Path.StartsWith("$.", StringComparison.Ordinal));
        Assert.All(fieldErrors, e => Assert.Null(e.Refusal));
    }

    [Theory]
    [MemberData(nameof(WrongSources))]
    public void Parse_SamplePostedToWrongSource_FailsNamingTheField(string sample, string source)
    {
        var errors = ParseErrors(source, Read(sample));

        Assert.Contains(errors, e => TellTaleField[source].Split('|').Any(f => e.StartsWith(f + ": ", StringComparison.Ordinal)));
        Assert.All(errors, e => Assert.StartsWith("$.", e));
    }

    /// <summary>Whoever wires a tool to the wrong URL is told whose body it is and where it goes, in the first error (trial 50).</summary>
    [Theory]
    [MemberData(nameof(WrongSources))]
    public void Parse_SamplePostedToWrongSource_FirstErrorSaysWhereToPostIt(string sample, string source)
    {
        var errors = ParseErrors(source, Read(sample));
        var result = AlertParser.Parse(source, Read(sample));

        Assert.Contains($"; post it to /api/alerts/{SourceOf[sample]})", errors[0], StringComparison.Ordinal);
        Assert.Equal(SourceOf[sample], result.LooksLike?.ToRouteName());
    }

    [Fact]
    public void Parse_AzureMonitorBodyOnTheAlertmanagerUrl_SaysItIsAzureMonitors()
    {
        var errors = ParseErrors(AlertSources.Alertmanager, Read("azure-monitor-metric-fired.json"));

        Assert.Equal(
            [
                "$.version: required field is missing (this looks like an Azure Monitor (common alert schema) body; post it to /api/alerts/azure-monitor)",
                "$.status: required field is missing",
                "$.alerts: required field is missing",
            ],
            errors);
    }

    [Fact]
    public void Parse_AlertmanagerBodyOnThePagerDutyUrl_SaysItIsAlertmanagers_NotAChangeEvent()
    {
        var errors = ParseErrors(AlertSources.PagerDuty, Read("alertmanager-firing.json"));

        Assert.Equal(
            [
                "$.routing_key: required field is missing (this looks like a Prometheus Alertmanager body; post it to /api/alerts/alertmanager)",
                "$.event_action: required field is missing",
            ],
            errors);
    }

    [Fact]
    public void Parse_BodyOfNoKnownTool_ErrorsWithoutAHint()
    {
        var errors = ParseErrors(AlertSources.Alertmanager, """{"text":"disk full"}""");

        Assert.DoesNotContain(errors, e => e.Contains("post it to", StringComparison.Ordinal));
        Assert.Null(AlertParser.Parse(AlertSources.Alertmanager, """{"text":"disk full"}""").LooksLike);
    }

    [Theory]
    [InlineData("pager-duty")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("azure_monitor")]
    public void Parse_UnknownSource_ReturnsUnknownSource(string? source)
    {
        var result = AlertParser.Parse(source, Read("generic-trigger.json"));

        Assert.Equal(AlertParseOutcome.UnknownSource, result.Outcome);
        Assert.False(result.IsSuccess);
        var error = Assert.Single(result.Errors);
        Assert.Contains("azure-monitor, alertmanager, grafana, generic, pagerduty, datadog", error.Message);
    }

    [Theory]
    [InlineData("Alertmanager")]
    [InlineData(" ALERTMANAGER ")]
    public void Parse_SourceNameInOtherCase_IsAccepted(string source)
    {
        var result = AlertParser.Parse(source, Read("alertmanager-firing.json"));

        Assert.True(result.IsSuccess, result.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("{\"version\":\"4\",}")]
    [InlineData("{} {}")]
    [InlineData("// comment\n{}")]
    [InlineData("{\"status\":\"firing\",\"status\":\"resolved\"}")]
    [InlineData("{'version':'4'}")]
    public void Parse_MalformedJson_FailsAtRoot(string body)
    {
        var errors = ParseErrors(AlertSources.Alertmanager, body);

        Assert.StartsWith("$: malformed JSON: ", Assert.Single(errors));
    }

    [Theory]
    [InlineData("[]", "an array")]
    [InlineData("5", "number 5")]
    [InlineData("\"firing\"", "'firing'")]
    [InlineData("null", "null")]
    public void Parse_RootNotObject_Fails(string body, string described)
    {
        foreach (var source in AlertSources.Names)
        {
            var errors = ParseErrors(source, body);

            Assert.Equal([$"$: expected an object, got {described}"], errors);
        }
    }

    [Fact]
    public void Parse_NestingBeyond64_Fails()
    {
        var json = WithExtraField("alertmanager-firing.json", Nested(64));

        var errors = ParseErrors(AlertSources.Alertmanager, json);

        var error = Assert.Single(errors);
        Assert.StartsWith("$: malformed JSON: ", error);
        Assert.Contains("depth", error);
    }

    [Fact]
    public void Parse_NestingOf64_IsAccepted()
    {
        // The root object is level 1, so 63 more arrays reach exactly 64.
        var json = WithExtraField("alertmanager-firing.json", Nested(63));

        var result = AlertParser.Parse(AlertSources.Alertmanager, json);

        Assert.True(result.IsSuccess, result.ToString());
    }

    /// <summary>
    /// A group over the limit was refused with a 400, which Alertmanager does not retry: the largest storm was lost whole (trial
    /// 31b H2). The first alerts up to the limit are taken, the rest count as not listed, and the sender is told.
    /// </summary>
    [Fact]
    public void Parse_MoreAlertsThanTheLimit_TakesTheFirstAndCountsTheRestAsNotListed()
    {
        var n = ParseOk(AlertSources.Alertmanager, WithAlertCount(1001), new AlertParserOptions { MaxAlertsPerNotification = 1000 });

        Assert.Equal(1000, n.Alerts.Count);
        Assert.Equal(1, n.TruncatedAlerts);
        Assert.Equal("$.alerts: 1001 alerts exceed the limit of 1000 per notification: the first 1000 were taken, the other 1 count as not listed", n.Notes[1]);
        Assert.StartsWith("$.truncatedAlerts: 1 alerts not listed", n.Notes[0], StringComparison.Ordinal);
    }

    /// <summary>Alertmanager does not retry a 4xx: a group of a few thousand alerts (well inside the body cap) is taken whole.</summary>
    [Fact]
    public void Parse_ThreeThousandAlertsByDefault_Succeeds() =>
        Assert.Equal(3000, ParseOk(AlertSources.Alertmanager, WithAlertCount(3000)).Alerts.Count);

    [Fact]
    public void Parse_AlertsAtTheLimit_Succeeds()
    {
        var n = ParseOk(AlertSources.Alertmanager, WithAlertCount(1000), new AlertParserOptions { MaxAlertsPerNotification = 1000 });

        Assert.Equal(1000, n.Alerts.Count);
        Assert.Equal(1000, n.Alerts.Select(a => a.DedupKey).Distinct().Count());
    }

    [Fact]
    public void Parse_ConfiguredAlertLimit_IsUsed()
    {
        var n = ParseOk(AlertSources.Alertmanager, MutateJson(WithAlertCount(4), r => r["truncatedAlerts"] = 5), new AlertParserOptions { MaxAlertsPerNotification = 3 });

        Assert.Equal(3, n.Alerts.Count);
        Assert.Equal(6, n.TruncatedAlerts); // the sender's 5 and the 1 over the limit
    }

    [Fact]
    public void Parse_ManyBadAlerts_ReportsAtMostTwentyErrors()
    {
        var json = MutateJson(WithAlertCount(200), r =>
        {
            foreach (var alert in r["alerts"]!.AsArray())
            {
                alert!["status"] = "bogus";
            }
        });

        var errors = ParseErrors(AlertSources.Alertmanager, json);

        Assert.Equal(20, errors.Count);
        Assert.Equal("$.alerts[19].status: expected 'firing' or 'resolved', got 'bogus'", errors[^1]);
    }

    [Fact]
    public void Parse_SeveralProblems_AreAllReported()
    {
        var json = Mutate("alertmanager-firing.json", r =>
        {
            r["groupKey"] = 1;
            r["status"] = 5;
            r["alerts"]![0]!["fingerprint"] = new JsonArray();
        });

        var errors = ParseErrors(AlertSources.Alertmanager, json);

        Assert.Equal(
            [
                "$.groupKey: expected a string, got number 1",
                "$.status: expected a string, got number 5",
                "$.alerts[0].fingerprint: expected a string, got an array",
            ],
            errors);
    }

    [Fact]
    public void Parse_StringAndUtf8Bytes_AgreeIncludingNonAscii()
    {
        var json = Mutate("generic-trigger.json", r => r["summary"] = "決済 API の遅延 🚨");

        var fromString = ParseOk(AlertSources.Generic, json);
        var fromBytes = AlertParser.Parse(AlertSources.Generic, Encoding.UTF8.GetBytes(json));

        Assert.True(fromBytes.IsSuccess, fromBytes.ToString());
        Assert.Equal("決済 API の遅延 🚨", fromString.Title);
        Assert.Equal(fromString.Title, fromBytes.Notification.Title);
    }

    [Fact]
    public void Parse_InvalidUtf8_FailsAtRoot()
    {
        byte[] body = [.. "{\"summary\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        var result = AlertParser.Parse(AlertSources.Generic, body);

        Assert.Equal(AlertParseOutcome.Invalid, result.Outcome);
        Assert.Equal("$", Assert.Single(result.Errors).Path);
    }

    // ---- text limits -------------------------------------------------------------------------

    [Fact]
    public void Parse_OverlongSummary_IsTruncatedWithNote()
    {
        var json = Mutate("alertmanager-firing.json", r =>
        {
            r["alerts"]![0]!["annotations"]!["summary"] = new string('s', 5000);
            r["commonAnnotations"]!["summary"] = new string('t', 5000);
        });

        var n = ParseOk(AlertSources.Alertmanager, json);

        Assert.Equal(1024, n.Alerts[0].Summary.Length);
        Assert.EndsWith("…", n.Alerts[0].Summary);
        Assert.Equal(1024, n.Title.Length);
        Assert.Contains("$.alerts[0].annotations.summary: truncated from 5000 to 1024 characters", n.Notes);
        Assert.Contains("$.title: truncated from 5000 to 1024 characters", n.Notes);
    }

    [Fact]
    public void Parse_OverlongDescription_IsTruncatedTo8KiB()
    {
        var json = Mutate("alertmanager-firing.json", r => r["alerts"]![0]!["annotations"]!["description"] = new string('d', 20_000));

        var n = ParseOk(AlertSources.Alertmanager, json);

        Assert.Equal(8192, n.Alerts[0].Description!.Length);
        Assert.Contains("$.alerts[0].annotations.description: truncated from 20000 to 8192 characters", n.Notes);
    }

    [Fact]
    public void Parse_TruncationAtSurrogatePair_DoesNotSplitIt()
    {
        var summary = new string('a', 1022) + "🚨🚨";
        var json = Mutate("generic-trigger.json", r => r["summary"] = summary);

        var n = ParseOk(AlertSources.Generic, json);

        Assert.Equal(new string('a', 1022) + "…", n.Title);
    }

    [Fact]
    public void Parse_ManyLabels_KeepsFirst64WithNote()
    {
        var json = Mutate("alertmanager-firing.json", r =>
        {
            var labels = r["alerts"]![0]!["labels"]!.AsObject();
            for (var i = 0; i < 100; i++)
            {
                labels[$"extra_{i:D3}"] = "v";
            }
        });

        var n = ParseOk(AlertSources.Alertmanager, json);

        var labels = n.Alerts[0].Labels;
        Assert.Equal(64, labels.Count);
        Assert.Equal("critical", labels["severity"]);
        Assert.True(labels.ContainsKey("extra_058"));
        Assert.False(labels.ContainsKey("extra_059"));
        Assert.Contains("$.alerts[0].labels: kept the first 64 labels, dropped 41", n.Notes);
    }

    [Fact]
    public void Parse_LongLabelValue_IsTruncatedTo1KiB()
    {
        var json = Mutate("alertmanager-firing.json", r => r["alerts"]![0]!["labels"]!["job"] = new string('j', 3000));

        var n = ParseOk(AlertSources.Alertmanager, json);

        Assert.Equal(1024, n.Alerts[0].Labels["job"].Length);
        Assert.Contains("$.alerts[0].labels.job: truncated from 3000 to 1024 characters", n.Notes);
    }

    [Fact]
    public void Parse_LabelsOverTotalBudget_AreDroppedWithNote()
    {
        var json = Mutate("alertmanager-firing.json", r =>
        {
            var labels = r["alerts"]![0]!["labels"]!.AsObject();
            for (var i = 0; i < 30; i++)
            {
                labels[$"big{i:D2}"] = new string('v', 1000);
            }
        });

        var n = ParseOk(AlertSources.Alertmanager, json);

        var labels = n.Alerts[0].Labels;
        Assert.True(labels.Sum(l => l.Key.Length + l.Value.Length) <= 16 * 1024);
        Assert.Equal("ProbeFailure", labels["alertname"]);
        Assert.True(labels.ContainsKey("big00"));
        Assert.False(labels.ContainsKey("big29"));
        Assert.Contains(n.Notes, note => note.StartsWith("$.alerts[0].labels: dropped ", StringComparison.Ordinal) && note.EndsWith("beyond the 16384-character budget for all labels", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_LongLabelName_IsDroppedWithNote()
    {
        var json = Mutate("alertmanager-firing.json", r => r["alerts"]![0]!["labels"]![new string('n', 300)] = "v");

        var n = ParseOk(AlertSources.Alertmanager, json);

        Assert.DoesNotContain(n.Alerts[0].Labels.Keys, k => k.Length > 256);
        Assert.Contains(n.Notes, note => note.StartsWith("$.alerts[0].labels: dropped a label whose name is 300 characters long", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_LongAzureDescription_IsTruncated()
    {
        var json = Mutate("azure-monitor-metric-fired.json", r => r["data"]!["essentials"]!["description"] = new string('d', 9000));

        var n = ParseOk(AlertSources.AzureMonitor, json);

        Assert.Equal(8192, n.Alerts[0].Description!.Length);
        Assert.Contains("$.data.essentials.description: truncated from 9000 to 8192 characters", n.Notes);
    }

    [Fact]
    public void Parse_LongGenericCustomDetail_IsTruncated()
    {
        var json = Mutate("generic-trigger.json", r => r["custom_details"]!["stack"] = new string('x', 5000));

        var n = ParseOk(AlertSources.Generic, json);

        Assert.Equal(1024, n.Alerts[0].Labels["stack"].Length);
        Assert.Contains("$.stack: truncated from 5000 to 1024 characters", n.Notes);
    }

    [Fact]
    public void Parse_WorstCaseAlert_FitsTableStorageStringLimit()
    {
        var json = Mutate("alertmanager-firing.json", r =>
        {
            var alert = r["alerts"]![0]!;
            alert["annotations"]!["summary"] = new string('s', 100_000);
            alert["annotations"]!["description"] = new string('d', 100_000);
            var labels = alert["labels"]!.AsObject();
            for (var i = 0; i < 80; i++)
            {
                labels[$"l{i}"] = new string('v', 2000);
            }
        });

        var alert = ParseOk(AlertSources.Alertmanager, json).Alerts[0];

        // Table Storage: 64 KiB per string property, i.e. 32K UTF-16 chars; labels will be stored as one JSON string.
        var labelChars = alert.Labels.Sum(l => l.Key.Length + l.Value.Length + 6);
        Assert.True(labelChars < 32 * 1024, $"labels take {labelChars} chars");
        Assert.True(alert.Summary.Length + alert.Description!.Length < 32 * 1024);
    }

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    /// <summary>Built as text: JsonNode itself refuses to write past depth 64.</summary>
    private static string WithExtraField(string sample, string value) =>
        "{\"extra\":" + value + "," + Read(sample).TrimStart()[1..];

    private static string WithAlertCount(int count) =>
        Mutate("alertmanager-firing.json", r =>
        {
            var template = r["alerts"]![0]!;
            var alerts = new JsonArray();
            for (var i = 0; i < count; i++)
            {
                var copy = template.DeepClone();
                copy["fingerprint"] = $"{i:x16}";
                alerts.Add(copy);
            }

            r["alerts"] = alerts;
        });

    private static string MutateJson(string json, Action<JsonObject> change)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        change(root);
        return root.ToJsonString();
    }
}
