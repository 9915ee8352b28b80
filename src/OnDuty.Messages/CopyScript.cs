using System.Security.Cryptography;
using System.Text;

namespace OnDuty.Messages;

/// <summary>
/// The one script the PM pages run: it shows the 「コピー」 button beside each draft box (<c>button[data-copy]</c>, <c>hidden</c>
/// until then) while the box holds text — hidden again when the person editing empties it, shown when they type, since an
/// empty box has nothing to copy — and copies the box's text — its value, as the box shows it — to the clipboard, saying so in the box's status
/// (<c>{box}-copied</c>, <c>aria-live</c>) with the button's <c>data-done</c> or <c>data-failed</c> text, as text only. Without
/// script, or without a clipboard, the buttons stay hidden and the boxes are selected by hand as before.
///
/// It is inline and allowed by its hash alone (<see cref="CspSource"/>, in the pages' <c>script-src</c>): no script file to serve,
/// and no <c>'unsafe-inline'</c>. The hash is computed from <see cref="Text"/>, the very string the page carries, so the two
/// cannot drift apart.
/// </summary>
public static class CopyScript
{
    public const string Text =
        "for(const b of document.querySelectorAll('button[data-copy]')){" +
        "const box=document.getElementById(b.dataset.copy),said=document.getElementById(b.dataset.copy+'-copied');" +
        "if(!box||!said||!navigator.clipboard)continue;" +
        "const shown=()=>{b.hidden=!box.value.trim()};shown();" +
        "box.addEventListener('input',()=>{said.textContent='';shown()});" +
        "b.addEventListener('click',()=>{said.textContent='';" +
        "navigator.clipboard.writeText(box.value).then(()=>{said.textContent=b.dataset.done},()=>{said.textContent=b.dataset.failed})})}";

    /// <summary>The CSP source that allows <see cref="Text"/> and nothing else: <c>'sha256-…'</c> of its UTF-8 bytes.</summary>
    public static string CspSource { get; } = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Text)))}'";
}
