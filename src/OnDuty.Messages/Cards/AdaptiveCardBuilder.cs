using System.Text;
using System.Text.Json.Nodes;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;

namespace OnDuty.Messages.Cards;

/// <summary>
/// The one Adaptive Card builder. Every text given to it is plain text and goes into a <c>RichTextBlock</c> of <c>TextRun</c>s:
/// the schema says a TextRun's text is shown as is ("Markdown is not supported", TextRun, introduced in 1.2,
/// https://learn.microsoft.com/adaptive-cards/schema-explorer/text-run), so a name like <c>*admin*</c>, <c>[x](http://evil)</c>
/// or <c>&lt;at&gt;</c> shows as typed without the backslash escapes that Teams mobile has shown literally in dates and names
/// (microsoft/AdaptiveCards#5590). Only TextBlock and Fact titles/values are markdown in Teams ("Format cards in Microsoft
/// Teams"), so neither carries a text of ours except the mention line. Our own formatting (bold titles and labels, subtle or
/// attention text) is the TextRun's <c>weight</c>, <c>isSubtle</c> and <c>color</c>. The card says version 1.4: RichTextBlock
/// needs 1.2, and Teams renders schema versions up to 1.5 (Copilot Studio's "Adaptive Cards overview": "Teams is also limited
/// to version 1.5").
/// A Workflows flow refuses a card over about 28 KB after answering 202 (only its run history shows it), so <see cref="Build"/>
/// keeps the card under <see cref="MaxBytes"/>: each text is capped, and sections (alerts) are dropped from the end, with
/// <see cref="Overflow"/> saying where to read the rest.
/// </summary>
public sealed class AdaptiveCardBuilder
{
    /// <summary>Room under Teams' ~28 KB, for the webhook envelope around the card.</summary>
    public const int MaxBytes = 26 * 1024;

    /// <summary>Longest single text kept in a card (1.5 KB of Japanese); the email carries the whole text.</summary>
    public const int MaxTextLength = 500;

    /// <summary>People mentioned at most (a duty pair is two; more is a list, not a call), each name at most 64 characters.</summary>
    public const int MaxMentions = 10;

    /// <summary>Lines of one text shown as lines (<see cref="Lines"/>); the rest run on in the last, after a space.</summary>
    public const int MaxLines = 12;

    private readonly JsonArray _head = [];
    private readonly List<JsonObject> _sections = [];
    private readonly JsonArray _tail = [];
    private readonly JsonArray _entities = [];

    /// <summary>Says how many sections are not shown (those that did not fit plus <see cref="NotGiven"/>), e.g. "… and 40 more alerts".</summary>
    public Func<int, string>? Overflow { get; set; }

    /// <summary>Sections the caller left out before building (e.g. alerts past the first few).</summary>
    public int NotGiven { get; set; }

    /// <summary>A button under the <see cref="Overflow"/> line to where the rest is (the incident page); null = the line alone.</summary>
    public (string Title, Uri Href)? OverflowLink { get; set; }

    public AdaptiveCardBuilder Title(string text)
    {
        _head.Add(Rich([Run(text, ("weight", "Bolder"), ("size", "Medium"))]));
        return this;
    }

    public AdaptiveCardBuilder Subtle(string text)
    {
        _head.Add(Rich([Run(text, ("isSubtle", true))], ("spacing", "None")));
        return this;
    }

    /// <summary>A paragraph; a text of several lines keeps them (<see cref="Lines"/>).</summary>
    public AdaptiveCardBuilder Text(string text)
    {
        foreach (var line in Lines(text, []))
        {
            _head.Add(line);
        }

        return this;
    }

    public AdaptiveCardBuilder Attention(string text)
    {
        _head.Add(Rich([Run(text, ("weight", "Bolder"), ("color", "Attention"))], ("spacing", "Small")));
        return this;
    }

    /// <summary>Label and value pairs, one line each: the label bold, the value as typed (a FactSet would read both as markdown).</summary>
    public AdaptiveCardBuilder Facts(IEnumerable<(string Title, string Value)> facts)
    {
        foreach (var fact in FactLines(facts))
        {
            _head.Add(fact);
        }

        return this;
    }

    /// <summary>
    /// Mentions that notify people: <c>&lt;at&gt;Name&lt;/at&gt;</c> plus a matching <c>msteams.entities</c> entry whose
    /// <c>mentioned.id</c> is the person's Entra object id or UPN. Teams finds mentions only in TextBlock and FactSet text
    /// ("Format cards in Microsoft Teams", mention support within Adaptive Cards), so this one line stays a TextBlock; the
    /// name in it is <see cref="MentionName"/> so it cannot close the tag or become markdown. People without an id are named
    /// in a TextRun instead (a mention Teams cannot resolve would not arrive).
    /// </summary>
    public AdaptiveCardBuilder Mentions(IEnumerable<Mention> mentions)
    {
        var tags = new List<string>();
        var plain = new List<string>();
        foreach (var m in mentions.Take(MaxMentions))
        {
            var name = m.Name.Length <= 64 ? m.Name : m.Name[..63] + "…";
            if (string.IsNullOrWhiteSpace(m.Id))
            {
                plain.Add(name);
                continue;
            }

            var text = $"<at>{MentionName(name)}</at>";
            tags.Add(text);
            _entities.Add(new JsonObject
            {
                ["type"] = "mention",
                ["text"] = text,
                ["mentioned"] = new JsonObject { ["id"] = m.Id, ["name"] = name },
            });
        }

        if (tags.Count > 0)
        {
            _head.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = string.Join(" ", tags), ["wrap"] = true });
        }

        if (plain.Count > 0)
        {
            var names = Rich([Run(string.Join(" ", plain))]);
            if (tags.Count > 0)
            {
                names["spacing"] = "None";
            }

            _head.Add(names);
        }

        return this;
    }

    /// <summary>
    /// A section that may be dropped when the card grows too large (one alert): its heading, a subtle <paramref name="body"/>, a
    /// plain <paramref name="note"/> (what happens next), facts and buttons.
    /// </summary>
    public AdaptiveCardBuilder Section(string heading, string? body, IEnumerable<(string Title, string Value)> facts, IEnumerable<(string Title, Uri Href)> links, string? note = null)
    {
        var items = new JsonArray { Rich([Run(heading, ("weight", "Bolder"))]) };
        if (!string.IsNullOrWhiteSpace(body))
        {
            foreach (var line in Lines(body, [("isSubtle", true)], ("spacing", "None")))
            {
                items.Add(line);
            }
        }

        if (!string.IsNullOrWhiteSpace(note))
        {
            items.Add(Rich([Run(note)], ("spacing", "Small")));
        }

        foreach (var fact in FactLines(facts))
        {
            items.Add(fact);
        }

        if (ActionSet(links) is { } set)
        {
            items.Add(set);
        }

        _sections.Add(new JsonObject { ["type"] = "Container", ["separator"] = true, ["items"] = items });
        return this;
    }

    /// <summary>Buttons in the head, kept however large the card grows (e.g. the incident page).</summary>
    public AdaptiveCardBuilder Actions(IEnumerable<(string Title, Uri Href)> links)
    {
        if (ActionSet(links) is { } set)
        {
            _head.Add(set);
        }

        return this;
    }

    public AdaptiveCardBuilder Footer(string text)
    {
        _tail.Add(Rich([Run(text, ("size", "Small"))]));
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

    /// <summary>
    /// A person's name as it may stand inside <c>&lt;at&gt;…&lt;/at&gt;</c> in a TextBlock: the characters that could end the tag
    /// or start markdown become look-alikes (<c>&lt;</c> → <c>‹</c>, <c>*</c> → <c>∗</c>, …) instead of backslash escapes,
    /// which Teams mobile shows literally. Ordinary names are unchanged.
    /// </summary>
    public static string MentionName(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in PersonText.Plain(name))
        {
            builder.Append(c switch
            {
                '<' => '‹',
                '>' => '›',
                '[' => '［',
                ']' => '］',
                '*' => '∗',
                '_' => '＿',
                '~' => '～',
                '`' => 'ˋ',
                '\\' => '＼',
                '\r' or '\n' => ' ',
                _ => c,
            });
        }

        return WithoutTemplateFunctions(builder.ToString());
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
            body.Add(Rich([Run(Overflow(hidden), ("isSubtle", true))]));
            if (OverflowLink is { } rest && ActionSet([rest]) is { } set)
            {
                body.Add(set);
            }
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
            ["fallbackText"] = PersonText.WithoutInvisibleFormat(Cap(fallbackText)),
            ["speak"] = PersonText.WithoutInvisibleFormat(Cap(fallbackText)),
            ["msteams"] = msteams,
            ["body"] = body,
        }.ToJsonString();
    }

    /// <summary>Open-URL buttons for the http(s) links; null when none is.</summary>
    private static JsonObject? ActionSet(IEnumerable<(string Title, Uri Href)> links)
    {
        var actions = new JsonArray();
        foreach (var (title, href) in links.Where(l => FiredAlert.IsShowable(l.Href)))
        {
            // Button titles are plain text in Teams (no markdown, no mentions).
            actions.Add(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = Shown(title), ["url"] = href.AbsoluteUri });
        }

        return actions.Count > 0 ? new JsonObject { ["type"] = "ActionSet", ["actions"] = actions } : null;
    }

    private static IEnumerable<JsonObject> FactLines(IEnumerable<(string Title, string Value)> facts) =>
        facts.Select(f => Rich([Run(f.Title, ("weight", "Bolder")), Run(" " + f.Value)], ("spacing", "Small")));

    private static JsonObject Rich(JsonObject[] runs, params (string Name, JsonNode? Value)[] extra)
    {
        var block = new JsonObject { ["type"] = "RichTextBlock", ["inlines"] = new JsonArray(runs) };
        foreach (var (name, value) in extra)
        {
            block[name] = value;
        }

        return block;
    }

    /// <summary>
    /// A text of several lines (a ■ section of a stakeholder notice: the status word, what was said, 「更新：…」) as a block per line,
    /// each line's run as <paramref name="run"/> says, the first block with <paramref name="first"/>, the others close under it: a run
    /// shows its text on one line (<see cref="Shown"/>), so the lines ran together as one (「調査中 原因は…と判明しました。 更新：…」).
    /// Capped as one text first, blank lines dropped, at most <see cref="MaxLines"/> blocks; a text of one line is one block as before.
    /// </summary>
    private static IEnumerable<JsonObject> Lines(string text, (string Name, JsonNode? Value)[] run, params (string Name, JsonNode? Value)[] first)
    {
        var lines = Cap(text).ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length <= 1)
        {
            return [Rich([Run(text, run)], first)];
        }

        if (lines.Length > MaxLines)
        {
            lines = [.. lines[..(MaxLines - 1)], string.Join(' ', lines[(MaxLines - 1)..])];
        }

        // A JsonNode has one parent: each block gets its own copy of the styles.
        static (string, JsonNode?)[] Copy((string Name, JsonNode? Value)[] style) => [.. style.Select(s => (s.Name, s.Value?.DeepClone()))];
        return lines.Select((line, n) => Rich([Run(line, Copy(run))], n == 0 ? Copy(first) : [("spacing", "None")]));
    }

    /// <summary>A run of plain text; newlines become spaces so a text never breaks the card's layout into new paragraphs.</summary>
    private static JsonObject Run(string text, params (string Name, JsonNode? Value)[] extra)
    {
        var run = new JsonObject { ["type"] = "TextRun", ["text"] = Shown(text) };
        foreach (var (name, value) in extra)
        {
            run[name] = value;
        }

        return run;
    }

    /// <summary>
    /// The one place a text becomes a card's text: capped, one line (a line break or other control character becomes a space), and
    /// without bidi controls or zero-width characters (<see cref="PersonText.Plain"/>), so an unclosed U+202E in an alert title cannot
    /// turn the rest of the card's line around. Markdown needs no escape here: a TextRun is shown as typed (see the class summary).
    /// </summary>
    internal static string Shown(string text) => WithoutTemplateFunctions(PersonText.Plain(Cap(text).ReplaceLineEndings(" ")));

    /// <summary>
    /// Teams evaluates <c>{{DATE(…)}}</c> and <c>{{TIME(…)}}</c> in a card's text and shows the reader's local date or time instead
    /// (Adaptive Cards "date/time formatting"): an alert or a person writing <c>{{DATE(2026-12-03T00:00:00Z, SHORT)}}</c> would have
    /// the card say something it was not sent. Every <c>{{</c> gets a word joiner (U+2060, invisible, not dropped) between its
    /// braces, so no text can form a function call; it still reads <c>{{</c>.
    /// </summary>
    internal static string WithoutTemplateFunctions(string text)
    {
        while (text.Contains("{{", StringComparison.Ordinal))
        {
            text = text.Replace("{{", "{\u2060{", StringComparison.Ordinal);
        }

        return text;
    }

    private static string Cap(string text) => text.Length <= MaxTextLength ? text : text[..(MaxTextLength - 1)] + "…";
}
