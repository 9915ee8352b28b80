using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Testing;

namespace OnDuty.Core.Tests.Alerts;

public sealed class WebhookAuthenticationTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"dedup_key\":\"x\"}");

    private static WebhookAuthentication CreateSut(Action<AlertSourceOptions> source, AlertSource which, TimeSpan? maxAge = null)
    {
        var settings = new AlertSourceOptions();
        source(settings);
        if (maxAge is { } age)
        {
            settings.MaxSignatureAge = age;
        }

        var options = new IncidentOptions { Sources = { [which.ToRouteName()] = settings } };
        return new WebhookAuthentication(Microsoft.Extensions.Options.Options.Create(options), new FakeTimeProvider(Now));
    }

    private static string Unix(TimeSpan offset) => (Now + offset).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(0, true)]
    [InlineData(-299, true)]
    [InlineData(299, true)]
    [InlineData(-301, false)]
    [InlineData(301, false)]
    public void Check_GrafanaSignedTimestamp_FreshPassesStaleRefused(int offsetSeconds, bool passes)
    {
        var sut = CreateSut(s => s.HmacSecret = "k", AlertSource.Grafana);
        var stamp = Unix(TimeSpan.FromSeconds(offsetSeconds));
        var headers = new Dictionary<string, string>
        {
            ["X-Grafana-Alerting-Signature"] = WebhookSignature.ComputeHex("k", Body, stamp),
            ["X-Grafana-Alerting-Signature-Timestamp"] = stamp,
        };

        var check = sut.Check(AlertSource.Grafana, h => headers.GetValueOrDefault(h), _ => null, Body);

        Assert.Equal(passes, check.Refusal is null);
    }

    /// <summary>
    /// Datadog does not sign: with a signing secret set its deliveries are refused saying to remove that setting (not to send a
    /// signature header it cannot send); a body something in between did sign still passes, as for any source.
    /// </summary>
    [Fact]
    public void Check_DatadogWithASigningSecret_RefusalSaysToRemoveIt_ASignedBodyStillPasses()
    {
        var sut = CreateSut(s => s.HmacSecret = "k", AlertSource.Datadog);

        var unsigned = sut.Check(AlertSource.Datadog, _ => null, _ => null, Body);
        var signed = sut.Check(AlertSource.Datadog, h => h == "X-Hub-Signature-256" ? "sha256=" + WebhookSignature.ComputeHex("k", Body) : null, _ => null, Body);

        Assert.Equal(
            ("The body carries no valid signature, and Datadog does not sign its webhooks: remove Incidents__Sources__datadog__HmacSecret and use SharedSecret (the X-OnDuty-Secret custom header).", "HmacSecret"),
            (unsigned.Refusal, unsigned.Setting));
        Assert.Null(signed.Refusal);
    }

    /// <summary>
    /// An Azure Monitor action group does not sign either: with a signing secret set its deliveries are refused saying to remove it
    /// and use the secret in the webhook URI; a wrong or missing secret is answered with where the action group puts it.
    /// </summary>
    [Fact]
    public void Check_AzureMonitor_RefusalsSayTheWebhookUrisSecret()
    {
        var signing = CreateSut(s => s.HmacSecret = "k", AlertSource.AzureMonitor);
        var sharing = CreateSut(s => s.SharedSecret = "s", AlertSource.AzureMonitor);

        var unsigned = signing.Check(AlertSource.AzureMonitor, _ => null, _ => null, Body);
        var wrong = sharing.Check(AlertSource.AzureMonitor, _ => null, q => q == "secret" ? "old" : null, Body);
        var right = sharing.Check(AlertSource.AzureMonitor, _ => null, q => q == "secret" ? "s" : null, Body);

        Assert.Equal(
            ("The body carries no valid signature, and Azure Monitor action groups do not sign their webhooks: remove Incidents__Sources__azure_monitor__HmacSecret and use SharedSecret (&secret=<secret> in the webhook URI).", "HmacSecret"),
            (unsigned.Refusal, unsigned.Setting));
        Assert.Equal(
            ("The shared secret is missing or wrong: an Azure Monitor action group sends it only in the webhook URI, as &secret=<secret> after ?code=… (it cannot set a header).", "SharedSecret"),
            (wrong.Refusal, wrong.Setting));
        Assert.Null(right.Refusal);
    }

    [Fact]
    public void Check_ConfiguredMaxSignatureAge_IsUsed()
    {
        var sut = CreateSut(s => s.HmacSecret = "k", AlertSource.Grafana, TimeSpan.FromSeconds(30));
        var stamp = Unix(TimeSpan.FromSeconds(-60));
        var headers = new Dictionary<string, string>
        {
            ["X-Grafana-Alerting-Signature"] = WebhookSignature.ComputeHex("k", Body, stamp),
            ["X-Grafana-Alerting-Signature-Timestamp"] = stamp,
        };

        Assert.NotNull(sut.Check(AlertSource.Grafana, h => headers.GetValueOrDefault(h), _ => null, Body).Refusal);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(-301, false)]
    [InlineData(301, false)]
    public void Check_StandardWebhooks_FreshPassesWithItsIdStaleRefused(int offsetSeconds, bool passes)
    {
        const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        var sut = CreateSut(s => s.HmacSecret = Secret, AlertSource.Generic);
        var stamp = Unix(TimeSpan.FromSeconds(offsetSeconds));
        var headers = new Dictionary<string, string>
        {
            ["webhook-id"] = "msg_1",
            ["webhook-timestamp"] = stamp,
            ["webhook-signature"] = StandardWebhookSignature.Sign(Secret, "msg_1", stamp, Body),
        };

        var check = sut.Check(AlertSource.Generic, h => headers.GetValueOrDefault(h), _ => null, Body);

        Assert.Equal(passes, check.Refusal is null);
        Assert.Equal(passes ? "msg_1" : null, check.WebhookId);
    }

    [Fact]
    public void Check_StandardWebhooksWithoutId_Refused()
    {
        const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        var sut = CreateSut(s => s.HmacSecret = Secret, AlertSource.Generic);
        var stamp = Unix(TimeSpan.Zero);
        var headers = new Dictionary<string, string>
        {
            ["webhook-timestamp"] = stamp,
            ["webhook-signature"] = StandardWebhookSignature.Sign(Secret, "", stamp, Body),
        };

        Assert.NotNull(sut.Check(AlertSource.Generic, h => headers.GetValueOrDefault(h), _ => null, Body).Refusal);
    }

    [Theory]
    [InlineData("old-secret", true)]
    [InlineData("new-secret", true)]
    [InlineData("grafanas-secret", false)]
    [InlineData(null, false)]
    public void Check_SecretBeingRotated_OldAndNewPass_AnotherSourcesRefused_RefusalNamesNoSecret(string? presented, bool passes)
    {
        var options = new IncidentOptions
        {
            Sources =
            {
                ["alertmanager"] = new AlertSourceOptions { SharedSecret = "old-secret", SharedSecrets = ["", "new-secret"] },
                ["grafana"] = new AlertSourceOptions { SharedSecret = "grafanas-secret" },
            },
        };
        var sut = new WebhookAuthentication(Microsoft.Extensions.Options.Options.Create(options), new FakeTimeProvider(Now));

        var check = sut.Check(AlertSource.Alertmanager, h => h == "X-OnDuty-Secret" ? presented : null, _ => null, Body);

        Assert.Equal(passes, check.Refusal is null);
        if (!passes)
        {
            Assert.All(new[] { "old-secret", "new-secret", "grafanas-secret" }, secret => Assert.DoesNotContain(secret, check.Refusal!, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Check_OnlyTheListSet_AsksForOneOfIt()
    {
        var sut = CreateSut(s => s.SharedSecrets = ["only-in-the-list"], AlertSource.Generic);

        Assert.NotNull(sut.Check(AlertSource.Generic, _ => null, _ => null, Body).Refusal);
        Assert.Null(sut.Check(AlertSource.Generic, _ => null, q => q == "secret" ? "only-in-the-list" : null, Body).Refusal);
    }

    /// <summary>
    /// docs/alerts-generic.md says a generic sender presents its secret as X-OnDuty-Secret, else Authorization: Bearer, else ?secret=,
    /// only the first present compared: a wrong header is refused beside a right Bearer; Basic is not accepted.
    /// </summary>
    [Fact]
    public void Check_SharedSecret_TheFirstPresentOfHeaderBearerQueryIsCompared()
    {
        var sut = CreateSut(s => s.SharedSecret = "right", AlertSource.Generic);
        IDictionary<string, string> Headers(params (string Name, string Value)[] h) => h.ToDictionary(x => x.Name, x => x.Value);
        string? Refusal(IDictionary<string, string> headers, string? query = null) =>
            sut.Check(AlertSource.Generic, h => headers.TryGetValue(h, out var v) ? v : null, q => q == "secret" ? query : null, Body).Refusal;

        Assert.Null(Refusal(Headers(("X-OnDuty-Secret", "right"))));
        Assert.Null(Refusal(Headers(("Authorization", "Bearer right"))));
        Assert.Null(Refusal(Headers(), "right"));
        Assert.NotNull(Refusal(Headers(("X-OnDuty-Secret", "wrong"), ("Authorization", "Bearer right"))));
        Assert.NotNull(Refusal(Headers(("Authorization", "Bearer wrong")), "right"));
        Assert.NotNull(Refusal(Headers(("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("onduty:right"))))));
    }

    /// <summary>docs/alerts-generic.md quotes each 401 detail a generic sender can get, as the check words it, and its signature headers in order.</summary>
    [Fact]
    public void GenericDocs_QuoteEachRefusalAsTheCheckWordsIt()
    {
        var docs = Regex.Replace(File.ReadAllText(Path.Combine(RepoRoot.Find(), "docs", "alerts-generic.md")), @"\s+", " ");
        var secret = CreateSut(s => s.SharedSecret = "s", AlertSource.Generic).Check(AlertSource.Generic, _ => null, _ => null, Body);
        var hmac = CreateSut(s => s.HmacSecret = "k", AlertSource.Generic).Check(AlertSource.Generic, _ => null, _ => null, Body);
        var standard = CreateSut(s => s.HmacSecret = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("key")), AlertSource.Generic)
            .Check(AlertSource.Generic, _ => null, _ => null, Body);

        Assert.All([secret.Refusal, hmac.Refusal, standard.Refusal], refusal => Assert.Contains($"`{refusal}`", docs, StringComparison.Ordinal));
        Assert.Contains("in the first of `X-Grafana-Alerting-Signature`, `X-Hub-Signature-256`, `X-Signature-256`, `X-Signature` that is present", docs, StringComparison.Ordinal);
    }
}
