using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Messages;

namespace OnDuty.Messages;

public static class DependencyInjection
{
    /// <summary>The message layer: Core's <see cref="INoticeRenderer"/> over the Liquid templates and phrase files.</summary>
    public static IServiceCollection AddOnDutyMessages(this IServiceCollection services)
    {
        services.AddSingleton<TemplateSet>();
        services.AddSingleton<INoticeRenderer, NoticeRenderer>();
        services.AddSingleton<Core.Retros.ILessonWordings, LessonWordings>();
        return services;
    }
}
