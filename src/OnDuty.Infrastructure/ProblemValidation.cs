using Microsoft.Extensions.Options;

namespace OnDuty.Infrastructure;

/// <summary>Fails the options check with the sentence <paramref name="problem"/> gives, when it gives one (a connection string's problem).</summary>
internal sealed class ProblemValidation<TOptions>(Func<TOptions, string?> problem) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options) =>
        problem(options) is { } sentence ? ValidateOptionsResult.Fail(sentence) : ValidateOptionsResult.Success;
}
