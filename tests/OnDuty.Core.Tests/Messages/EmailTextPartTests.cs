using System.Net;
using System.Text.RegularExpressions;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// A reader whose mail client shows the plain-text part (a phone, Outlook with plain text forced, a watch) gets what the HTML
/// says: every line of every sample mail's HTML, as a browser shows it, is in its text part, in the same order and the same
/// words — a fact row as 「ラベル：値」 / "Label: value", a link as its address.
/// </summary>
public sealed partial class EmailTextPartTests
{
    public static TheoryData<string> Languages => new() { "ja", "en" };

    /// <summary>
    /// What the HTML shows that the text part rightly says otherwise. Nothing yet: the mail's &lt;title&gt; (its subject, which the
    /// client shows above either part) is left out with the &lt;head&gt;, and a link's caption may give way to its address
    /// (see <see cref="Pieces"/>).
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> HtmlOnly = new Dictionary<string, string>(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Languages))]
    public void Email_EverySample_TextPartSaysEveryLineOfItsHtml(string lang)
    {
        var language = lang == "ja" ? Language.Ja : Language.En;
        var colon = language == Language.Ja ? "：" : ": ";
        var problems = new List<string>();
        var mails = NoticeSamples.All(language).Where(s => s.Form == NoticeForm.Email).ToList();
        foreach (var (name, _, notice) in mails)
        {
            var email = TestRenderer.Instance.Email(notice);
            var text = Normalise(email.Text);
            var at = 0;
            foreach (var line in VisibleLines(email.Html, colon))
            {
                foreach (var piece in line.Pieces.Where(p => !HtmlOnly.ContainsKey(p)))
                {
                    var found = text.IndexOf(piece, at, StringComparison.Ordinal);
                    if (found >= 0)
                    {
                        at = found + piece.Length;
                    }
                    else
                    {
                        problems.Add($"{name}.{lang}: {(text.Contains(piece, StringComparison.Ordinal) ? "out of order" : "missing")} 「{piece}」");
                    }
                }

                problems.AddRange(line.Addresses.Where(a => !email.Text.Contains(a, StringComparison.Ordinal)).Select(a => $"{name}.{lang}: no address {a}"));
            }
        }

        Assert.True(mails.Count >= 50, $"the samples should hold the mails; found {mails.Count}");
        Assert.True(problems.Count == 0, "The text part lacks what its HTML says:\n" + string.Join("\n", problems));
    }

    private sealed record VisibleLine(IReadOnlyList<string> Pieces, IReadOnlyList<string> Addresses);

    /// <summary>
    /// The body's lines as a browser shows them: a block (paragraph, heading, list item, table row, line break) starts a line,
    /// a fact row's header and value are joined by the reader's colon, the cells of other rows are lines of their own.
    /// </summary>
    private static IEnumerable<VisibleLine> VisibleLines(string html, string colon)
    {
        var body = Head().Replace(html, "");
        body = HeaderCell().Replace(body, colon);
        body = NextCell().Replace(body, "\n");
        body = Block().Replace(body, "\n");
        body = Link().Replace(body, m => $"\u0002{m.Groups[1].Value}\u0003{m.Groups[2].Value}\u0004");
        body = Tag().Replace(body, "");
        foreach (var line in body.Split('\n'))
        {
            var pieces = Pieces(line, colon, out var addresses);
            if (pieces.Count > 0 || addresses.Count > 0)
            {
                yield return new VisibleLine(pieces, addresses);
            }
        }
    }

    /// <summary>
    /// A line's texts, split where the HTML sets parts apart (「 · 」, 「 ・ 」) and at links. A link counts by its caption and
    /// its address (a mailto: link by the address). Its caption may give way to the address where a label with a colon
    /// introduces it — 「ラベル：リンクの文字」 may be 「ラベル：https://…」 in text.
    /// </summary>
    private static List<string> Pieces(string line, string colon, out List<string> addresses)
    {
        var pieces = new List<string>();
        addresses = [];
        foreach (var segment in LinkToken().Split(line))
        {
            if (segment.StartsWith('\u0002'))
            {
                var parts = segment.Trim('\u0002', '\u0004').Split('\u0003');
                var address = WebUtility.HtmlDecode(parts[0]);
                addresses.Add(address.StartsWith("mailto:", StringComparison.Ordinal) ? address["mailto:".Length..] : address);
                var labelled = pieces.Count > 0 && pieces[^1].EndsWith(colon.Trim(), StringComparison.Ordinal);
                var caption = Normalise(WebUtility.HtmlDecode(parts[1]));
                if (!labelled && caption.Length > 0)
                {
                    pieces.Add(caption);
                }
            }
            else
            {
                pieces.AddRange(Separator().Split(WebUtility.HtmlDecode(segment)).Select(Normalise).Where(p => p.Length > 0));
            }
        }

        return pieces;
    }

    private static string Normalise(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex("(?is)<head>.*?</head>")]
    private static partial Regex Head();

    [GeneratedRegex(@"(?is)</th>\s*<td[^>]*>")]
    private static partial Regex HeaderCell();

    [GeneratedRegex(@"(?is)</td>\s*<td[^>]*>")]
    private static partial Regex NextCell();

    [GeneratedRegex(@"(?is)<br\s*/?>|</?(?:p|div|h\d|tr|li|ul|ol|table|td|th|blockquote|hr)\b[^>]*>")]
    private static partial Regex Block();

    [GeneratedRegex("(?is)<a\\b[^>]*href=\"([^\"]*)\"[^>]*>(.*?)</a>")]
    private static partial Regex Link();

    [GeneratedRegex("(?s)<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex("(\u0002[^\u0003]*\u0003[^\u0004]*\u0004)")]
    private static partial Regex LinkToken();

    [GeneratedRegex(" · | ・ ")]
    private static partial Regex Separator();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
