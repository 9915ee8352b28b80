using OnDuty.Core.Messages;
using OnDuty.Messages;

namespace OnDuty.Core.Tests.Fakes;

/// <summary>The real message layer (templates and phrase files), shared by the tests: rendering has no I/O.</summary>
public static class TestRenderer
{
    public static INoticeRenderer Instance { get; } = new NoticeRenderer(new TemplateSet());
}
