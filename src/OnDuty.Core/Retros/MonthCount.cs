namespace OnDuty.Core.Retros;

/// <summary>
/// The outages of one calendar month of a report's range (team time zone; the range's part of it when the range starts or ends
/// inside it), by the highest severity each held, as the report's totals count them.
/// </summary>
public sealed record MonthCount(DateOnly Month, int Incidents, int Sev1, int Sev2, int Sev3, int Sev4);
