namespace OnDuty.Core.Calendar;

public enum CalendarChangeKind
{
    Create,
    Update,
    Cancel,
}
