using System.Security.Cryptography;
using System.Text;

namespace OnDuty.Messages;

/// <summary>
/// The PM pages' second script: a form that posts says it is working. The pressed submit button turns disabled and reads its
/// script element's <c>data-sending</c> (「送信中…」 / "Sending…"), and a second submit of that form while the first is in flight
/// is not sent (a PM on a slow phone tapping 送信 twice; the <c>requestId</c> makes a repeat harmless, but the page gave no sign
/// it was working). The button is disabled a moment after the submit event, not in it: a disabled submitter's
/// <c>name=value</c> (the retro's 「行を追加」, the final report's step) would otherwise be left out of the post. A page shown
/// again from the back-forward cache (<c>pageshow</c> with <c>persisted</c>) gets its buttons and forms back as they were.
/// Without script the forms post as before. The pages post by navigation only (no fetch), so there is no failed request to undo.
///
/// Inline and allowed by its hash alone (<see cref="CspSource"/>), as <see cref="CopyScript"/> is: the hash covers the script's
/// text, not its element's attributes, so the phrase rides on <c>data-sending</c> in the reader's language.
/// </summary>
public static class SendingScript
{
    /// <summary>The name the templates write it by: <c>&lt;script data-sending="…"&gt;{{ SendingScript | raw }}&lt;/script&gt;</c>.</summary>
    public const string TemplateName = nameof(SendingScript);

    public const string Text =
        "{const said=document.currentScript.dataset.sending;" +
        "for(const f of document.querySelectorAll('form[method=post]'))f.addEventListener('submit',e=>{" +
        "if(e.defaultPrevented)return;if(f.dataset.sending){e.preventDefault();return}f.dataset.sending='1';" +
        "const b=e.submitter;if(!b||b.form!==f)return;" +
        "setTimeout(()=>{b.dataset.label=b.textContent;if(said)b.textContent=said;b.disabled=true;b.setAttribute('aria-busy','true')},0)});" +
        "addEventListener('pageshow',e=>{if(!e.persisted)return;" +
        "for(const f of document.querySelectorAll('form[data-sending]'))delete f.dataset.sending;" +
        "for(const b of document.querySelectorAll('button[data-label]')){b.textContent=b.dataset.label;delete b.dataset.label;b.disabled=false;b.removeAttribute('aria-busy')}})}";

    /// <summary>The CSP source that allows <see cref="Text"/> and nothing else: <c>'sha256-…'</c> of its UTF-8 bytes.</summary>
    public static string CspSource { get; } = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Text)))}'";
}
