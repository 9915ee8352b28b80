namespace OnDuty.Core.Messages;

/// <summary>The anti-forgery field every form of a PM page carries (its name and value, as the host issued them).</summary>
public sealed record FormToken(string FieldName, string Value);
