using System.Globalization;
using Microsoft.Extensions.Options;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Alerts;

/// <summary>
/// The optional per-source credentials of <c>POST /api/alerts/{source}</c>: a shared secret, an HMAC signature of the
/// body (Grafana, GitHub-style, or Standard Webhooks when the secret starts with <c>whsec_</c>), and for signed
/// timestamps (Grafana's <c>X-Grafana-Alerting-Signature-Timestamp</c>, Standard Webhooks' <c>webhook-timestamp</c>) an
/// age within <c>Incidents__Sources__{source}__MaxSignatureAge</c>, so a captured request cannot be replayed later.
/// </summary>
public sealed class WebhookAuthentication(IOptions<IncidentOptions> options, TimeProvider time)
{
    private static readonly string[] SignatureHeaders = ["X-Grafana-Alerting-Signature", "X-Hub-Signature-256", "X-Signature-256", "X-Signature"];

    /// <param name="header">Reads a request header (null or empty when absent).</param>
    /// <param name="query">Reads a query parameter.</param>
    public WebhookCheck Check(AlertSource source, Func<string, string?> header, Func<string, string?> query, ReadOnlySpan<byte> body)
    {
        var check = CheckCredentials(source, header, query, body);

        // Datadog's webhooks and Azure Monitor's action groups carry no signature of their body: a signature refusal there is a
        // setting to remove, not a header to add (only something signing between the tool and OnDuty passes it, and it is
        // checked as for any source).
        return CannotSign(source) && check is { Refusal: not null, Setting: "HmacSecret" } ? check with { Refusal = CannotSignRefusal(source) } : check;
    }

    /// <summary>
    /// Whether the source's own tool can sign nothing it posts: Datadog's webhooks and Azure Monitor's action groups (whose only
    /// credential is <c>&amp;secret=</c> in the webhook URI). Alertmanager does not sign either, but a signing proxy in front of
    /// it is a set-up OnDuty offers (<c>alertmanagerHmacSecret</c>), so its signature refusal stays the general one.
    /// </summary>
    public static bool CannotSign(AlertSource source) => source is AlertSource.Datadog or AlertSource.AzureMonitor;

    private WebhookCheck CheckCredentials(AlertSource source, Func<string, string?> header, Func<string, string?> query, ReadOnlySpan<byte> body)
    {
        var settings = options.Value.SourceOptions(source);
        var secrets = settings.AcceptedSecrets;
        if (secrets.Count > 0)
        {
            var presented = header("X-OnDuty-Secret");
            var authorization = header("Authorization") ?? "";
            if (string.IsNullOrEmpty(presented) && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                presented = authorization["Bearer ".Length..].Trim();
            }

            if (string.IsNullOrEmpty(presented))
            {
                presented = query("secret");
            }

            // Every configured secret is compared, in constant time each, so the time taken does not say which one matched.
            if (!secrets.Aggregate(false, (found, secret) => WebhookSignature.SharedSecretEquals(secret, presented) | found))
            {
                return new(SharedSecretRefusal(source), Setting: "SharedSecret");
            }
        }

        if (string.IsNullOrEmpty(settings.HmacSecret))
        {
            return new(null);
        }

        if (StandardWebhookSignature.IsStandardSecret(settings.HmacSecret))
        {
            var id = header("webhook-id");
            var stamp = header("webhook-timestamp");
            if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(stamp)
                || !StandardWebhookSignature.Verify(settings.HmacSecret, id, stamp, body, header("webhook-signature")))
            {
                return new("The Standard Webhooks signature is missing or wrong (webhook-id, webhook-timestamp, webhook-signature).", Setting: "HmacSecret");
            }

            return StaleRefusal(stamp, "webhook-timestamp", settings.MaxSignatureAge) is { } stale ? new(stale, Setting: "HmacSecret") : new(null, id);
        }

        var signature = SignatureHeaders.Select(header).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        var timestamp = header("X-Grafana-Alerting-Signature-Timestamp");
        if (!WebhookSignature.Verify(settings.HmacSecret, body, signature, string.IsNullOrEmpty(timestamp) ? null : timestamp))
        {
            return new($"The HMAC-SHA256 signature of the body is missing or wrong ({string.Join(", ", SignatureHeaders)}).", Setting: "HmacSecret");
        }

        return string.IsNullOrEmpty(timestamp) ? new(null) : new(StaleRefusal(timestamp, "X-Grafana-Alerting-Signature-Timestamp", settings.MaxSignatureAge), Setting: "HmacSecret");
    }

    /// <summary>The 401's detail for a missing or wrong shared secret: where the source's tool puts it.</summary>
    internal static string SharedSecretRefusal(AlertSource source) => source switch
    {
        AlertSource.Datadog =>
            "The shared secret is missing or wrong: Datadog sends it in the webhook's Custom Headers as {\"X-OnDuty-Secret\": \"<secret>\"} (Integrations → Webhooks).",
        AlertSource.AzureMonitor =>
            "The shared secret is missing or wrong: an Azure Monitor action group sends it only in the webhook URI, as &secret=<secret> after ?code=… (it cannot set a header).",
        _ => "The shared secret is missing or wrong (X-OnDuty-Secret header, Authorization: Bearer, or ?secret=).",
    };

    /// <summary>The 401's detail when a signing secret is set for Datadog, which cannot sign.</summary>
    internal const string DatadogCannotSign =
        "The body carries no valid signature, and Datadog does not sign its webhooks: remove Incidents__Sources__datadog__HmacSecret and use SharedSecret (the X-OnDuty-Secret custom header).";

    /// <summary>The 401's detail when a signing secret is set for an Azure Monitor action group, which cannot sign.</summary>
    internal const string AzureMonitorCannotSign =
        "The body carries no valid signature, and Azure Monitor action groups do not sign their webhooks: remove Incidents__Sources__azure_monitor__HmacSecret and use SharedSecret (&secret=<secret> in the webhook URI).";

    private static string CannotSignRefusal(AlertSource source) => source == AlertSource.Datadog ? DatadogCannotSign : AzureMonitorCannotSign;

    /// <summary>Null when the signed Unix-seconds timestamp is within <paramref name="maxAge"/> of now (either way: clocks differ).</summary>
    private string? StaleRefusal(string timestamp, string headerName, TimeSpan maxAge)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return $"{headerName} is not a Unix time in seconds.";
        }

        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        return age.Duration() <= maxAge
            ? null
            : $"{headerName} is {(int)age.Duration().TotalSeconds} s from now, more than the {(int)maxAge.TotalSeconds} s allowed (a replayed or delayed request).";
    }
}
