using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;

namespace OnDuty.Core.Tests.Notifications;

/// <summary>
/// Stored outbox rows use these ids as idempotency keys: a changed format would send a second copy of every notice already
/// sent. The expected strings are the formats as they were before the message layer, written out byte for byte.
/// </summary>
public sealed class OutboxIdsTests
{
    [Fact]
    public void Ids_KeepTheirStoredFormatsByteForByte()
    {
        Assert.Equal("duty:incident-duty:2026-W49:email:sato@example.com", OutboxIds.Email(OutboxIds.DutyTopic("incident-duty", "2026-W49"), "Sato@Example.COM"));
        Assert.Equal("duty:incident-duty:2026-W49:teams", OutboxIds.Teams(OutboxIds.DutyTopic("incident-duty", "2026-W49")));
        Assert.Equal("remind:incident-duty:2026-W50:email:emma@example.com", OutboxIds.Email(OutboxIds.ReminderTopic("incident-duty", "2026-W50"), "emma@example.com"));
        Assert.Equal("incident:INC-20261201-001:page:email:yamada@example.com", OutboxIds.Email(OutboxIds.IncidentTopic("INC-20261201-001", IncidentNotice.Page), "YAMADA@example.com"));
        Assert.Equal("incident:INC-20261201-001:escalation:2:email:lead@example.com", OutboxIds.Email(OutboxIds.IncidentTopic("INC-20261201-001", IncidentNotice.Escalation(2)), "lead@example.com"));
        Assert.Equal("incident:INC-20261201-001:ack:teams", OutboxIds.Teams(OutboxIds.IncidentTopic("INC-20261201-001", IncidentNotice.Ack("山田 太郎"))));
    }

    [Fact]
    public void EmailThread_EveryStakeholderNoticeOfAnIncidentOneSeries_OtherMailsNone()
    {
        var first = OutboxIds.StakeholderEmailBatch(OutboxIds.StakeholderTopic("INC-2027-0007", 1), "ja", 1, 0);
        var recovered = OutboxIds.StakeholderEmailBatch(OutboxIds.StakeholderTopic("INC-2027-0007", 5), "en", 1, 1);
        var addedLater = OutboxIds.StakeholderEmailBatch(OutboxIds.StakeholderTopic("INC-2027-0007", 3), "ja", 2, 0);

        Assert.Equal("incident:INC-2027-0007:notices", OutboxIds.EmailThread(first));
        Assert.Equal("incident:INC-2027-0007:notices", OutboxIds.EmailThread(recovered));
        Assert.Equal("incident:INC-2027-0007:notices", OutboxIds.EmailThread(addedLater));
        Assert.Equal("incident:INC-2027-0008:notices", OutboxIds.EmailThread(OutboxIds.StakeholderEmailBatch(OutboxIds.StakeholderTopic("INC-2027-0008", 1), "ja", 1, 0)));
        Assert.Null(OutboxIds.EmailThread(OutboxIds.Email(OutboxIds.IncidentTopic("INC-2027-0007", IncidentNotice.Page), "yamada@example.com")));
        Assert.Null(OutboxIds.EmailThread(OutboxIds.Email(OutboxIds.NudgeTopic("INC-2027-0007", 1, 1), "yamada@example.com")));
        Assert.Null(OutboxIds.EmailThread(OutboxIds.Email(OutboxIds.DutyTopic("incident-duty", "2026-W49"), "sato@example.com")));
    }

    /// <summary>
    /// The one 統合 notice of a merge-many request: named by the incident merged into and those it merged, in any order or repeated
    /// (the same request again is the same id), another set another; a stakeholder batch names the readers' own duplicates and audience.
    /// </summary>
    [Fact]
    public void MergesTopic_TheSameRequestTheSameId_AnotherSetAnother()
    {
        var topic = OutboxIds.MergesTopic("INC-2027-0001", ["INC-2027-0003", "INC-2027-0002"]);

        Assert.Matches("^merges:INC-2027-0001:[0-9a-f]{24}$", topic);
        Assert.Equal(topic, OutboxIds.MergesTopic("INC-2027-0001", ["INC-2027-0002", "INC-2027-0003", "INC-2027-0002"]));
        Assert.NotEqual(topic, OutboxIds.MergesTopic("INC-2027-0001", ["INC-2027-0002"]));
        Assert.NotEqual(topic, OutboxIds.MergesTopic("INC-2027-0009", ["INC-2027-0002", "INC-2027-0003"]));
        var execs = OutboxIds.MergesNoticeBatch(topic, "ja", "execs", ["INC-2027-0003", "INC-2027-0002"], 0);
        Assert.Matches($"^{topic}:notice:email:ja\\.[0-9a-f]{{12}}\\.for\\.execs:0$", execs);
        Assert.Equal(execs, OutboxIds.MergesNoticeBatch(topic, "ja", "execs", ["INC-2027-0002", "INC-2027-0003"], 0));
        Assert.NotEqual(execs, OutboxIds.MergesNoticeBatch(topic, "ja", "execs", ["INC-2027-0002"], 0));
        Assert.EndsWith(".followers:1", OutboxIds.MergesNoticeBatch(topic, "en", null, ["INC-2027-0002"], 1), StringComparison.Ordinal);
        Assert.Null(OutboxIds.EmailThread(execs));
    }
}
