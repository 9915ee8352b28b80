using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Comms;

/// <summary>
/// A 120-person bilingual stakeholder audience (60 read Japanese, 60 English; five addresses listed in both audiences)
/// told about an incident declared through <c>POST /api/incidents</c> and updated through <c>POST /api/incidents/{id}/updates</c>,
/// on a loopback ACS that checks the wire format: per notice and language ⌈60/50⌉ = 2 messages (up to 50 readers in bcc,
/// nobody in "to": ACS's limit is 50 recipients), every reader exactly once per notice, also when 30% of ACS calls fail.
/// </summary>
public sealed class StakeholderNoticeAcsTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-comms-master-key";
    private const string Sender = "DoNotReply@onduty.example";
    private const string Hostile = "<script>alert(1)</script> \" & <b>x</b>";
    private const string HostileInHtml = "&lt;script&gt;alert(1)&lt;/script&gt; &quot; &amp; &lt;b&gt;x&lt;/b&gt;";

    private static readonly List<string> Japanese = [.. Enumerable.Range(0, 60).Select(i => $"ja{i:000}@stakeholders.example")];
    private static readonly List<string> English = [.. Enumerable.Range(0, 60).Select(i => $"en{i:000}@stakeholders.example")];

    private LoopbackAcsServer _acs = null!;
    private OwnApp _app = null!;

    private HostedApp _host => _app.Host;

    public async Task InitializeAsync()
    {
        _acs = await LoopbackAcsServer.StartAsync();
        var settings = OwnApp.AcsEmail(_acs, from: Sender, more: new Dictionary<string, string?>
        {
            ["Outbox:MaxAttempts"] = "30",
            ["Comms:Audiences:a-ja:Language"] = "ja",
            ["Comms:Audiences:b-en:Language"] = "en",
            ["Comms:BySeverity:Sev2:0"] = "a-ja",
            ["Comms:BySeverity:Sev2:1"] = "b-en",
        });
        for (var i = 0; i < Japanese.Count; i++)
        {
            settings[$"Comms:Audiences:a-ja:Members:{i}"] = Japanese[i];
        }

        // Five Japanese readers are in the English audience too: still one copy each, in the first audience's language.
        foreach (var (address, i) in English.Concat(Japanese.Take(5)).Select((a, i) => (a.ToUpperInvariant(), i)))
        {
            settings[$"Comms:Audiences:b-en:Members:{i}"] = address;
        }

        _app = await OwnApp.StartAsync(MasterKey, OnDutyAppFixture.BeforeHandoff.AddHours(1).AddMinutes(5), settings, smtp: false);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _acs.DisposeAsync();
    }

    [Fact]
    public async Task DeclareAndUpdate_120ReadersOnAcs_TwoMessagesPerLanguageEachReaderOncePerNotice()
    {
        var id = await DeclareAndUpdateAsync();

        AssertEveryReaderOncePerNotice(id);
        Assert.All(_acs.SendPosts, p => Assert.True(JsonDocument.Parse(p).RootElement.GetProperty("recipients").EnumerateObject().Sum(l => l.Value.GetArrayLength()) <= 50));
    }

    [Fact]
    public async Task DeclareAndUpdate_AcsFailing30PercentOfCalls_EachReaderStillExactlyOncePerNotice()
    {
        _acs.FailRandomly(0.3, seed: 20261207);

        var id = await DeclareAndUpdateAsync();

        AssertEveryReaderOncePerNotice(id);
        Assert.Contains(_acs.Requests, r => r.Status >= 500 || r.Status == 429 || r.Status == 0);
    }

    private async Task<string> DeclareAndUpdateAsync()
    {
        using var created = await _host.Client.PostAsJsonAsync("api/incidents", new
        {
            title = "決済画面が開かない " + Hostile,
            severity = "sev2",
            userImpact = "Checkout fails " + Hostile,
            workaround = "Use the web " + Hostile,
            affectedAreas = new[] { "checkout " + Hostile },
            platforms = new[] { "iOS " + Hostile },
            by = "sato",
        });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;

        using var updated = await _host.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "identified", message = "Rolled back " + Hostile, by = "sato" });
        Assert.True(updated.StatusCode == HttpStatusCode.OK, await updated.Content.ReadAsStringAsync());

        await DeliverNoticesAsync(id);
        return id;
    }

    /// <summary>
    /// Lets the queue send, then moves the business clock past every retry and sweeps, until none of the incident's stakeholder
    /// notices is pending. Only those: the app's other messages (the declared incident's pages and escalation steps) keep coming
    /// due while the clock moves, and are not what this test is about.
    /// </summary>
    private async Task DeliverNoticesAsync(string id)
    {
        var prefix = $"incident:{id}:notice:";
        var items = new List<JsonElement>();
        for (var round = 0; round < 200; round++)
        {
            await _host.WaitForOutboxIdleAsync(allowRetrying: true, timeout: TimeSpan.FromMinutes(2));
            items = await NoticesAsync("pending", prefix);
            if (items.Count == 0)
            {
                var failed = await NoticesAsync("failed", prefix);
                Assert.True(failed.Count == 0, "Given up: " + Described(failed));
                return;
            }

            // Only as far as the next retry is due (and the sweeper's minute after it): pages are given up by age.
            var next = items.Min(i => i.GetProperty("nextAttemptAt").GetDateTimeOffset());
            var wait = next - _host.Time.GetUtcNow() + TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1);
            await _host.AdvanceAsync(wait > TimeSpan.FromSeconds(1) ? wait : TimeSpan.FromSeconds(1));
            await _host.RunFunctionAsync("RetryOutbox");
        }

        Assert.Fail($"Stakeholder notices of {id} still pending after 200 rounds of retries (now {_host.Time.GetUtcNow():O}): {Described(items)}");
    }

    private async Task<List<JsonElement>> NoticesAsync(string status, string prefix)
    {
        var listed = await _host.Client.GetFromJsonAsync<JsonElement>($"api/outbox?status={status}&max=1000");
        return [.. listed.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("id").GetString()!.StartsWith(prefix, StringComparison.Ordinal))];
    }

    /// <summary>Each message: id, attempts, next attempt and last error, to tell what held it.</summary>
    private static string Described(IEnumerable<JsonElement> items) => string.Join("; ", items.Select(i =>
        $"{i.GetProperty("id").GetString()} (attempts {i.GetProperty("attempts")}, next {i.GetProperty("nextAttemptAt")}, last error {(i.TryGetProperty("lastError", out var e) ? e.ToString() : "none")})"));

    private void AssertEveryReaderOncePerNotice(string id)
    {
        foreach (var notice in new[] { 1, 2 })
        {
            var prefix = $"incident:{id}:notice:{notice}:email:";
            var deliveries = _acs.Deliveries.Where(d => d.Headers.TryGetValue("X-OnDuty-Message", out var m) && m.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            foreach (var (language, readers, marker) in new[] { ("ja", Japanese, notice == 1 ? "【障害・調査中】" : "【障害・原因特定】"), ("en", English, notice == 1 ? "[Incident · Investigating] " : "[Incident · Identified] ") })
            {
                var mine = deliveries.Where(d => d.Headers["X-OnDuty-Message"].StartsWith(prefix + language + ":", StringComparison.Ordinal)).ToList();
                Assert.Equal(2, mine.Count); // ⌈60/50⌉ messages
                Assert.Equal(readers, mine.SelectMany(d => d.Bcc.Select(b => b.Address)).Order(StringComparer.Ordinal));
                Assert.All(mine, d => Assert.Empty(d.To));
                Assert.All(mine, d => Assert.StartsWith(marker + id, d.Subject, StringComparison.Ordinal));
                Assert.All(mine, d => Assert.Contains(HostileInHtml, d.Html, StringComparison.Ordinal));
                Assert.All(mine, d => Assert.DoesNotContain("<script", d.Html, StringComparison.OrdinalIgnoreCase));
                Assert.All(mine, d => Assert.Contains(Hostile, d.PlainText, StringComparison.Ordinal));
            }

            Assert.Equal(4, deliveries.Count);
        }

        // One conversation in the readers' mail apps: every notice of the incident answers the same message, whatever its
        // subject's status and number.
        var notices = _acs.Deliveries.Where(d => d.Headers.TryGetValue("X-OnDuty-Message", out var m) && m.StartsWith($"incident:{id}:notice:", StringComparison.Ordinal)).ToList();
        var root = Assert.Single(notices.Select(d => d.Headers["In-Reply-To"]).Distinct());
        Assert.Matches("^<[0-9a-f]{32}@[^>]+>$", root);
        Assert.All(notices, d => Assert.Equal(root, d.Headers["References"]));
    }
}
