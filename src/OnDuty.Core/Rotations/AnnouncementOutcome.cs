namespace OnDuty.Core.Rotations;

public enum AnnouncementOutcome
{
    NotStarted,
    AlreadyAnnounced,
    Announced,
    Failed,
}
