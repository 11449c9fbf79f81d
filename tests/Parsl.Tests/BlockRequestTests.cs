using System.Diagnostics;
using Parsl.Executors;
using Parsl.Providers;

namespace Parsl.Tests;

/// <summary>
/// A block request says what to run as a program with arguments and environment, not only as a bash line: a provider
/// that starts the manager itself (as a container or cloud provider would: no shell, no script) runs a real workflow.
/// </summary>
public sealed class BlockRequestTests
{
    /// <summary>Starts each block's program directly from the request's structured fields, ignoring its bash command.</summary>
    private sealed class DirectProcessProvider : IExecutionProvider
    {
        private readonly Dictionary<string, Process> _blocks = [];

        public List<BlockRequest> Requests { get; } = [];

        public string Name => "direct";

        public ValueTask<string> SubmitAsync(BlockRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            var start = new ProcessStartInfo(request.Program!) { UseShellExecute = false, WorkingDirectory = request.WorkingDirectory ?? "" };
            foreach (var argument in request.Arguments)
                start.ArgumentList.Add(argument);
            foreach (var (name, value) in request.Environment)
                start.Environment[name] = value;
            var process = Process.Start(start)!;
            lock (_blocks)
                _blocks[process.Id.ToString()] = process;
            return ValueTask.FromResult(process.Id.ToString());
        }

        public ValueTask<IReadOnlyDictionary<string, BlockStatus>> StatusAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken)
        {
            lock (_blocks)
            {
                return ValueTask.FromResult<IReadOnlyDictionary<string, BlockStatus>>(jobIds.ToDictionary(id => id, id =>
                    !_blocks.TryGetValue(id, out var process) ? new BlockStatus(BlockState.Unknown)
                    : process.HasExited ? new BlockStatus(process.ExitCode == 0 ? BlockState.Completed : BlockState.Failed, process.ExitCode)
                    : new BlockStatus(BlockState.Running)));
            }
        }

        public ValueTask CancelAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken)
        {
            lock (_blocks)
            {
                foreach (var id in jobIds)
                {
                    if (_blocks.TryGetValue(id, out var process) && !process.HasExited)
                        process.Kill(entireProcessTree: true);
                }
            }
            return ValueTask.CompletedTask;
        }

        public async ValueTask DisposeAsync()
        {
            await CancelAsync([.. _blocks.Keys], CancellationToken.None);
            foreach (var process in _blocks.Values)
                process.Dispose();
        }
    }

    [Fact]
    public async Task A_provider_that_starts_the_program_itself_runs_a_workflow_and_the_bash_line_says_the_same()
    {
        var provider = new DirectProcessProvider();
        var like = HighThroughputExecutorTests.Htex(blocks: 1, workers: 1);
        var htex = new HighThroughputExecutor("direct")
        {
            Provider = provider, Scaling = like.Scaling, MaxWorkersPerNode = 1, HeartbeatPeriod = like.HeartbeatPeriod,
            HeartbeatThreshold = like.HeartbeatThreshold, ScalingInterval = like.ScalingInterval,
        };
        var runDirectory = Directory.CreateTempSubdirectory("parsl-direct-").FullName;
        try
        {
            await using var kernel = await DataFlowKernel.LoadAsync(new ParslConfig { Executors = [htex], RunDirectory = runDirectory });
            Assert.Equal(81, await HtexApps.SquareAsync(9));
        }
        finally
        {
            Directory.Delete(runDirectory, recursive: true);
        }

        var request = Assert.Single(provider.Requests);
        Assert.EndsWith("dotnet", request.Program);
        Assert.Equal(["exec", "--depsfile"], request.Arguments.Take(2));
        Assert.Contains("manager", request.Arguments);
        Assert.Equal(["--block", "0"], request.Arguments.TakeLast(2));
        Assert.Equal(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory), request.Environment["PARSL_PROGRAM_DIR"]);
        Assert.Null(request.Setup);
        Assert.Null(request.Image);
        // Shell-based providers run the same program, arguments and environment from the bash line.
        Assert.Contains(string.Join(' ', request.Arguments.Prepend(request.Program!).Select(ShellCommand.Quote)), request.Command);
        Assert.StartsWith($"export PARSL_PROGRAM_DIR={ShellCommand.Quote(request.Environment["PARSL_PROGRAM_DIR"])}\n", request.Command);
    }
}
