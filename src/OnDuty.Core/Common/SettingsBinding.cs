using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace OnDuty.Core.Common;

/// <summary>Binds options from settings as <c>BindConfiguration</c> does, with every unreadable value named in the admin's words.</summary>
public static class SettingsBinding
{
    /// <summary>
    /// <c>BindConfiguration(<paramref name="sectionPath"/>)</c>, after a check of every section bound this way: the first options
    /// read (at the latest <c>ValidateOnStart</c>) stops the start with a <see cref="SettingsFormatException"/> naming all the values,
    /// in every section, the binder could not convert. The sections are read once per container (<see cref="SettingsCheck"/>),
    /// not again for each options type.
    /// </summary>
    public static OptionsBuilder<TOptions> BindSettings<TOptions>(this OptionsBuilder<TOptions> builder, string sectionPath)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(new SettingsSection(sectionPath, typeof(TOptions)));
        builder.Services.TryAddSingleton<SettingsCheck>();
        builder.Configure<SettingsCheck>((_, check) => check.ThrowIfAny());
        return builder.BindConfiguration(sectionPath);
    }

    /// <summary>
    /// The check of every registered <see cref="SettingsSection"/>, made at the first options read and remembered: the options
    /// are bound once per container (<c>IOptions</c>), so each type's first read asks again but the sections are walked once.
    /// </summary>
    private sealed class SettingsCheck(IConfiguration configuration, IEnumerable<SettingsSection> sections)
    {
        private readonly Lazy<IReadOnlyList<string>> failures = new(() => SettingsFormatException.Find(configuration, sections));

        public void ThrowIfAny()
        {
            if (failures.Value.Count > 0)
            {
                throw new SettingsFormatException(failures.Value);
            }
        }
    }
}
