namespace OnDuty.Core.Retros;

/// <summary>A saved retro as read back: its content, the version it is, and what the lessons index holds for it.</summary>
public sealed record StoredRetro(string IncidentId, RetroContent Content, RetroVersion Version, LessonDocument Indexed);
