using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;

// Sums the allocation samples (GCAllocationTick: one about every 100 KB allocated, with its stack) of a .nettrace written by
// `dotnet-trace collect -p PID --profile gc-verbose`: by type, by the innermost library frame (Azure SDK, ASP.NET Core,
// System.Text.Json) or OnDuty frame, by the innermost OnDuty frame (whose request or loop it was), and both together.
// Usage: dotnet run -c Release --project scripts/alloc-by-stack -- trace.nettrace [requests in the traced time]
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: alloc-by-stack trace.nettrace [requests in the traced time]");
    return 2;
}

using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(args[0]));
var source = log.Events.GetSource();
var byType = new Dictionary<string, long>();
var byLibrary = new Dictionary<string, long>();
var byOwn = new Dictionary<string, long>();
var byPair = new Dictionary<string, long>();
long total = 0;
source.Clr.GCAllocationTick += e =>
{
    var amount = e.AllocationAmount64;
    total += amount;
    Add(byType, e.TypeName ?? "?", amount);
    string? library = null, own = null;
    for (var frame = e.CallStack(); frame != null && own == null; frame = frame.Caller)
    {
        var method = frame.CodeAddress.FullMethodName ?? "";
        library ??= method.StartsWith("OnDuty", StringComparison.Ordinal) || method.StartsWith("Azure.", StringComparison.Ordinal)
            || method.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || method.StartsWith("System.Text.Json", StringComparison.Ordinal) ? method : null;
        own = method.StartsWith("OnDuty", StringComparison.Ordinal) && !method.StartsWith("OnDuty.Infrastructure.Tables.StorageTransportErrors", StringComparison.Ordinal) ? method : null;
    }

    Add(byLibrary, library ?? "(none)", amount);
    Add(byOwn, own ?? "(no OnDuty frame: a response read, a timer)", amount);
    Add(byPair, $"{library ?? "(none)"}\n          <- {own ?? "(no OnDuty frame)"}", amount);
};
source.Process();

var requests = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
Console.WriteLine($"sampled {total / 1e6:F1} MB" + (requests > 0 ? $", {total / requests / 1e3:F1} KB per request ({requests:F0})" : ""));
Print("by type", byType, 20);
Print("by innermost library or OnDuty frame", byLibrary, 25);
Print("by innermost OnDuty frame", byOwn, 25);
Print("innermost library frame <- innermost OnDuty frame", byPair, 25);
return 0;

void Print(string title, Dictionary<string, long> sums, int top)
{
    Console.WriteLine($"== {title}");
    foreach (var (key, value) in sums.OrderByDescending(kv => kv.Value).Take(top))
    {
        Console.WriteLine($"{value * 100.0 / total,6:F1}%  {value / 1e6,8:F1} MB{(requests > 0 ? $" {value / requests / 1e3,6:F1} KB/req" : "")}  {(key.Length > 200 ? key[..200] : key)}");
    }
}

static void Add(Dictionary<string, long> sums, string key, long amount) => sums[key] = sums.GetValueOrDefault(key) + amount;
