using Parsl.Dataflow;
using Parsl.Executors;

namespace Parsl.Tests;

/// <summary>The kernel's coarse clock stops waking when nothing reads it, and is current again at the next read.</summary>
[Collection(CoarseClockCollection.Name)]
public sealed class CoarseClockTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-clock-").FullName;

    [Fact]
    public async Task An_idle_kernels_clock_parks_and_the_next_read_is_current()
    {
        await using var kernel = await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [new ThreadPoolExecutor("local", maxThreads: 1)],
            RunDirectory = Path.Combine(_scratch, "runinfo"),
            ExitOnCtrlC = false,
        });
        Assert.Equal(4, await TestApps.AddAsync(2, 2));

        // A loaded kernel with nothing to do: its clock thread must not wake a hundred times a second for ever.
        await Poll.UntilAsync(() => CoarseClock.IsParked, "the clock's thread to park once nothing reads the clock");
        await Task.Delay(300); // the parked value falls behind
        var before = Environment.TickCount64;

        Assert.InRange(CoarseClock.Now, before, Environment.TickCount64);
        Assert.False(CoarseClock.IsParked);
        Assert.Equal(6, await TestApps.AddAsync(3, 3)); // and the kernel goes on
    }

    // IDisposable: xunit v2 never calls a test class's IAsyncDisposable.DisposeAsync (the folders stayed behind).
    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}

/// <summary>The clock is process-wide: its tests run while no other test's kernel reads it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CoarseClockCollection
{
    public const string Name = "coarse-clock";
}
