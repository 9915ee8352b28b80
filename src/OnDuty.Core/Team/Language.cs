namespace OnDuty.Core.Team;

public enum Language
{
    Ja,
    En,
}
