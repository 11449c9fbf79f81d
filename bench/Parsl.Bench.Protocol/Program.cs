using System.Globalization;
using Parsl.Bench;
using Parsl.Bench.Protocol;

// dotnet run -c Release --project bench/Parsl.Bench.Protocol -- [--json] [--runs R] [--n N] [--transport grpc|netmq] [scenario ...]
// The other end of a floor-* scenario's round trips: this program started again by the scenario.
if (args.Length >= 2 && args[0] == "--echo")
    return RoundTripFloors.Echo(args[1], args[2..]);

var scenarios = new Dictionary<string, (long DefaultN, Func<long, int, Task<Measurement>> Run)>
{
    ["htex-managers"] = (200_000, InterchangeScenario.Managers("htex-managers", 1000)),
    ["htex-managers-4096"] = (1_000_000, InterchangeScenario.Managers("htex-managers-4096", 4096)),
    ["floor-pipe"] = (5_000, RoundTripFloors.Pipe),
    ["floor-tcp"] = (5_000, RoundTripFloors.Tcp),
    ["floor-netmq"] = (5_000, RoundTripFloors.NetMq),
    ["floor-grpc"] = (5_000, RoundTripFloors.Grpc),
    ["floor-start-process"] = (1, RoundTripFloors.ProcessStart),
    ["floor-start-netmq"] = (1, RoundTripFloors.NetMqStart),
    ["floor-start-grpc"] = (1, RoundTripFloors.GrpcStart),
};
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("""
        Parsl.Bench.Protocol: the pilot-job executor's parts below its public API (docs/performance.md).

        usage: dotnet run -c Release --project bench/Parsl.Bench.Protocol -- [options] [scenario ...]
          --json                  one JSON line per scenario instead of the table
          --runs R                timed runs per scenario (default 5); the median is reported
          --n N                   tasks or round trips per run (each scenario has its own default)
          --transport grpc|netmq  the interchange's transport in htex-managers (default grpc)
        With no scenario, all of them run. Scenarios:
        """);
    foreach (var (name, (defaultN, _)) in scenarios)
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-22} n = {defaultN}"));
    return 0;
}
var json = args.Contains("--json");
// htex-managers over NetMQ: a thousand stand-ins need more than ZeroMQ's default 1,024 sockets, a limit fixed when the
// first socket is made.
NetMQ.NetMQConfig.MaxSockets = 8192;
var runs = IntOption("--runs") ?? 5;
var n = IntOption("--n");
if (Option("--transport") is { } transport)
    InterchangeScenario.Transport = Enum.Parse<Parsl.Executors.HtexTransport>(transport, ignoreCase: true);
var names = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || args[i - 1] is not ("--runs" or "--n" or "--transport"))).ToList();
if (names.Count == 0)
    names = [.. scenarios.Keys];
var unknown = names.Where(name => !scenarios.ContainsKey(name)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"Unknown scenario(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", scenarios.Keys)}");
    return 2;
}

if (!json)
    Console.WriteLine(Measurement.Header);
foreach (var name in names)
{
    var (defaultN, run) = scenarios[name];
    var result = await run(n ?? defaultN, runs);
    Console.WriteLine(json ? result.ToJson() : result.ToLine());
}
return 0;

int? IntOption(string name) => Option(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : null;

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
