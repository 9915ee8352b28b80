namespace OnDuty.Core.Retros;

/// <summary>One document in a term's posting list: how often the term occurs there, and when the incident was.</summary>
public sealed record LessonPosting(string IncidentId, int Frequency, DateTimeOffset At);
