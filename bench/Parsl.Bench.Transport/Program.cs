using System.Globalization;
using Parsl.Bench;

// dotnet run -c Release --project bench/Parsl.Bench.Transport -- [--json] [--runs R] [--n N] [scenario ...]
var scenarios = new Dictionary<string, (long DefaultN, Func<long, int, Task<Measurement>> Run)>
{
    ["transport-netmq"] = (1_000_000, TransportScenarios.NetMq),
    ["transport-grpc"] = (1_000_000, TransportScenarios.Grpc),
    ["transport-netmq-mib"] = (200, TransportScenarios.NetMqMiB),
    ["transport-grpc-mib"] = (200, TransportScenarios.GrpcMiB),
};
var json = args.Contains("--json");
var runs = IntOption("--runs") ?? 5;
var n = IntOption("--n");
var names = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || args[i - 1] is not ("--runs" or "--n"))).ToList();
if (names.Count == 0)
    names = [.. scenarios.Keys];
if (names.FirstOrDefault(name => !scenarios.ContainsKey(name)) is { } unknown)
{
    Console.Error.WriteLine($"Unknown scenario {unknown}. Known: {string.Join(", ", scenarios.Keys)}");
    return 2;
}
foreach (var name in names)
{
    var (defaultN, run) = scenarios[name];
    var result = await run(n ?? defaultN, runs);
    Console.WriteLine(json ? result.ToJson() : string.Create(CultureInfo.InvariantCulture,
        $"{result.Scenario,-20} {result.N,10} {result.Median.TotalMilliseconds,10:0.0} ms {result.TasksPerSecond,12:0} tasks/s  {string.Join("  ", (result.Extra ?? new Dictionary<string, double>()).Select(e => $"{e.Key} {e.Value:0.#}"))}"));
}
return 0;

int? IntOption(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : null;
}

