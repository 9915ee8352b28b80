using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;
using Fluid.Values;

namespace OnDuty.Messages;

/// <summary>
/// The Liquid templates in <c>Templates/</c> (embedded), parsed once, rendered with HTML encoding on by default.
///
/// Why Fluid (Liquid) and not Razor components: Core's use cases compose messages synchronously while they queue them
/// (compose, then one conditional insert per recipient), and Fluid renders synchronously without a dispatcher or a DI
/// container; one engine serves HTML bodies and pages (encoder <see cref="Html"/>) and plain-text bodies, subjects and
/// calendar text (no encoder) from the same model, which Razor components (HTML only) cannot; and the layer needs no
/// ASP.NET assembly. What Razor would give — templates checked at compile time — is replaced by golden files of every
/// notice kind under tests/ (every template in both languages, compared whole: a misspelt name renders empty and shows as a
/// diff) and <see cref="TemplateOptions.StrictFilters"/>. Fluid's StrictVariables cannot be used: it also throws on a
/// member that is defined but null, which is how models say "not given".
/// </summary>
public sealed class TemplateSet
{
    /// <summary>
    /// Escapes only what HTML needs (<c>&lt; &gt; &amp; " '</c> and a few more): the default <see cref="HtmlEncoder"/> would turn
    /// every Japanese character into <c>&amp;#x…;</c>. A value with a bidi control or zero-width character is isolated
    /// (<see cref="IsolatingHtmlEncoder"/>).
    /// </summary>
    public static HtmlEncoder Html { get; } = new IsolatingHtmlEncoder(HtmlEncoder.Create(UnicodeRanges.All));

    /// <summary>
    /// Functions on, for <c>{% macro %}</c> only: a piece of markup a template repeats is written once in it (the templates have
    /// no partials: they are embedded resources, and a macro needs no file provider). A macro's output is encoded once, as it renders.
    /// </summary>
    private readonly FluidParser _parser = new(new FluidParserOptions { AllowFunctions = true });
    private readonly TemplateOptions _options;
    private readonly ConcurrentDictionary<string, IFluidTemplate> _templates = new(StringComparer.Ordinal);

    public TemplateSet()
    {
        _options = new TemplateOptions
        {
            StrictFilters = true,
            MemberAccessStrategy = new UnsafeMemberAccessStrategy(),
            // A line holding only a tag leaves no empty line behind (like Jinja's trim_blocks): text bodies stay readable.
            // It also eats a space right after an inline tag: write {{ " " }} there.
            Trimming = TrimmingFlags.TagRight,
            Greedy = false,
        };
        _options.Filters.AddFilter("t", Translate);
    }

    public string RenderHtml(string name, object model, Phrases phrases) => Render(name, model, phrases, Html);

    public string RenderText(string name, object model, Phrases phrases) => Render(name, model, phrases, NullEncoder.Default);

    private string Render(string name, object model, Phrases phrases, TextEncoder encoder)
    {
        var template = _templates.GetOrAdd(name, Parse);
        var context = new TemplateContext(model, _options) { CultureInfo = phrases.Culture };
        context.AmbientValues[nameof(Phrases)] = phrases;
        // Every page with a form that posts carries it (<see cref="SendingScript"/>); one text, so the CSP hash cannot drift.
        context.SetValue(SendingScript.TemplateName, SendingScript.Text);
        return template.Render(context, encoder);
    }

    private IFluidTemplate Parse(string name)
    {
        var resource = $"OnDuty.Messages.Templates.{name}.liquid";
        using var stream = typeof(TemplateSet).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"No template {resource} (Templates/{name}.liquid).");
        using var reader = new StreamReader(stream);
        var source = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
        return _parser.TryParse(source, out var template, out var error)
            ? template
            : throw new InvalidOperationException($"Templates/{name}.liquid does not parse: {error}");
    }

    /// <summary><c>{{ "Key" | t }}</c> or <c>{{ "Key" | t: a, b }}</c>: the reader's phrase, its placeholders filled; the output is then encoded like any value.</summary>
    private static ValueTask<FluidValue> Translate(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        var phrases = (Phrases)context.AmbientValues[nameof(Phrases)];
        var args = Enumerable.Range(0, arguments.Count).Select(i => (object?)arguments.At(i).ToStringValue()).ToArray();
        return new StringValue(args.Length == 0 ? phrases[input.ToStringValue()] : phrases.Format(input.ToStringValue(), args));
    }
}
