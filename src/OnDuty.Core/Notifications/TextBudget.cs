using Microsoft.Extensions.Options;

namespace OnDuty.Core.Notifications;

/// <summary>
/// How many page texts one member gets within <see cref="SmsOptions.TextWindow"/>: at most <see cref="SmsOptions.MaxTextsPerMember"/>,
/// so an alert storm does not send a phone hundreds of texts (nor the team the bill). The last one allowed says so and links the
/// page that acknowledges everything together; the pages withheld from SMS still go by email and Teams. Counted per instance:
/// scaled out, each instance counts its own.
/// </summary>
public sealed class TextBudget(TimeProvider time, IOptions<SmsOptions> options)
    : MemberBudget(time, () => options.Value.MaxTextsPerMember, () => options.Value.TextWindow);

/// <summary>
/// How many page calls one member gets within <see cref="VoiceOptions.CallWindow"/>: at most <see cref="VoiceOptions.MaxCallsPerMember"/>
/// (a storm's escalations told one by one would ring a phone every few seconds). Calls withheld still go by text, email and Teams.
/// Counted per instance, like <see cref="TextBudget"/>.
/// </summary>
public sealed class CallBudget(TimeProvider time, IOptions<VoiceOptions> options)
    : MemberBudget(time, () => options.Value.MaxCallsPerMember, () => options.Value.CallWindow);

/// <summary>A sliding window per member: at most <c>limit</c> takes within <c>window</c> (a limit of 0 or less: no limit).</summary>
public abstract class MemberBudget(TimeProvider time, Func<int> limit, Func<TimeSpan> window)
{
    private readonly Dictionary<string, Queue<DateTimeOffset>> _sent = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Takes one message for <paramref name="memberId"/> now, if the budget allows it.</summary>
    public TextAllowance Take(string memberId)
    {
        var max = limit();
        if (max <= 0)
        {
            return TextAllowance.Allowed;
        }

        var now = time.GetUtcNow();
        lock (_sent)
        {
            var sent = _sent.TryGetValue(memberId, out var queue) ? queue : _sent[memberId] = new Queue<DateTimeOffset>();
            while (sent.TryPeek(out var oldest) && oldest <= now - window())
            {
                sent.Dequeue();
            }

            if (sent.Count >= max)
            {
                return TextAllowance.Withheld;
            }

            sent.Enqueue(now);
            return sent.Count == max ? TextAllowance.Last : TextAllowance.Allowed;
        }
    }
}

public enum TextAllowance
{
    Allowed,

    /// <summary>Allowed, and the last one within the window: it says that more go by email only for a while.</summary>
    Last,

    /// <summary>Over the budget: not texted (the page goes by email and Teams as ever).</summary>
    Withheld,
}
