namespace OnDuty.Core.Calendar;

public enum CalendarEventStatus
{
    Active,
    Cancelled,
}
