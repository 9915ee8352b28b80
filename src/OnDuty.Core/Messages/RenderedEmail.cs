namespace OnDuty.Core.Messages;

/// <summary>A rendered email: <see cref="Html"/> is a complete document.</summary>
public sealed record RenderedEmail(string Subject, string Text, string Html);
