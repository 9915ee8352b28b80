using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// Heartbeats (dead man's switches) through the real host on Azurite: <c>/api/heartbeats</c>, pings and failures as senders make
/// them, the <c>CheckHeartbeats</c> timer run on the moved business clock, the incident it opens and resolves through the intake,
/// and the duty pair's pages delivered to smtp4dev (or held by a maintenance window). Each test names heartbeats of its own and
/// deletes them when done: the shared app's check reads every heartbeat, and one left behind would page in a later test.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class HeartbeatTests(OnDutyAppFixture app)
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    [Fact]
    public async Task Lifecycle_DefinedChangedPinged_StoppedPagesTheDutyPairOnce_NextPingResolves()
    {
        var name = NewName("life");
        try
        {
            using var created = await PutAsync(name, new { title = "夜間バッチ", intervalMinutes = 60, by = "sato" });
            var defined = await BodyAsync(created);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal($"/api/heartbeats/{name}", created.Headers.Location?.OriginalString);
            Assert.Equal((name, "夜間バッチ", "waiting", 60, 12, "SEV2"), (Text(defined, "name"), Text(defined, "title"), Text(defined, "state"), defined.GetProperty("intervalMinutes").GetInt32(), defined.GetProperty("graceMinutes").GetInt32(), Text(defined, "severity")));
            Assert.Equal((JsonValueKind.Null, JsonValueKind.Null, false), (defined.GetProperty("lastPingAt").ValueKind, defined.GetProperty("dueAt").ValueKind, defined.GetProperty("paging").GetBoolean()));
            Assert.Equal(Url($"api/heartbeats/{name}/ping"), Text(defined, "pingUrl"));
            Assert.Equal(Url($"api/heartbeats/{name}/fail"), Text(defined, "failUrl"));
            Assert.Equal(("sato", (DateTimeOffset?)app.Time.GetUtcNow(), (string?)null), (Text(defined, "createdBy"), At(defined, "createdAt"), Text(defined, "changedBy")));

            await app.AdvanceAsync(TimeSpan.FromMinutes(1));
            using var changed = await PutAsync(name, new
            {
                title = "夜間バッチ（集計）",
                description = "受注データの夜間集計。止まると翌朝の出荷指示が出ません。",
                intervalMinutes = 5,
                graceMinutes = 1,
                labels = new Dictionary<string, string> { ["team"] = "batch" },
                by = "ito",
            });
            var change = await BodyAsync(changed);
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            Assert.Null(changed.Headers.Location);
            Assert.Equal(("夜間バッチ（集計）", 5, 1, "SEV2", "waiting"), (Text(change, "title"), change.GetProperty("intervalMinutes").GetInt32(), change.GetProperty("graceMinutes").GetInt32(), Text(change, "severity"), Text(change, "state")));
            Assert.Equal(("sato", "ito", app.Time.GetUtcNow()), (Text(change, "createdBy"), Text(change, "changedBy"), At(change, "changedAt")));
            Assert.Equal(At(defined, "createdAt"), At(change, "createdAt"));
            var stored = await GetAsync(name); // what storage holds, not only what the PUT answered
            Assert.Equal(("夜間バッチ（集計）", 5, "sato", "ito", "batch"), (Text(stored, "title"), stored.GetProperty("intervalMinutes").GetInt32(), Text(stored, "createdBy"), Text(stored, "changedBy"), stored.GetProperty("labels").GetProperty("team").GetString()));

            // A curl-style GET on the URL the API gave, then Alertmanager's Watchdog webhook POSTing its notification (ignored).
            using var get = await app.Client.GetAsync(Text(change, "pingUrl"));
            var first = await BodyAsync(get);
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal(("up", app.Time.GetUtcNow(), app.Time.GetUtcNow().AddMinutes(6)), (Text(first, "state"), At(first, "lastPingAt"), At(first, "dueAt")));
            await app.AdvanceAsync(TimeSpan.FromMinutes(2));
            using var post = await app.Client.PostAsync($"api/heartbeats/{name}/ping", Json(AlertIntakeTests.Read("alertmanager-firing.json")));
            var second = await BodyAsync(post);
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
            var lastPing = app.Time.GetUtcNow();
            var due = lastPing.AddMinutes(6);
            Assert.Equal(("up", lastPing, due, false), (Text(second, "state"), At(second, "lastPingAt"), At(second, "dueAt"), second.GetProperty("paging").GetBoolean()));

            // Due, not yet late; then late by a second, which the API shows before any check has run (and nobody is paged yet).
            await app.AdvanceAsync(TimeSpan.FromMinutes(6));
            Assert.Equal("up", Text(await GetAsync(name), "state"));
            await app.AdvanceAsync(TimeSpan.FromSeconds(1));
            var beforeCheck = await GetAsync(name);
            Assert.Equal(("late", false), (Text(beforeCheck, "state"), beforeCheck.GetProperty("paging").GetBoolean()));
            Assert.Null(await OpenIncidentOfAsync(name));

            var duty = await DutyEmailsAsync();
            await app.RunFunctionAsync("CheckHeartbeats");

            var opened = await OpenIncidentOfAsync(name) ?? throw new Xunit.Sdk.XunitException($"no open incident for heartbeat {name}");
            var id = Text(opened, "id")!;
            var details = await IncidentAsync(id);
            var incident = details.GetProperty("incident");
            Assert.Equal("ハートビート途絶：夜間バッチ（集計）", Text(incident, "title"));
            Assert.Equal(("heartbeat", name, "SEV2", "investigating"), (Text(incident, "source"), Text(incident, "groupKey"), Text(incident, "severity"), Text(incident, "status")));
            Assert.Equal(due, At(incident, "startedAt"));
            Assert.Equal(duty, incident.GetProperty("assignees").EnumerateArray().Select(a => a.GetProperty("email").GetString()!).Order(StringComparer.Ordinal));
            var alert = Assert.Single(details.GetProperty("alerts").EnumerateArray());
            Assert.Equal(($"heartbeat:{name}", "firing", $"heartbeat/{name}"), (Text(alert, "dedupKey"), Text(alert, "status"), Text(alert, "affectedResource")));

            var pages = Paged(await app.Smtp.WaitForAboutAsync(id, duty.Count));
            Assert.Equal(duty, pages.SelectMany(m => m.To).Order(StringComparer.Ordinal));
            var page = await JapanesePageTextAsync(pages);
            Assert.Contains($"5分ごとに届く予定ですが、{Stamp(due)}（JST）を過ぎても届いていません。最終受信は {Stamp(lastPing)}（JST）です。", page);
            Assert.Contains("このハートビートについて：受注データの夜間集計。止まると翌朝の出荷指示が出ません。", page);

            var late = Assert.Single(await ListAsync(), h => Text(h, "name") == name);
            Assert.Equal(("late", true, due), (Text(late, "state"), late.GetProperty("paging").GetBoolean(), At(late, "downSince")));

            // A later check finds it reported: no second incident, nobody paged again.
            await app.AdvanceAsync(TimeSpan.FromMinutes(1));
            await app.RunFunctionAsync("CheckHeartbeats");
            await app.SettleAsync();
            Assert.Equal(duty.Count, Paged(await app.Smtp.AboutAsync(id)).Count);
            Assert.Equal(id, Text((await OpenIncidentOfAsync(name))!.Value, "id"));

            await app.AdvanceAsync(TimeSpan.FromMinutes(1));
            using var back = await app.Client.PostAsync($"api/heartbeats/{name}/ping", null);
            var up = await BodyAsync(back);
            Assert.Equal(HttpStatusCode.OK, back.StatusCode);
            Assert.Equal(("up", false, JsonValueKind.Null), (Text(up, "state"), up.GetProperty("paging").GetBoolean(), up.GetProperty("downSince").ValueKind));
            var resolved = await IncidentAsync(id);
            Assert.Equal(("resolved", app.Time.GetUtcNow()), (Text(resolved.GetProperty("incident"), "status"), At(resolved.GetProperty("incident"), "resolvedAt")));
            Assert.Equal("resolved", Text(Assert.Single(resolved.GetProperty("alerts").EnumerateArray()), "status"));
            Assert.Null(await OpenIncidentOfAsync(name));
            var listed = Assert.Single(await ListAsync(), h => Text(h, "name") == name);
            Assert.Equal(("up", false), (Text(listed, "state"), listed.GetProperty("paging").GetBoolean()));
        }
        finally
        {
            await DeleteQuietlyAsync(name);
        }
    }

    [Fact]
    public async Task Fail_JsonOrTextBody_PagesAtOnceWithWhatTheSenderSaid_NextPingResolves()
    {
        var json = NewName("fail-json");
        var text = NewName("fail-text");
        try
        {
            await DefineAsync(json, new { title = "受注バッチ", intervalMinutes = 1440 });
            await DefineAsync(text, new { title = "請求バッチ", intervalMinutes = 1440 });
            using (var ping = await app.Client.PostAsync($"api/heartbeats/{json}/ping", null))
            {
                Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
            }

            await app.AdvanceAsync(TimeSpan.FromMinutes(3));
            var duty = await DutyEmailsAsync();
            using var failedJson = await app.Client.PostAsJsonAsync($"api/heartbeats/{json}/fail", new { message = "exit code 3" });
            // Never pinged yet: a failure said still pages (a job that fails on its first run).
            using var failedText = await app.Client.PostAsync($"api/heartbeats/{text}/fail", new StringContent("disk full on /var\n", Encoding.UTF8, "text/plain"));

            foreach (var (name, response, said, title) in new[] { (json, failedJson, "exit code 3", "受注バッチ"), (text, failedText, "disk full on /var", "請求バッチ") })
            {
                var view = await BodyAsync(response);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(("failed", said, true), (Text(view, "state"), Text(view, "lastFailure"), view.GetProperty("paging").GetBoolean()));
                Assert.Equal((app.Time.GetUtcNow(), app.Time.GetUtcNow()), (At(view, "lastFailAt"), At(view, "downSince")));

                // No check ran: the incident is open and the pages went out with what the sender said.
                var id = Text(await OpenIncidentOfAsync(name) ?? throw new Xunit.Sdk.XunitException($"no open incident for {name}"), "id")!;
                var incident = (await IncidentAsync(id)).GetProperty("incident");
                Assert.Equal(($"ハートビートが失敗を報告：{title}", "heartbeat", app.Time.GetUtcNow()), (Text(incident, "title"), Text(incident, "source"), At(incident, "startedAt")));
                var pages = Paged(await app.Smtp.WaitForAboutAsync(id, duty.Count));
                Assert.Equal(duty, pages.SelectMany(m => m.To).Order(StringComparer.Ordinal));
                Assert.Contains($"報告内容：{said}", await JapanesePageTextAsync(pages));
                var stored = await GetAsync(name);
                Assert.Equal(("failed", said), (Text(stored, "state"), Text(stored, "lastFailure")));
            }

            await app.AdvanceAsync(TimeSpan.FromMinutes(1));
            foreach (var name in new[] { json, text })
            {
                var id = Text((await OpenIncidentOfAsync(name))!.Value, "id")!;
                using var ping = await app.Client.PostAsync($"api/heartbeats/{name}/ping", null);
                Assert.Equal("up", Text(await BodyAsync(ping), "state"));
                Assert.Equal("resolved", Text((await IncidentAsync(id)).GetProperty("incident"), "status"));
            }
        }
        finally
        {
            await DeleteQuietlyAsync(json);
            await DeleteQuietlyAsync(text);
        }
    }

    [Fact]
    public async Task BadDefinitions_AreProblemsNamingTheFields_AndStoreNothing()
    {
        var good = NewName("bad");
        var before = await NamesAsync();

        using var badNameAndInterval = await PutAsync("Bad%20Name!", new { intervalMinutes = 0 });
        using var missingInterval = await PutAsync(good, new { title = "x" });
        using var badRest = await PutAsync(good, new { intervalMinutes = 5, graceMinutes = -1, severity = "critical", labels = new Dictionary<string, string> { ["heartbeat"] = "other" } });
        using var unknownField = await PutAsync(good, new { intervalMinutes = 5, interval = 5 });
        using var wrongType = await app.Client.PutAsync($"api/heartbeats/{good}", Json("{\"intervalMinutes\":\"five\"}"));
        using var malformed = await app.Client.PutAsync($"api/heartbeats/{good}", Json("{\"intervalMinutes\":"));
        using var empty = await app.Client.PutAsync($"api/heartbeats/{good}", Json(""));
        using var plain = await app.Client.PutAsync($"api/heartbeats/{good}", new StringContent("{\"intervalMinutes\":5}", Encoding.UTF8, "text/plain"));

        var all = new[] { badNameAndInterval, missingInterval, badRest, unknownField, wrongType, malformed, empty, plain };
        Assert.Equal(
            [.. Enumerable.Repeat(HttpStatusCode.BadRequest, 7), HttpStatusCode.UnsupportedMediaType],
            all.Select(r => r.StatusCode));
        Assert.All(all, r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
        Assert.Equal(["intervalMinutes", "name"], await ErrorFieldsAsync(badNameAndInterval));
        Assert.Equal(["intervalMinutes"], await ErrorFieldsAsync(missingInterval));
        Assert.Equal(["graceMinutes", "labels", "severity"], await ErrorFieldsAsync(badRest));
        Assert.Equal(["intervalMinutes"], await ErrorFieldsAsync(wrongType));
        Assert.Contains("application/json", Text(await BodyAsync(plain), "detail"));

        Assert.Equal(before, await NamesAsync());
        using var notStored = await app.Client.GetAsync($"api/heartbeats/{good}");
        Assert.Equal(HttpStatusCode.NotFound, notStored.StatusCode);
    }

    /// <summary>
    /// A body the PUT cannot read — a field it does not have, a value of the wrong JSON type, text that is not JSON, no body — is
    /// said in the caller's language as a field's problem is (<c>Accept-Language: ja</c>; English otherwise), with its code either way.
    /// </summary>
    [Fact]
    public async Task BadBodies_SaidInTheCallersLanguage_WithTheirCodes()
    {
        var name = NewName("badbody");
        async Task<(JsonElement En, JsonElement Ja)> BothAsync(string body)
        {
            var answers = new List<JsonElement>();
            foreach (var language in new[] { null, "ja" })
            {
                using var put = new HttpRequestMessage(HttpMethod.Put, $"api/heartbeats/{name}") { Content = Json(body) };
                if (language is not null)
                {
                    put.Headers.AcceptLanguage.ParseAdd(language);
                }

                using var response = await app.Client.SendAsync(put);
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                answers.Add(await BodyAsync(response));
            }

            return (answers[0], answers[1]);
        }

        var (en, ja) = await BothAsync("{\"intervalMinutes\":5,\"interval\":5}");
        Assert.StartsWith("is not a field of this request (its fields: title, ", en.GetProperty("errors").GetProperty("interval")[0].GetString());
        Assert.StartsWith("このリクエストにないフィールドです（指定できるフィールド：title, ", ja.GetProperty("errors").GetProperty("interval")[0].GetString());
        Assert.Contains("intervalMinutes", ja.GetProperty("errors").GetProperty("interval")[0].GetString());
        Assert.Equal("jsonNotAFieldOf jsonNotAFieldOf", $"{Text(en, "code")} {Text(ja, "code")}");

        (en, ja) = await BothAsync("{\"intervalMinutes\":\"five\",\"graceMinutes\":true}");
        Assert.Equal(["must be a whole number"], en.GetProperty("errors").GetProperty("intervalMinutes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["整数で指定してください。"], ja.GetProperty("errors").GetProperty("intervalMinutes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("整数で指定してください。", ja.GetProperty("errors").GetProperty("graceMinutes")[0].GetString());
        Assert.Equal("jsonWholeNumber", Text(ja, "code"));

        (en, ja) = await BothAsync("{\"intervalMinutes\":");
        Assert.StartsWith("Invalid JSON at ", Text(en, "detail"));
        Assert.StartsWith("本文が JSON として読めません。", Text(ja, "detail"));
        Assert.StartsWith("jsonMalformed", Text(ja, "code"));
        Assert.Equal(Text(en, "code"), Text(ja, "code"));

        (en, ja) = await BothAsync("");
        Assert.Equal("The request needs a JSON body.", Text(en, "detail"));
        Assert.Equal("JSON の本文を付けて送ってください。", Text(ja, "detail"));
        Assert.Equal("bodyMissing bodyMissing", $"{Text(en, "code")} {Text(ja, "code")}");

        using var notStored = await app.Client.GetAsync($"api/heartbeats/{name}");
        Assert.Equal(HttpStatusCode.NotFound, notStored.StatusCode);
    }

    [Fact]
    public async Task UnknownName_PingFailGetDelete_NotFoundProblems_NothingCreated()
    {
        var name = NewName("unknown");
        var before = await NamesAsync();

        using var get = await app.Client.GetAsync($"api/heartbeats/{name}");
        using var pingGet = await app.Client.GetAsync($"api/heartbeats/{name}/ping");
        using var pingPost = await app.Client.PostAsync($"api/heartbeats/{name}/ping", Json("{}"));
        using var fail = await app.Client.PostAsJsonAsync($"api/heartbeats/{name}/fail", new { message = "exit code 1" });
        using var delete = await app.Client.DeleteAsync($"api/heartbeats/{name}?by=sato");

        var all = new[] { get, pingGet, pingPost, fail, delete };
        Assert.All(all, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.All(all, r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
        Assert.Contains(name, Text(await BodyAsync(fail), "detail"));
        Assert.Equal(before, await NamesAsync());
        using var still = await app.Client.GetAsync($"api/heartbeats/{name}");
        Assert.Equal(HttpStatusCode.NotFound, still.StatusCode);
        Assert.Null(await OpenIncidentOfAsync(name));
    }

    [Fact]
    public async Task NeverPinged_WaitsDaysAndTheCheckPagesNobody()
    {
        var name = NewName("waiting");
        var title = "未稼働ジョブ " + name[^8..];
        try
        {
            await DefineAsync(name, new { title, intervalMinutes = 5, graceMinutes = 1 });

            await app.AdvanceAsync(TimeSpan.FromDays(2));
            await app.RunFunctionAsync("CheckHeartbeats");
            await app.SettleAsync();

            var waiting = await GetAsync(name);
            Assert.Equal(("waiting", false), (Text(waiting, "state"), waiting.GetProperty("paging").GetBoolean()));
            Assert.Equal((JsonValueKind.Null, JsonValueKind.Null, JsonValueKind.Null), (waiting.GetProperty("lastPingAt").ValueKind, waiting.GetProperty("dueAt").ValueKind, waiting.GetProperty("downSince").ValueKind));
            Assert.Null(await OpenIncidentOfAsync(name));
            Assert.DoesNotContain(await AllIncidentsAsync(), i => Text(i, "source") == "heartbeat" && Text(i, "groupKey") == name);
            Assert.DoesNotContain(await app.Smtp.MessagesAsync(), m => m.Subject.Contains(title, StringComparison.Ordinal));

            // Its first ping arms it.
            using var ping = await app.Client.GetAsync($"api/heartbeats/{name}/ping");
            var armed = await BodyAsync(ping);
            Assert.Equal(("up", app.Time.GetUtcNow().AddMinutes(6)), (Text(armed, "state"), At(armed, "dueAt")));
        }
        finally
        {
            await DeleteQuietlyAsync(name);
        }
    }

    [Fact]
    public async Task Delete_GoneFromGetAndList_ItsPingsNotFound_TheCheckIgnoresIt_AnOpenIncidentStaysForAPerson()
    {
        var name = NewName("delete");
        var down = NewName("delete-down");
        try
        {
            await DefineAsync(name, new { intervalMinutes = 5, graceMinutes = 1 });
            (await app.Client.PostAsync($"api/heartbeats/{name}/ping", null)).Dispose();
            Assert.Contains(name, await NamesAsync());

            using var deleted = await app.Client.DeleteAsync($"api/heartbeats/{name}?by=sato");
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            Assert.Empty(await deleted.Content.ReadAsByteArrayAsync());
            using var get = await app.Client.GetAsync($"api/heartbeats/{name}");
            using var ping = await app.Client.PostAsync($"api/heartbeats/{name}/ping", null);
            using var again = await app.Client.DeleteAsync($"api/heartbeats/{name}?by=sato");
            Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], new[] { get, ping, again }.Select(r => r.StatusCode));
            Assert.DoesNotContain(name, await NamesAsync());

            // Pinged, then deleted: past its interval the check has nothing of it to raise.
            await app.AdvanceAsync(TimeSpan.FromMinutes(10));
            await app.RunFunctionAsync("CheckHeartbeats");
            Assert.Null(await OpenIncidentOfAsync(name));

            // Deleting one that is down leaves its incident open (as documented), for a person to resolve.
            await DefineAsync(down, new { intervalMinutes = 60 });
            using (var failed = await app.Client.PostAsync($"api/heartbeats/{down}/fail", null))
            {
                Assert.Equal(("failed", JsonValueKind.Null), (Text(await BodyAsync(failed), "state"), (await GetAsync(down)).GetProperty("lastFailure").ValueKind));
            }

            var id = Text((await OpenIncidentOfAsync(down))!.Value, "id")!;
            using var deletedDown = await app.Client.DeleteAsync($"api/heartbeats/{down}?by=sato");
            Assert.Equal(HttpStatusCode.NoContent, deletedDown.StatusCode);
            Assert.Equal("investigating", Text((await IncidentAsync(id)).GetProperty("incident"), "status"));
            using var resolved = await app.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "resolved", message = "heartbeat removed", by = "sato" });
            Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        }
        finally
        {
            await DeleteQuietlyAsync(name);
            await DeleteQuietlyAsync(down);
        }
    }

    [Fact]
    public async Task WithoutTheFunctionKey_PingAndFailAre401_NothingRecorded_TheKeyInTheQueryWorks()
    {
        var name = NewName("auth");
        try
        {
            await DefineAsync(name, new { intervalMinutes = 5 });

            using var getPing = await app.Anonymous.GetAsync($"api/heartbeats/{name}/ping");
            using var postPing = await app.Anonymous.PostAsync($"api/heartbeats/{name}/ping", Json("{}"));
            using var fail = await app.Anonymous.PostAsync($"api/heartbeats/{name}/fail", new StringContent("exit 1", Encoding.UTF8, "text/plain"));
            using var wrongKey = new HttpRequestMessage(HttpMethod.Get, $"api/heartbeats/{name}/ping") { Headers = { { "x-functions-key", "not-the-key" } } };
            using var wrong = await app.Anonymous.SendAsync(wrongKey);
            using var wrongQuery = await app.Anonymous.GetAsync($"api/heartbeats/{name}/ping?code=not-the-key");

            Assert.All(new[] { getPing, postPing, fail, wrong, wrongQuery }, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
            var untouched = await GetAsync(name);
            Assert.Equal(("waiting", JsonValueKind.Null, JsonValueKind.Null), (Text(untouched, "state"), untouched.GetProperty("lastPingAt").ValueKind, untouched.GetProperty("lastFailAt").ValueKind));

            // A sender that cannot set headers puts the key on the ping URL.
            using var keyed = await app.Anonymous.GetAsync($"{Text(untouched, "pingUrl")}?code={Uri.EscapeDataString(OnDutyAppFixture.MasterKey)}");
            Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
            Assert.Equal(app.Time.GetUtcNow(), At(await GetAsync(name), "lastPingAt"));
        }
        finally
        {
            await DeleteQuietlyAsync(name);
        }
    }

    [Fact]
    public async Task StoppedDuringMaintenance_IncidentOpenPagesHeld_AnotherHeartbeatStillPages()
    {
        var covered = NewName("maint");
        var outside = NewName("maint-other");
        string? windowId = null;
        try
        {
            await DefineAsync(covered, new { title = "バッチ基盤", intervalMinutes = 5, graceMinutes = 1 });
            await DefineAsync(outside, new { title = "別のバッチ", intervalMinutes = 5, graceMinutes = 1 });
            using var planned = await app.Client.PostAsJsonAsync("api/maintenance", new
            {
                title = "バッチ基盤の更新",
                to = app.Time.GetUtcNow().AddHours(2),
                sources = new[] { "heartbeat" },
                labels = new Dictionary<string, string> { ["heartbeat"] = covered },
                by = "sato",
            });
            Assert.Equal(HttpStatusCode.Created, planned.StatusCode);
            windowId = Text(await BodyAsync(planned), "id")!;
            foreach (var name in new[] { covered, outside })
            {
                (await app.Client.PostAsync($"api/heartbeats/{name}/ping", null)).Dispose();
            }

            await app.AdvanceAsync(TimeSpan.FromMinutes(7));
            var duty = await DutyEmailsAsync();
            await app.RunFunctionAsync("CheckHeartbeats");

            var heldId = Text(await OpenIncidentOfAsync(covered) ?? throw new Xunit.Sdk.XunitException("no incident for the covered heartbeat"), "id")!;
            var pagedId = Text(await OpenIncidentOfAsync(outside) ?? throw new Xunit.Sdk.XunitException("no incident for the other heartbeat"), "id")!;
            var held = (await IncidentAsync(heldId)).GetProperty("incident");
            Assert.Equal(windowId, held.GetProperty("pagesHeld").GetProperty("maintenance").GetString());
            Assert.Equal(JsonValueKind.Null, held.GetProperty("escalationStep").ValueKind); // nobody paged yet
            Assert.Equal(JsonValueKind.Null, (await IncidentAsync(pagedId)).GetProperty("incident").GetProperty("pagesHeld").ValueKind);
            Assert.Equal([heldId], (await app.Client.GetFromJsonAsync<JsonElement>($"api/maintenance/{windowId}")).GetProperty("holding").EnumerateArray().Select(e => e.GetString()));
            Assert.True((await GetAsync(covered)).GetProperty("paging").GetBoolean()); // its alert fired; the window holds the page

            Assert.Equal(duty, Paged(await app.Smtp.WaitForAboutAsync(pagedId, duty.Count)).SelectMany(m => m.To).Order(StringComparer.Ordinal));
            await app.SettleAsync();
            Assert.Empty(await app.Smtp.AboutAsync(heldId));

            // Back before the window ends: resolved, and ending the window has nothing left to page.
            await app.AdvanceAsync(TimeSpan.FromMinutes(1));
            foreach (var name in new[] { covered, outside })
            {
                (await app.Client.PostAsync($"api/heartbeats/{name}/ping", null)).Dispose();
            }

            Assert.Equal("resolved", Text((await IncidentAsync(heldId)).GetProperty("incident"), "status"));
            using var ended = await app.Client.DeleteAsync($"api/maintenance/{windowId}?by=sato");
            Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
            windowId = null;
            Assert.Empty((await BodyAsync(ended)).GetProperty("released").EnumerateArray());
            await app.SettleAsync();
            Assert.Empty(await app.Smtp.AboutAsync(heldId));
        }
        finally
        {
            if (windowId is not null)
            {
                (await app.Client.DeleteAsync($"api/maintenance/{windowId}?by=test")).Dispose();
            }

            await DeleteQuietlyAsync(covered);
            await DeleteQuietlyAsync(outside);
        }
    }

    /// <summary>
    /// The status page shows PMs whether monitoring itself is heard: each heartbeat with its state, the stopped first, every
    /// title HTML-encoded; one never heard says it pages nobody until it is.
    /// </summary>
    [Fact]
    public async Task StatusPage_ListsHeartbeats_StoppedFirst_TitlesEncoded()
    {
        var heard = NewName("page-heard");
        var never = NewName("page-never");
        try
        {
            await DefineAsync(heard, new { title = "監視 <b>A</b>", intervalMinutes = 5, graceMinutes = 1 });
            await DefineAsync(never, new { title = "監視 B", intervalMinutes = 5 });
            (await app.Client.PostAsync($"api/heartbeats/{heard}/ping", null)).Dispose();
            using var browser = new PageBrowser(app.BaseAddress);

            var (_, up) = await browser.GetAsync("api/status?lang=ja");
            await app.AdvanceAsync(TimeSpan.FromMinutes(7));
            var (_, stopped) = await browser.GetAsync("api/status?lang=ja");

            Assert.Contains("<h2 id=\"h-heartbeats\">監視の監視（ハートビート）</h2>", up);
            Assert.Contains($"<span class=\"sev\">正常</span> 監視 &lt;b&gt;A&lt;/b&gt;\n<span class=\"meta\">{heard} · 最終受信 ", up);
            Assert.Contains($"<span class=\"sev\">未受信</span> 監視 B\n<span class=\"meta\">{never} · まだ一度も届いていません。5分ごとの予定で、届くまでは呼び出しません", up);
            Assert.DoesNotContain("<b>A</b>", up);
            var row = stopped.IndexOf($"<span class=\"sev waiting\">途絶</span> 監視 &lt;b&gt;A&lt;/b&gt;", StringComparison.Ordinal);
            Assert.True(row >= 0, "the stopped heartbeat is shown as stopped");
            Assert.True(row < stopped.IndexOf("監視 B", StringComparison.Ordinal), "the stopped heartbeat comes before one not heard yet");
        }
        finally
        {
            await DeleteQuietlyAsync(heard);
            await DeleteQuietlyAsync(never);
        }
    }

    /// <summary>
    /// A job that runs on working days only: the app's own calendar (the sample's JP holidays and 年末年始 closure) makes it due
    /// on a working day, a non-working day's worth later for each one in between; the API says so.
    /// </summary>
    [Fact]
    public async Task WorkingDaysOnly_DueOnAWorkingDayByTheAppsCalendar()
    {
        var name = NewName("working-days");
        try
        {
            var defined = await DefineAsync(name, new { title = "夜間バッチ", intervalMinutes = 1440, graceMinutes = 60, workingDaysOnly = true });
            var tokyo = OnDuty.Core.Common.TimeZones.Find("Asia/Tokyo");
            var local = TimeZoneInfo.ConvertTime(app.Time.GetUtcNow(), tokyo);
            var friday = new DateTimeOffset(local.Date, local.Offset).AddDays(((int)DayOfWeek.Friday - (int)local.DayOfWeek + 7) % 7).AddHours(2);
            await app.AdvanceAsync(friday > local ? friday - local : friday.AddDays(7) - local); // the coming Friday, 02:00 in Tokyo
            using var ping = await app.Client.PostAsync($"api/heartbeats/{name}/ping", null);
            var heard = await BodyAsync(ping);

            Assert.True(defined.GetProperty("workingDaysOnly").GetBoolean());
            var last = At(heard, "lastPingAt")!.Value;
            var due = At(heard, "dueAt")!.Value;
            var calendar = app.App.Services.GetRequiredService<OnDuty.Core.Calendar.IWorkingCalendar>();
            DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, tokyo).DateTime);
            var skipped = Enumerable.Range(1, (Day(due).DayNumber - Day(last).DayNumber)).Count(d => !calendar.IsWorkingDay(Day(last).AddDays(d)));
            Assert.Equal(DayOfWeek.Friday, TimeZoneInfo.ConvertTime(last, tokyo).DayOfWeek);
            Assert.True(skipped >= 2, "a Friday's run is next due after the weekend");
            Assert.True(calendar.IsWorkingDay(Day(due)), $"due {due} falls on a working day");
            Assert.Equal(last + TimeSpan.FromHours(25) + TimeSpan.FromDays(skipped), due);
        }
        finally
        {
            await DeleteQuietlyAsync(name);
        }
    }

    /// <summary>A run that starts and hangs pages once its run time has passed; its ping resolves; an unknown name's start is a 404.</summary>
    [Fact]
    public async Task Start_RunHangsPastMaxRun_Pages_PingResolves()
    {
        var name = NewName("start");
        try
        {
            var defined = await DefineAsync(name, new { title = "日次集計", intervalMinutes = 1440, maxRunMinutes = 10 });
            using var started = await app.Client.GetAsync(Text(defined, "startUrl")!.Replace(app.BaseAddress.ToString(), "", StringComparison.Ordinal));
            var running = await BodyAsync(started);
            var startedAt = app.Time.GetUtcNow();

            Assert.Equal(HttpStatusCode.OK, started.StatusCode);
            Assert.Equal(10, defined.GetProperty("maxRunMinutes").GetInt32());
            Assert.Equal(("running", startedAt, startedAt.AddMinutes(10)), (Text(running, "state"), At(running, "lastStartAt"), At(running, "finishBy")));

            await app.AdvanceAsync(TimeSpan.FromMinutes(11));
            await app.RunFunctionAsync("CheckHeartbeats");
            var incident = (await OpenIncidentOfAsync(name))!.Value;
            Assert.Equal("ジョブが終了しません：日次集計", Text(incident, "title"));
            Assert.Equal("overrun", Text(await GetAsync(name), "state"));

            using var ping = await app.Client.PostAsync($"api/heartbeats/{name}/ping", null);
            Assert.Equal("up", Text(await BodyAsync(ping), "state"));
            Assert.Null(await OpenIncidentOfAsync(name));

            using var unknown = await app.Client.PostAsync($"api/heartbeats/{NewName("nope")}/start", null);
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
        finally
        {
            await DeleteQuietlyAsync(name);
        }
    }

    /// <summary>A heartbeat name of this test's own (a slug): the shared app keeps every test's heartbeats in one table.</summary>
    private static string NewName(string what) => $"e2e-{what}-{Guid.NewGuid():n}";

    private Task<HttpResponseMessage> PutAsync(string name, object body) => app.Client.PutAsJsonAsync($"api/heartbeats/{name}", body);

    private async Task<JsonElement> DefineAsync(string name, object body)
    {
        using var response = await PutAsync(name, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"PUT {name}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task<JsonElement> GetAsync(string name)
    {
        using var response = await app.Client.GetAsync($"api/heartbeats/{name}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {name}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task<List<JsonElement>> ListAsync() =>
        [.. (await app.Client.GetFromJsonAsync<JsonElement>("api/heartbeats")).GetProperty("items").EnumerateArray()];

    private async Task<List<string>> NamesAsync() => [.. (await ListAsync()).Select(h => Text(h, "name")!)];

    /// <summary>Deletes the heartbeat if it is still there (the test failed before it did), so the shared app's check forgets it.</summary>
    private async Task DeleteQuietlyAsync(string name) => (await app.Client.DeleteAsync($"api/heartbeats/{name}?by=test")).Dispose();

    /// <summary>The open incident of the heartbeat's alert group (source <c>heartbeat</c>, group key its name), as the list shows it.</summary>
    private async Task<JsonElement?> OpenIncidentOfAsync(string name)
    {
        var open = (await app.Client.GetFromJsonAsync<JsonElement>("api/incidents?status=open")).GetProperty("items").EnumerateArray()
            .Where(i => Text(i, "source") == "heartbeat" && Text(i, "groupKey") == name).ToList();
        Assert.True(open.Count <= 1, $"{open.Count} open incidents for heartbeat {name}");
        return open.Count == 0 ? null : open[0];
    }

    private async Task<List<JsonElement>> AllIncidentsAsync() =>
        [.. (await app.Client.GetFromJsonAsync<JsonElement>("api/incidents?status=all")).GetProperty("items").EnumerateArray()];

    private async Task<JsonElement> IncidentAsync(string id) => await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");

    private async Task<List<string>> DutyEmailsAsync()
    {
        var onCall = await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall");
        var duty = onCall.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("email").GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(duty);
        return duty;
    }

    /// <summary>The pages among messages about an incident: <c>【SEV2 障害】INC-…</c>, or <c>[SEV2 incident] INC-…</c> to an English-speaking member.</summary>
    private static List<OnDuty.Testing.ReceivedEmail> Paged(IEnumerable<OnDuty.Testing.ReceivedEmail> messages) =>
        [.. messages.Where(m => m.Subject.Contains("障害】", StringComparison.Ordinal) || m.Subject.Contains("incident]", StringComparison.Ordinal))];

    /// <summary>The text of the Japanese page among <paramref name="pages"/>. The alert's text is in the team's language (ja) in every page.</summary>
    private async Task<string> JapanesePageTextAsync(IEnumerable<OnDuty.Testing.ReceivedEmail> pages) =>
        await app.Smtp.TextAsync(pages.First(m => m.Subject.Contains("障害】", StringComparison.Ordinal)).Id);

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static async Task<List<string>> ErrorFieldsAsync(HttpResponseMessage response) =>
        [.. (await BodyAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string? Text(JsonElement element, string property) => element.GetProperty(property).GetString();

    private static DateTimeOffset? At(JsonElement element, string property) =>
        element.GetProperty(property) is { ValueKind: JsonValueKind.String } value ? value.GetDateTimeOffset() : null;

    private string Url(string path) => new Uri(app.BaseAddress, path).ToString();

    /// <summary>An instant as the Japanese texts show it (Tokyo, <c>yyyy/MM/dd HH:mm</c>).</summary>
    /// <summary>A time as the heartbeat's text writes it, the house phrase of the same mail's 検知: 「2026年12月1日(火) 10:06」.</summary>
    private static string Stamp(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Tokyo).ToString("yyyy年M月d日(ddd) HH:mm", System.Globalization.CultureInfo.GetCultureInfo("ja-JP"));
}
