using System.Globalization;
using Parsl;

namespace Docking;

/// <summary>One docked pair; lower scores bind better.</summary>
public sealed record DockingScore(string Protein, string Ligand, double Score);

/// <summary>The protein-ligand screen from the Parsl talk: dock every pair in parallel, then analyse.</summary>
public static partial class Screening
{
    /// <summary>Wraps the docking program: a protein structure and a ligand in, a report out, in its own file per pair.
    /// The files are local paths or URLs; a URL's file is fetched before the program runs, and it reads the copy.
    /// Cached: a screen run again with checkpoints (<c>checkpoint: task_exit</c>, <c>checkpoint_files: latest</c>) docks
    /// only the pairs whose inputs changed.</summary>
    [BashApp("dock.sh {protein} {ligand} --min {minRadius}", Stdout = "docking-out/{pair}.txt", Cache = true)]
    public static partial BashResult Dock(string pair, DataFile protein, DataFile ligand, double minRadius);

    /// <summary>Reads every report and ranks the pairs, best binding first.</summary>
    [App]
    public static partial DockingScore[] Analyze(IReadOnlyList<BashResult> reports) =>
        [.. reports.Select(ReadReport).OrderBy(s => s.Score).ThenBy(s => s.Protein, StringComparer.Ordinal).ThenBy(s => s.Ligand, StringComparer.Ordinal)];

    /// <summary>The screen: dock every protein against every ligand in parallel, then rank them all. The inputs are
    /// <c>proteins/NAME.pdb</c> and <c>ligands/NAME.smi</c> under <paramref name="inputs"/>: a folder, or a URL.</summary>
    [Workflow]
    public static AppFuture<DockingScore[]> Screen(string inputs, string[] proteins, string[] ligands, double minRadius)
    {
        var reports = new List<AppFuture<BashResult>>();
        foreach (var protein in proteins)
            foreach (var ligand in ligands)
                reports.Add(DockAsync($"{protein}-{ligand}", Input(inputs, $"proteins/{protein}.pdb"), Input(inputs, $"ligands/{ligand}.smi"), minRadius)); // returns at once; the docks run in parallel
        return AnalyzeAsync(reports); // runs when every dock is done
    }

    /// <summary>A file under the inputs: a path in a folder, or a URL on a server (fetched once however many docks read it).</summary>
    private static DataFile Input(string inputs, string name) =>
        new(inputs.Contains("://", StringComparison.Ordinal) ? $"{inputs.TrimEnd('/')}/{name}" : Path.Combine(inputs, name));

    private static DockingScore ReadReport(BashResult report)
    {
        var fields = File.ReadLines(report.StdoutPath!)
            .Select(line => line.Split(' ', 2))
            .ToDictionary(parts => parts[0], parts => parts[1]);
        return new DockingScore(fields["protein"], fields["ligand"], double.Parse(fields["score"], CultureInfo.InvariantCulture));
    }
}
