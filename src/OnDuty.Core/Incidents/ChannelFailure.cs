using OnDuty.Core.Notifications;

namespace OnDuty.Core.Incidents;

/// <summary>
/// How an incident's pages of one channel failed so far (<see cref="PagesUndelivered"/>): the most attempts of its messages (0: not
/// known, a give-up read off the timeline), its latest error as the provider said it, and when that was.
/// </summary>
public sealed record ChannelFailure(Channel Channel, int Attempts, string Error, DateTimeOffset At);
