using BenchmarkDotNet.Running;
using OnDuty.Benchmarks.Scenarios;

// `scenarios`: the end-to-end storm of ./bench.sh (ratios against raw inserts measured in the same run).
// Otherwise BenchmarkDotNet: every benchmark class has a [Benchmark(Baseline = true)] measured in the same run, so the
// Ratio column compares like with like on whatever machine runs it.
if (args.Length > 0 && args[0] == "scenarios")
{
    return await ScenarioBench.RunAsync(args[1..]);
}

// `openlist [count...]`: where the open list's and the status page's time goes, with that many incidents open (each count in turn).
if (args.Length > 0 && args[0] == "openlist")
{
    return await OpenListBench.RunAsync(args[1..]);
}

// `against-run`: the storm and the open list against an OnDuty already started with ./run.sh (./bench.sh --against-run).
if (args.Length > 0 && args[0] == "against-run")
{
    return await RunShBench.RunAsync(args[1..]);
}

// `pipeline`: CPU the LocalHost process spends per request, by kind of request (optionally against another build).
if (args.Length > 0 && args[0] == "pipeline")
{
    return await PipelineBench.RunAsync(args[1..]);
}

// `requests [repeats] [new groups] [--dll other/OnDuty.LocalHost.dll]`: what an alert asks of storage, counted, with a new incident's requests by kind.
if (args.Length > 0 && args[0] == "requests")
{
    return await StorageRequestsBench.PrintAsync(args[1..]);
}

// `fanout [--dll other/OnDuty.LocalHost.dll]`: the stakeholder fan-out through ACS and through Graph alone (a minute).
if (args.Length > 0 && args[0] == "fanout")
{
    return await ScenarioBench.FanOutOnlyAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args);
return 0;
