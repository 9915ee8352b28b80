using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OnDuty.Core.Common;

/// <summary>Binds options from settings as <c>BindConfiguration</c> does, with every unreadable value named in the admin's words.</summary>
public static class SettingsBinding
{
    /// <summary>
    /// <c>BindConfiguration(<paramref name="sectionPath"/>)</c>, after a check of every section bound this way: the first options
    /// read (at the latest <c>ValidateOnStart</c>) stops the start with a <see cref="SettingsFormatException"/> naming all the values,
    /// in every section, the binder could not convert.
    /// </summary>
    public static OptionsBuilder<TOptions> BindSettings<TOptions>(this OptionsBuilder<TOptions> builder, string sectionPath)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(new SettingsSection(sectionPath, typeof(TOptions)));
        builder.Configure<IConfiguration, IEnumerable<SettingsSection>>(
            (_, configuration, sections) => SettingsFormatException.ThrowIfAny(configuration, sections));
        return builder.BindConfiguration(sectionPath);
    }
}
