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
