namespace OnDuty.Messages;

/// <summary>A label and its value in a table or fact set (also used for alert labels: <see cref="Key"/> = label).</summary>
internal sealed record Fact(string Label, string Value)
{
    public string Key => Label;

    /// <summary>Where the value links to on a page (another incident), or null.</summary>
    public string? Href { get; init; }

    /// <summary>On a page, the value as several links (incidents merged in), shown instead of <see cref="Value"/>; empty otherwise.</summary>
    public IReadOnlyList<FactLink> Links { get; init; } = [];
}

/// <summary>One link of a <see cref="Fact"/>.</summary>
internal sealed record FactLink(string Text, string Href);
