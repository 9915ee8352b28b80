using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Incidents;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Support;

/// <summary>
/// The steps the persona walks on their own host share: the pair put on duty, the timers run as deployed, an Alertmanager alert fired,
/// an acknowledgement, an update, and what a walk reads and saves (a page, the mails, a Teams card's texts).
/// </summary>
/// <param name="settle">Waits until what the host sends has arrived (mails, and cards where the walk has a channel).</param>
/// <param name="dump">Where the pages and mails read are saved to be looked at; null: not saved.</param>
/// <param name="mail">
/// When the app counts its mails (<see cref="MailSettle.Install"/>): the timer steps settle on them, not on a quiet period each. Only
/// where <paramref name="settle"/> watches smtp4dev and loopback servers, which record a request before they answer it: once the app
/// has nothing left to send, their counts are final.
/// </param>
internal sealed class WalkSteps(HostedApp host, Smtp4devProcess smtp, Func<Task> settle, string? dump = null, MailSettle? mail = null)
{
    public Task SettleAsync() => settle();

    /// <summary>Puts <paramref name="first"/> and <paramref name="second"/> on duty this week in place of the rotation's pair.</summary>
    public async Task DutyPairAsync(string first, string second)
    {
        var onCall = await host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall");
        var week = onCall.GetProperty("week").GetString()!;
        var pair = onCall.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
        var wanted = new Queue<string>(new[] { first, second }.Where(w => !pair.Contains(w)));
        foreach (var member in pair.Where(m => m != first && m != second))
        {
            using var replaced = await host.Client.PostAsJsonAsync("api/rotations/incident-duty/overrides", new { week, memberId = member, replacementId = wanted.Dequeue(), reason = "交代" });
            Assert.True(replaced.StatusCode == HttpStatusCode.Created, await replaced.Content.ReadAsStringAsync());
        }

        var now = (await host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!);
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), now.Order(StringComparer.Ordinal));
        await settle();
        await smtp.DeleteAllAsync();
    }

    /// <summary>
    /// The escalation and update-cadence timers, as deployed, until <paramref name="until"/>: on the 5-minute marks after now, or
    /// with <paramref name="step"/> every step after now and the clock at <paramref name="until"/> at the end.
    /// </summary>
    public async Task RunTimersUntilAsync(DateTimeOffset until, TimeSpan? step = null)
    {
        var now = host.Time.GetUtcNow();
        var every = step ?? TimeSpan.FromMinutes(5);
        var first = step is null ? new DateTimeOffset(now.UtcTicks - (now.UtcTicks % every.Ticks), TimeSpan.Zero) + every : now + every;
        for (var t = first; t <= until; t += every)
        {
            await host.SetUtcNowAsync(t);
            var mark = mail is null ? null : await mail.MarkAsync(smtp);
            await host.RunFunctionAsync("EscalateIncidents");
            await host.RunFunctionAsync("NudgeIncidentUpdates");
            await (mark is null ? settle() : mail!.SinceAsync(mark, host, smtp, settle));
        }

        if (step is not null)
        {
            await host.SetUtcNowAsync(until);
        }
    }

    /// <summary>Fires one Alertmanager alert of <paramref name="service"/>, a group of its own; the incident it went to.</summary>
    public async Task<string> FireAsync(string service, string alertName, string severity, string summary)
    {
        var body = AlertIntakeTests.Read("alertmanager-firing.json", root =>
        {
            root["groupKey"] = "{}:{alertname=\"" + alertName + "\"}";
            root["commonLabels"]!["severity"] = severity;
            root["commonLabels"]!["alertname"] = alertName;
            root["commonLabels"]!["service"] = service;
            root["commonAnnotations"]!["summary"] = summary;
            root["commonAnnotations"]!["description"] = summary;
            var alert = root["alerts"]![0]!;
            alert["labels"]!["severity"] = severity;
            alert["labels"]!["alertname"] = alertName;
            alert["labels"]!["service"] = service;
            alert["annotations"]!["summary"] = summary;
            alert["annotations"]!["description"] = summary;
            alert["fingerprint"] = Guid.NewGuid().ToString("n")[..16];
            alert["startsAt"] = host.Time.GetUtcNow().AddMinutes(-1).ToString("O");
        });
        return (await AlertIntakeTests.PostAcceptedAsync(host.Client, "alertmanager", body)).GetProperty("incidentId").GetString()!;
    }

    public async Task<JsonElement> IncidentAsync(string id) =>
        (await host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");

    public async Task AckAsync(string id, string member)
    {
        using var ack = await host.Client.PostAsJsonAsync($"api/incidents/{id}/ack", new { memberId = member });
        Assert.True(ack.StatusCode == HttpStatusCode.OK, await ack.Content.ReadAsStringAsync());
    }

    public async Task UpdateAsync(string id, object body)
    {
        using var response = await host.Client.PostAsJsonAsync($"api/incidents/{id}/updates", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Posts <paramref name="body"/> to <paramref name="path"/>, asserts the answer is <paramref name="expected"/> (its body in the
    /// message otherwise), and returns the id it names (<c>id</c>, else <c>incidentId</c>; "" when neither).
    /// </summary>
    public async Task<string> PostAsync(string path, object body, HttpStatusCode expected)
    {
        using var response = await host.Client.PostAsJsonAsync(path, body);
        var said = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {said}");
        using var json = JsonDocument.Parse(said);
        return json.RootElement.TryGetProperty("id", out var id) ? id.GetString()! : json.RootElement.TryGetProperty("incidentId", out var incident) ? incident.GetString()! : "";
    }

    /// <summary>Whom <paramref name="mails"/> went to, lower case, each once, in order, the sender <paramref name="from"/> left out.</summary>
    public static List<string> Readers(IEnumerable<ReceivedEmail> mails, string from) =>
        [.. mails.SelectMany(m => m.To).Select(a => a.ToLowerInvariant()).Where(a => a != from).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The mails about <paramref name="id"/> sent to <paramref name="to"/>.</summary>
    public async Task<List<ReceivedEmail>> MailsAsync(string id, string to) =>
        [.. (await smtp.AboutAsync(id)).Where(m => m.To.Contains(to, StringComparer.OrdinalIgnoreCase))];

    /// <summary>A page as a signed-in browser gets it (200 asserted), saved as <paramref name="name"/>.html.</summary>
    public async Task<string> SaveAsync(string name, string path)
    {
        using var browser = new PageBrowser(host.BaseAddress);
        var (response, html) = await browser.GetAsync(path);
        if (dump is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(dump, name + ".html"), html);
        }

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
        return html;
    }

    /// <summary>The mails as their readers get them (addressee, subject, text), saved as <paramref name="name"/>.txt.</summary>
    public async Task DumpMailsAsync(string name, IReadOnlyList<ReceivedEmail> mails)
    {
        if (dump is null)
        {
            return;
        }

        var texts = new List<string>();
        foreach (var mail in mails)
        {
            texts.Add($"To: {string.Join(",", mail.To)}\nSubject: {mail.Subject}\n\n{await smtp.TextAsync(mail.Id)}");
        }

        await File.WriteAllTextAsync(Path.Combine(dump, name + ".txt"), string.Join("\n\n==========\n\n", texts));
    }

    /// <summary>A Teams card's texts, one a line, as the channel shows them.</summary>
    public static string CardText(string body)
    {
        var texts = new List<string>();
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Name is "text" or "title" or "url" && p.Value.ValueKind == JsonValueKind.String)
                    {
                        texts.Add(p.Value.GetString()!);
                    }
                    else
                    {
                        Walk(p.Value);
                    }
                }
            }
            else if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in e.EnumerateArray())
                {
                    Walk(item);
                }
            }
        }

        Walk(JsonDocument.Parse(body).RootElement.GetProperty("attachments")[0].GetProperty("content").GetProperty("body"));
        return string.Join("\n", texts);
    }
}
