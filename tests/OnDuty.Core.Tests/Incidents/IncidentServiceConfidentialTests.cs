using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// A confidential incident (<see cref="Incident.Confidential"/>): declared so or marked later, with a timeline row each way; the pair is
/// paged as ever, the channel's cards carry no title, and stakeholders are told only when a person picks them on an update.
/// </summary>
public sealed class IncidentServiceConfidentialTests
{
    private const string Title = "顧客リストの流出の疑い";

    private static void ExecsAndLegal(CommsOptions c)
    {
        c.Audiences["execs"] = new AudienceOptions { Members = ["ceo@example.com"], Language = "ja", DisplayName = "経営層" };
        c.Audiences["legal"] = new AudienceOptions { Members = ["legal@example.com"], Language = "ja", DisplayName = "法務" };
        c.BySeverity.Sev2 = ["execs"];
    }

    private static NewIncident Leak(bool confidential = true) => new()
    {
        Title = Title, Severity = AlertSeverity.Sev2, UserImpact = "管理者アカウントへの不正ログイン", Confidential = confidential,
    };

    private static List<OutboxMessage> NoticeMails(IncidentHarness h, string id) =>
        [.. h.Outbox.All.Where(m => m.Topic.StartsWith($"incident:{id}:notice:", StringComparison.Ordinal) && m.Channel == Channel.Email)];

    [Fact]
    public async Task Create_Confidential_PairPagedWithTitle_ChannelCardWithout_NoAudienceTold()
    {
        var h = await CreateAsync(comms: ExecsAndLegal);

        var (created, _) = await h.Service.CreateAsync(Leak(), "sato", null, default);
        var id = created.Value.Id;

        Assert.True((await h.IncidentAsync(id)).Confidential);
        // The pair's page mails carry the title (they need it); no page is held back.
        Assert.Contains(h.Outbox.All, m => m.Channel == Channel.Email && !m.Topic.Contains(":notice:", StringComparison.Ordinal) && m.Subject.Contains(Title, StringComparison.Ordinal));
        var cards = h.Outbox.All.Where(m => m.Channel == Channel.Teams).ToList();
        Assert.NotEmpty(cards);
        Assert.All(cards, c => Assert.DoesNotContain(Title, c.CardJson + c.Subject + c.TextBody, StringComparison.Ordinal));
        Assert.Empty(NoticeMails(h, id));
    }

    [Fact]
    public async Task Create_NotConfidential_ExecsToldAsBefore()
    {
        var h = await CreateAsync(comms: ExecsAndLegal);

        var (created, _) = await h.Service.CreateAsync(Leak(confidential: false), "sato", null, default);

        Assert.Contains(NoticeMails(h, created.Value.Id), m => m.Bcc.Contains("ceo@example.com"));
    }

    [Fact]
    public async Task Update_Confidential_OnlyThePickedAudienceIsTold()
    {
        var h = await CreateAsync(comms: ExecsAndLegal);
        var (created, _) = await h.Service.CreateAsync(Leak(), "sato", null, default);
        var id = created.Value.Id;
        h.Time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(["execs", "legal"], h.Comms.AlsoTellChoices(await h.IncidentAsync(id)));
        await h.Service.PostUpdateAsync(id, IncidentStatus.Identified, "範囲を調査中です。", new IncidentEdit { AlsoTell = ["legal"] }, "sato", null, null, default);

        var mails = NoticeMails(h, id);
        Assert.Contains(mails, m => m.Bcc.Contains("legal@example.com") && m.Subject.Contains(Title, StringComparison.Ordinal));
        Assert.DoesNotContain(mails, m => m.Bcc.Contains("ceo@example.com"));
    }

    [Fact]
    public async Task MarkConfidential_RecordsWhoEachWay_RepeatChangesNothing()
    {
        var h = await CreateAsync(comms: ExecsAndLegal);
        var (created, _) = await h.Service.CreateAsync(Leak(confidential: false), "sato", null, default);
        var id = created.Value.Id;

        Assert.True((await h.Service.MarkConfidentialAsync(id, true, "sato", default)).Value.Confidential);
        await h.Service.MarkConfidentialAsync(id, true, "ito", default);
        Assert.False((await h.Service.MarkConfidentialAsync(id, false, "ito", default)).Value.Confidential);

        var rows = (await h.TimelineAsync(id)).Where(t => t.Kind == TimelineKind.ConfidentialityChanged).ToList();
        Assert.Equal([("sato", "marked confidential by sato"), ("ito", "confidentiality lifted by ito")], rows.Select(r => (r.By!, r.Message!)));
        Assert.False((await h.IncidentAsync(id)).Confidential);
    }

    [Fact]
    public void Restore_RecordStoredBeforeTheFlag_ReadsNotConfidential()
    {
        var open = Incident.Open("INC-2027-0001", Leak(), [], "sato", DateTimeOffset.UnixEpoch);
        Assert.True(Incident.Restore(open.ToSnapshot()).Confidential);
        Assert.False(Incident.Restore(open.ToSnapshot() with { Confidential = null }).Confidential);
    }
}
