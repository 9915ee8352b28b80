using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// The security officer (<see cref="IncidentOptions.ConfidentialReaders"/>) is told once by mail when an incident becomes confidential —
/// declared so, or marked later — in their language, after the page; never twice for one incident, and a failure to queue it never
/// un-marks it nor fails the mark.
/// </summary>
public sealed class ConfidentialOfficerMailTests
{
    private const string Ciso = "ciso@example.com";

    private static NewIncident Leak(bool confidential) => new() { Title = "顧客リストの<b>流出</b>の疑い & 調査", Severity = AlertSeverity.Sev2, Confidential = confidential };

    private static Task<IncidentHarness> WithOfficersAsync() =>
        CreateAsync(o => o.ConfidentialReaders = [" CISO@example.com ", "emma@example.com"]);

    private static List<OutboxMessage> OfficerMails(IncidentHarness h, string id) =>
        [.. h.Outbox.All.Where(m => m.Topic == $"incident:{id}:confidential")];

    [Fact]
    public async Task Declared_EachOfficerToldOnce_InTheirLanguage_AfterThePage()
    {
        var h = await WithOfficersAsync();
        var pageQueuedFirst = new List<bool>();
        h.Outbox.BeforeEnqueue = m =>
        {
            if (m.Topic.EndsWith(":confidential", StringComparison.Ordinal))
            {
                pageQueuedFirst.Add(h.Outbox.All.Any(p => p.Topic.EndsWith(":page", StringComparison.Ordinal) && p.Channel == Channel.Email));
            }
        };

        var id = (await h.Service.CreateAsync(Leak(confidential: true), "sato", null, default)).Incident.Value.Id;

        var mails = OfficerMails(h, id);
        Assert.Equal([Ciso, "emma@example.com"], mails.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.All(mails, m => Assert.Equal(Channel.Email, m.Channel));
        Assert.Equal([true, true], pageQueuedFirst);
        var ciso = mails.Single(m => m.Recipient == Ciso);
        Assert.Equal($"incident:{id}:confidential:email:{Ciso}", ciso.Id);
        Assert.StartsWith("【SEV2 非公開指定】" + id, ciso.Subject, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;流出&lt;/b&gt;の疑い &amp; 調査", ciso.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("2026年12月1日(火) 10:00（JST）にこの障害を非公開に指定しました", ciso.TextBody, StringComparison.Ordinal);
        Assert.Contains("転送しないでください", ciso.TextBody, StringComparison.Ordinal);
        Assert.Contains($"/api/incidents/{id}/page", ciso.HtmlBody, StringComparison.Ordinal);
        var emma = mails.Single(m => m.Recipient == "emma@example.com");
        Assert.StartsWith("[SEV2 marked confidential] " + id, emma.Subject, StringComparison.Ordinal);
        Assert.Contains("do not forward", emma.TextBody, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MarkedLater_ToldWithTheReason_MarkedAgainOrLiftedAndMarked_NotTwice()
    {
        var h = await WithOfficersAsync();
        var id = (await h.Service.CreateAsync(Leak(confidential: false), "sato", null, default)).Incident.Value.Id;
        Assert.Empty(OfficerMails(h, id));

        h.Time.Advance(TimeSpan.FromMinutes(30));
        await h.Service.MarkConfidentialAsync(id, true, "ito", default, reason: "管理画面に<不正>ログインの痕跡");
        await h.Service.MarkConfidentialAsync(id, true, "ito", default);
        await h.Service.MarkConfidentialAsync(id, false, "ito", default);
        await h.Service.MarkConfidentialAsync(id, true, "sato", default);

        var ciso = Assert.Single(OfficerMails(h, id), m => m.Recipient == Ciso);
        Assert.Contains("10:30（JST）にこの障害を非公開に指定しました", ciso.TextBody, StringComparison.Ordinal);
        Assert.Contains("非公開の理由", ciso.TextBody, StringComparison.Ordinal);
        Assert.Contains("管理画面に&lt;不正&gt;ログインの痕跡", ciso.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(2, OfficerMails(h, id).Count);
    }

    [Fact]
    public async Task NotConfidential_OrNoOfficerSet_NobodyTold()
    {
        var h = await WithOfficersAsync();
        var open = (await h.Service.CreateAsync(Leak(confidential: false), "sato", null, default)).Incident.Value.Id;
        var plain = await CreateAsync();
        var secret = (await plain.Service.CreateAsync(Leak(confidential: true), "sato", null, default)).Incident.Value.Id;

        Assert.Empty(OfficerMails(h, open));
        Assert.Empty(OfficerMails(plain, secret));
    }

    [Fact]
    public async Task QueuingFails_StaysConfidential_MarkSucceeds_PairPagedOnDeclare()
    {
        var h = await WithOfficersAsync();
        h.Outbox.BeforeEnqueue = m =>
        {
            if (m.Topic.EndsWith(":confidential", StringComparison.Ordinal))
            {
                throw new DependencyUnavailableException("Table storage", new TimeoutException("gone"));
            }
        };

        var declared = (await h.Service.CreateAsync(Leak(confidential: true), "sato", null, default)).Incident.Value.Id;
        var marked = (await h.Service.CreateAsync(Leak(confidential: false), "sato", null, default)).Incident.Value.Id;
        var saved = await h.Service.MarkConfidentialAsync(marked, true, "ito", default);

        Assert.True(saved.Value.Confidential);
        Assert.True((await h.IncidentAsync(marked)).Confidential);
        Assert.True((await h.IncidentAsync(declared)).Confidential);
        Assert.Equal(await h.DutyEmailsAsync(), h.Outbox.All.Where(m => m.Id.StartsWith($"incident:{declared}:page:email:", StringComparison.Ordinal)).Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.Empty(OfficerMails(h, declared));
        Assert.Empty(OfficerMails(h, marked));
    }

    [Fact]
    public async Task QueuingFailsOnce_Owed_OnTheTimeline_TheCadenceTimerQueuesIt_SameIdAndWords_NeverTwice()
    {
        var h = await WithOfficersAsync();
        var fail = true;
        h.Outbox.BeforeEnqueue = m =>
        {
            if (fail && m.Topic.EndsWith(":confidential", StringComparison.Ordinal))
            {
                throw new DependencyUnavailableException("Table storage", new TimeoutException("gone"));
            }
        };

        var id = (await h.Service.CreateAsync(Leak(confidential: false), "sato", null, default)).Incident.Value.Id;
        h.Time.Advance(TimeSpan.FromMinutes(30));
        await h.Service.MarkConfidentialAsync(id, true, "ito", default, reason: "管理画面に<不正>ログインの痕跡");

        Assert.Empty(OfficerMails(h, id));
        var owed = await h.IncidentAsync(id);
        Assert.True(owed.OwesOfficerMail);
        Assert.Equal("ito", owed.OfficerMailOwed!.By);
        Assert.Contains(await h.TimelineAsync(id), e => e.Kind == TimelineKind.ConfidentialityChanged && e.Message == TimelineTexts.OfficerMailOwed);

        // Storage back; the update cadence timer's next run queues it, saying the mark's time and reason, under the mail's own id.
        fail = false;
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.Nudger.NudgeOpenIncidentsAsync(default);
        await h.Nudger.NudgeOpenIncidentsAsync(default);

        var ciso = Assert.Single(OfficerMails(h, id), m => m.Recipient == Ciso);
        Assert.Equal($"incident:{id}:confidential:email:{Ciso}", ciso.Id);
        Assert.Contains("10:30（JST）にこの障害を非公開に指定しました", ciso.TextBody, StringComparison.Ordinal);
        Assert.Contains("管理画面に&lt;不正&gt;ログインの痕跡", ciso.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(2, OfficerMails(h, id).Count);
        var told = await h.IncidentAsync(id);
        Assert.False(told.OwesOfficerMail);
        Assert.Null(told.OfficerMailOwed);
        Assert.Single(await h.TimelineAsync(id), e => e.Message == TimelineTexts.OfficerMailQueued);
    }

    [Fact]
    public async Task QueuingFails_ThenLifted_NothingOwed_TimerTellsNobody()
    {
        var h = await WithOfficersAsync();
        var fail = true;
        h.Outbox.BeforeEnqueue = m =>
        {
            if (fail && m.Topic.EndsWith(":confidential", StringComparison.Ordinal))
            {
                throw new DependencyUnavailableException("Table storage", new TimeoutException("gone"));
            }
        };

        var id = (await h.Service.CreateAsync(Leak(confidential: true), "sato", null, default)).Incident.Value.Id;
        Assert.True((await h.IncidentAsync(id)).OwesOfficerMail);
        await h.Service.MarkConfidentialAsync(id, false, "ito", default);
        fail = false;
        await h.Nudger.NudgeOpenIncidentsAsync(default);

        Assert.Empty(OfficerMails(h, id));
        Assert.Null((await h.IncidentAsync(id)).OfficerMailOwed);
    }
}
