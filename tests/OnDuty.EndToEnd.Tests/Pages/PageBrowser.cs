using System.Net;
using System.Text.RegularExpressions;

namespace OnDuty.EndToEnd.Tests.Pages;

/// <summary>
/// A plain HTTP "browser" for the PM pages: keeps cookies, does not follow redirects (tests check the 303s), and reads the
/// forms' hidden fields from the HTML as a browser would submit them.
/// </summary>
public sealed partial class PageBrowser : IDisposable
{
    public const string TokenField = "__RequestVerificationToken";

    public PageBrowser(Uri baseAddress)
    {
        Cookies = new CookieContainer();
        Client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public CookieContainer Cookies { get; }

    /// <summary>What Easy Auth puts in <c>X-MS-CLIENT-PRINCIPAL</c> for a sign-in: base64 JSON of its claims (a name, and addresses).</summary>
    public static string Principal(string name, params (string Type, string Value)[] addresses) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new
        {
            auth_typ = "aad",
            claims = new[] { new { typ = "name", val = name } }.Concat(addresses.Select(a => new { typ = a.Type, val = a.Value })).ToArray(),
            name_typ = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
            role_typ = "roles",
        })));

    /// <summary>A browser signed in as <paramref name="principal"/> (<see cref="Principal"/>) on a host with App Service Authentication on.</summary>
    public static PageBrowser SignedIn(Uri baseAddress, string principal)
    {
        var browser = new PageBrowser(baseAddress);
        browser.Client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", principal);
        return browser;
    }

    public HttpClient Client { get; }

    public async Task<(HttpResponseMessage Response, string Html)> GetAsync(string path)
    {
        var response = await Client.GetAsync(path);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts <paramref name="fields"/> plus the hidden fields of the form whose action ends with <paramref name="action"/> in <paramref name="html"/>.</summary>
    public async Task<(HttpResponseMessage Response, string Html)> SubmitAsync(string html, string action, IDictionary<string, string> fields)
    {
        var form = FormOf(html, action);
        var values = Hidden(form);
        foreach (var (key, value) in fields)
        {
            values[key] = value;
        }

        var response = await Client.PostAsync(ActionOf(form), new FormUrlEncodedContent(values));
        return (response, await response.Content.ReadAsStringAsync());
    }

    public static Dictionary<string, string> Hidden(string form) =>
        HiddenInput().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));

    /// <summary>
    /// The retro form's timeline lines as it shows them and a browser posts them back: each line's time (<c>t{n}.at</c>) and text
    /// (<c>t{n}.text</c>, decoded); its hidden fields (<c>t{n}.kind</c>, <c>t{n}.via</c>, …) go with <see cref="SubmitAsync"/>.
    /// </summary>
    public static Dictionary<string, string> RetroLinesAsShown(string html)
    {
        var fields = new Dictionary<string, string>();
        foreach (Match m in RetroLineTime().Matches(html))
        {
            fields[m.Groups[1].Value] = m.Groups[2].Value;
        }

        foreach (Match m in RetroLineText().Matches(html))
        {
            fields[m.Groups[1].Value] = WebUtility.HtmlDecode(m.Groups[2].Value);
        }

        return fields;
    }

    public static string FormOf(string html, string action) =>
        FormElement().Matches(html).Select(m => m.Value).FirstOrDefault(f => ActionOf(f).Split('?')[0].EndsWith(action, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"No form posting to {action} in:\n{html}");

    private static string ActionOf(string form) => WebUtility.HtmlDecode(ActionAttribute().Match(form).Groups[1].Value);

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("name=\"(t[0-9]+[.]at)\" value=\"([^\"]*)\"")]
    private static partial Regex RetroLineTime();

    [GeneratedRegex("name=\"(t[0-9]+[.]text)\"[^>]*>([^<]*)</textarea>")]
    private static partial Regex RetroLineText();

    [GeneratedRegex("<form [^>]*>.*?</form>", RegexOptions.Singleline)]
    private static partial Regex FormElement();

    [GeneratedRegex("action=\"([^\"]+)\"")]
    private static partial Regex ActionAttribute();
}
