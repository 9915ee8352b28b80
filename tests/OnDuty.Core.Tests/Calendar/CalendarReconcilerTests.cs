using OnDuty.Core.Calendar;

namespace OnDuty.Core.Tests.Calendar;

public sealed class CalendarReconcilerTests
{
    private static readonly DateOnly W50 = new(2026, 12, 7);
    private static readonly DateOnly W51 = new(2026, 12, 14);

    private static DutyEvent Duty(DateOnly start, string member, string body = "<p>With: Liam</p>", string? mailbox = null) => new(
        "incident-duty", start, member, mailbox ?? member + "@example.com", "2026-W50",
        new DateTimeOffset(start.ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero),
        new DateTimeOffset(start.AddDays(7).ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero),
        "Asia/Tokyo", "[Incident duty] on duty", body);

    private static CalendarEventRecord Stored(DutyEvent duty, CalendarEventStatus status = CalendarEventStatus.Active, int generation = 1) => new()
    {
        RotationId = duty.RotationId,
        ShiftStart = duty.ShiftStart,
        MemberId = duty.MemberId,
        Mailbox = duty.Mailbox,
        Week = duty.Week,
        EventId = "evt-" + duty.Key,
        Fingerprint = duty.Fingerprint,
        Status = status,
        Generation = generation,
    };

    [Fact]
    public void Diff_NothingStored_CreatesEveryEvent()
    {
        var changes = CalendarReconciler.Diff([Duty(W50, "sato"), Duty(W50, "liam")], []);

        Assert.Equal(
            [(CalendarChangeKind.Create, "2026-12-07|liam"), (CalendarChangeKind.Create, "2026-12-07|sato")],
            changes.Select(c => (c.Kind, c.Desired!.Key)));
    }

    [Fact]
    public void Diff_StoredAndUnchanged_NothingToDo()
    {
        var duty = Duty(W50, "sato");

        Assert.Empty(CalendarReconciler.Diff([duty], [Stored(duty)]));
    }

    [Fact]
    public void Diff_PartnerChanged_UpdatesTheEvent()
    {
        var stored = Stored(Duty(W50, "sato"));
        var changed = Duty(W50, "sato", body: "<p>With: 伊藤</p>");

        var change = Assert.Single(CalendarReconciler.Diff([changed], [stored]));

        Assert.Equal((CalendarChangeKind.Update, changed, stored), (change.Kind, change.Desired, change.Existing));
    }

    [Fact]
    public void Diff_WeekChangedHands_CancelsTheOldHolderFirstAndCreatesTheNew()
    {
        var liam = Stored(Duty(W50, "liam"));

        var changes = CalendarReconciler.Diff([Duty(W50, "ito")], [liam]);

        Assert.Equal(
            [(CalendarChangeKind.Cancel, "2026-12-07|liam"), (CalendarChangeKind.Create, "2026-12-07|ito")],
            changes.Select(c => (c.Kind, (c.Desired?.Key ?? c.Existing!.Key))));
    }

    [Fact]
    public void Diff_CancelledEarlierAndWantedAgain_CreatesANewGeneration()
    {
        var duty = Duty(W51, "sato");
        var cancelled = Stored(duty, CalendarEventStatus.Cancelled, generation: 2);

        var change = Assert.Single(CalendarReconciler.Diff([duty], [cancelled]));

        Assert.Equal(CalendarChangeKind.Create, change.Kind);
        Assert.Same(cancelled, change.Existing);
    }

    [Fact]
    public void Diff_CancelledAndNotWanted_LeftAlone()
    {
        Assert.Empty(CalendarReconciler.Diff([], [Stored(Duty(W50, "sato"), CalendarEventStatus.Cancelled)]));
    }

    [Fact]
    public void Diff_MailboxChanged_CancelsInTheOldMailboxAndCreatesInTheNew()
    {
        var stored = Stored(Duty(W50, "sato", mailbox: "sato@old.example"));
        var moved = Duty(W50, "sato", mailbox: "sato@new.example");

        var changes = CalendarReconciler.Diff([moved], [stored]);

        Assert.Equal([CalendarChangeKind.Cancel, CalendarChangeKind.Create], changes.Select(c => c.Kind));
        Assert.Equal("sato@old.example", changes[0].Existing!.Mailbox);
        Assert.Equal(moved, changes[1].Desired);
    }

    [Fact]
    public void TransactionId_StablePerGenerationAndDifferentAcrossGenerations()
    {
        var first = CalendarEventRecord.TransactionId("incident-duty", W50, "sato", 1);

        Assert.Equal(first, CalendarEventRecord.TransactionId("incident-duty", W50, "sato", 1));
        Assert.NotEqual(first, CalendarEventRecord.TransactionId("incident-duty", W50, "sato", 2));
        Assert.NotEqual(first, CalendarEventRecord.TransactionId("incident-duty", W50, "liam", 1));
    }
}
