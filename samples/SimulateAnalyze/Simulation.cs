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
}
