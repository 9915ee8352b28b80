namespace OnDuty.Core.Messages;

/// <summary>A rendered channel post: the card's content object as JSON, and the same message as text.</summary>
public sealed record RenderedCard(string Subject, string Text, string CardJson);
