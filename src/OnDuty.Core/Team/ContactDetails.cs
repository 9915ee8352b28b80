using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;

namespace OnDuty.Core.Team;

/// <summary>
/// A member's own contact details for pages (the "how pages reach me" page): who a signed-in person is on the roster, their
/// mobile number set or cleared (with an ETag: an admin's edit meanwhile is never overwritten), a test email, text or call,
/// and what recently did not reach them.
/// </summary>
public sealed class ContactDetails(
    RosterService roster, OutboxDispatcher outbox, ISmsSender sms, INoticeRenderer renderer, TimeProvider time, IOptions<SmsOptions> options,
    IVoiceCaller? voice = null, IOptions<VoiceOptions>? voiceOptions = null, IOutboxStore? store = null, IOptions<TeamOptions>? team = null,
    ITeamsChannel? teams = null)
{
    /// <summary>How far back <see cref="RecentlyUndeliveredAsync"/> looks.</summary>
    public static readonly TimeSpan UndeliveredWindow = TimeSpan.FromDays(30);

    /// <summary>Failed messages to the member <see cref="RecentlyUndeliveredAsync"/> reads at most, the newest.</summary>
    private const int FailedRead = 50;

    /// <summary>Lines of <see cref="RecentlyUndeliveredAsync"/> a page shows (it counts them all).</summary>
    public const int UndeliveredLines = 5;

    public bool SmsEnabled => sms.Enabled;

    /// <summary>Pages are posted to the team's Teams channel too (what the page says pages reach a member by).</summary>
    public bool TeamsEnabled => teams?.Enabled ?? true;

    public SmsOptions Sms => options.Value;

    /// <summary>The team's country calling code (<c>Team__PhoneCountryCode</c>) a national number is saved with; null: only international numbers.</summary>
    public string? PhoneCountryCode => team?.Value.PhoneCountry;

    /// <summary>Escalations ring the number too: the options that say from which step and for which severities; null when calls are off.</summary>
    public VoiceOptions? Calls => VoiceOptions.On(voice, voiceOptions);

    /// <summary>The active member whose roster address is <paramref name="email"/> (ignoring case), else null.</summary>
    public async Task<Versioned<Member>?> FindByEmailAsync(string? email, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(email)
            ? null
            : (await roster.ListMembersAsync(cancellationToken)).FirstOrDefault(m => m.Value.Active && m.Value.IsMailedAt(email));

    /// <summary>The active members, by display name: whom to edit where pages are used without sign-in.</summary>
    public async Task<IReadOnlyList<Member>> ActiveMembersAsync(CancellationToken cancellationToken) =>
        [.. (await roster.ListMembersAsync(cancellationToken)).Select(m => m.Value).Where(m => m.Active).OrderBy(m => m.DisplayName, StringComparer.Ordinal)];

    public Task<Versioned<Member>> GetAsync(string memberId, CancellationToken cancellationToken) => roster.GetMemberAsync(memberId, cancellationToken);

    /// <summary>
    /// Sets <paramref name="member"/>'s number (written with spaces or hyphens: stored in E.164 form), or clears it when empty.
    /// With <see cref="PhoneCountryCode"/>, a national number (<c>090-1234-5678</c>) is stored with it; a number it cannot read is
    /// refused naming <c>phone</c>, what is wrong with it and the rule (<see cref="PhoneNumber.Refusal"/>); nothing is stored.
    /// </summary>
    public async Task<Versioned<Member>> SetPhoneAsync(Versioned<Member> member, string? phone, CancellationToken cancellationToken)
    {
        var number = string.IsNullOrWhiteSpace(phone)
            ? null
            : PhoneNumber.Normalize(phone, PhoneCountryCode) ?? throw new ValidationException("phone", PhoneNumber.Refusal(phone, PhoneCountryCode));
        return member.Value.Phone == number ? member : await roster.SaveMemberAsync(member.Value with { Phone = number }, member.ETag, cancellationToken);
    }

    /// <summary>
    /// Sets <paramref name="member"/>'s own call rule (<see cref="Member.CallAfterMinutes"/>: 0 with the first page, 1–60 minutes after a
    /// first page nobody acknowledged), or clears it (null). Refused naming <c>callAfterMinutes</c> where calls are off, for a member
    /// without a number, or out of range; nothing is stored then.
    /// </summary>
    public async Task<Versioned<Member>> SetCallRuleAsync(Versioned<Member> member, int? minutes, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.When(minutes is not null && Calls is null, "callAfterMinutes", "pages do not ring phones here (Voice__Enabled is off)");
        errors.When(minutes is not null && member.Value.Phone is null, "callAfterMinutes", "needs a mobile number to call (save one first)");
        errors.ThrowIfAny();
        var ruled = member.Value with { CallAfterMinutes = minutes };
        ruled.Validate();
        return member.Value.CallAfterMinutes == minutes ? member : await roster.SaveMemberAsync(ruled, member.ETag, cancellationToken);
    }

    /// <summary>
    /// Texts the member a test message through the outbox (the pages' queue), at most one a minute: pressing the button twice
    /// sends one. False when there is nothing to send to (SMS off, or no number).
    /// </summary>
    public async Task<bool> SendTestAsync(Member member, CancellationToken cancellationToken)
    {
        if (!sms.Enabled || member.Phone is not { } phone)
        {
            return false;
        }

        var minute = time.GetUtcNow().ToUnixTimeSeconds() / 60;
        var text = renderer.Text(new SmsTestNotice(member.Language, member.DisplayName));
        await outbox.EnqueueAsync([OutboxMessage.ForSms($"sms-test:{minute}", member.Id, phone, member.DisplayName, text) with { Priority = OutboxPriority.Page }], cancellationToken);
        return true;
    }

    /// <summary>
    /// Emails the member a test page through the outbox (the pages' queue, as a page goes), at most one a minute: so they can
    /// see it arrives, and not in a spam folder, before their duty week. With ACS, a bounce of it is reported like a page's.
    /// False when the roster has no address for them.
    /// </summary>
    public async Task<bool> SendTestEmailAsync(Member member, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(member.Email))
        {
            return false;
        }

        var minute = time.GetUtcNow().ToUnixTimeSeconds() / 60;
        var email = renderer.Email(new EmailTestNotice(member.Language, member.DisplayName, member.Email));
        await outbox.EnqueueAsync([OutboxMessage.ForEmail($"email-test:{minute}", member.Email, member.DisplayName, email) with { Priority = OutboxPriority.Page }], cancellationToken);
        return true;
    }

    /// <summary>
    /// Emails, texts and calls to the member's address or number given up or reported undelivered in the last
    /// <see cref="UndeliveredWindow"/>, newest first (the newest 50 of the member's): what they should fix.
    /// </summary>
    public async Task<IReadOnlyList<OutboxMessage>> RecentlyUndeliveredAsync(Member member, CancellationToken cancellationToken) =>
        store is null ? [] : await UndeliveredAsync(store, member, time.GetUtcNow(), cancellationToken);

    /// <summary>
    /// <see cref="RecentlyUndeliveredAsync"/> at <paramref name="now"/>: reads the failures to the member's address and number
    /// only (<see cref="IOutboxStore.ListFailedToAsync"/>), so however many other people's messages failed meanwhile (an outage
    /// of a channel, a colleague's bouncing address), theirs are not hidden.
    /// </summary>
    public static async Task<IReadOnlyList<OutboxMessage>> UndeliveredAsync(IOutboxStore store, Member member, DateTimeOffset now, CancellationToken cancellationToken)
    {
        string?[] addresses = [member.Email, member.Phone];
        var recipients = addresses.OfType<string>().Where(a => !string.IsNullOrWhiteSpace(a)).ToList();
        return recipients.Count == 0
            ? []
            : Undelivered(await store.ListFailedToAsync(recipients, now - UndeliveredWindow, FailedRead, cancellationToken), member, now);
    }

    /// <summary>A page that reached its reader more than this after it was queued, after a failed attempt, came late (trial 36, M3).</summary>
    public static readonly TimeSpan LatePageAfter = TimeSpan.FromMinutes(5);

    /// <summary>How far back <see cref="LatePagesAsync"/> looks: the week before the handoff.</summary>
    public static readonly TimeSpan LatePagesWindow = TimeSpan.FromDays(7);

    /// <summary>How many of the newest sent messages <see cref="LatePagesAsync"/> reads (one index query).</summary>
    public const int SentRead = 1000;

    /// <summary>
    /// Pages (<see cref="OutboxPriority.Page"/>) to the member's address or number sent in the <see cref="LatePagesWindow"/> before
    /// <paramref name="now"/> that went out only after a failed attempt, more than <see cref="LatePageAfter"/> after they were queued
    /// (the mail server refused everything for a while), the latest first. Read from the newest <see cref="SentRead"/> sent messages.
    /// </summary>
    public static async Task<IReadOnlyList<OutboxMessage>> LatePagesAsync(IOutboxStore store, Member member, DateTimeOffset now, CancellationToken cancellationToken) =>
        [.. (await store.ListAsync(OutboxStatus.Sent, SentRead, cancellationToken))
            .Where(m => m is { Priority: OutboxPriority.Page, Attempts: > 1, SentAt: { } sent } && sent >= now - LatePagesWindow && sent - m.CreatedAt > LatePageAfter
                && m.Bcc.Count == 0
                && (string.Equals(m.Recipient, member.Email, StringComparison.OrdinalIgnoreCase) || (member.Phone is { } phone && m.Recipient == phone)))
            .OrderByDescending(m => m.SentAt)];

    /// <summary>
    /// Of <paramref name="failed"/> (newest first), those to <paramref name="member"/>'s address or number in the
    /// <see cref="UndeliveredWindow"/> before <paramref name="now"/>, every one (the pages show the newest five and count them all).
    /// </summary>
    private static IReadOnlyList<OutboxMessage> Undelivered(IEnumerable<OutboxMessage> failed, Member member, DateTimeOffset now) =>
        [.. failed
            .Where(m => (m.SentAt ?? m.CreatedAt) >= now - UndeliveredWindow
                && (string.Equals(m.Recipient, member.Email, StringComparison.OrdinalIgnoreCase) || (member.Phone is { } phone && m.Recipient == phone)))];

    /// <summary>The topic of a test call (<c>call-test:{minute}</c>): pressing 1 on it says the key reached OnDuty, and acknowledges nothing.</summary>
    public const string TestCallTopicPrefix = "call-test:";

    /// <summary>
    /// Calls the member's number with a test call through the outbox (the pages' queue), at most one a minute, so they hear what a
    /// page call sounds like and that pressing 1 reaches OnDuty. False when there is nothing to call (calls off, or no number).
    /// </summary>
    public async Task<bool> SendTestCallAsync(Member member, CancellationToken cancellationToken)
    {
        if (Calls is null || member.Phone is not { } phone)
        {
            return false;
        }

        var minute = time.GetUtcNow().ToUnixTimeSeconds() / 60;
        var text = renderer.Text(new CallTestNotice(member.Language, member.DisplayName));
        await outbox.EnqueueAsync([OutboxMessage.ForVoice($"{TestCallTopicPrefix}{minute}", member.Id, phone, member.DisplayName, text) with { Priority = OutboxPriority.Page }], cancellationToken);
        return true;
    }
}
