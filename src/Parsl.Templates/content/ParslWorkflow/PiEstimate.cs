using Parsl;

namespace ParslWorkflow;

/// <summary>Estimates π by throwing random points at the unit square, in parallel batches.</summary>
public static partial class PiEstimate
{
    /// <summary>Counts how many of <paramref name="samples"/> random points fall inside the quarter circle. Cached: the
    /// result depends only on the arguments (the random numbers come from the seed), so an identical call, in this run
    /// or from a checkpoint of an earlier one, returns the stored count without running.</summary>
    [App(Cache = true)]
    public static partial long CountInside(int seed, long samples)
    {
        var random = new Random(seed);
        long inside = 0;
        for (long i = 0; i < samples; i++)
        {
            var x = random.NextDouble();
            var y = random.NextDouble();
            if (x * x + y * y <= 1)
                inside++;
        }
        return inside;
    }

    /// <summary>Four times the fraction of all points that fell inside.</summary>
    [App]
    public static partial double Combine(IReadOnlyList<long> counts, long samplesPerBatch) =>
        4.0 * counts.Sum() / (counts.Count * samplesPerBatch);

    /// <summary>A bash app: any command line, its placeholders shell-quoted; here it writes the report file.</summary>
    [BashApp("echo \"pi is about {estimate:F4} ({batches} batches of {samplesPerBatch} points)\"", Stdout = "output/pi.txt")]
    public static partial BashResult Report(double estimate, int batches, long samplesPerBatch);

    /// <summary>The workflow: every batch runs in parallel, the estimate waits for all of them, the report for it.</summary>
    [Workflow]
    public static AppFuture<BashResult> Run(int batches, long samplesPerBatch)
    {
        var counts = new AppFuture<long>[batches];
        for (var i = 0; i < batches; i++)
            counts[i] = CountInsideAsync(i, samplesPerBatch); // returns at once; the batches run in parallel
        var estimate = CombineAsync(counts, samplesPerBatch); // runs when every batch is done
        return ReportAsync(estimate, batches, samplesPerBatch);
    }
}
