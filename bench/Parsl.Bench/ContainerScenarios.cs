using System.Diagnostics;
using Parsl.Executors;

namespace Parsl.Bench;

/// <summary>What running a bash app in a container costs beyond the runtime's own start of one.</summary>
internal static class ContainerScenarios
{
    /// <summary>The image .ci/services/install-podman.sh imports (bash and coreutils of this machine).</summary>
    private const string Image = "localhost/parsl-test:2";

    /// <summary>
    /// N no-op bash apps (<c>true</c>) one at a time in <see cref="Image"/> through podman, against the same N outside any
    /// image, and against N plain <c>podman run --rm --pull=never --network=host IMAGE true</c> (the options Parsl gives it) started directly, all in the same run:
    /// <c>inside_ms</c> and <c>outside_ms</c> per app, <c>difference_ms</c> between them, and <c>runtime_ms</c>, the runtime's
    /// own cost of one run, which the difference should not exceed by more than Parsl's per-task cost (<c>beyond_runtime_ms</c>).
    /// </summary>
    public static async Task<Measurement> Overhead(long n, int runs)
    {
        var folder = Directory.CreateTempSubdirectory("parsl-bench-container-").FullName;
        try
        {
            await using var kernel = await DataFlowKernel.LoadAsync(new ParslConfig
            {
                Executors = [new ThreadPoolExecutor("local", 1)],
                RunDirectory = Path.Combine(folder, "runinfo"),
            });
            var inImage = new AppCallOptions { Container = new ContainerImage(Image) };
            await BenchApps.TrueAsync(inImage); // the image's layers are in the page cache, podman's storage warm
            var (inside, outside, direct) = (new List<TimeSpan>(), new List<TimeSpan>(), new List<TimeSpan>());
            for (var run = 0; run < runs; run++)
            {
                direct.Add(await DirectAsync(n));
                outside.Add(await SequentialAsync(n, null));
                inside.Add(await SequentialAsync(n, inImage));
            }
            var (insideMs, outsideMs, runtimeMs) = (PerTask(inside, n), PerTask(outside, n), PerTask(direct, n));
            return new Measurement("container-overhead", n, inside)
            {
                Extra = new Dictionary<string, double>
                {
                    ["inside_ms"] = insideMs,
                    ["outside_ms"] = outsideMs,
                    ["difference_ms"] = insideMs - outsideMs,
                    ["runtime_ms"] = runtimeMs,
                    ["beyond_runtime_ms"] = insideMs - outsideMs - runtimeMs,
                },
            };
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>N calls, each waited for before the next: the figure is one container's start and end, not a crowd's.</summary>
    private static async Task<TimeSpan> SequentialAsync(long n, AppCallOptions? options)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
            await BenchApps.TrueAsync(options);
        return clock.Elapsed;
    }

    /// <summary>The runtime alone: N <c>podman run --rm</c> of the same image, one after another, from one shell loop.</summary>
    private static async Task<TimeSpan> DirectAsync(long n)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"for i in $(seq {n}); do podman run --rm --pull=never --network=host {Image} true || exit 1; done");
        var clock = Stopwatch.StartNew();
        using var loop = Process.Start(start)!;
        await loop.StandardOutput.ReadToEndAsync();
        await loop.WaitForExitAsync();
        if (loop.ExitCode != 0)
            throw new InvalidOperationException($"podman run of {Image} failed ({loop.ExitCode}): run .ci/services/install-podman.sh (as root) first.");
        return clock.Elapsed;
    }

    private static double PerTask(List<TimeSpan> times, long n) => times.Order().ElementAt(times.Count / 2).TotalMilliseconds / n;
}
