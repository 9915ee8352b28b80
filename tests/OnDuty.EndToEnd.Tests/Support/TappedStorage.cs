using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Support;

/// <summary>Puts a <see cref="StorageTap"/> into the app's Table Storage client, so a test counts or fails its storage requests.</summary>
public static class TappedStorage
{
    /// <summary>Replaces the app's <see cref="TableServiceClient"/> with one on <paramref name="connectionString"/> through <paramref name="tap"/> (no retries: each request is one).</summary>
    public static void Use(IServiceCollection services, string connectionString, StorageTap tap)
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.AddPolicy(tap, HttpPipelinePosition.PerRetry);
        services.AddSingleton(new TableServiceClient(connectionString, options));
    }
}
