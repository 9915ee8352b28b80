using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OnDuty.Core.Common;

/// <summary>Checks options by their data annotations as <c>ValidateDataAnnotations</c> does, with each failure the rule's own sentence.</summary>
public static class SettingsValidation
{
    /// <summary>
    /// <c>ValidateDataAnnotations()</c>, except that each failure in <see cref="OptionsValidationException.Failures"/> is the rule's
    /// message alone (<c>Email__Smtp__Port must be a port number (1-65535).</c>), not wrapped in
    /// "DataAnnotation validation failed for 'EmailOptions' members: 'Smtp.Port' with the error: '…'", so the start can print it as it is.
    /// </summary>
    public static OptionsBuilder<TOptions> ValidateSettings<TOptions>(this OptionsBuilder<TOptions> builder)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(new AnnotationValidation<TOptions>(builder.Name));
        return builder;
    }

    private sealed class AnnotationValidation<TOptions>(string? name) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? optionsName, TOptions options)
        {
            if (name is not null && name != optionsName)
            {
                return ValidateOptionsResult.Skip;
            }

            ArgumentNullException.ThrowIfNull(options);
            var results = new List<ValidationResult>();
            return Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(results.Select(r => r.ErrorMessage ?? $"{typeof(TOptions).Name} is not valid."));
        }
    }
}
