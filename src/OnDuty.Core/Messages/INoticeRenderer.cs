namespace OnDuty.Core.Messages;

/// <summary>
/// Turns a typed notice into what a reader sees, in the notice's <see cref="Notice.Language"/>. Use cases build notices;
/// this port renders them (templates and phrase files live in OnDuty.Messages), so Core holds no message text and no HTML.
/// </summary>
public interface INoticeRenderer
{
    /// <summary>Subject, plain text and HTML body of an email (or an Outlook event: subject and HTML).</summary>
    RenderedEmail Email(Notice notice);

    /// <summary>An Adaptive Card for the Teams channel, with its subject and plain-text fallback.</summary>
    RenderedCard Card(Notice notice);

    /// <summary>A whole HTML page (schedule page, acknowledge-link pages).</summary>
    string Page(Notice notice);

    /// <summary>Plain text only (calendar-feed descriptions and summaries, API reason texts).</summary>
    string Text(Notice notice);
}
