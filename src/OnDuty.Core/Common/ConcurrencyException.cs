namespace OnDuty.Core.Common;

/// <summary>Somebody else changed the data first (ETag mismatch or duplicate key); maps to 409/412.</summary>
public sealed class ConcurrencyException(string message) : Exception(message);
