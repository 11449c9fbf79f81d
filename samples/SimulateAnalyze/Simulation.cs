using Parsl;

namespace SimulateAnalyze;

/// <summary>The Swift example from the Parsl talk, as Parsl for .NET apps.</summary>
public static partial class Simulation
{
    /// <summary>One simulation; its values go to output/sim_{index}.out. Cached: a rerun with the same arguments (and the
    /// output file untouched) takes the result from the checkpoint instead of simulating again.</summary>
    [BashApp("simulate.sh --timesteps {steps} --range {range} --nvalues {values} --seed {index}", Stdout = "output/sim_{index}.out", Cache = true)]
    public static partial BashResult Simulate(int index, int steps, int range, int values);

    /// <summary>The average over every simulation's output: each file is passed to stats.sh as its own argument (and, for
    /// the memo key, stands for its content).</summary>
    [BashApp("stats.sh {simulations}", Stdout = "output/average.out", Cache = true)]
    public static partial BashResult Analyze(IReadOnlyList<BashResult> simulations);

    /// <summary>Swift's <c>foreach i in [0:nsim-1] { sims[i] = simulation(...) } stats = analyze(sims)</c>.</summary>
    [Workflow]
    public static AppFuture<BashResult> Run(int nsim, int steps, int range, int values)
    {
        var simulations = new AppFuture<BashResult>[nsim];
        for (var i = 0; i < nsim; i++)
            simulations[i] = SimulateAsync(i, steps, range, values); // all nsim run in parallel
        return AnalyzeAsync(simulations); // starts once every simulation has written its file
    }
}
