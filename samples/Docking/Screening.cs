using System.Globalization;
using Parsl;

namespace Docking;

/// <summary>One docked pair; lower scores bind better.</summary>
public sealed record DockingScore(string Protein, string Ligand, double Score);

/// <summary>The protein-ligand screen from the Parsl talk: dock every pair in parallel, then analyse.</summary>
public static partial class Screening
{
    /// <summary>Wraps the docking program; each pair's report lands in its own file.</summary>
    [BashApp("dock.sh {protein} {ligand} --min {minRadius}", Stdout = "docking-out/{protein}-{ligand}.txt")]
    public static partial BashResult Dock(string protein, string ligand, double minRadius);

    /// <summary>Reads every report and ranks the pairs, best binding first.</summary>
    [App]
    public static partial DockingScore[] Analyze(IReadOnlyList<BashResult> reports) =>
        [.. reports.Select(ReadReport).OrderBy(s => s.Score).ThenBy(s => s.Protein, StringComparer.Ordinal).ThenBy(s => s.Ligand, StringComparer.Ordinal)];

    /// <summary>The screen: dock every protein against every ligand in parallel, then rank them all.</summary>
    [Workflow]
    public static AppFuture<DockingScore[]> Screen(string[] proteins, string[] ligands, double minRadius)
    {
        var reports = new List<AppFuture<BashResult>>();
        foreach (var protein in proteins)
            foreach (var ligand in ligands)
                reports.Add(DockAsync(protein, ligand, minRadius)); // returns at once; the docks run in parallel
        return AnalyzeAsync(reports); // runs when every dock is done
    }

    private static DockingScore ReadReport(BashResult report)
    {
        var fields = File.ReadLines(report.StdoutPath!)
            .Select(line => line.Split(' ', 2))
            .ToDictionary(parts => parts[0], parts => parts[1]);
        return new DockingScore(fields["protein"], fields["ligand"], double.Parse(fields["score"], CultureInfo.InvariantCulture));
    }
}
