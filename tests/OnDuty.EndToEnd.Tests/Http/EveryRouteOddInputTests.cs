using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Incidents;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Functions.Sms;
using OnDuty.Infrastructure.Sms;
using OnDuty.LocalHost;
using OnDuty.Testing;
using Xunit.Abstractions;

namespace OnDuty.EndToEnd.Tests.Http;

/// <summary>
/// Every HTTP function of the app, found as LocalHost finds them (<see cref="FunctionCatalog"/>: a new route is swept without
/// touching this class), sent odd ids, odd bodies, odd queries and headers, and no key or a wrong one. Storage is healthy here, so
/// never a 5xx; a 4xx from the API is problem details carrying its status; a page answers HTML and never echoes markup it was
/// sent; nothing is stored under an odd id. No route is left out; the answers known to miss the bar are
/// <see cref="KnownDeviations"/>, each with why it is not fixed yet.
/// </summary>
/// <remarks>
/// The sweep runs on a second host of its own app (Twilio and the duty line on, toward a loopback Twilio), so Twilio's webhooks
/// are swept too: their probes are signed as Twilio signs, so they get past the signature to the form they carry.
/// </remarks>
public sealed partial class EveryRouteOddInputTests(OnDutyAppFixture app, ITestOutputHelper output) : IClassFixture<OnDutyAppFixture>
{
    private const string Markup = "<b>onduty-sweep</b>";

    private const string WrongKey = "not-the-key";

    private const string Sender = "+15005550006";

    /// <summary>What Table Storage refuses in a key (<c>/ \ # ?</c>, control characters) and what OnDuty joins keys with (<c>|</c>).</summary>
    private const string KeyUnsafe = "a/b\\c#d?e|f'g\u0001h\u007Fi";

    private static readonly string LongId = string.Concat(Enumerable.Repeat("abcdefghij", 110));

    private static readonly string Japanese20000 = Japanese(20_000);

    /// <summary>Path values, each sent in place of one path parameter at a time (already percent-encoded where it matters).</summary>
    /// <remarks>
    /// A whole <c>..</c> segment is not sent: the client and Kestrel remove dot segments before routing (RFC 3986), so it never
    /// reaches a function; <c>..</c> goes inside a value instead (<c>..%2F..</c>).
    /// </remarks>
    private static readonly IReadOnlyList<(string What, string Value)> OddValues =
    [
        ("1,100 characters", LongId),
        ("Japanese", Uri.EscapeDataString("山田太郎の障害報告")),
        ("%2F", "a%2Fb"),
        ("'", "o'neil"),
        ("|", "a|b"),
        ("%23", "a%23b"),
        ("..", "..%2F..%2Fhost.json"),
        ("markup", Uri.EscapeDataString(Markup)),
        ("line break", "a%0D%0Ab"),
    ];

    /// <summary>
    /// Answers known to miss the bar, tolerated (a 5xx is still a failure) until fixed: which probes, the answer tolerated, and
    /// why it is not fixed yet.
    /// </summary>
    private static readonly IReadOnlyList<(string What, Func<Probe, bool> Applies, int Status, string Reason)> KnownDeviations = [];

    /// <summary>
    /// A valid body per function that reads one (JSON, or a form for Twilio's webhooks), with <c>{incident}</c>, <c>{criterion}</c>,
    /// <c>{account}</c> and <c>{sender}</c> for what is made before the sweep. Sent with the odd ids (so they get past the body
    /// checks), and with each of its values in turn made odd. A function without one still gets every other probe.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> Samples = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["CreateMember"] = """{"id":"sweep-member","displayName":"掃除 花子","email":"sweep@onduty.example","upn":"sweep@corp.onduty.example","phone":"+81 90-1234-5678","language":"ja","joinedOn":"2024-04-01","area":"server","timeZone":"Asia/Tokyo"}""",
        ["PutMember"] = """{"displayName":"山田 太郎","email":"yamada@onduty.example","upn":"yamada@corp.onduty.example","language":"ja","joinedOn":"2020-04-01","area":"server","timeZone":"Asia/Tokyo"}""",
        ["AddLeave"] = """{"from":"2027-02-01","to":"2027-02-03","note":"休暇"}""",
        ["CreateRotationFeed"] = """{"note":"スマホ"}""",
        ["CreateMemberFeed"] = """{"note":"スマホ"}""",
        ["PutRotation"] = """{"name":"Incident duty","nameJa":"障害当番","startDate":"2026-11-30","members":["yamada","sato","suzuki","takahashi"],"notifyEmails":["team@onduty.example"],"timeZone":"Asia/Tokyo","handoffTime":"10:00","peoplePerShift":1}""",
        ["AddOverride"] = """{"week":"2026-W50","memberId":"yamada","replacementId":"tanaka","reason":"体調不良"}""",
        ["AddSwap"] = """{"memberId":"yamada","week":"2026-W50","otherMemberId":"tanaka","otherWeek":"2026-W51","reason":"交換"}""",
        ["CreateIncident"] = """{"title":"決済が遅い","severity":"sev3","affectedAreas":["決済"],"platforms":["ios"],"userImpact":"購入できない","workaround":"再試行","startedAt":"2026-11-29T23:00:00Z","by":"sweep","bridgeUrl":"https://meet.onduty.example/sweep"}""",
        ["PostIncidentUpdate"] = """{"status":"investigating","message":"調査中です","by":"sweep","userImpact":"購入できない","startedAt":"2026-11-29T23:00:00Z"}""",
        ["AcknowledgeIncident"] = """{"memberId":"yamada"}""",
        ["TakeOverIncident"] = """{"by":"yamada"}""",
        ["AcknowledgeIncidents"] = """{"memberId":"yamada","ids":["{incident}"]}""",
        ["MergeIncident"] = """{"into":"{incident}","by":"sweep"}""",
        ["MergeIncidents"] = """{"ids":["{incident}"],"by":"sweep"}""",
        ["UnmergeIncident"] = """{"by":"sweep"}""",
        ["FollowIncident"] = """{"memberId":"yamada"}""",
        ["PutIncidentDrafts"] = """{"customerNotice":"ただいま決済が遅くなっています。","workaround":"時間をおいてお試しください。","faq":[{"question":"返金は？","answer":"不要です。"}],"status":"draft","by":"sweep"}""",
        ["CreateCriterion"] = """{"title":"決済の停止","text":"決済が5分以上止まったら sev2","topic":"payments","by":"sweep"}""",
        ["UpdateCriterion"] = """{"title":"決済の停止","text":"決済が5分以上止まったら sev2","topic":"payments","note":"見直し","by":"sweep"}""",
        ["SaveRetro"] = """{"summary":"決済が止まった","timeline":[{"at":"2026-11-30T00:00:00Z","text":"検知","kind":"note","by":"yamada"}],"impact":"購入不可","wentWell":"早期検知","hardToJudge":"重大度","criteriaChanges":[{"criterionId":"{criterion}","note":"見直し"}],"manualChanges":"なし","actionItems":[{"title":"監視追加","owner":"yamada","due":"2026-12-31","status":"open"}],"by":"sweep"}""",
        ["DefineHeartbeat"] = """{"title":"夜間バックアップ","description":"毎晩","intervalMinutes":1440,"graceMinutes":60,"severity":"sev3","labels":{"team":"infra"},"by":"sweep","maxRunMinutes":120}""",
        ["FailHeartbeat"] = """{"message":"バックアップ失敗"}""",
        ["PlanMaintenance"] = """{"title":"リリース作業","from":"2026-11-30T01:00:00Z","to":"2026-11-30T06:00:00Z","sources":["generic"],"severities":["sev3"],"labels":{"onduty_test":"sweep"},"by":"sweep"}""",
        ["ChangeMaintenance"] = """{"to":"2026-11-30T07:00:00Z","by":"sweep"}""",
        ["ReceiveEmailEvents"] = """[{"id":"e1","eventType":"Microsoft.Communication.EmailDeliveryReportReceived","subject":"","eventTime":"2026-01-01T00:00:00Z","dataVersion":"1.0","data":{"messageId":"00000000-0000-4000-8000-0000000000aa","recipient":"a@onduty.example","status":"Bounced","deliveryStatusDetails":{"statusMessage":"mailbox full"},"deliveryAttemptTimestamp":"2026-01-01T00:00:00Z"}}]""",
        ["ReceiveSms"] = """[{"id":"s1","eventType":"Microsoft.Communication.SMSReceived","subject":"/phonenumber/18005550100","eventTime":"2026-01-01T00:00:00Z","dataVersion":"1.0","data":{"MessageId":"sweep-sms-1","From":"+818011112222","To":"18005550100","Message":"1"}}]""",
        ["PostAlert"] = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Alerts", "Samples", "generic-trigger.json")),
        ["ReceiveTwilioSms"] = "MessageSid=SMsweep1&AccountSid={account}&From=%2B818011112222&To={sender}&Body=1",
        ["TwilioCallEvents"] = "CallSid=CAsweep1&AccountSid={account}&CallStatus=no-answer&Digits=1&From={sender}&To=%2B818011112222",
        ["TwilioDutyLine"] = "CallSid=CAsweep2&AccountSid={account}&From=%2B818011112222&To={sender}&DialCallStatus=no-answer",
    };

    private readonly OnDutyAppFixture _app = app;
    private readonly ITestOutputHelper _output = output;

    /// <summary>
    /// Each route and method: its path values plausible, 1,100 characters, Japanese, and odd (<c>%2F</c>, <c>'</c>, <c>|</c>,
    /// <c>%23</c>, <c>..</c>, markup, a line break), one parameter at a time; bodies none, empty, <c>{</c>, <c>[]</c>, <c>null</c>,
    /// <c>"x"</c>, 200 levels deep, a garbled form, text, and a valid body with each value in turn 20,000 characters of Japanese,
    /// 1,100 characters, key-unsafe or a date at the ends of the calendar; odd queries and headers; a page's forms posted with a
    /// valid anti-forgery token and odd fields, without one, and as garbage.
    /// </summary>
    [Fact]
    public async Task EveryRoute_OddInput_NoServerErrorAndTheRoutesOwnShape()
    {
        await using var twilio = await LoopbackTwilioServer.StartAsync();
        await using var host = await _app.StartSecondHostAsync(new Dictionary<string, string?>
        {
            ["Sms:Provider"] = "Twilio",
            ["Sms:From"] = Sender,
            ["Sms:AcceptReplies"] = "true",
            ["Sms:Twilio:AccountSid"] = twilio.AccountSid,
            ["Sms:Twilio:AuthToken"] = twilio.AuthToken,
            ["Sms:Twilio:BaseUrl"] = twilio.BaseUrl,
            ["Voice:Enabled"] = "true",
            ["Voice:DutyLine"] = "true",
        });
        Assert.Empty(Samples.Keys.Except(Routes().Select(r => r.Function.Name))); // a sample of a function renamed or gone covers nothing
        var made = await MakePlausibleAsync(host, twilio.AccountSid);
        var forms = await ReadFormsAsync(host, made);

        // Round robin over the routes: the requests in flight at once are to different routes, so they do not all change one
        // heartbeat or incident together (which answers 503 Busy by design, for senders to retry).
        var probes = Routes().Select(r => Probes(r, made, forms).ToList())
            .SelectMany(list => list.Select((probe, i) => (probe, i)))
            .OrderBy(p => p.i).Select(p => p.probe).ToList();
        var sweep = new Sweep(host.BaseAddress, forms, twilio.AuthToken);
        var clock = Stopwatch.StartNew();
        var failures = await sweep.SendAsync(probes);
        var stored = await OddIdsStoredAsync(host, made);
        var mails = await MarkupInMailsAsync();
        var elapsed = clock.Elapsed;

        _output.WriteLine($"{probes.Count} requests to {Routes().Count} routes in {elapsed.TotalSeconds:0.0} s (+{stored.Checked} to check nothing was stored under an odd id and every read still answers; {mails.Checked} mails' HTML read)");
        _output.WriteLine($"{sweep.MarkupShownEncoded} HTML answers showed the markup sent, encoded");
        _output.WriteLine("answers: " + string.Join(", ", sweep.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        foreach (var route in sweep.ByRoute.GroupBy(r => r.Key.Split(' ')[0]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            _output.WriteLine($"  {route.Key}: " + string.Join(", ", route.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key.Split(' ')[1]}×{r.Value}")));
        }

        foreach (var (what, count) in sweep.Tolerated.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            _output.WriteLine($"known deviation, {count} tolerated: {what}");
        }

        var all = failures.Concat(stored.Failures).Concat(mails.Failures).Order(StringComparer.Ordinal).ToList();
        Assert.True(sweep.MarkupShownEncoded > 0, "no page showed the markup sent, encoded: the pages' encoding was not checked");
        Assert.True(all.Count == 0, $"{all.Count} of {probes.Count + stored.Checked} requests answered wrongly:\n" + string.Join("\n", all));
    }

    /// <summary>Every route that needs a function key, without one, with a wrong one in the header and in <c>?code=</c>: 401 problem.</summary>
    [Fact]
    public async Task EveryKeyedRoute_NoKeyOrWrongKey_401Problem()
    {
        // The key is checked before the function runs: any path value will do.
        var made = new Dictionary<string, string>(StringComparer.Ordinal);
        var probes = Routes()
            .Where(r => r.Function.AuthLevel != AuthorizationLevel.Anonymous)
            .SelectMany(r => r.Methods.SelectMany(m => new[]
            {
                new Probe(r, m, Fill(r, made), "no key", null) { Key = KeyUse.None },
                new Probe(r, m, Fill(r, made), "wrong key", null) { Key = KeyUse.WrongHeader },
                new Probe(r, m, Query(Fill(r, made), "code=" + WrongKey), "wrong ?code=", null) { Key = KeyUse.None },
            }))
            .ToList();

        var failures = await new Sweep(_app.BaseAddress, null, null, expected: 401).SendAsync(probes);

        _output.WriteLine($"{probes.Count} requests to {probes.Select(p => p.Route).Distinct().Count()} routes that need a key");
        Assert.True(probes.Count > 0, "no route needs a key: the catalog was not read");
        Assert.True(failures.Count == 0, $"{failures.Count} of {probes.Count} requests answered wrongly:\n" + string.Join("\n", failures.Order(StringComparer.Ordinal)));
    }

    private enum KeyUse
    {
        Master,
        None,
        WrongHeader,
    }

    /// <summary>An HTTP function as swept: a page (answers HTML to a browser) or the JSON API, and its path parameters.</summary>
    private sealed record Route(FunctionDescriptor Function, IReadOnlyList<string> Methods, bool Page, IReadOnlyList<string> Parameters)
    {
        /// <summary>Twilio's webhooks (a <c>twilio</c> segment): signed with the account's Auth Token, as Twilio signs.</summary>
        public bool Twilio => Function.Route!.Split('/').Contains("twilio");

        public static bool TakesBody(string method) => method is "POST" or "PUT" or "PATCH";
    }

    private sealed record Body(string Text, string ContentType)
    {
        public HttpContent Content() => new ByteArrayContent(Encoding.UTF8.GetBytes(Text)) { Headers = { ContentType = MediaTypeHeaderValue.Parse(ContentType) } };
    }

    private sealed record Probe(Route Route, string Method, string Path, string What, Body? Body)
    {
        public KeyUse Key { get; init; } = KeyUse.Master;

        /// <summary>Sent with the anti-forgery cookie (a page's form).</summary>
        public bool WithCookie { get; init; }

        /// <summary>A Twilio webhook's probe sent without Twilio's signature.</summary>
        public bool Unsigned { get; init; }

        public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

        public override string ToString() => $"{Method} /{(Path.Length > 160 ? Path[..160] + "…" : Path)} [{Route.Function.Name}, {What}]";
    }

    /// <summary>
    /// What the pages' forms hold, by the function they post to: each field with the value the page rendered (hidden ones) or a
    /// plain word; and the anti-forgery token with its cookie.
    /// </summary>
    private sealed record PageForms(IReadOnlyDictionary<string, Dictionary<string, string>> ByFunction, string Token, string Cookie)
    {
        /// <summary>The fields of the forms posting to <paramref name="route"/>; just who posts when no page showed one.</summary>
        public IReadOnlyDictionary<string, string> Of(Route route) =>
            ByFunction.TryGetValue(route.Function.Name, out var fields) ? fields : new Dictionary<string, string> { ["by"] = "sweep" };
    }

    /// <summary>The HTTP functions, from the same catalog LocalHost serves (and <see cref="LocalHost.FunctionsMetadataParityTests"/> holds to the SDK's).</summary>
    private static IReadOnlyList<Route> Routes() => HttpRoutes.Value;

    private static readonly Lazy<IReadOnlyList<Route>> HttpRoutes = new(() =>
        [.. FunctionCatalog.ForOnDutyFunctions().Functions
            .Where(f => f.Trigger == FunctionTriggerKind.Http)
            .Select(f => new Route(f, f.Methods ?? ["GET", "POST"], IsPage(f), [.. RouteParameter().Matches(f.Route!).Select(m => m.Groups[1].Value)]))]);

    /// <summary>
    /// A page answers a browser in HTML (or hands it a file): the PM pages (<c>OnDuty.Functions.Pages</c>), the acknowledge link a
    /// page mail carries (<c>ack/{token}</c>) and the schedule page (<c>*.html</c>). Everything else is the API: problem details
    /// when it refuses (a calendar feed and TwiML answer their own types when they succeed).
    /// </summary>
    private static bool IsPage(FunctionDescriptor function) =>
        function.EntryPoint.StartsWith("OnDuty.Functions.Pages.", StringComparison.Ordinal)
        || function.Route!.StartsWith("ack/", StringComparison.Ordinal)
        || function.Route.EndsWith(".html", StringComparison.Ordinal);

    /// <summary>
    /// The probes of one route. A PUT replaces what is there, so its probes say <c>If-Match: *</c> (overwrite whatever version) to
    /// get past the version check, but for the odd headers.
    /// </summary>
    private static IEnumerable<Probe> Probes(Route route, Dictionary<string, string> made, PageForms forms) =>
        ProbesOf(route, made, forms).Select(p => p.Method == "PUT" && p.Headers.Count == 0 ? p with { Headers = new Dictionary<string, string> { ["If-Match"] = "*" } } : p);

    private static IEnumerable<Probe> ProbesOf(Route route, Dictionary<string, string> made, PageForms forms)
    {
        foreach (var method in route.Methods)
        {
            var path = Fill(route, made);
            var form = route.Page && Route.TakesBody(method);
            var sample = !route.Page && Route.TakesBody(method) && Samples.TryGetValue(route.Function.Name, out var text) ? Resolve(text, made) : null;
            var plain = form ? FormBody(forms.Of(route), forms.Token)
                : sample is null ? null
                : new Body(sample, IsJson(sample) ? "application/json" : "application/x-www-form-urlencoded");

            // Path values: each parameter in turn odd, the others plausible; with a body that gets past the body checks.
            foreach (var parameter in route.Parameters)
            {
                foreach (var (what, value) in OddValues)
                {
                    yield return new Probe(route, method, Fill(route, made, parameter, value), $"{{{parameter}}} {what}", plain) { WithCookie = form };
                }
            }

            // Bodies, at the plausible path.
            foreach (var (what, body) in OddBodies(sample))
            {
                yield return new Probe(route, method, path, what, body) { WithCookie = form };
            }

            if (form)
            {
                foreach (var (what, body) in OddForms(forms.Of(route), forms.Token))
                {
                    yield return new Probe(route, method, path, what, body) { WithCookie = true };
                }
            }

            if (route.Twilio)
            {
                yield return new Probe(route, method, path, "without Twilio's signature", plain) { Unsigned = true };
            }

            // Queries and headers, at the plausible path. The long values stay within Kestrel's 8 KiB request line: as Azure's
            // front end, it answers a longer one 414 before any function.
            var markup = Uri.EscapeDataString(Markup);
            yield return new Probe(route, method, Query(path, $"lang=en&done={markup}&weeks=-1&from=2026-02-30&to=zz&status=%27&year=99999&pageSize=0"
                + $"&continuationToken=%7B%22x&token={markup}&ended=maybe&q={markup}&max=abc&by={markup}&member={markup}&rung=x&tag={markup}"
                + "&erase=maybe&severity=sev9&source=%7C"), "odd query", plain) { WithCookie = form };
            var japanese = Uri.EscapeDataString(Japanese(150));
            yield return new Probe(route, method, Query(path, $"continuationToken={LongId}&token={LongId}&member={LongId}&q={japanese}&from={japanese}"), "long query values", plain) { WithCookie = form };
            yield return new Probe(route, method, Query(path, "lang=xx"), "?lang=xx", plain) { WithCookie = form };
            yield return new Probe(route, method, path, "odd headers", plain)
            {
                WithCookie = form,
                Headers = new Dictionary<string, string>
                {
                    ["Accept-Language"] = ";;q=x,ja-,,en;q=2",
                    ["If-Match"] = "garbage",
                    ["Idempotency-Key"] = LongId,
                    ["X-MS-CLIENT-PRINCIPAL"] = "not base64 %%%",
                },
            };
        }
    }

    private static IEnumerable<(string What, Body? Body)> OddBodies(string? sample)
    {
        yield return ("no body", null);
        yield return ("empty body", new Body("", "application/json"));
        yield return ("{", new Body("{", "application/json"));
        yield return ("[]", new Body("[]", "application/json"));
        yield return ("null", new Body("null", "application/json"));
        yield return ("\"x\"", new Body("\"x\"", "application/json"));
        yield return ("200 levels deep", new Body(string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200), "application/json"));
        yield return ("garbled form", new Body("%%%&=&a=%ZZ&&==&b=%E5%B1", "application/x-www-form-urlencoded"));
        yield return ("text/plain", new Body("hello", "text/plain"));
        if (sample is null)
        {
            yield return ("long Japanese title", new Body(JsonSerializer.Serialize(new { title = Japanese20000 }), "application/json"));
        }
        else if (IsJson(sample))
        {
            foreach (var odd in OddJson(sample))
            {
                yield return odd;
            }
        }
        else
        {
            // A form (Twilio's): each value in turn long (within the 64 KiB a webhook body may be), long ASCII, or key-unsafe.
            var fields = new FormReader(sample).ReadForm().ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
            foreach (var field in fields.Keys)
            {
                foreach (var (what, value) in new[] { ("5,000 Japanese", Japanese(5_000)), ("1,100 characters", LongId), ("key-unsafe", KeyUnsafe) })
                {
                    yield return ($"{what} in {field}", FormBody(new Dictionary<string, string>(fields) { [field] = value }, null));
                }
            }
        }
    }

    /// <summary>
    /// The valid body with each string in turn long (past any length check, or a table key), key-unsafe, or a date at the ends of
    /// the calendar (for the fields that are dates), each number negative or too large, each value or array item null; then every
    /// string at once markup, or the same date at an end of the calendar.
    /// </summary>
    private static IEnumerable<(string What, Body Body)> OddJson(string sample)
    {
        var count = Values(JsonNode.Parse(sample)!).Count();
        for (var i = 0; i < count; i++)
        {
            var kind = Values(JsonNode.Parse(sample)!).ElementAt(i).GetValueKind();
            IEnumerable<(string What, JsonNode Value)> odd = kind == JsonValueKind.String
                ? [("20,000 Japanese", Japanese20000), ("1,100 characters", LongId), ("key-unsafe", KeyUnsafe), ("9999-12-31", "9999-12-31"), ("year 9999", "9999-12-31T23:59:59Z"), ("year 1", "0001-01-01T00:00:00Z")]
                : [("-1", -1), ("10^12", 1_000_000_000_000)];
            foreach (var (what, value) in odd)
            {
                var node = JsonNode.Parse(sample)!;
                var target = Values(node).ElementAt(i);
                var where = target.GetPath();
                target.ReplaceWith(value);
                yield return ($"{what} at {where}", new Body(node.ToJsonString(), "application/json"));
            }
        }

        // Null in each place a value or an array's item stands.
        var slots = Slots(JsonNode.Parse(sample)!).Count();
        for (var i = 0; i < slots; i++)
        {
            var node = JsonNode.Parse(sample)!;
            var target = Slots(node).ElementAt(i);
            var where = target.GetPath();
            if (target.Parent is JsonArray array)
            {
                array[array.IndexOf(target)] = null;
            }
            else
            {
                target.Parent!.AsObject()[target.GetPropertyName()] = null;
            }

            yield return ($"null at {where}", new Body(node.ToJsonString(), "application/json"));
        }

        // Every string at once: markup; the calendar's ends (a range from and to the same last day passes a from-before-to check).
        foreach (var (what, value) in new[] { ("markup", Markup), ("9999-12-31", "9999-12-31"), ("0001-01-01", "0001-01-01"), ("year 9999", "9999-12-31T23:59:59Z") })
        {
            var every = JsonNode.Parse(sample)!;
            foreach (var target in Values(every).Where(v => v.GetValueKind() == JsonValueKind.String).ToList())
            {
                target.ReplaceWith(value);
            }

            yield return ($"{what} in every string", new Body(every.ToJsonString(), "application/json"));
        }
    }

    /// <summary>A page's form, as a browser would post it (with the token), but odd; and garbage.</summary>
    private static IEnumerable<(string What, Body Body)> OddForms(IReadOnlyDictionary<string, string> fields, string token)
    {
        Body Every(string value) => FormBody(fields.ToDictionary(f => f.Key, _ => value), token);

        yield return ("form as rendered", FormBody(fields, token));
        yield return ("form without a token", FormBody(fields, null));
        yield return ("form, markup in every field", Every(Markup));
        yield return ("form, 1,100 characters in every field", Every(LongId));
        yield return ("form, key-unsafe every field", Every(KeyUnsafe));
        yield return ("form, year 9999 in every field", Every("9999-12-31T23:59"));
        yield return ("form, year 1 in every field", Every("0001-01-01T00:00"));
        foreach (var field in fields.Keys)
        {
            yield return ($"form, 5,000 Japanese in {field}", FormBody(new Dictionary<string, string>(fields) { [field] = Japanese(5_000) }, token));
        }

        yield return ("form, 20,000 Japanese in a field", FormBody(new Dictionary<string, string>(fields) { [fields.Keys.First()] = Japanese20000 }, token));
        yield return ("garbled form with a token", new Body($"{PageBrowser.TokenField}={Uri.EscapeDataString(token)}&%%%&=&a=%ZZ&title=%E5%B1&&==", "application/x-www-form-urlencoded"));
        yield return ("form field repeated 2,000 times", new Body(string.Join('&', Enumerable.Repeat("title=x", 2_000)) + $"&{PageBrowser.TokenField}={Uri.EscapeDataString(token)}", "application/x-www-form-urlencoded"));
        yield return ("form as JSON", new Body(JsonSerializer.Serialize(fields), "application/json"));
        yield return ("form as multipart", new Body("--x\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nx\r\n--x--\r\n", "multipart/form-data; boundary=x"));
    }

    private static Body FormBody(IReadOnlyDictionary<string, string> fields, string? token)
    {
        var all = fields.Where(f => f.Key != PageBrowser.TokenField).ToList();
        if (token is not null)
        {
            all.Add(new(PageBrowser.TokenField, token));
        }

        return new Body(string.Join('&', all.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}")), "application/x-www-form-urlencoded");
    }

    /// <summary>The strings and numbers of a JSON document, in document order.</summary>
    private static IEnumerable<JsonValue> Values(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Value is null ? [] : Values(p.Value)),
        JsonArray a => a.SelectMany(v => v is null ? [] : Values(v)),
        JsonValue v when v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number => [v],
        _ => [],
    };

    /// <summary>The values and array items of a JSON document (the places a null can go), in document order.</summary>
    private static IEnumerable<JsonNode> Slots(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Value is null ? [] : p.Value is JsonValue v ? [v] : Slots(p.Value)),
        JsonArray a => a.SelectMany(v => v is null ? [] : new[] { v }.Concat(v is JsonValue ? [] : Slots(v))),
        _ => [],
    };

    private static bool IsJson(string sample) => sample.TrimStart() is ['{' or '[', ..];

    private static string Resolve(string sample, Dictionary<string, string> made)
    {
        foreach (var name in new[] { "incident", "criterion", "account", "sender" })
        {
            var value = made[name];
            sample = sample.Replace($"{{{name}}}", IsJson(sample) ? value : Uri.EscapeDataString(value), StringComparison.Ordinal);
        }

        return sample;
    }

    /// <summary>
    /// The route's path with each parameter plausible (an id that exists where one was made), or <paramref name="odd"/> for one;
    /// with the query that gets a plausible request past its first check (a feed's secret, the call a Twilio callback is about,
    /// a draft's language).
    /// </summary>
    private static string Fill(Route route, Dictionary<string, string> made, string? oddParameter = null, string? odd = null)
    {
        var segments = route.Function.Route!.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = RouteParameter().Replace(segments[i], m =>
            {
                var name = m.Groups[1].Value;
                if (name == oddParameter)
                {
                    return odd!;
                }

                var key = i > 0 ? $"{segments[i - 1]}/{{{name}}}" : $"{{{name}}}";
                return made.TryGetValue(key, out var value) ? Uri.EscapeDataString(value) : "sample-1";
            });
        }

        var feed = route.Function.Route.EndsWith(".ics", StringComparison.Ordinal) || route.Function.Route.EndsWith(".html", StringComparison.Ordinal);
        var query = feed && made.TryGetValue($"{segments[0]}/token", out var token) ? "?token=" + token
            : route.Twilio && made.TryGetValue("tag", out var tag) ? "?tag=" + Uri.EscapeDataString(tag)
            : route.Function.Route.EndsWith("/drafts", StringComparison.Ordinal) ? "?lang=ja"
            : "";
        return "api/" + string.Join('/', segments) + query;
    }

    private static string Query(string path, string query) => path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;

    /// <summary>Things for plausible paths to name: an incident, a maintenance window, a criterion, a heartbeat, a leave, feeds, an acknowledge link.</summary>
    private static async Task<Dictionary<string, string>> MakePlausibleAsync(HostedApp host, string twilioAccount)
    {
        static async Task<JsonElement> Created(HttpResponseMessage response)
        {
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage!.RequestUri}: {(int)response.StatusCode} {text}");
                return JsonDocument.Parse(text).RootElement.Clone();
            }
        }

        var client = host.Client;
        // Markup in its title: every page and mail showing the incident shows it encoded, or the sweep says where not.
        var incident = (await Created(await client.PostAsJsonAsync("api/incidents", new { title = $"決済が遅い {Markup}", severity = "sev3", by = "sweep" }))).GetProperty("id").GetString()!;
        var window = await Created(await client.PostAsJsonAsync("api/maintenance", new
        {
            title = "リリース作業 (sweep)",
            to = host.Time.GetUtcNow().AddHours(2),
            labels = new Dictionary<string, string> { ["onduty_test"] = "sweep" },
            by = "sweep",
        }));
        var criterion = await Created(await client.PostAsJsonAsync("api/criteria", new { title = "決済の停止", text = "決済が止まったら sev2", by = "sweep" }));
        await Created(await client.PutAsJsonAsync("api/heartbeats/sweep-backup", new { title = "夜間バックアップ", intervalMinutes = 1440, graceMinutes = 60, severity = "sev4", by = "sweep" }));
        var leave = await Created(await client.PostAsJsonAsync("api/members/yamada/leave", new { from = "2027-03-01", to = "2027-03-02", note = "sweep" }));
        var feed = await Created(await client.PostAsJsonAsync("api/rotations/incident-duty/feeds", new { note = "sweep" }));
        var memberFeed = await Created(await client.PostAsJsonAsync("api/members/yamada/feeds", new { note = "sweep" }));
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["members/{id}"] = "yamada",
            ["rotations/{id}"] = "incident-duty",
            ["incidents/{id}"] = incident,
            ["maintenance/{id}"] = window.GetProperty("id").GetString()!,
            ["criteria/{id}"] = criterion.GetProperty("id").GetString()!,
            ["heartbeats/{name}"] = "sweep-backup",
            ["leave/{leaveId}"] = leave.GetProperty("id").GetString()!,
            ["feeds/{feedId}"] = feed.GetProperty("id").GetString()!,
            ["overrides/{overrideId}"] = "3f9a1c2b7d4e",
            ["versions/{version}"] = "1",
            ["page/{form}"] = "update",
            ["ack/{token}"] = host.App.Services.GetRequiredService<AckToken>().Issue(incident, "yamada"),
            ["alerts/{source}"] = "generic",
            ["rotations/token"] = feed.GetProperty("token").GetString()!,
            ["members/token"] = memberFeed.GetProperty("token").GetString()!,
            ["tag"] = $"incident:{incident}:escalation:1:voice:yamada",
            ["incident"] = incident,
            ["criterion"] = criterion.GetProperty("id").GetString()!,
            ["account"] = twilioAccount,
            ["sender"] = Sender,
        };
    }

    /// <summary>
    /// The forms on the pages (each page route's GET at its plausible path, a member chosen), by the function each posts to, as a
    /// browser would post them: hidden fields with their rendered values, the others a plain word; and an anti-forgery token
    /// with its cookie.
    /// </summary>
    private static async Task<PageForms> ReadFormsAsync(HostedApp host, Dictionary<string, string> made)
    {
        using var browser = new PageBrowser(host.BaseAddress);
        var posts = Routes().Where(r => r.Page && r.Methods.Contains("POST"))
            .Select(r => (Route: r, Matches: new Regex("^api/" + string.Join('/', r.Function.Route!.Split('/').Select(p => RouteParameter().IsMatch(p) ? "[^/]+" : Regex.Escape(p))) + "$")))
            .ToList();
        var byFunction = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var token = "";
        foreach (var route in Routes().Where(r => r.Page && r.Methods.Contains("GET")))
        {
            var (response, html) = await browser.GetAsync(Query(Fill(route, made), "member=yamada"));
            response.Dispose();
            foreach (Match form in FormElement().Matches(html))
            {
                var action = WebUtility.HtmlDecode(form.Groups["action"].Value).Split('?')[0].TrimStart('/');
                var fields = posts.Where(p => p.Matches.IsMatch(action)).Select(p => byFunction.TryGetValue(p.Route.Function.Name, out var f) ? f : byFunction[p.Route.Function.Name] = new(StringComparer.Ordinal)).ToList();
                foreach (Match field in FormField().Matches(form.Value))
                {
                    var tag = field.Value;
                    var name = WebUtility.HtmlDecode(field.Groups["name"].Value);
                    var kept = tag.Contains("type=\"hidden\"", StringComparison.Ordinal) || tag.Contains("type=\"checkbox\"", StringComparison.Ordinal);
                    var value = ValueAttribute().Match(tag) is { Success: true } v ? WebUtility.HtmlDecode(v.Groups[1].Value) : "";
                    if (name == PageBrowser.TokenField)
                    {
                        token = value;
                        continue;
                    }

                    foreach (var known in fields)
                    {
                        known.TryAdd(name, kept ? value : "sweep");
                    }
                }
            }
        }

        Assert.True(token.Length > 0 && byFunction.Count > 0, "no page rendered a form with an anti-forgery token");
        return new PageForms(byFunction, token, browser.Cookies.GetCookieHeader(host.BaseAddress));
    }

    /// <summary>
    /// Nothing half-written under an odd id: each API route that reads one thing by its id (<c>members/{id}</c>,
    /// <c>heartbeats/{name}</c>…) answers 404 for every odd value the sweep sent; and every GET route still answers at its
    /// plausible path.
    /// </summary>
    private static async Task<(List<string> Failures, int Checked)> OddIdsStoredAsync(HostedApp host, Dictionary<string, string> made)
    {
        var probes = Routes()
            .Where(r => !r.Page && r.Methods.Contains("GET") && r.Parameters.Count == 1 && r.Function.Route!.EndsWith($"{{{r.Parameters[0]}}}", StringComparison.Ordinal))
            .SelectMany(r => OddValues.Select(v => new Probe(r, "GET", Fill(r, made, r.Parameters[0], v.Value), $"stored under {v.What}?", null)))
            .ToList();
        var failures = await new Sweep(host.BaseAddress, null, null, expected: 404).SendAsync(probes);

        // And whatever the sweep stored, every read still answers (a value stored that breaks a later computation is a 500 here).
        var reads = Routes().Where(r => r.Methods.Contains("GET")).Select(r => new Probe(r, "GET", Fill(r, made), "read after the sweep", null)).ToList();
        failures.AddRange(await new Sweep(host.BaseAddress, null, null).SendAsync(reads));
        return (failures, probes.Count + reads.Count);
    }

    /// <summary>
    /// Everything user-supplied is encoded in the HTML of the mails the sweep caused too (the fixture's first host sends them):
    /// waits for the page mail of the incident titled with markup made before the sweep, then reads the HTML of every mail received.
    /// </summary>
    private async Task<(List<string> Failures, int Checked)> MarkupInMailsAsync()
    {
        var failures = new ConcurrentBag<string>();
        if ((await _app.Smtp.WaitForAboutAsync(Markup)).Count == 0)
        {
            failures.Add($"no mail about an incident titled {Markup} within 10 s: the mails' HTML was not checked");
        }

        var messages = await _app.Smtp.MessagesAsync();
        var shown = 0;
        await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (message, _) =>
        {
            var html = await _app.Smtp.HtmlAsync(message.Id);
            if (html.Contains(Markup[..^4], StringComparison.Ordinal))
            {
                failures.Add($"mail \"{message.Subject}\" to {string.Join(", ", message.To)}: markup came back unencoded in its HTML");
            }
            else if (html.Contains("onduty-sweep", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref shown);
            }
        });
        if (shown == 0)
        {
            failures.Add($"no mail's HTML showed the title with markup (encoded): the check saw nothing to check");
        }

        return ([.. failures], messages.Count);
    }

    /// <summary>Sends probes, 8 at a time (writes before deletes), and says which were answered wrongly.</summary>
    private sealed class Sweep(Uri baseAddress, PageForms? forms, string? twilioAuthToken, int? expected = null)
    {
        public ConcurrentDictionary<int, int> Statuses { get; } = new();

        public ConcurrentDictionary<string, int> Tolerated { get; } = new(StringComparer.Ordinal);

        /// <summary>HTML answers that showed the markup sent, encoded: what the unencoded-markup check had to look at.</summary>
        public int MarkupShownEncoded => _markupShownEncoded;

        private int _markupShownEncoded;

        /// <summary>How often each function answered each status (<c>"{function} {status}"</c>): how deep the sweep got.</summary>
        public ConcurrentDictionary<string, int> ByRoute { get; } = new(StringComparer.Ordinal);

        public async Task<List<string>> SendAsync(IReadOnlyList<Probe> probes)
        {
            var failures = new ConcurrentBag<string>();
            using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
            foreach (var phase in probes.GroupBy(p => p.Method == "DELETE").OrderBy(g => g.Key))
            {
                await Parallel.ForEachAsync(phase, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (probe, _) =>
                {
                    if (await CheckAsync(client, probe) is { } failure)
                    {
                        failures.Add(failure);
                    }
                });
            }

            return [.. failures];
        }

        /// <summary>Sends <paramref name="probe"/>; null when the answer has the route's shape, else what was wrong.</summary>
        private async Task<string?> CheckAsync(HttpClient client, Probe probe)
        {
            using var request = Request(probe);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request);
            }
            catch (HttpRequestException ex)
            {
                return $"{probe} → no answer: {ex.Message}";
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                var type = response.Content.Headers.ContentType?.MediaType;
                var text = await response.Content.ReadAsStringAsync();
                var problem = type == "application/problem+json" ? ProblemStatus(text) : null;
                Statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                ByRoute.AddOrUpdate($"{probe.Route.Function.Name} {status}", 1, (_, n) => n + 1);
                string Fail(string why) => $"{probe} → {status} {type ?? "(no type)"}: {why}: {Squash(text)}";

                if (expected is { } only)
                {
                    return status == only && problem == status ? null : Fail($"expected a {only} problem");
                }

                if (status >= 500)
                {
                    return Fail("a server error");
                }

                if (type == "text/html" && text.Contains(Markup[..^4], StringComparison.Ordinal))
                {
                    return Fail("markup sent came back unencoded");
                }

                if (type == "text/html" && text.Contains("onduty-sweep", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref _markupShownEncoded);
                }

                // A page may hand out a file (Content-Disposition: attachment); a request no page's form sends (not a form; larger
                // than any form) is answered as the API would (PmPagesTests).
                var download = status == 200 && response.Content.Headers.ContentDisposition?.DispositionType == "attachment";
                var wrong = probe.Route.Page
                    ? status is 200 or (>= 400 and < 500) && type != "text/html" && !download && !(status is 413 or 415 && problem == status)
                    : status is >= 400 and < 500 && problem != status;
                if (!wrong)
                {
                    return null;
                }

                if (KnownDeviations.FirstOrDefault(d => d.Applies(probe)) is { What: not null } known && status == known.Status && problem == status)
                {
                    Tolerated.AddOrUpdate(known.What, 1, (_, n) => n + 1);
                    return null;
                }

                return Fail(probe.Route.Page ? "a page answers HTML"
                    : type == "application/problem+json" ? $"problem status {problem?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}"
                    : "a 4xx from the API is application/problem+json");
            }
        }

        private HttpRequestMessage Request(Probe probe)
        {
            var request = new HttpRequestMessage(new HttpMethod(probe.Method), probe.Path) { Content = probe.Body?.Content() };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(probe.Route.Page ? "text/html" : "application/json"));
            switch (probe.Key)
            {
                case KeyUse.Master:
                    request.Headers.Add("x-functions-key", OnDutyAppFixture.MasterKey);
                    break;
                case KeyUse.WrongHeader:
                    request.Headers.Add("x-functions-key", WrongKey);
                    break;
            }

            if (probe.WithCookie && forms is { Cookie.Length: > 0 })
            {
                request.Headers.Add("Cookie", forms.Cookie);
            }

            foreach (var (name, value) in probe.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            if (probe.Route.Twilio && !probe.Unsigned && twilioAuthToken is not null && TwilioForm(probe.Body?.Text ?? "") is { } form)
            {
                // As Twilio signs: the URL it requested (the app's public origin is its own) and the parameters it posted.
                var url = baseAddress.GetLeftPart(UriPartial.Authority) + "/" + probe.Path;
                request.Headers.Add(TwilioWebhook.SignatureHeader, TwilioSignature.Compute(twilioAuthToken, url, form));
            }

            return request;
        }

        /// <summary>The parameters the app reads from a body as Twilio's form; null when it cannot read one (nothing to sign).</summary>
        private static List<KeyValuePair<string, string>>? TwilioForm(string body)
        {
            try
            {
                return [.. new FormReader(body).ReadForm().SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? "")))];
            }
            catch (InvalidDataException)
            {
                return null;
            }
        }

        private static int? ProblemStatus(string text)
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("status", out var s) && s.TryGetInt32(out var n) ? n : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static string Squash(string text)
        {
            var flat = Whitespace().Replace(text, " ");
            return flat.Length <= 300 ? flat : flat[..300] + "…";
        }
    }

    private static string Japanese(int length)
    {
        const string Sentence = "障害対応の記録です。決済が止まり、復旧を確認しました。";
        var builder = new StringBuilder(length + Sentence.Length);
        while (builder.Length < length)
        {
            builder.Append(Sentence);
        }

        return builder.ToString(0, length);
    }

    [GeneratedRegex(@"\{\**([^}:=?]+)[^}]*\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex(@"<form\b[^>]*\baction=""(?<action>[^""]*)""[^>]*>.*?</form>", RegexOptions.Singleline)]
    private static partial Regex FormElement();

    [GeneratedRegex(@"<(?:input|textarea|select)\b[^>]*\bname=""(?<name>[^""]+)""[^>]*>")]
    private static partial Regex FormField();

    [GeneratedRegex(@"\bvalue=""([^""]*)""")]
    private static partial Regex ValueAttribute();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
