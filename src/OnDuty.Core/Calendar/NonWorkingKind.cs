namespace OnDuty.Core.Calendar;

public enum NonWorkingKind
{
    Weekend,
    PublicHoliday,
    Closure,
}
