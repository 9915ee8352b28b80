using OnDuty.Core.Alerts;
using OnDuty.Testing;
using static OnDuty.Core.Tests.Alerts.AlertSamples;

namespace OnDuty.Core.Tests.Alerts;

/// <summary>Datadog's Webhooks integration posting README's payload template (<see cref="DatadogWebhookPayload.Template"/>).</summary>
public sealed class DatadogWebhookPayloadTests
{
    private const string Triggered = "datadog-triggered.json";
    private const string Recovered = "datadog-recovered.json";

    private static string WithTransition(string sample, string transition) => Mutate(sample, r => r["transition"] = transition);

    [Fact]
    public void Parse_Triggered_FiresTheMonitorGroupsAlert_UnderTheMonitor()
    {
        var n = ParseSample(Triggered);

        Assert.Equal(AlertSource.Datadog, n.Source);
        Assert.Equal("monitor:81937254", n.GroupKey);
        Assert.Equal(AlertStatus.Firing, n.Status);
        Assert.Equal("Checkout API p99 latency above 2s", n.Title);
        Assert.Equal(AlertSeverity.Sev2, n.Severity);
        var alert = Assert.Single(n.Alerts);
        Assert.Equal("7f3c2a9d1e8b4c6fa0d5e2b19c4a7d31|host:prod-web-03", alert.DedupKey);
        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal(AlertSeverity.Sev2, alert.Severity);
        Assert.Equal("[P2] [Triggered on {host:prod-web-03}] Checkout API p99 latency above 2s", alert.Summary);
        Assert.False(alert.SummaryFromKey);
        Assert.Equal("p99 latency of checkout-api is 2.35 s (threshold 2 s) on prod-web-03. Runbook: https://wiki.example.com/runbooks/checkout-latency", alert.Description);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 7, 45, 30, TimeSpan.Zero), alert.StartsAt);
        Assert.Null(alert.EndsAt);
        Assert.Equal("prod-web-03", alert.AffectedResource);
        Assert.Equal(
            [
                ("transition", "Triggered"), ("priority", "P2"), ("monitor", "81937254"), ("scope", "host:prod-web-03"), ("host", "prod-web-03"),
                ("org", "Example Corp"), ("tags", "env:prod,service:checkout-api,team:payments"), ("env", "prod"), ("service", "checkout-api"), ("team", "payments"),
            ],
            alert.Labels.Select(l => (l.Key, l.Value)));
        var link = Assert.Single(alert.Links);
        Assert.Equal((AlertLinkKinds.Generator, "https://app.datadoghq.com/event/event?id=7188334025474812739", "Datadog"), (link.Kind, link.Href.OriginalString, link.Text));
    }

    [Fact]
    public void Parse_Recovered_ResolvesTheSameAlertInTheSameGroup()
    {
        var fired = ParseSample(Triggered);

        var n = ParseSample(Recovered);

        Assert.Equal((fired.GroupKey, AlertStatus.Resolved), (n.GroupKey, n.Status));
        var alert = Assert.Single(n.Alerts);
        Assert.Equal((fired.Alerts[0].DedupKey, AlertStatus.Resolved), (alert.DedupKey, alert.Status));
        Assert.Equal("Checkout API p99 latency above 2s", n.Title);
        Assert.Null(alert.StartsAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 15, 30, TimeSpan.Zero), alert.EndsAt);
    }

    [Theory]
    [InlineData("Triggered", AlertStatus.Firing)]
    [InlineData("Re-Triggered", AlertStatus.Firing)]
    [InlineData("Renotify", AlertStatus.Firing)]
    [InlineData("No Data", AlertStatus.Firing)]
    [InlineData("Re-No Data", AlertStatus.Firing)]
    [InlineData("Warn", AlertStatus.Firing)]
    [InlineData("Re-Warn", AlertStatus.Firing)]
    [InlineData("Recovered", AlertStatus.Resolved)]
    public void Parse_EachDocumentedTransition_ReadsAsItsStatus(string transition, AlertStatus expected)
    {
        var n = ParseOk(AlertSources.Datadog, WithTransition(Triggered, transition));

        Assert.Equal((expected, expected), (n.Status, Assert.Single(n.Alerts).Status));
        Assert.Equal(transition, n.Alerts[0].Labels["transition"]);
    }

    /// <summary>A P1 monitor warning is a warning (SEV3), not a P1 page; a P4 monitor's warning stays at its priority's SEV4.</summary>
    [Theory]
    [InlineData("Warn", "P1", AlertSeverity.Sev3)]
    [InlineData("Re-Warn", "P1", AlertSeverity.Sev3)]
    [InlineData("Warn", "P4", AlertSeverity.Sev4)]
    [InlineData("Triggered", "P1", AlertSeverity.Sev1)]
    [InlineData("Triggered", "P3", AlertSeverity.Sev3)]
    [InlineData("Triggered", "P5", AlertSeverity.Sev4)]
    [InlineData("No Data", "P1", AlertSeverity.Sev1)]
    public void Parse_Priority_MapsToSeverity_AWarningAtMostWarning(string transition, string priority, AlertSeverity expected)
    {
        var n = ParseOk(AlertSources.Datadog, Mutate(Triggered, r => { r["transition"] = transition; r["priority"] = priority; r["type"] = "error"; }));

        Assert.Equal(expected, n.Severity);
    }

    [Fact]
    public void Parse_WarnSample_P1Monitor_Sev3_TitleWithoutItsTags()
    {
        var n = ParseSample("datadog-warn.json");

        Assert.Equal((AlertStatus.Firing, AlertSeverity.Sev3), (n.Status, n.Severity));
        Assert.Equal("Orders DB replication lag", n.Title);
        var alert = Assert.Single(n.Alerts);
        Assert.Equal("db:orders-primary", alert.AffectedResource);
        Assert.False(alert.Labels.ContainsKey("host"));
    }

    /// <summary>A renotification says no level, but <c>$ALERT_TYPE</c> does: a monitor still warning is renotified as a warning.</summary>
    [Fact]
    public void Parse_RenotifyOfAWarning_StaysAWarning()
    {
        var n = ParseOk(AlertSources.Datadog, Mutate(Triggered, r => { r["transition"] = "Renotify"; r["priority"] = "P1"; r["type"] = "warning"; }));

        Assert.Equal(AlertSeverity.Sev3, n.Severity);
    }

    /// <summary>
    /// Datadog sends a variable's own name when it has none for the notification: the no-data sample has no priority, no message
    /// and no tags. Each reads as absent (no label, SEV3 as any source without a severity), never as text. A monitor without tags
    /// or a priority has none in any notification: no note on each delivery, nothing to act on; the missing message is noted.
    /// </summary>
    [Fact]
    public void Parse_NoDataSample_UnsubstitutedVariables_ReadAsAbsent()
    {
        var n = ParseSample("datadog-no-data.json");

        Assert.Equal((AlertStatus.Firing, AlertSeverity.Sev3), (n.Status, n.Severity));
        Assert.Equal("Nightly export heartbeat", n.Title);
        var alert = Assert.Single(n.Alerts);
        Assert.Null(alert.Description);
        Assert.Equal(["transition", "monitor", "scope", "host", "org"], alert.Labels.Keys);
        Assert.Equal(["$.body: Datadog sent '$TEXT_ONLY_MSG' unsubstituted: read as absent"], n.Notes);
    }

    /// <summary>
    /// A variable whose absence means the template is wrong (the transition, the monitor, the aggregation key) is noted when it
    /// arrives as its own name; a monitor's missing host, tags or priority is not.
    /// </summary>
    [Theory]
    [InlineData("monitor", "$ALERT_ID")]
    [InlineData("cycle", "$ALERT_CYCLE_KEY")]
    [InlineData("type", "$ALERT_TYPE")]
    public void Parse_TemplateVariableUnsubstituted_Noted(string member, string variable)
    {
        var n = ParseOk(AlertSources.Datadog, Mutate(Triggered, r =>
        {
            r[member] = variable;
            r["tags"] = "$TAGS";
            r["priority"] = "$ALERT_PRIORITY";
            r["hostname"] = "$HOSTNAME";
        }));

        Assert.Equal([$"$.{member}: Datadog sent '{variable}' unsubstituted: read as absent"], n.Notes);
        Assert.Equal(AlertSeverity.Sev3, n.Severity);
    }

    [Fact]
    public void Parse_AggregationKeyUnsubstituted_NotedBesideTheCycleKeyItFallsBackTo()
    {
        var n = ParseOk(AlertSources.Datadog, Mutate(Triggered, r => r["aggregate"] = "$AGGREG_KEY"));

        Assert.Equal(["$.aggregate: Datadog sent '$AGGREG_KEY' unsubstituted: read as absent"], n.Notes);
    }

    [Fact]
    public void Parse_UnknownTransition_RefusedNamingTransitionAndTheValuesAccepted()
    {
        var errors = ParseErrors(AlertSources.Datadog, WithTransition(Triggered, "Resolved"));

        Assert.Equal(
            ["$.transition: expected one of 'Triggered', 'Re-Triggered', 'Renotify', 'Warn', 'Re-Warn', 'No Data', 'Re-No Data', 'Recovered' ($ALERT_TRANSITION), got 'Resolved'"],
            errors);
    }

    /// <summary>The template as pasted, posted with nothing filled in (a hand-made test): refused, saying what to paste.</summary>
    [Fact]
    public void Parse_TemplateWithNothingSubstituted_RefusedNamingTheFieldsToFill()
    {
        var errors = ParseErrors(AlertSources.Datadog, DatadogWebhookPayload.Template);

        Assert.Equal(
            [
                "$.transition: required: paste the template's \"transition\": \"$ALERT_TRANSITION\" (one of 'Triggered', 'Re-Triggered', 'Renotify', 'Warn', 'Re-Warn', 'No Data', 'Re-No Data', 'Recovered')",
                "$.aggregate: required: paste the template's \"aggregate\": \"$AGGREG_KEY\" (or \"cycle\": \"$ALERT_CYCLE_KEY\"), which ties a recovery to its trigger",
            ],
            errors);
    }

    [Fact]
    public void Parse_NoAggregationKey_TheCycleKeyTiesTheAlert()
    {
        var n = ParseOk(AlertSources.Datadog, Mutate(Triggered, r => r.Remove("aggregate")));

        Assert.Equal("7188334025474812739|host:prod-web-03", Assert.Single(n.Alerts).DedupKey);
    }

    /// <summary>
    /// Datadog's docs do not say $AGGREG_KEY differs between a multi alert monitor's groups: the group's scope joins the key, so
    /// two hosts are two alerts even under one aggregation key, and one host's recovery leaves the other host's alert firing.
    /// </summary>
    [Fact]
    public void Parse_TwoGroupsUnderOneAggregationKey_TwoAlerts_ARecoveryResolvesOnlyItsOwn()
    {
        var web3 = Assert.Single(ParseSample(Triggered).Alerts).DedupKey;
        var web4 = Assert.Single(ParseOk(AlertSources.Datadog, Mutate(Triggered, r => r["scope"] = "host:prod-web-04")).Alerts).DedupKey;
        var web3Recovered = Assert.Single(ParseSample(Recovered).Alerts).DedupKey;

        Assert.NotEqual(web3, web4);
        Assert.Equal(web3, web3Recovered);
    }

    [Fact]
    public void Parse_ScopeLongerThanTheKeyAllows_JoinedByItsHash_WithinTheLimit()
    {
        var scope = string.Join(",", Enumerable.Range(0, 40).Select(i => $"pod_name:checkout-api-7d9f8c-{i:D3}"));

        var key = Assert.Single(ParseOk(AlertSources.Datadog, Mutate(Triggered, r => r["scope"] = scope)).Alerts).DedupKey;
        var other = Assert.Single(ParseOk(AlertSources.Datadog, Mutate(Triggered, r => r["scope"] = scope + ",x:y")).Alerts).DedupKey;

        Assert.StartsWith("7f3c2a9d1e8b4c6fa0d5e2b19c4a7d31|", key, StringComparison.Ordinal);
        Assert.True(key.Length <= DatadogWebhookPayload.MaxKeyLength);
        Assert.NotEqual(key, other);
    }

    [Fact]
    public void Parse_NoMonitorId_TheAlertIsItsOwnGroup()
    {
        var n = ParseOk(AlertSources.Datadog, Mutate(Triggered, r => r["monitor"] = "$ALERT_ID"));

        Assert.Equal("7f3c2a9d1e8b4c6fa0d5e2b19c4a7d31|host:prod-web-03", n.GroupKey);
    }

    [Fact]
    public void Parse_FiringWithoutTitle_Refused_RecoveryWithoutTitle_SaysItsKey()
    {
        Assert.Equal(["$.title: required: paste the template's \"title\": \"$EVENT_TITLE\""], ParseErrors(AlertSources.Datadog, Mutate(Triggered, r => r["title"] = "$EVENT_TITLE")));

        var n = ParseOk(AlertSources.Datadog, Mutate(Recovered, r => r.Remove("title")));

        Assert.Equal(("Resolved: 7f3c2a9d1e8b4c6fa0d5e2b19c4a7d31|host:prod-web-03", true), (n.Alerts[0].Summary, n.Alerts[0].SummaryFromKey));
    }

    [Fact]
    public void Parse_DateNotEpochMilliseconds_NotedAndLeftOut()
    {
        var n = ParseOk(AlertSources.Datadog, Mutate(Triggered, r => r["date"] = "2026-03-02T07:45:30Z"));

        Assert.Null(n.Alerts[0].StartsAt);
        Assert.Contains("$.date: ignored a date that is not epoch milliseconds ($DATE): '2026-03-02T07:45:30Z'", n.Notes);
    }

    [Fact]
    public void Parse_PriorityNotInTheMap_Sev3AndNoted_AConfiguredWordMaps()
    {
        var n = ParseOk(AlertSources.Datadog, Mutate(Triggered, r => r["priority"] = "urgent"));
        Assert.Equal(AlertSeverity.Sev3, n.Severity);
        Assert.Contains("$.priority: 'urgent' is not in the configured map, using Sev3", n.Notes);

        var options = new AlertParserOptions();
        options.Severity.Datadog.Values["P3"] = AlertSeverity.Sev2;
        Assert.Equal(AlertSeverity.Sev2, ParseOk(AlertSources.Datadog, Mutate(Triggered, r => r["priority"] = "P3"), options).Severity);
    }

    /// <summary>
    /// Datadog's "Test Notifications" button sends the monitor's own transition, keys and priority, with <c>[TEST]</c> among the
    /// title's tags: its own group (not the monitor's, whose incident it would fold into or reopen), titled as the test it is.
    /// </summary>
    [Fact]
    public void Parse_DatadogTestNotification_ItsOwnGroup_TitledAsTheTest_Noted()
    {
        var n = ParseOk(AlertSources.Datadog, Mutate(Triggered, r => r["title"] = "[P2] [Triggered] [TEST] Checkout API p99 latency above 2s"));

        Assert.Equal(("monitor:81937254:test", AlertStatus.Firing, AlertSeverity.Sev2), (n.GroupKey, n.Status, n.Severity));
        Assert.Equal("[TEST] Checkout API p99 latency above 2s", n.Title);
        Assert.Equal("[P2] [Triggered] [TEST] Checkout API p99 latency above 2s", n.Alerts[0].Summary);
        Assert.Equal(["$.title: a Datadog test notification ([TEST]): its own incident, apart from the monitor's"], n.Notes);

        var recovery = ParseOk(AlertSources.Datadog, Mutate(Recovered, r => r["title"] = "[P2] [Recovered] [TEST] Checkout API p99 latency above 2s"));
        Assert.Equal(("monitor:81937254:test", AlertStatus.Resolved), (recovery.GroupKey, recovery.Status));
        Assert.Equal("monitor:81937254", ParseSample(Triggered).GroupKey);
        Assert.Equal("monitor:81937254", ParseOk(AlertSources.Datadog, Mutate(Triggered, r => r["title"] = "Checkout API [TEST] latency")).GroupKey);
    }

    /// <summary>
    /// <c>$TEXT_ONLY_MSG</c> is the monitor's message as written, notification handles included (Datadog JSON-escapes it: the
    /// quotes and newlines arrive as <c>\"</c> and <c>\n</c>). A line of handles only says whom Datadog told: left out; a handle
    /// within a sentence, the quotes and the rest stay.
    /// </summary>
    [Fact]
    public void Parse_MessageLinesOfHandlesOnly_LeftOutOfTheDescription()
    {
        const string Body = "p99 latency of \"checkout-api\" is 2.35 s.\n@webhook-onduty @slack-payments-oncall\n\n\nEscalate to @jane@example.com if it lasts.\r\n  @webhook-onduty\nRunbook: https://wiki.example.com/runbooks/checkout-latency";

        var n = ParseOk(AlertSources.Datadog, Mutate(Triggered, r => r["body"] = Body));

        Assert.Equal(
            "p99 latency of \"checkout-api\" is 2.35 s.\n\nEscalate to @jane@example.com if it lasts.\r\nRunbook: https://wiki.example.com/runbooks/checkout-latency",
            n.Alerts[0].Description);
        Assert.Null(ParseOk(AlertSources.Datadog, Mutate(Triggered, r => r["body"] = "@webhook-onduty\n")).Alerts[0].Description);
    }

    /// <summary>
    /// Datadog appends its footer to the monitor's message in <c>$TEXT_ONLY_MSG</c>: when the monitor last triggered, a <c>---</c>
    /// (<c>- - -</c>) separator and its links (Monitor Status, Edit Monitor, Related Logs). Those trailing lines are left out of the
    /// description; the message as the user wrote it stays — a separator of their own, Japanese text, a line naming "Related Logs" —
    /// and so does the condition line Datadog writes above the footer, which says what crossed which threshold.
    /// </summary>
    [Theory]
    [InlineData(
        "決済 API の p99 レイテンシが 2 秒を超えました。\n---\n手順書：https://wiki.example.com/runbooks/checkout-latency\n@webhook-onduty\n\n"
        + "checkout.latency.p99 over service:checkout-api was > 2.0 on average during the last 5m.\n\n"
        + "The monitor was last triggered at Sat Dec 05 2026 12:38:00 UTC.\n\n- - -\n\n"
        + "[[Monitor Status](https://app.datadoghq.com/monitors/81937254?from_ts=1764937980000&to_ts=1764938280000&event_id=7188334025474812739&link_source=monitor_notif)] · "
        + "[[Edit Monitor](https://app.datadoghq.com/monitors/81937254/edit?link_source=monitor_notif)] · "
        + "[[Related Logs](https://app.datadoghq.com/logs/analytics?query=service%3Acheckout-api&from_ts=1764937980000&to_ts=1764938280000&live=false)]\n",
        "決済 API の p99 レイテンシが 2 秒を超えました。\n---\n手順書：https://wiki.example.com/runbooks/checkout-latency\n\n"
        + "checkout.latency.p99 over service:checkout-api was > 2.0 on average during the last 5m.")]
    [InlineData(
        "p99 latency of checkout-api is 2.35 s.\r\nRelated Logs are linked below.\r\n\r\nThe monitor was last triggered at Sat Dec 05 2026 12:38:00 UTC.\r\n\r\n---\r\n\r\n"
        + "[Monitor Status](https://app.datadoghq.com/monitors/81937254) · [Edit Monitor](https://app.datadoghq.com/monitors/81937254/edit)\r\n"
        + "[Related Logs](https://app.datadoghq.com/logs?query=service%3Acheckout-api)",
        "p99 latency of checkout-api is 2.35 s.\r\nRelated Logs are linked below.")]
    [InlineData("The monitor was last triggered at Sat Dec 05 2026 12:38:00 UTC.\n\n- - -\n\n[Monitor Status](https://app.datadoghq.com/monitors/81937254) · [Edit Monitor](https://app.datadoghq.com/monitors/81937254/edit)", null)]
    public void Parse_DatadogsFooter_LeftOutOfTheDescription_TheMessageAsWrittenKept(string body, string? expected)
    {
        var n = ParseOk(AlertSources.Datadog, Mutate(Triggered, r => r["body"] = body));

        Assert.Equal(expected, n.Alerts[0].Description);
    }

    /// <summary>
    /// A monitor without a host (a service's latency, a synthetic test) has <c>$HOSTNAME</c> unsubstituted in every notification:
    /// read as absent without a note on each delivery; the alert names its scope instead. A variable the alert needs left as its
    /// name is still noted.
    /// </summary>
    [Fact]
    public void Parse_HostnameUnsubstituted_NoNote_TheScopeNamesTheAlert()
    {
        var n = ParseOk(AlertSources.Datadog, Mutate(Triggered, r =>
        {
            r["hostname"] = "$HOSTNAME";
            r["scope"] = "service:checkout-api";
            r["monitor"] = "$ALERT_ID";
        }));

        var alert = Assert.Single(n.Alerts);
        Assert.Equal("service:checkout-api", alert.AffectedResource);
        Assert.DoesNotContain("host", alert.Labels.Keys);
        Assert.Equal(["$.monitor: Datadog sent '$ALERT_ID' unsubstituted: read as absent"], n.Notes);
    }

    /// <summary>
    /// <c>$ALERT_SCOPE</c> (none for a simple monitor), <c>$LINK</c> and <c>$ORG_NAME</c> left as their names ask nothing of the
    /// admin's template: each reads as absent — no scope or org label, no link — and the delivery carries no note about them.
    /// </summary>
    [Fact]
    public void Parse_ScopeLinkAndOrgUnsubstituted_ReadAsAbsent_NoNote()
    {
        var n = ParseOk(AlertSources.Datadog, Mutate(Triggered, r =>
        {
            r["scope"] = "$ALERT_SCOPE";
            r["link"] = "$LINK";
            r["org"] = "$ORG_NAME";
        }));

        var alert = Assert.Single(n.Alerts);
        Assert.Empty(n.Notes);
        Assert.DoesNotContain("scope", alert.Labels.Keys);
        Assert.DoesNotContain("org", alert.Labels.Keys);
        Assert.DoesNotContain(alert.Links, l => l.Href.Host == "app.datadoghq.com" || l.Href.OriginalString.Contains('$', StringComparison.Ordinal));
        Assert.DoesNotContain(alert.Labels.Values, v => v.Contains('$', StringComparison.Ordinal));
    }

    /// <summary>README's Datadog section shows the template the parser reads, character for character.</summary>
    [Fact]
    public void Template_IsTheOneReadmeSaysToPaste()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot.Find(), "README.md")).ReplaceLineEndings("\n");

        Assert.Contains("```json\n" + DatadogWebhookPayload.Template.ReplaceLineEndings("\n") + "\n```", readme, StringComparison.Ordinal);
    }
}
