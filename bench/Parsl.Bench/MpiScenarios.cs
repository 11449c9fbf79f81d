using System.Diagnostics;
using Parsl.Executors;
using static Parsl.Bench.Statistics;

namespace Parsl.Bench;

/// <summary>What MPI mode adds to starting an MPI program: node accounting, the launch prefix, the worker round trip.</summary>
internal static class MpiScenarios
{
    /// <summary>
    /// N one-node MPI tries of a no-op MPI program (<c>MPI_Init</c>, <c>MPI_Finalize</c>: a plain <c>true</c> under
    /// Hydra races its proxy and dies of SIGPIPE now and then) under <c>$PARSL_MPI_PREFIX</c>, on a block of B nodes (a
    /// host file naming this machine B times), against the same N launcher commands started directly, B at a time
    /// (<c>xargs -P B</c>), in the same run: <c>overhead_ms</c> = (Parsl's wall time − the direct wall time) × B / N,
    /// what each try costs beyond starting its launcher; <c>launcher_ms</c> = the direct wall time × B / N, the
    /// launcher's own start; <c>shell_ms</c>: the same with each command started through <c>bash -c</c>, as a bash app's
    /// command is (what the shell alone adds); <c>relay_ms</c>: the same bash commands started by the smallest dispatcher
    /// a .NET program can be (<see cref="Relay"/>), the floor for any dispatcher in a .NET process. Measured for the
    /// issue's 4-node block (<c>overhead_ms</c> …), and for a 1-node block (<c>overhead_1node_ms</c> …): on a machine
    /// with fewer cores than four launchers need, four at once saturate it, and every hop of a try then waits for a core
    /// behind them; one at a time measures Parsl's own cost.
    /// <c>workflow_cpu_ms</c> and <c>node_cpu_ms</c>: the CPU Parsl's processes spend per try (the workflow's, with the
    /// interchange; the block's manager and workers), in the run that spent least (after an untimed warm-up, so that
    /// the JIT compiler's first work is not counted even with <c>--runs 1</c>).
    /// <c>launch_in_parsl_ms</c>: the launches' own time under Parsl (each try's <see cref="BashResult.Duration"/>, spawn
    /// to exit, as its worker measured it; mean); <c>between_ms</c> = Parsl's wall time × B / N − that: what a slot
    /// spends per try outside its launch (the outcome's way back, the node freed, the next try handed over and
    /// spawned). <c>overhead_ms</c> − <c>between_ms</c> is how much slower the launches themselves ran beside Parsl.
    /// <c>relay_launch_ms</c> and <c>relay_between_ms</c>: the same two for the relay.
    /// <c>machine_cpu_direct_ms</c>, <c>machine_cpu_relay_ms</c> and <c>machine_cpu_parsl_ms</c>: the whole machine's busy
    /// CPU per try in each (median): Hydra's <c>mpiexec</c> busy-waits for its proxy to exit, so launches that wait longer
    /// beside other processes also burn more CPU, and this shows how much.
    /// The executor holds as many tries beyond its workers as the block has nodes (<c>Prefetch</c>), as docs/mpi.md
    /// advises for streams of short MPI tries.
    /// </summary>
    public static async Task<Measurement> Dispatch(long n, int runs)
    {
        var (four, fourTimes) = await ShapeAsync(n, runs, nodes: 4);
        var (one, _) = await ShapeAsync(Math.Max(1, n / 2), runs, nodes: 1);
        return new Measurement("mpi-dispatch", n, fourTimes)
        {
            Extra = new Dictionary<string, double>
            {
                ["nodes"] = 4,
                ["launcher_ms"] = four.Launcher,
                ["overhead_ms"] = four.Overhead,
                ["shell_ms"] = four.Shell,
                ["relay_ms"] = four.Relay,
                ["workflow_cpu_ms"] = four.WorkflowCpu,
                ["node_cpu_ms"] = four.NodeCpu,
                ["launch_in_parsl_ms"] = four.LaunchInParsl,
                ["between_ms"] = four.Between,
                ["relay_launch_ms"] = four.RelayLaunch,
                ["relay_between_ms"] = four.RelayBetween,
                ["machine_cpu_direct_ms"] = four.MachineDirect,
                ["machine_cpu_relay_ms"] = four.MachineRelay,
                ["machine_cpu_parsl_ms"] = four.MachineParsl,
                ["launcher_1node_ms"] = one.Launcher,
                ["overhead_1node_ms"] = one.Overhead,
                ["shell_1node_ms"] = one.Shell,
                ["relay_1node_ms"] = one.Relay,
                ["workflow_cpu_1node_ms"] = one.WorkflowCpu,
                ["node_cpu_1node_ms"] = one.NodeCpu,
                ["launch_in_parsl_1node_ms"] = one.LaunchInParsl,
                ["between_1node_ms"] = one.Between,
                ["relay_launch_1node_ms"] = one.RelayLaunch,
                ["relay_between_1node_ms"] = one.RelayBetween,
                ["machine_cpu_direct_1node_ms"] = one.MachineDirect,
                ["machine_cpu_relay_1node_ms"] = one.MachineRelay,
                ["machine_cpu_parsl_1node_ms"] = one.MachineParsl,
            },
        };
    }

    /// <summary>Per try, in milliseconds: the launcher's own start, Parsl's overhead beyond it, what bash -c adds, what
    /// the smallest .NET dispatcher of the same bash commands adds, Parsl's CPU, the launches' own time under Parsl
    /// with what a slot spent between them, and the machine's CPU per try in each way.</summary>
    private readonly record struct PerTry(double Launcher, double Overhead, double Shell, double Relay, double WorkflowCpu, double NodeCpu,
        double LaunchInParsl, double Between, double RelayLaunch, double RelayBetween, double MachineDirect, double MachineRelay, double MachineParsl);

    /// <summary>Untimed tries before the timed runs, enough for the node's hot paths to be compiled at their final tier.</summary>
    private const int WarmUpTries = 60;

    private static async Task<(PerTry PerTry, List<TimeSpan> ParslRuns)> ShapeAsync(long n, int runs, int nodes)
    {
        var folder = Directory.CreateTempSubdirectory("parsl-bench-mpi-").FullName;
        try
        {
            var hosts = Path.Combine(folder, "hosts");
            await File.WriteAllLinesAsync(hosts, Enumerable.Repeat("localhost", nodes));
            var (mpiHosts, program) = await LaunchFilesAsync(folder);
            await using var kernel = await DataFlowKernel.LoadAsync(new ParslConfig
            {
                Executors =
                [
                    new HighThroughputExecutor("mpi")
                    {
                        MpiLauncher = MpiLauncher.Mpiexec, Prefetch = nodes,
                        WorkerInit = $"export PARSL_MPI_HOSTFILE={ShellCommand.Quote(hosts)} UCX_TLS=self,sm",
                    },
                ],
                RunDirectory = Path.Combine(folder, "runinfo"),
            });
            // The block is up, and its manager and workers are past most of their JIT compilation (~3 s of CPU in all,
            // which a single timed run would otherwise count as ~8 ms per try of Parsl's CPU).
            var warmUp = Enumerable.Range(0, WarmUpTries).Select(_ => BenchApps.MpiNoopAsync(program)).ToList();
            foreach (var attempt in warmUp)
                await attempt;
            var direct = new List<TimeSpan>();
            var shell = new List<TimeSpan>();
            var relay = new List<TimeSpan>();
            var parsl = new List<TimeSpan>();
            var cpu = new List<ProcessCpu>();
            var launches = new List<TimeSpan>();
            var relayLaunches = new List<TimeSpan>();
            List<MachineCpu> directMachine = [], relayMachine = [], parslMachine = [];
            for (var run = 0; run < runs; run++)
            {
                var machineBefore = MachineCpu.Read();
                direct.Add(await DirectAsync(n, nodes, mpiHosts, program, throughShell: false));
                directMachine.Add(MachineCpu.Read() - machineBefore);
                shell.Add(await DirectAsync(n, nodes, mpiHosts, program, throughShell: true));
                machineBefore = MachineCpu.Read();
                var (relayWall, relayLaunch) = Relay(n, nodes, mpiHosts, program);
                relayMachine.Add(MachineCpu.Read() - machineBefore);
                relay.Add(relayWall);
                relayLaunches.Add(relayLaunch);
                machineBefore = MachineCpu.Read();
                var cpuBefore = ProcessCpu.Read();
                var clock = Stopwatch.StartNew();
                var tries = new List<AppFuture<BashResult>>((int)n);
                for (var i = 0; i < n; i++)
                    tries.Add(BenchApps.MpiNoopAsync(program));
                var launched = TimeSpan.Zero;
                foreach (var attempt in tries)
                    launched += (await attempt).Duration;
                parsl.Add(clock.Elapsed);
                cpu.Add(ProcessCpu.Read() - cpuBefore);
                parslMachine.Add(MachineCpu.Read() - machineBefore);
                launches.Add(launched / n);
            }
            var perTry = (double)nodes / n;
            var directMedian = Median(direct);
            var (launchInParsl, launchInRelay) = (Median(launches).TotalMilliseconds, Median(relayLaunches).TotalMilliseconds);
            return (new PerTry(directMedian.TotalMilliseconds * perTry, (Median(parsl) - directMedian).TotalMilliseconds * perTry,
                (Median(shell) - directMedian).TotalMilliseconds * perTry, (Median(relay) - directMedian).TotalMilliseconds * perTry,
                cpu.Min(c => c.Workflow.TotalMilliseconds) / n, cpu.Min(c => c.Nodes.TotalMilliseconds) / n,
                launchInParsl, Median(parsl).TotalMilliseconds * perTry - launchInParsl,
                launchInRelay, Median(relay).TotalMilliseconds * perTry - launchInRelay,
                PerTryMs(directMachine), PerTryMs(relayMachine), PerTryMs(parslMachine)), parsl);
            double PerTryMs(List<MachineCpu> used) => Median(used.Select(u => u.Busy).ToList()).TotalMilliseconds / n;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// What Parsl's own traffic costs launches it does not make: the direct launcher loop of <see cref="Dispatch"/> (N
    /// launches, four at a time) alone, and beside a stream of tries that launch nothing (a bash app's <c>sleep 0.06</c>,
    /// about a one-node MPI try's length, four at a time on a block of four workers), in the same run. <c>extra_ms</c> =
    /// (beside − alone) × 4 / N, what each launch slot loses to Parsl relaying tries beside it; with the stream's tries
    /// per second and Parsl's CPU per try (workflow and node processes).
    /// </summary>
    public static async Task<Measurement> Beside(long n, int runs)
    {
        const int Lanes = 4;
        var folder = Directory.CreateTempSubdirectory("parsl-bench-mpi-").FullName;
        try
        {
            var (hosts, program) = await LaunchFilesAsync(folder);
            await using var kernel = await DataFlowKernel.LoadAsync(new ParslConfig
            {
                Executors = [new HighThroughputExecutor("beside") { MaxWorkersPerNode = Lanes, CoresPerWorker = (double)Environment.ProcessorCount / Lanes, Prefetch = Lanes }],
                RunDirectory = Path.Combine(folder, "runinfo"),
            });
            await BenchApps.SleepAsync("0.01"); // the block is up and its workers warm
            var alone = new List<TimeSpan>();
            var beside = new List<TimeSpan>();
            var rates = new List<double>();
            var cpu = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                alone.Add(await DirectAsync(n, Lanes, hosts, program, throughShell: false));
                using var stop = new CancellationTokenSource();
                long tries = 0;
                var stream = Enumerable.Range(0, Lanes).Select(_ => Task.Run(async () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        await BenchApps.SleepAsync("0.06");
                        Interlocked.Increment(ref tries);
                    }
                })).ToArray();
                await Task.Delay(TimeSpan.FromSeconds(1)); // the stream at its pace
                var (triesBefore, cpuBefore) = (Interlocked.Read(ref tries), ProcessCpu.Read());
                var clock = Stopwatch.StartNew();
                beside.Add(await DirectAsync(n, Lanes, hosts, program, throughShell: false));
                var (done, used) = (Interlocked.Read(ref tries) - triesBefore, ProcessCpu.Read() - cpuBefore);
                rates.Add(done / clock.Elapsed.TotalSeconds);
                cpu.Add((used.Workflow + used.Nodes).TotalMilliseconds / Math.Max(done, 1));
                await stop.CancelAsync();
                await Task.WhenAll(stream);
            }
            return new Measurement("mpi-beside", n, beside)
            {
                Extra = new Dictionary<string, double>
                {
                    ["alone_ms"] = Median(alone).TotalMilliseconds,
                    ["extra_ms"] = (Median(beside) - Median(alone)).TotalMilliseconds * Lanes / n,
                    ["parsl_tries_per_s"] = Median(rates),
                    ["parsl_cpu_ms"] = Median(cpu),
                },
            };
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A one-line host file and the no-op MPI program: what the direct launcher loop runs.</summary>
    private static async Task<(string Hosts, string Program)> LaunchFilesAsync(string folder)
    {
        var hosts = Path.Combine(folder, "mpi-hosts");
        await File.WriteAllTextAsync(hosts, "localhost:1\n");
        return (hosts, await CompileNoopAsync(folder));
    }

    /// <summary>The same launcher commands with nothing of Parsl's: N of them, as many at a time as the block has nodes.</summary>
    private static async Task<TimeSpan> DirectAsync(long n, int nodes, string hosts, string program, bool throughShell)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, Environment = { ["UCX_TLS"] = "self,sm" } };
        start.ArgumentList.Add("-c");
        var launch = Launch(hosts, program);
        start.ArgumentList.Add($"seq {n} | xargs -P {nodes} -I{{}} " + (throughShell ? $"bash -c {ShellCommand.Quote(launch)}" : launch));
        var clock = Stopwatch.StartNew();
        using var loop = Process.Start(start)!;
        await loop.StandardOutput.ReadToEndAsync();
        await loop.WaitForExitAsync();
        if (loop.ExitCode != 0)
            throw new InvalidOperationException($"the direct launcher loop exited with {loop.ExitCode}: is MPICH installed (mpiexec)?");
        return clock.Elapsed;
    }

    /// <summary>
    /// The same bash commands as a bash app's tries, started by the smallest dispatcher a .NET program can be: as many
    /// threads as the block has nodes, each starting a command and waiting for it, then the next — no messages, no node
    /// accounting, no host files. What Parsl adds beyond this is its own. Also the commands' mean time from start to exit.
    /// </summary>
    private static (TimeSpan Wall, TimeSpan Launch) Relay(long n, int nodes, string hosts, string program)
    {
        var launch = Launch(hosts, program);
        long next = 0, launchTicks = 0;
        string? failure = null;
        var clock = Stopwatch.StartNew();
        var lanes = Enumerable.Range(0, nodes).Select(_ => new Thread(() =>
        {
            while (Interlocked.Increment(ref next) <= n)
            {
                var start = new ProcessStartInfo("bash") { Environment = { ["UCX_TLS"] = "self,sm" } };
                start.ArgumentList.Add("-c");
                start.ArgumentList.Add(launch);
                var started = Stopwatch.GetTimestamp();
                using var command = Process.Start(start)!;
                command.WaitForExit();
                Interlocked.Add(ref launchTicks, Stopwatch.GetElapsedTime(started).Ticks);
                if (command.ExitCode != 0)
                    Interlocked.CompareExchange(ref failure, $"the relayed launcher exited with {command.ExitCode}", null);
            }
        })).ToList();
        lanes.ForEach(lane => lane.Start());
        lanes.ForEach(lane => lane.Join());
        return failure is null ? (clock.Elapsed, TimeSpan.FromTicks(launchTicks / n)) : throw new InvalidOperationException(failure);
    }

    /// <summary>The launcher command each comparison runs: the one a one-node try's prefix gives, on a one-line host file.</summary>
    private static string Launch(string hosts, string program) =>
        $"mpiexec -n 1 -ppn 1 -f {ShellCommand.Quote(hosts)} {ShellCommand.Quote(program)}";

    /// <summary>An MPI program that does nothing: what the launcher's own start is measured with.</summary>
    private static async Task<string> CompileNoopAsync(string folder)
    {
        var source = Path.Combine(folder, "noop.c");
        await File.WriteAllTextAsync(source, "#include <mpi.h>\nint main(int argc, char **argv) { MPI_Init(&argc, &argv); MPI_Finalize(); return 0; }\n");
        var program = Path.Combine(folder, "noop");
        using var compile = Process.Start("mpicc", [source, "-o", program]);
        await compile.WaitForExitAsync();
        return compile.ExitCode == 0 ? program : throw new InvalidOperationException("mpicc could not compile the no-op MPI program: is MPICH installed (mpicc)?");
    }
}
