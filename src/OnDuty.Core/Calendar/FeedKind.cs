namespace OnDuty.Core.Calendar;

public enum FeedKind
{
    Rotation,
    Member,
}
