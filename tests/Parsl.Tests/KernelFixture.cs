using Parsl.Executors;

namespace Parsl.Tests;

/// <summary>Loads a kernel per test, with its run directory and scratch files in a temporary directory.</summary>
public abstract class KernelTest : IAsyncLifetime
{
    protected string Scratch { get; } = Directory.CreateTempSubdirectory("parsl-test-").FullName;

    protected DataFlowKernel Kernel { get; private set; } = null!;

    protected virtual IReadOnlyList<IExecutor> Executors => [new ThreadPoolExecutor("local", maxThreads: 4)];

    /// <summary>Adjusts the config a test class loads.</summary>
    protected virtual ParslConfig Configure(ParslConfig config) => config;

    public async Task InitializeAsync() =>
        Kernel = await DataFlowKernel.LoadAsync(Configure(new ParslConfig
        {
            Executors = Executors,
            RunDirectory = Path.Combine(Scratch, "runinfo"),
            ExitOnCtrlC = false,
        }));

    public virtual async Task DisposeAsync()
    {
        await Kernel.ShutdownAsync(cancelOutstanding: true);
        Directory.Delete(Scratch, recursive: true);
    }

    protected string ScratchFile(string name) => Path.Combine(Scratch, name);
}
