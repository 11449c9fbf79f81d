using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Parsl.Generators.Tests;

/// <summary>
/// Compares generated files with checked-in <c>Snapshots/&lt;test&gt;/&lt;hint&gt;.verified.cs</c>. A missing or different
/// file fails the test and writes <c>.received.cs</c> beside it; set <c>PARSL_ACCEPT_SNAPSHOTS=1</c> to accept.
/// </summary>
internal static class Snapshot
{
    public static void Match(GeneratorDriverRunResult result, [CallerMemberName] string test = "")
    {
        var directory = Path.Combine(ProjectDirectory, "Snapshots", test);
        var accept = Environment.GetEnvironmentVariable("PARSL_ACCEPT_SNAPSHOTS") == "1";
        var generated = result.Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        Assert.NotEmpty(generated);
        var failures = new List<string>();
        foreach (var (hintName, text) in generated.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var verified = Path.Combine(directory, BaseName(hintName) + ".verified.cs");
            var received = Path.Combine(directory, BaseName(hintName) + ".received.cs");
            if (accept)
            {
                Directory.CreateDirectory(directory);
                File.WriteAllText(verified, text);
                File.Delete(received);
                continue;
            }
            if (File.Exists(verified) && File.ReadAllText(verified) == text)
            {
                File.Delete(received);
                continue;
            }
            Directory.CreateDirectory(directory);
            File.WriteAllText(received, text);
            failures.Add(File.Exists(verified) ? $"{hintName} differs from {verified}" : $"{verified} does not exist");
        }
        var stale = Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.verified.cs").Where(f => !generated.Keys.Any(h => Path.GetFileName(f) == BaseName(h) + ".verified.cs")).ToList()
            : [];
        if (accept)
            stale.ForEach(File.Delete);
        else
            failures.AddRange(stale.Select(f => $"{f} was not generated"));
        Assert.True(failures.Count == 0,
            string.Join("\n", failures) + "\nCompare the .received.cs files; run with PARSL_ACCEPT_SNAPSHOTS=1 to accept them.");
    }

    // From bin/<Configuration>/net10.0 up to the project: [CallerFilePath] cannot be used, because CI builds
    // (ContinuousIntegrationBuild) map source paths to /_/.
    private static string ProjectDirectory => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Parent!.Parent!.FullName;

    private static string BaseName(string hintName) => hintName.EndsWith(".g.cs", StringComparison.Ordinal) ? hintName[..^".g.cs".Length] : hintName;
}
