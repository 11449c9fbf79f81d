using System.Globalization;
using Parsl.Bench;

// dotnet run -c Release --project bench/Parsl.Bench -- [--json] [--runs R] [--n N] [--transport grpc|netmq]
//     [--provider local|slurm|gridengine] [scenario ...]
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("""
        Parsl.Bench: times the scenarios of docs/performance.md and prints their figures, through Parsl's public API
        (the transports' floors and htex-managers, below it, are in bench/Parsl.Bench.Protocol).

        usage: dotnet run -c Release --project bench/Parsl.Bench -- [options] [scenario ...]
          --json                  one JSON line per scenario instead of the table
          --runs R                timed runs per scenario (default 5); the median is reported
          --n N                   tasks per run (each scenario has its own default)
          --transport grpc|netmq  the worker-process executor's transport (default grpc)
          --provider local|slurm|gridengine   where its blocks come from (default local)
        With no scenario, all of them run. Scenarios:
        """);
    foreach (var (name, (defaultN, _)) in Scenarios.All)
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-22} n = {defaultN}"));
    return 0;
}
// The stage-http scenario's file server, in a process of its own so it shares a thread pool with neither client.
if (args is ["--serve-staging-files", var count])
    return await StagingScenarios.ServeAsync(int.Parse(count, CultureInfo.InvariantCulture));
var json = args.Contains("--json");
var runs = IntOption("--runs") ?? 5;
var n = IntOption("--n");
if (Option("--transport") is { } transport)
    HtexScenarios.Transport = Enum.Parse<Parsl.Executors.HtexTransport>(transport, ignoreCase: true);
if (Option("--provider") is { } provider)
    HtexScenarios.Provider = provider;
var names = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || args[i - 1] is not ("--runs" or "--n" or "--transport" or "--provider"))).ToList();
if (names.Count == 0)
    names = [.. Scenarios.All.Keys];
var unknown = names.Where(name => !Scenarios.All.ContainsKey(name)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"Unknown scenario(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", Scenarios.All.Keys)}");
    return 2;
}

if (!json)
    Console.WriteLine(Measurement.Header);
foreach (var name in names)
{
    var (defaultN, run) = Scenarios.All[name];
    var result = await run(n ?? defaultN, runs);
    Console.WriteLine(json ? result.ToJson() : result.ToLine());
}
return 0;

int? IntOption(string name) => Option(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : null;

string? Option(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
