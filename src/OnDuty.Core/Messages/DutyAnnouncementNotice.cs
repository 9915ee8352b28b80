using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>The weekly "who is on duty" announcement, for one reader or the channel.</summary>
public sealed record DutyAnnouncementNotice(Language Language, DutyAnnouncement Announcement) : Notice(Language);
