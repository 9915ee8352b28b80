namespace OnDuty.Core.Notifications;

/// <summary>What the provider says about a message it accepted earlier.</summary>
public abstract record DeliveryConfirmation
{
    /// <summary>Done on the provider's side.</summary>
    public sealed record Confirmed : DeliveryConfirmation;

    /// <summary>The provider gave it up after accepting it (e.g. ACS operation <c>Failed</c>).</summary>
    public sealed record Failed(string Error) : DeliveryConfirmation;

    /// <summary>
    /// No final status yet (<paramref name="Answered"/>: the provider said it is still working on it), or the provider could
    /// not be asked now (its status polls are paced or throttled); ask again after <paramref name="RetryAfter"/>.
    /// </summary>
    public sealed record NotYet(string Reason, bool Answered, TimeSpan? RetryAfter = null) : DeliveryConfirmation;
}
