using System.Text;
using System.Text.Json.Nodes;
using OnDuty.Core.Messages;

namespace OnDuty.Messages.Cards;

/// <summary>
/// The one Adaptive Card builder (version 1.4, what Teams Workflows posts render). Every text given to it is plain text and is
/// escaped here (<see cref="CardText"/>), so no caller can forget. A Workflows flow refuses a card over about 28 KB after
/// answering 202 (only its run history shows it), so <see cref="Build"/> keeps the card under <see cref="MaxBytes"/>: each
/// text is capped, and sections (alerts) are dropped from the end, with <see cref="Overflow"/> saying where to read the rest.
/// </summary>
public sealed class AdaptiveCardBuilder
{
    /// <summary>Room under Teams' ~28 KB, for the webhook envelope around the card.</summary>
    public const int MaxBytes = 26 * 1024;

    /// <summary>Longest single text kept in a card (1.5 KB of Japanese); the email carries the whole text.</summary>
    public const int MaxTextLength = 500;

    /// <summary>People mentioned at most (a duty pair is two; more is a list, not a call), each name at most 64 characters.</summary>
    public const int MaxMentions = 10;

    private readonly JsonArray _head = [];
    private readonly List<JsonObject> _sections = [];
    private readonly JsonArray _tail = [];
    private readonly JsonArray _entities = [];

    /// <summary>Says how many sections are not shown (those that did not fit plus <see cref="NotGiven"/>), e.g. "… and 40 more alerts".</summary>
    public Func<int, string>? Overflow { get; set; }

    /// <summary>Sections the caller left out before building (e.g. alerts past the first few).</summary>
    public int NotGiven { get; set; }

    public AdaptiveCardBuilder Title(string text)
    {
        _head.Add(Block(text, ("weight", "Bolder"), ("size", "Medium")));
        return this;
    }

    public AdaptiveCardBuilder Subtle(string text)
    {
        _head.Add(Block(text, ("isSubtle", true), ("spacing", "None")));
        return this;
    }

    public AdaptiveCardBuilder Text(string text)
    {
        _head.Add(Block(text));
        return this;
    }

    public AdaptiveCardBuilder Attention(string text)
    {
        _head.Add(Block(text, ("weight", "Bolder"), ("color", "Attention"), ("spacing", "Small")));
        return this;
    }

    public AdaptiveCardBuilder Facts(IEnumerable<(string Title, string Value)> facts)
    {
        var set = new JsonArray();
        foreach (var (title, value) in facts)
        {
            set.Add(new JsonObject { ["title"] = CardText.Escape(Cap(title)), ["value"] = CardText.Escape(Cap(value)) });
        }

        _head.Add(new JsonObject { ["type"] = "FactSet", ["facts"] = set });
        return this;
    }

    /// <summary>
    /// Mentions that notify people: <c>&lt;at&gt;Name&lt;/at&gt;</c> in a TextBlock plus a matching <c>msteams.entities</c> entry
    /// whose <c>mentioned.id</c> is the person's Entra id or UPN. The name inside <c>&lt;at&gt;</c> is escaped like any text, and
    /// the entity's <c>text</c> is the same string, which is what Teams matches.
    /// </summary>
    public AdaptiveCardBuilder Mentions(IEnumerable<Mention> mentions)
    {
        var texts = new List<string>();
        foreach (var m in mentions.Take(MaxMentions))
        {
            var name = m.Name.Length <= 64 ? m.Name : m.Name[..63] + "…";
            if (string.IsNullOrWhiteSpace(m.Id))
            {
                // A mention Teams cannot resolve would not arrive: name the person as text instead.
                texts.Add(CardText.Escape(name));
                continue;
            }

            var text = $"<at>{CardText.Escape(name)}</at>";
            texts.Add(text);
            _entities.Add(new JsonObject
            {
                ["type"] = "mention",
                ["text"] = text,
                ["mentioned"] = new JsonObject { ["id"] = m.Id, ["name"] = name },
            });
        }

        if (texts.Count > 0)
        {
            _head.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = string.Join(" ", texts), ["wrap"] = true });
        }

        return this;
    }

    /// <summary>A section that may be dropped when the card grows too large (one alert).</summary>
    public AdaptiveCardBuilder Section(string heading, string? body, IEnumerable<(string Title, string Value)> facts, IEnumerable<(string Title, Uri Href)> links)
    {
        var items = new JsonArray { Block(heading, ("weight", "Bolder")) };
        if (!string.IsNullOrWhiteSpace(body))
        {
            items.Add(Block(body, ("isSubtle", true), ("spacing", "None")));
        }

        var factSet = new JsonArray();
        foreach (var (title, value) in facts)
        {
            factSet.Add(new JsonObject { ["title"] = CardText.Escape(Cap(title)), ["value"] = CardText.Escape(Cap(value)) });
        }

        if (factSet.Count > 0)
        {
            items.Add(new JsonObject { ["type"] = "FactSet", ["facts"] = factSet });
        }

        var actions = new JsonArray();
        foreach (var (title, href) in links.Where(l => FiredAlert.IsShowable(l.Href)))
        {
            actions.Add(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = Cap(title), ["url"] = href.AbsoluteUri });
        }

        if (actions.Count > 0)
        {
            items.Add(new JsonObject { ["type"] = "ActionSet", ["actions"] = actions });
        }

        _sections.Add(new JsonObject { ["type"] = "Container", ["separator"] = true, ["items"] = items });
        return this;
    }

    public AdaptiveCardBuilder Footer(string text)
    {
        _tail.Add(Block(text, ("size", "Small")));
        return this;
    }

    /// <summary>The card's content object as JSON, at most <see cref="MaxBytes"/> in UTF-8.</summary>
    public string Build(string fallbackText)
    {
        var keep = _sections.Count;
        while (true)
        {
            var json = Compose(fallbackText, keep);
            if (Encoding.UTF8.GetByteCount(json) <= MaxBytes || keep == 0)
            {
                return json;
            }

            keep--;
        }
    }

    private string Compose(string fallbackText, int sections)
    {
        var body = new JsonArray();
        foreach (var node in _head)
        {
            body.Add(node!.DeepClone());
        }

        foreach (var section in _sections.Take(sections))
        {
            body.Add(section.DeepClone());
        }

        var hidden = _sections.Count - sections + NotGiven;
        if (hidden > 0 && Overflow is not null)
        {
            body.Add(Block(Overflow(hidden), ("isSubtle", true)));
        }

        foreach (var node in _tail)
        {
            body.Add(node!.DeepClone());
        }

        var msteams = new JsonObject { ["width"] = "Full" };
        if (_entities.Count > 0)
        {
            msteams["entities"] = _entities.DeepClone();
        }

        return new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.4",
            ["fallbackText"] = Cap(fallbackText),
            ["speak"] = Cap(fallbackText),
            ["msteams"] = msteams,
            ["body"] = body,
        }.ToJsonString();
    }

    private static JsonObject Block(string text, params (string Name, JsonNode? Value)[] extra)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = CardText.Escape(Cap(text)), ["wrap"] = true };
        foreach (var (name, value) in extra)
        {
            block[name] = value;
        }

        return block;
    }

    private static string Cap(string text) => text.Length <= MaxTextLength ? text : text[..(MaxTextLength - 1)] + "…";
}
