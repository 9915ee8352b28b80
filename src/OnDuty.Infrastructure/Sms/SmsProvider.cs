namespace OnDuty.Infrastructure.Sms;

/// <summary>The service texts go through (<c>Sms__Provider</c>).</summary>
public enum SmsProvider
{
    /// <summary>Azure Communication Services SMS (<c>Sms__ConnectionString</c> or <c>Sms__Endpoint</c>), the default.</summary>
    Acs,

    /// <summary>Twilio Programmable Messaging (<c>Sms__Twilio__…</c>).</summary>
    Twilio,
}
