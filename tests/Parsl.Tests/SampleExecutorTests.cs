namespace Parsl.Tests;

/// <summary>
/// The README's promise: the Docking sample gives the same ranking on threads, on worker processes, and on blocks from
/// each real scheduler here, changing only <c>--executor</c> or <c>--config</c>.
/// </summary>
[Collection(SchedulerCollection.Name)]
public sealed class SampleExecutorTests
{
    private static readonly Lazy<Task<DockingRun>> s_onThreads = new(() => RunAsync("--executor", "threads"));

    private static string Config(string name) => Path.Combine(ChildProcess.Repository, "samples", "Docking", "configs", name);

    [Fact]
    public async Task Docking_ranks_the_same_pairs_on_threads_and_on_worker_processes()
    {
        var threads = (await s_onThreads.Value).Ranking;
        var workers = await RunDockingAsync("--executor", "htex");

        Assert.Equal(24, threads.Count);
        Assert.Equal(threads, workers);
    }

    [Fact]
    public async Task Docking_reads_its_inputs_from_a_local_http_server_by_one_switch()
    {
        await using var server = await LocalHttpServer.StartAsync();
        var inputs = Path.Combine(ChildProcess.Repository, "samples", "Docking", "inputs");
        foreach (var file in Directory.EnumerateFiles(inputs, "*", SearchOption.AllDirectories))
            server.Files["/docking/" + Path.GetRelativePath(inputs, file).Replace('\\', '/')] = File.ReadAllBytes(file);

        var ranking = await RunDockingAsync("--inputs", server.BaseUrl + "/docking");

        Assert.Equal((await s_onThreads.Value).Ranking, ranking);
        Assert.Equal(10, server.Files.Count);
        Assert.All(server.Files.Keys, path => Assert.Equal(1, server.Requests.GetValueOrDefault(path))); // each fetched once, for all its docks
    }

    [Fact]
    public async Task Docking_ranks_the_same_pairs_from_the_local_config_files()
    {
        Assert.Equal((await s_onThreads.Value).Ranking, await RunDockingAsync("--config", Config("local.yaml")));
        Assert.Equal((await s_onThreads.Value).Ranking, await RunDockingAsync("--config", Config("htex-local.yaml")));
    }

    [ServiceFact("slurm")]
    public async Task Docking_ranks_the_same_pairs_on_slurm_blocks() =>
        Assert.Equal((await s_onThreads.Value).Ranking, await RunDockingAsync("--config", Config("slurm.yaml")));

    [ServiceFact("sge")]
    public async Task Docking_ranks_the_same_pairs_on_grid_engine_blocks() =>
        Assert.Equal((await s_onThreads.Value).Ranking, await RunDockingAsync("--config", Config("gridengine.yaml")));

    [ServiceFact("sshd", "slurm")]
    public async Task Docking_ranks_the_same_pairs_on_slurm_blocks_submitted_over_ssh()
    {
        // As shipped: jobs submitted over SSH get the login shell's PATH, and the file's worker_init adds dock.sh's.
        Assert.Equal((await s_onThreads.Value).Ranking, await RunDockingAsync("--config", Config("slurm-over-ssh.yaml")));
    }

    [Fact]
    public async Task A_bad_config_ends_the_sample_with_one_line_naming_the_file_and_line_and_a_nonzero_exit()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("parsl-docking-bad-").FullName;
        try
        {
            var config = Path.Combine(workingDirectory, "bad.yaml");
            await File.WriteAllTextAsync(config, "executors:\n  - type: htex\n    max_workers_per_node: -2\n");
            using var sample = ChildProcess.Start("Docking", workingDirectory, "--config", config);
            var stderr = sample.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TestTimings.Scaled(TimeSpan.FromSeconds(60)));
            await sample.WaitForExitAsync(timeout.Token);

            Assert.Equal(2, sample.ExitCode);
            var line = Assert.Single((await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal($"Docking: {config}:3:27: config.executors[0].max_workers_per_node must be at least 1; it is -2.", line);
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Docking_prints_its_progress_on_stderr_unless_told_not_to()
    {
        var shown = await s_onThreads.Value;
        var quiet = await RunAsync("--executor", "threads", "--no-progress");

        // stderr is not a terminal here: plain lines, ending with the final count and the run's summary (24 docks, 1 analysis).
        Assert.True(shown.Progress.Count >= 2, shown.Errors);
        Assert.Matches(@"^parsl: 25/25 done, 0 failed, 0 running, 0 pending · \d+(\.\d)? tasks/s$", shown.Progress[^2]);
        Assert.StartsWith("parsl: 25 tasks: 25 done", shown.Progress[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("parsl: ", shown.Output, StringComparison.Ordinal); // stdout stays the program's own
        Assert.Equal(shown.Ranking, quiet.Ranking);
        Assert.Empty(quiet.Progress);
    }

    /// <summary>What the sample printed: stdout, and stderr.</summary>
    private sealed record DockingRun(string Output, string Errors)
    {
        /// <summary>The ranking rows (rank, protein, ligand, score).</summary>
        public List<string> Ranking => [.. Output.Split('\n').Where(line => line.Length > 4 && char.IsDigit(line.TrimStart()[0]))];

        /// <summary>The progress view's lines.</summary>
        public List<string> Progress => [.. Errors.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.StartsWith("parsl: ", StringComparison.Ordinal))];
    }

    /// <summary>The ranking rows the sample prints (rank, protein, ligand, score).</summary>
    private static async Task<List<string>> RunDockingAsync(params string[] arguments) => (await RunAsync(arguments)).Ranking;

    private static async Task<DockingRun> RunAsync(params string[] arguments)
    {
        var workingDirectory = Directory.CreateTempSubdirectory("parsl-docking-").FullName;
        try
        {
            using var sample = ChildProcess.Start("Docking", workingDirectory, arguments);
            var stdout = sample.StandardOutput.ReadToEndAsync();
            var stderr = sample.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await sample.WaitForExitAsync(timeout.Token);
            Assert.True(sample.ExitCode == 0, $"Docking {string.Join(' ', arguments)} exited with {sample.ExitCode}: {await stderr}");
            // A scheduler ends a cancelled job's processes a moment after scancel/qdel returns.
            await Poll.UntilAsync(() => WorkerProcesses.Remaining(workingDirectory).Count == 0, TimeSpan.FromSeconds(30),
                "every manager and worker of the run to end: " + string.Join("; ", WorkerProcesses.Remaining(workingDirectory)));
            return new DockingRun(await stdout, await stderr);
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }
}
