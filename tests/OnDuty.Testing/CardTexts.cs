using System.Text.Json;

namespace OnDuty.Testing;

/// <summary>
/// The texts of an Adaptive Card split the way Teams treats them ("Format cards in Microsoft Teams"): TextBlock text and
/// Fact titles/values are read as markdown and are where mentions are found; a RichTextBlock's TextRuns are shown as typed
/// (the schema: "Markdown is not supported"). Button titles are neither and are left out.
/// </summary>
public static class CardTexts
{
    /// <summary>Texts Teams reads as markdown and searches for <c>&lt;at&gt;</c> mentions.</summary>
    public static IReadOnlyList<string> Markdown(JsonElement card)
    {
        var texts = new List<string>();
        Walk(card.GetProperty("body"), texts, null);
        return texts;
    }

    /// <summary>Each RichTextBlock's runs joined: what a reader sees, character for character.</summary>
    public static IReadOnlyList<string> Plain(JsonElement card)
    {
        var texts = new List<string>();
        Walk(card.GetProperty("body"), null, texts);
        return texts;
    }

    /// <summary>Both kinds, for "does the card show this at all".</summary>
    public static IReadOnlyList<string> All(JsonElement card) => [.. Markdown(card), .. Plain(card)];

    public static IReadOnlyList<string> Plain(string cardJson)
    {
        using var doc = JsonDocument.Parse(cardJson);
        return Plain(doc.RootElement);
    }

    public static IReadOnlyList<string> Markdown(string cardJson)
    {
        using var doc = JsonDocument.Parse(cardJson);
        return Markdown(doc.RootElement);
    }

    private static void Walk(JsonElement element, List<string>? markdown, List<string>? plain)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, markdown, plain);
                }

                break;
            case JsonValueKind.Object:
                var type = element.TryGetProperty("type", out var t) ? t.GetString() : null;
                switch (type)
                {
                    case "TextBlock":
                        markdown?.Add(element.GetProperty("text").GetString() ?? "");
                        return;
                    case "FactSet":
                        foreach (var fact in element.GetProperty("facts").EnumerateArray())
                        {
                            markdown?.Add(fact.GetProperty("title").GetString() ?? "");
                            markdown?.Add(fact.GetProperty("value").GetString() ?? "");
                        }

                        return;
                    case "RichTextBlock":
                        plain?.Add(string.Concat(element.GetProperty("inlines").EnumerateArray()
                            .Select(r => r.ValueKind == JsonValueKind.String ? r.GetString() : r.GetProperty("text").GetString())));
                        return;
                }

                foreach (var property in element.EnumerateObject())
                {
                    if (property.Value.ValueKind is JsonValueKind.Array or JsonValueKind.Object)
                    {
                        Walk(property.Value, markdown, plain);
                    }
                }

                break;
        }
    }
}
