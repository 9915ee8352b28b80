using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// Every notice kind rendered in ja and en for the demo roster, compared whole with the files under <c>Messages/Golden/</c>.
/// The files are reviewed like code: a template or phrase change shows as a diff there. After an intended change, run once
/// with <c>ONDUTY_UPDATE_GOLDEN=1</c> to rewrite them, then read the diff.
/// </summary>
public sealed class GoldenFileTests
{
    public static TheoryData<string> Languages => new() { "ja", "en" };

    [Theory]
    [MemberData(nameof(Languages))]
    public void Render_EveryNoticeKind_MatchesTheGoldenFile(string lang)
    {
        var language = lang == "ja" ? Language.Ja : Language.En;
        var mismatches = new List<string>();
        var update = Environment.GetEnvironmentVariable("ONDUTY_UPDATE_GOLDEN") == "1";
        foreach (var (name, form, notice) in NoticeSamples.All(language))
        {
            var path = Path.Combine(GoldenDirectory(), $"{name}.{form.ToString().ToLowerInvariant()}.{lang}.txt");
            var actual = Render(form, notice);
            if (update)
            {
                File.WriteAllText(path, actual);
            }
            else if (!File.Exists(path) || File.ReadAllText(path).ReplaceLineEndings("\n") != actual)
            {
                mismatches.Add(Path.GetFileName(path));
            }
        }

        Assert.True(mismatches.Count == 0, $"Rendered output differs from Messages/Golden/: {string.Join(", ", mismatches)} (ONDUTY_UPDATE_GOLDEN=1 rewrites them)");
    }

    /// <summary>
    /// A screen reader hears a field's hint and its error on reaching the field: every control with an error says it is
    /// invalid and points at the error's id (a group of boxes, its fieldset), every hint and error it points at exists on the
    /// page, and no error is left unreferenced.
    /// </summary>
    [Theory]
    [MemberData(nameof(Languages))]
    public void Pages_EveryFieldErrorAndHintIsTiedToItsControl(string lang)
    {
        var language = lang == "ja" ? Language.Ja : Language.En;
        var problems = new List<string>();
        var pages = NoticeSamples.All(language).Where(s => s.Form == NoticeForm.Page).ToList();
        var errors = 0;
        foreach (var (name, _, notice) in pages)
        {
            var html = Render(NoticeForm.Page, notice);
            var ids = System.Text.RegularExpressions.Regex.Matches(html, "\\sid=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            var described = System.Text.RegularExpressions.Regex.Matches(html, "<(?:input|select|textarea|fieldset)[^>]*aria-describedby=\"([^\"]+)\"[^>]*>").ToList();
            var referenced = described.SelectMany(m => m.Groups[1].Value.Split(' ')).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(referenced.Where(id => !ids.Contains(id)).Select(id => $"{name}: aria-describedby names '{id}', which is not on the page"));
            foreach (System.Text.RegularExpressions.Match error in System.Text.RegularExpressions.Regex.Matches(html, "<p class=\"err\"(?: id=\"([^\"]+)\")?>"))
            {
                errors++;
                var id = error.Groups[1].Value;
                if (id.Length == 0 && !IsFormLevel(html, error.Index))
                {
                    problems.Add($"{name}: a field error without an id at {error.Index}");
                }
                else if (id.Length > 0 && !described.Any(m => m.Groups[1].Value.Split(' ').Contains(id)
                    && (m.Value.StartsWith("<fieldset", StringComparison.Ordinal) || m.Value.Contains("aria-invalid=\"true\"", StringComparison.Ordinal))))
                {
                    // A group's error (tick at least one) is the group's description; a field's error marks the field invalid.
                    problems.Add($"{name}: error '{id}' is named by no control marked aria-invalid nor by its group");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(errors >= 3, $"the samples should show field errors on the pages; found {errors}");

        // The retro page's problems that belong to no field sit above the form.
        static bool IsFormLevel(string html, int at) => html.IndexOf("<form", StringComparison.Ordinal) is var form && (form < 0 || at < form);
    }

    /// <summary>
    /// JA-STYLE: brackets in Japanese text are full-width — 「11:00（JST）」, 「田中 健（継続）」. A half-width pair is left only
    /// around a weekday inside a date (「1月12日(火)」, as the style's date form writes it) and around what a provider or a person
    /// wrote in English (an error's status).
    /// </summary>
    [Fact]
    public void Render_Japanese_NoHalfWidthBracketsAroundJapaneseOrTheZone()
    {
        var halfWidth = new System.Text.RegularExpressions.Regex(@"\((?![月火水木金土日]\))(?:JST|[^()\n]*[\u3040-\u30FF\u4E00-\u9FFF][^()\n]*)\)");
        var found = NoticeSamples.All(Language.Ja)
            .SelectMany(s => halfWidth.Matches(Render(s.Form, s.Notice)).Select(m => $"{s.Name}: {m.Value}"))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    /// <summary>One readable text per notice: subject, text, then HTML or the card as indented JSON.</summary>
    internal static string Render(NoticeForm form, Notice notice)
    {
        var r = TestRenderer.Instance;
        switch (form)
        {
            case NoticeForm.Email:
                var email = r.Email(notice);
                return $"Subject: {email.Subject}\n\n=== text ===\n{email.Text}\n=== html ===\n{email.Html}";
            case NoticeForm.Card:
                var card = r.Card(notice);
                return $"Subject: {card.Subject}\n\n=== text ===\n{card.Text}\n=== card ===\n{Pretty(card.CardJson)}\n";
            case NoticeForm.Page:
                return r.Page(notice);
            default:
                return r.Text(notice) + "\n";
        }
    }

    private static string Pretty(string json) => JsonSerializer.Serialize(
        JsonDocument.Parse(json).RootElement,
        new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).ReplaceLineEndings("\n");

    private static string GoldenDirectory([CallerFilePath] string thisFile = "") => Path.Combine(Path.GetDirectoryName(thisFile)!, "Golden");
}
