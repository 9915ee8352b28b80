namespace OnDuty.Core.Messages;

public enum DraftPart
{
    CustomerNotice,
    Workaround,

    /// <summary>Questions and answers as text: blocks of <c>Q: …</c> / <c>A: …</c> separated by a blank line.</summary>
    Faq,
}
