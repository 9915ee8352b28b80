using Microsoft.Extensions.Options;

namespace OnDuty.Core.Notifications;

/// <summary>
/// How many page texts one member gets within <see cref="SmsOptions.TextWindow"/>: at most <see cref="SmsOptions.MaxTextsPerMember"/>,
/// so an alert storm does not send a phone hundreds of texts (nor the team the bill). The last one allowed says so and links the
/// page that acknowledges everything together; the pages withheld from SMS still go by email and Teams. Counted per instance:
/// scaled out, each instance counts its own.
/// </summary>
public sealed class TextBudget(TimeProvider time, IOptions<SmsOptions> options)
{
    private readonly Dictionary<string, Queue<DateTimeOffset>> _sent = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Takes one text for <paramref name="memberId"/> now, if the budget allows it.</summary>
    public TextAllowance Take(string memberId)
    {
        var limit = options.Value.MaxTextsPerMember;
        if (limit <= 0)
        {
            return TextAllowance.Allowed;
        }

        var now = time.GetUtcNow();
        lock (_sent)
        {
            var sent = _sent.TryGetValue(memberId, out var queue) ? queue : _sent[memberId] = new Queue<DateTimeOffset>();
            while (sent.TryPeek(out var oldest) && oldest <= now - options.Value.TextWindow)
            {
                sent.Dequeue();
            }

            if (sent.Count >= limit)
            {
                return TextAllowance.Withheld;
            }

            sent.Enqueue(now);
            return sent.Count == limit ? TextAllowance.Last : TextAllowance.Allowed;
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
