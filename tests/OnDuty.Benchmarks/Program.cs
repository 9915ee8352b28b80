using BenchmarkDotNet.Running;

// Every benchmark class has a [Benchmark(Baseline = true)] measured in the same run, so the Ratio
// column compares like with like on whatever machine runs it.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args);
