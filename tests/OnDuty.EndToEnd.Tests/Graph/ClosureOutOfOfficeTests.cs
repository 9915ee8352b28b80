using System.Net.Http.Json;
using System.Text.Json;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Infrastructure.Graph;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Graph;

/// <summary>
/// Session 53: the year-end closure (Calendar__Closures 12/29–1/3) and Outlook. The pair of the week from Mon 12/28 have
/// 年末年始 blocked as out of office, as everyone has; the daily leave sync must not read that as leave from duty (it counted
/// 4 of the week's 5 weekdays, 80%, the threshold), or the closure week loses its pair. A SEV2 from monitoring at 02:10 on
/// 12/30 pages both of them.
/// </summary>
public sealed class ClosureOutOfOfficeTests
{
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    [Fact]
    public async Task OutOfOfficeOverTheClosure_NoLeave_AndTheNightPageReachesThePair()
    {
        await using var graph = await LoopbackGraphServer.StartAsync();
        await using var app = await OwnApp.StartAsync(
            "e2e-closure-master-key",
            new DateTimeOffset(2026, 12, 22, 12, 0, 0, Jst),
            new Dictionary<string, string?>
            {
                ["Team:Language"] = "ja",
                ["Team:SeedDemo"] = "true",
                ["Email:Provider"] = "Graph",
                ["Email:Graph:Mailbox"] = GraphAppFixture.Mailbox,
                ["Graph:BaseUrl"] = graph.BaseUrl,
                ["Graph:TenantId"] = "11111111-2222-3333-4444-555555555555",
                ["Graph:ClientId"] = "66666666-7777-8888-9999-000000000000",
                ["Graph:ClientSecret"] = "never-used-the-credential-is-replaced",
                ["Graph:Leave:WeeksAhead"] = "2",
                ["Calendar:Country"] = "JP",
                ["Calendar:Closures:0:From"] = "2026-12-29",
                ["Calendar:Closures:0:To"] = "2027-01-03",
                ["Calendar:Closures:0:Name"] = "年末年始",
                ["Calendar:Closures:0:NameEn"] = "Year-end closure",
            },
            services => services.AddKeyedSingleton<TokenCredential>(GraphClientProvider.CredentialKey, new StaticTokenCredential(LoopbackGraphServer.Token)),
            smtp: false);
        var host = app.Host;

        var next = (await host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("next");
        Assert.Equal("2026-12-28T10:00:00+09:00", next.GetProperty("startsAt").GetString());
        var pair = next.GetProperty("members").EnumerateArray().Select(m => (Id: m.GetProperty("id").GetString()!, Email: m.GetProperty("email").GetString()!)).ToList();
        Assert.Equal(2, pair.Count);
        foreach (var (_, email) in pair)
        {
            graph.AddOutOfOffice(email, new DateTimeOffset(2026, 12, 29, 0, 0, 0, Jst), new DateTimeOffset(2027, 1, 4, 0, 0, 0, Jst));
        }

        await host.RunFunctionAsync("SyncOutlookLeave");

        Assert.NotEmpty(graph.ScheduleRequests); // the calendars were read
        var after = (await host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("next");
        Assert.Equal(pair.Select(p => p.Id), after.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!));
        foreach (var (member, _) in pair)
        {
            Assert.DoesNotContain("outlook-", await host.Client.GetStringAsync($"api/members/{member}/leave"), StringComparison.Ordinal);
        }

        // Wed 12/30 02:10, in the closure: monitoring opens a SEV2 and both of the pair are paged, as on any night.
        await host.SetUtcNowAsync(new DateTimeOffset(2026, 12, 30, 2, 10, 0, Jst));
        var opened = await Incidents.AlertIntakeTests.PostAcceptedAsync(host.Client, "generic", Incidents.AlertIntakeTests.Read("generic-trigger.json", root => root["timestamp"] = "2026-12-30T02:10:00+09:00"));
        var id = opened.GetProperty("incidentId").GetString()!;
        await host.WaitForOutboxIdleAsync();

        var pages = graph.Mail.Where(m => m.Subject.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.Equal(pair.Select(p => p.Email).Order(StringComparer.Ordinal), pages.SelectMany(m => m.To).Order(StringComparer.Ordinal));
    }
}
