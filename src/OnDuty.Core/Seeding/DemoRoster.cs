using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Incidents;
using OnDuty.Core.Common;
using OnDuty.Core.Retros;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Seeding;

/// <summary>
/// A demo team for local runs: eight PMs (ja and en, new and experienced, client and server side),
/// the weekly <c>incident-duty</c> rotation and the two maintenance-owner rotations, and a few judgement criteria. Members and
/// rotations are in the team's zone (<c>Incidents__TimeZone</c>): a Dublin team's demo hands off at 10:00 in Dublin.
/// </summary>
public sealed class DemoRoster(
    IRosterRepository roster, IRotationRepository rotations, ICriteriaRepository criteria, TimeProvider time, IOptions<IncidentOptions> incidentOptions, ILogger<DemoRoster> logger)
{
    public const string IncidentDutyId = "incident-duty";

    /// <summary>
    /// Seeds the roster only when storage holds no members and no rotations, and the criteria only when there are none (a
    /// demo kept between runs gets them too); safe to run on several instances at once.
    /// </summary>
    public async Task<bool> SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if ((await criteria.ListAsync(cancellationToken)).Count == 0)
        {
            foreach (var criterion in Criteria())
            {
                await IgnoreExisting(() => criteria.SaveAsync(criterion with { Version = 1, UpdatedAt = time.GetUtcNow() }, null, cancellationToken));
            }

            logger.LogInformation("Seeded the demo judgement criteria: {Criteria}", Criteria().Count);
        }

        if ((await roster.ListMembersAsync(cancellationToken)).Count > 0 || (await rotations.ListAsync(cancellationToken)).Count > 0)
        {
            return false;
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var zone = incidentOptions.Value.TimeZone;
        foreach (var member in Members(today, zone))
        {
            await IgnoreExisting(() => roster.SaveMemberAsync(member, null, cancellationToken));
        }

        foreach (var rotation in Rotations(zone))
        {
            await IgnoreExisting(() => rotations.SaveAsync(rotation, null, cancellationToken));
        }

        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        await IgnoreExisting(async () =>
        {
            await roster.AddLeaveAsync(new Leave { Id = "demo-leave", MemberId = "suzuki", From = monday.AddDays(21), To = monday.AddDays(27), Note = "休暇（デモ）" }, cancellationToken);
            return "";
        });

        logger.LogInformation("Seeded the demo roster: {Members} members, {Rotations} rotations", Members(today, zone).Count, Rotations(zone).Count);
        return true;
    }

    /// <summary>
    /// The demo roster. The demo rotations start on a fixed date (2026-01-05) and have no announced history, so a member the demo
    /// has join after it is taken as on the team from then (nobody is on duty before joining), with the experience they have
    /// today; the demo's weeks stay as they were.
    /// </summary>
    /// <param name="timeZone">The team's zone (<c>Incidents__TimeZone</c>): every member's.</param>
    public static IReadOnlyList<Member> Members(DateOnly today, string timeZone) =>
        [.. Listed(today, timeZone).Select(m => m.JoinedOn <= Start ? m : m with
        {
            JoinedOn = Start,
            Level = m.Level != ExperienceLevel.Auto ? m.Level : m.IsExperiencedOn(today) ? ExperienceLevel.Senior : ExperienceLevel.Junior,
        })];

    private static readonly DateOnly Start = new(2026, 1, 5);

    private static IReadOnlyList<Member> Listed(DateOnly today, string timeZone) =>
    [
        new() { Id = "yamada", DisplayName = "山田 太郎", Email = "yamada@onduty.example", Upn = "yamada@corp.onduty.example", Language = Language.Ja, JoinedOn = today.AddYears(-6), Area = Area.Server, TimeZone = timeZone },
        new() { Id = "sato", DisplayName = "佐藤 花子", Email = "sato@onduty.example", Upn = "sato@corp.onduty.example", Language = Language.Ja, JoinedOn = today.AddYears(-4), Area = Area.Client, TimeZone = timeZone },
        new() { Id = "suzuki", DisplayName = "鈴木 一郎", Email = "suzuki@onduty.example", Upn = "suzuki@corp.onduty.example", Language = Language.Ja, JoinedOn = today.AddMonths(-5), Area = Area.Server, TimeZone = timeZone },
        new() { Id = "takahashi", DisplayName = "高橋 美咲", Email = "takahashi@onduty.example", Upn = "takahashi@corp.onduty.example", Language = Language.Ja, JoinedOn = today.AddYears(-3), Area = Area.Client, TimeZone = timeZone },
        new() { Id = "emma", DisplayName = "Emma Wilson", Email = "emma@onduty.example", Upn = "emma@corp.onduty.example", Language = Language.En, JoinedOn = today.AddMonths(-3), Area = Area.Client, TimeZone = timeZone },
        new() { Id = "tanaka", DisplayName = "田中 健", Email = "tanaka@onduty.example", Upn = "tanaka@corp.onduty.example", Language = Language.Ja, JoinedOn = today.AddMonths(-8), Area = Area.Server, TimeZone = timeZone },
        new() { Id = "liam", DisplayName = "Liam Chen", Email = "liam@onduty.example", Upn = "liam@corp.onduty.example", Language = Language.En, JoinedOn = today.AddYears(-2), Area = Area.Server, TimeZone = timeZone },
        new() { Id = "ito", DisplayName = "伊藤 さくら", Email = "ito@onduty.example", Upn = "ito@corp.onduty.example", Language = Language.Ja, JoinedOn = today.AddMonths(-2), Level = ExperienceLevel.Junior, Area = Area.Client, TimeZone = timeZone },
    ];

    /// <summary>What a Japanese SaaS team writes down first: when an outage is SEV1 or SEV2, and when customers are told.</summary>
    public static IReadOnlyList<Criterion> Criteria() =>
    [
        new()
        {
            Id = "demo-sev1-billing",
            Title = "決済・請求に影響する障害は SEV1",
            Text = "決済が完了しない、二重に請求される、請求書が発行できないなど、お金の流れに影響する障害は、影響が一部のお客様でも SEV1 として起票する。迷ったら SEV1 で起票し、影響範囲が分かってから下げる。",
            Topic = "severity",
            TopicName = "重大度の判断",
            TitleEn = "Outages that affect payment or billing are SEV1",
            TextEn = "An outage that affects the flow of money — payments that do not complete, double charges, invoices that cannot be issued — is declared SEV1 even when only some customers are affected. When in doubt, declare SEV1 and lower it once the impact is known.",
            TopicNameEn = "Judging severity",
            UpdatedBy = "yamada",
        },
        new()
        {
            Id = "demo-sev2-login",
            Title = "ログイン失敗率 5% 超が 10 分続けば SEV2",
            Text = "ログインの失敗率が 5% を超えた状態が 10 分続いたら SEV2 で起票する。全員がログインできない場合は時間を待たずに SEV1。",
            Topic = "severity",
            TopicName = "重大度の判断",
            TitleEn = "Login failures above 5% for 10 minutes are SEV2",
            TextEn = "When more than 5% of logins fail for 10 minutes, declare SEV2. When nobody can log in, declare SEV1 at once without waiting.",
            TopicNameEn = "Judging severity",
            UpdatedBy = "yamada",
        },
        new()
        {
            Id = "demo-customers",
            Title = "お客様へのお知らせは影響が 30 分続く見込みのとき",
            Text = "お客様に見える影響が 30 分以上続く見込みのとき、または SEV1 のときは、PR・CS と相談してステータスページに第1報を出す。社内の関係者への第1報は起票から 15 分以内。",
            Topic = "customers",
            TopicName = "お客様へのお知らせ",
            TitleEn = "Tell customers when the impact is expected to last 30 minutes",
            TextEn = "When customers will see the impact for 30 minutes or more, or for any SEV1, agree the first notice for the status page with PR and CS. The first notice to internal stakeholders goes out within 15 minutes of declaring.",
            TopicNameEn = "Telling customers",
            UpdatedBy = "sato",
        },
    ];

    /// <summary>The demo rotations, handing off at 10:00 in <paramref name="timeZone"/> (the team's, <c>Incidents__TimeZone</c>).</summary>
    public static IReadOnlyList<Rotation> Rotations(string timeZone) =>
    [
        new()
        {
            Id = IncidentDutyId,
            Name = "Incident duty",
            NameJa = "障害当番",
            Strategy = RotationStrategy.Staggered,
            PeoplePerShift = 2,
            ShiftWeeks = 1,
            HandoffDay = DayOfWeek.Monday,
            HandoffTime = new TimeOnly(10, 0),
            TimeZone = timeZone,
            StartDate = new DateOnly(2026, 1, 5),
            Members = ["yamada", "suzuki", "sato", "emma", "takahashi", "tanaka", "liam", "ito"],
            NotifyEmails = ["pm-team@onduty.example"],
        },
        new()
        {
            Id = "maintenance-client",
            Name = "Maintenance owners (client side)",
            NameJa = "運用担当（クライアント）",
            Strategy = RotationStrategy.Block,
            PeoplePerShift = 2,
            ShiftWeeks = 4,
            HandoffDay = DayOfWeek.Monday,
            HandoffTime = new TimeOnly(10, 0),
            TimeZone = timeZone,
            StartDate = new DateOnly(2026, 1, 5),
            Members = ["sato", "emma", "takahashi", "ito"],
        },
        new()
        {
            Id = "maintenance-server",
            Name = "Maintenance owners (server side)",
            NameJa = "運用担当（サーバー）",
            Strategy = RotationStrategy.Block,
            PeoplePerShift = 2,
            ShiftWeeks = 4,
            HandoffDay = DayOfWeek.Monday,
            HandoffTime = new TimeOnly(10, 0),
            TimeZone = timeZone,
            StartDate = new DateOnly(2026, 1, 5),
            Members = ["yamada", "suzuki", "tanaka", "liam"],
        },
    ];

    private static async Task IgnoreExisting(Func<Task<string>> write)
    {
        try
        {
            await write();
        }
        catch (ConcurrencyException)
        {
            // Another instance seeded the same row first.
        }
    }
}
