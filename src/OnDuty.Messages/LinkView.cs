namespace OnDuty.Messages;

/// <summary>A link as shown: its text and an http(s) address.</summary>
internal sealed record LinkView(string Text, string Href);
