using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// To a lead (trial 37 M3): a member who owns open action items has left the team, or has a leaving date set, so the items need
/// a new owner — all of that person's open items in one mail, each with its retro, not a mail per item (session 39). Sent instead
/// of <see cref="ActionItemDueNotice"/> when the owner can no longer act on them.
/// </summary>
/// <param name="OwnerName">The owner's display name, or their member id when no longer on the roster.</param>
/// <param name="LeavesOn">The owner's last day when they have not left yet; null when they have left (or are off the roster).</param>
/// <param name="Items">The owner's open items the reader is to give a new owner: at least one.</param>
public sealed record ActionItemNewOwnerNotice(Language Language, string OwnerName, DateOnly? LeavesOn, IReadOnlyList<ActionItemToReassign> Items) : Notice(Language);
