using System.Diagnostics;
using Parsl.Providers;

namespace Parsl.Tests;

/// <summary>The local provider starts real process groups; these tests watch them start, end, fail and die.</summary>
public sealed class LocalProviderTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-provider-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private BlockRequest Block(string command, TimeSpan? walltime = null) => new(command, "block-" + Guid.NewGuid().ToString("N")[..8], _scratch, walltime);

    private static async Task<BlockStatus> FinalStatusAsync(IExecutionProvider provider, string jobId)
    {
        BlockStatus status = new(BlockState.Pending);
        await Poll.UntilAsync(() => (status = provider.StatusAsync([jobId], CancellationToken.None).AsTask().Result[jobId]).IsFinal, "the block to end");
        return status;
    }

    private static bool IsGone(int pid) =>
        !File.Exists($"/proc/{pid}/status") || File.ReadAllText($"/proc/{pid}/status").Contains("State:\tZ", StringComparison.Ordinal);

    [Fact]
    public async Task A_block_runs_its_command_with_its_output_in_the_log_directory()
    {
        await using var provider = new LocalProvider();
        var request = Block("echo \"hello from $0\"");

        var jobId = await provider.SubmitAsync(request, CancellationToken.None);

        Assert.Equal(new BlockStatus(BlockState.Completed, 0), await FinalStatusAsync(provider, jobId));
        Assert.Equal("hello from bash\n", File.ReadAllText(Path.Combine(_scratch, request.JobName + ".stdout")));
    }

    [Fact]
    public async Task A_failed_block_reports_its_exit_code_and_the_end_of_its_stderr()
    {
        await using var provider = new LocalProvider();

        var jobId = await provider.SubmitAsync(Block("echo 'worker pool could not connect' >&2; exit 3"), CancellationToken.None);

        var status = await FinalStatusAsync(provider, jobId);
        Assert.Equal(BlockState.Failed, status.State);
        Assert.Equal(3, status.ExitCode);
        Assert.Contains("worker pool could not connect", status.Message);
    }

    [Fact]
    public async Task Cancelling_a_block_kills_its_whole_process_group()
    {
        var pidFile = Path.Combine(_scratch, "child.pid");
        await using var provider = new LocalProvider();
        var jobId = await provider.SubmitAsync(Block($"sleep 60 & echo $! > {ShellCommand.Quote(pidFile)}; wait"), CancellationToken.None);
        await Poll.UntilAsync(() => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n'), "the block to start its child");
        var child = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var clock = Stopwatch.StartNew();

        await provider.CancelAsync([jobId], CancellationToken.None);

        Assert.True(clock.Elapsed < TestTimings.Scaled(TimeSpan.FromSeconds(5)), $"cancelling took {clock.Elapsed}");
        Assert.Equal(BlockState.Cancelled, (await provider.StatusAsync([jobId], CancellationToken.None))[jobId].State);
        await Poll.UntilAsync(() => IsGone(child), TimeSpan.FromSeconds(5), "the block's child to die");
    }

    [Fact]
    public async Task Cancelling_a_block_lets_its_processes_finish_their_clean_up_though_its_shell_dies_at_once()
    {
        // The block's shell dies of SIGTERM at once; the command under it takes half a second to clean up. The cancel
        // waits for the whole group (within its grace), so the clean-up is done when it returns.
        var (ready, cleaned) = (Path.Combine(_scratch, "ready"), Path.Combine(_scratch, "cleaned"));
        await using var provider = new LocalProvider();
        var command = $"bash --norc -c 'trap \"sleep 0.5; echo done > {cleaned}; exit 0\" TERM; touch {ready}; while :; do sleep 0.1; done'; true";
        var jobId = await provider.SubmitAsync(Block(command), CancellationToken.None);
        await Poll.UntilAsync(() => File.Exists(ready), "the block's command to start");

        await provider.CancelAsync([jobId], CancellationToken.None);

        Assert.True(File.Exists(cleaned), "the command under the block's shell was killed before it finished its clean-up");
        Assert.Equal("done", File.ReadAllText(cleaned).Trim());
    }

    [Fact]
    public async Task Disposing_the_provider_cancels_every_block_and_a_walltime_ends_one()
    {
        var provider = new LocalProvider();
        var running = await provider.SubmitAsync(Block("sleep 60"), CancellationToken.None);
        var limited = await provider.SubmitAsync(Block("sleep 60", walltime: TimeSpan.FromMilliseconds(300)), CancellationToken.None);

        Assert.Equal(BlockState.Cancelled, (await FinalStatusAsync(provider, limited)).State);
        Assert.Equal(BlockState.Running, (await provider.StatusAsync([running], CancellationToken.None))[running].State);
        await provider.DisposeAsync();

        Assert.Equal(BlockState.Cancelled, (await provider.StatusAsync([running], CancellationToken.None))[running].State);
        Assert.True(IsGone(int.Parse(running, System.Globalization.CultureInfo.InvariantCulture)));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await provider.SubmitAsync(Block("true"), CancellationToken.None));
    }

    [Fact]
    public async Task A_job_it_never_started_is_unknown()
    {
        await using var provider = new LocalProvider();

        var statuses = await provider.StatusAsync(["12345678"], CancellationToken.None);

        Assert.Equal(BlockState.Unknown, statuses["12345678"].State);
    }
}
