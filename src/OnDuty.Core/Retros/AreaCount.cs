namespace OnDuty.Core.Retros;

/// <summary>Outages of the range that named an affected area.</summary>
public sealed record AreaCount(string Area, int Incidents);
