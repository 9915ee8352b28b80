using System.Text.Json.Nodes;
using OnDuty.Functions;
using OnDuty.LocalHost;

namespace OnDuty.EndToEnd.Tests.LocalHost;

/// <summary>
/// The Functions SDK writes functions.metadata for the real host; LocalHost must see the same functions the same way,
/// whatever functions the app has.
/// </summary>
public sealed class FunctionsMetadataParityTests
{
    [Fact]
    public void ForOnDutyFunctions_MatchesFunctionsMetadataOfTheSdk()
    {
        var metadata = JsonNode.Parse(File.ReadAllText(OnDuty.Testing.FunctionsMetadataFile.Locate()))!.AsArray();
        var expected = metadata.Select(f => FromMetadata(f!)).Order(StringComparer.Ordinal).ToList();

        var actual = FunctionCatalog.ForOnDutyFunctions().Functions.Select(FromCatalog).Order(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    private static string FromMetadata(JsonNode function)
    {
        var name = (string)function["name"]!;
        var trigger = function["bindings"]!.AsArray().Single(b => ((string)b!["type"]!).EndsWith("Trigger", StringComparison.OrdinalIgnoreCase))!;
        return (string)trigger["type"]! switch
        {
            "httpTrigger" => Describe(
                name,
                (string)function["entryPoint"]!,
                ((string?)trigger["route"])?.Trim('/') is { Length: > 0 } route ? route : name,
                trigger["methods"]?.AsArray().Select(m => (string)m!).ToList(),
                (string)trigger["authLevel"]!),
            "timerTrigger" => Describe(name, (string)function["entryPoint"]!, (string)trigger["schedule"]!),
            var other => $"{name}: unsupported trigger {other}",
        };
    }

    private static string FromCatalog(FunctionDescriptor function) => function.Trigger == FunctionTriggerKind.Http
        ? Describe(function.Name, function.EntryPoint, function.Route!, function.Methods, function.AuthLevel!.Value.ToString())
        : Describe(function.Name, function.EntryPoint, function.Schedule!);

    private static string Describe(string name, string entryPoint, string route, IEnumerable<string>? methods, string authLevel)
    {
        var verbs = methods is null ? "*" : string.Join(',', methods.Select(m => m.ToUpperInvariant()).Order(StringComparer.Ordinal));
        return $"{name} {entryPoint} http [{verbs}] {route} {authLevel.ToLowerInvariant()}";
    }

    private static string Describe(string name, string entryPoint, string schedule) => $"{name} {entryPoint} timer {schedule}";
}
