using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Parsl.Bench.Compile;

// dotnet run -c Release --project bench/Parsl.Bench.Compile -- [--json] [--apps N] [--runs R] [--floor sdk|sdk-alone|minimal]
//                                                     [--only Analyzer1,Analyzer2|none|floor-probe] [--sequential]
//                                                     [--real-build [--warmups W]] [--generator parsl|floor] [--profile-edit N]
// Times what the generator and the analyzers add to compiling a project of N apps, and an unrelated edit afterwards:
// in-process by default (each phase apart, against binding the project), or with --real-build through `dotnet build`
// and a warm compiler server against the real compile without Parsl (RealBuild.cs), which prints issue 23's `ratio` and
// `edit_ratio`.
var json = args.Contains("--json");
var apps = Option("--apps") ?? 1000;
var runs = Option("--runs") ?? 5;

// "--generator floor": the floor generator (FloorGenerator) in Parsl's place, for the generator and edit figures.
s_floorGenerator = OptionText("--generator") == "floor";
var parseOptions = new CSharpParseOptions(LanguageVersion.Preview);
var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
    .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "netstandard.dll")
    .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
    .Append(MetadataReference.CreateFromFile(typeof(Parsl.AppAttribute).Assembly.Location))
    .ToList();
var trees = SyntheticProject.Files(apps).Select((source, i) => CSharpSyntaxTree.ParseText(source, parseOptions, path: $"Part{i}.cs")).ToList();
var compilation = CSharpCompilation.Create("Synthetic", trees, references,
    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
if (args.Contains("--real-build"))
{
    var builds = RealBuild.Measure(apps, runs, warmUps: Option("--warmups") ?? 8, json ? _ => { } : Console.WriteLine);
    double MedianOf(Func<RealBuild.Run, double> figure) => builds.Select(figure).Order().ElementAt(builds.Count / 2);
    var generator = MedianOf(b => b.GeneratorMs);
    var analyzersReported = MedianOf(b => b.AnalyzersMs);
    var compileWith = MedianOf(b => b.CompileMs);
    var compileWithout = MedianOf(b => b.PlainCompileMs);
    // What the compiler reports for Parsl's generator and analyzers over the compile without them (the Csc task of the
    // twin holding the generated code as sources), and the difference of the two compiles over the same: the first is
    // the precise figure, the second the whole cost a build sees (noisier: two builds' spread).
    var compileFloor = MedianOf(b => b.FloorCompileMs);
    var floorGenerator = MedianOf(b => b.FloorGeneratorMs);
    var addedRatio = (generator + analyzersReported) / compileWithout;
    var differenceRatio = (compileWith - compileWithout) / compileWithout;
    var floorDifferenceRatio = (compileFloor - compileWithout) / compileWithout;
    // The IDE's case, which a build never has (each build parses anew): the generator run again after an unrelated edit,
    // in process, over the same compile.
    var editMs = EditTimes(parseOptions, compilation, trees, runs);
    var editShare = editMs / compileWithout;
    if (json)
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"scenario\":\"build-{apps}-apps\",\"n\":{apps},\"runs\":{runs},\"generator_ms\":{generator:0},\"analyzers_ms\":{analyzersReported:0},\"added_ms\":{generator + analyzersReported:0},\"compile_ms\":{compileWith:0},\"compile_without_parsl_ms\":{compileWithout:0},\"compile_floor_ms\":{compileFloor:0},\"floor_generator_ms\":{floorGenerator:0},\"unrelated_edit_ms\":{editMs:0.0},\"ratio\":{addedRatio:0.0000},\"edit_ratio\":{editShare:0.0000},\"difference_ratio\":{differenceRatio:0.0000},\"floor_difference_ratio\":{floorDifferenceRatio:0.0000}}}"));
    else
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dotnet build of {apps} apps after an unrelated edit, through a warm compiler server, median of {runs} runs:"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  generator, as the compiler reports it              {generator,8:0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  analyzers, as the compiler reports them            {analyzersReported,8:0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  added by Parsl (the two above)                     {generator + analyzersReported,8:0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the compile (Csc task) with Parsl                  {compileWith,8:0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the compile without (generated code as sources)    {compileWithout,8:0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the compile with the floor generator instead       {compileFloor,8:0} ms (the generator itself {floorGenerator:0} ms)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the generator after an unrelated edit, in process  {editMs,8:0.0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio: added / compile without                     {addedRatio,8:0.0%} (target 5 %)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  edit ratio: the edit / compile without             {editShare,8:0.0%} (target 2 %)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  difference of the compiles / compile without       {differenceRatio,8:0.0%} (with Parsl)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the same with the floor generator                  {floorDifferenceRatio,8:0.0%}"));
    }
    return;
}
// "--profile-edit N": the generator once, then N unrelated edits and nothing else, for a profiler to watch.
if (Option("--profile-edit") is { } edits)
{
    var driverAfterFirst = NewDriver(parseOptions, trackSteps: false, timed: true).RunGenerators(Fresh(parseOptions, compilation, trees));
    var baseCompilation = Fresh(parseOptions, compilation, trees);
    driverAfterFirst = driverAfterFirst.RunGenerators(baseCompilation);
    var editClock = Stopwatch.StartNew();
    for (var i = 0; i < edits; i++)
        driverAfterFirst.RunGenerators(UnrelatedEdit(baseCompilation, i));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{edits} unrelated edits: {editClock.Elapsed.TotalMilliseconds / edits:0.00} ms each"));
    return;
}

// "--only floor-probe" puts a do-nothing analyzer that asks for every body's operations in the Parsl analyzers' place:
// when it adds nothing, the floor already binds every body, and binding shared with it costs a build nothing more.
ImmutableArray<DiagnosticAnalyzer> analyzers = OptionText("--only") == "floor-probe" ? [new FloorProbe()] : [.. typeof(Parsl.Analyzers.BlockingOnFutureAnalyzer).Assembly.GetTypes()
    .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
    .Where(t => OptionText("--only") is not { } only || only.Split(',').Contains(t.Name)) // "--only none" checks the comparison is fair
    .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)];

// A build runs the SDK's analyzers anyway, and they have the driver bind every method body into operations (the probe
// `--floor sdk-alone --only floor-probe` puts a do-nothing analyzer asking for all of them in the Parsl analyzers' place,
// and it adds nothing), which the Parsl analyzers share. So what the Parsl analyzers add is the time of the floor
// together with them, minus the floor alone. The floor is the SDK's own analyzers with a BodyBinder, which binds those
// bodies first so that the time the driver reports for the Parsl analyzers is their own work (--floor sdk-alone: without
// it, so the Parsl analyzers bind the bodies they read themselves); with --floor minimal (or when no SDK is found) the
// BodyBinder alone.
var floorKind = OptionText("--floor") ?? "sdk";
var (sdkAnalyzers, sdkSource) = floorKind == "minimal" ? ([], "--floor minimal") : SdkAnalyzers.Load();
if (sdkAnalyzers.IsEmpty)
    floorKind = "minimal";
ImmutableArray<DiagnosticAnalyzer> floorAnalyzer = floorKind == "sdk-alone" ? sdkAnalyzers : sdkAnalyzers.Add(new BodyBinder());
if (!json)
    Console.WriteLine(sdkAnalyzers.IsEmpty ? $"floor: binding every body ({sdkSource})" : $"floor ({floorKind}): the SDK's {sdkAnalyzers.Length} analyzers from {sdkSource}{(floorKind == "sdk" ? ", every body bound first" : "")}");
// Both runs time every analyzer (as -p:ReportAnalyzer does), so the timing itself is on both sides.
var timed = new CompilationWithAnalyzersOptions(new AnalyzerOptions([], new BuildProperties()), onAnalyzerException: null, concurrentAnalysis: !args.Contains("--sequential"), logAnalyzerExecutionTime: true);
var floor = new List<double>();
var compile = new List<double>();
var generate = new List<double>();
var analyze = new List<double>();
var analyzeCpu = new List<double>();
var floorCpuTimes = new List<double>();
var allocatedAboveFloor = new List<double>();
var incremental = new List<double>();
var reported = new List<double>();
var perAnalyzer = new SortedDictionary<string, List<double>>(StringComparer.Ordinal);
var parse = new List<double>();
var generatedChars = 0L;
var generatedFiles = 0;
var cachedAfterEdit = true;
// Builds on a developer machine go through the warm compiler server; the first runs here pay JIT and tier-up instead,
// so they are run and dropped.
const int warmUps = 5;
var findings = ImmutableArray<Diagnostic>.Empty;
for (var run = 1 - warmUps; run <= runs; run++)
    await MeasureOnce(run);

// One run, in a function of its own: what it builds (compilations, analyzed and bound) is garbage once it returns,
// where locals of the loop itself would live on in the async state machine, and the next run's timed phases would run
// beside a heap a build never has.
async Task MeasureOnce(int run)
{
    // Fresh compilations each run, so no run reuses another's bound trees.
    var fresh = Fresh(parseOptions, compilation, trees);

    Settle();
    var collectionsBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    var clock = Stopwatch.StartNew();
    // As a build runs it: without recording the steps (only tests and the step report below ask for that, and it took a
    // third of the time measured here before).
    var driver = NewDriver(parseOptions, trackSteps: false, timed: true).RunGeneratorsAndUpdateCompilation(fresh, out var generated, out var generatorDiagnostics);
    var generatorTime = clock.Elapsed.TotalMilliseconds;
    var collections = (GC.CollectionCount(0) - collectionsBefore.Item1, GC.CollectionCount(1) - collectionsBefore.Item2, GC.CollectionCount(2) - collectionsBefore.Item3);
    if (s_floorGenerator) // it emits nothing: the project is compiled (and analyzed) with Parsl's output, made untimed
        NewDriver(parseOptions, trackSteps: false).RunGeneratorsAndUpdateCompilation(fresh, out generated, out generatorDiagnostics);

    // The driver hands back generated trees unparsed; the build parses them next. Their size is the generator's doing.
    var generatedTrees = generated.SyntaxTrees.Skip(trees.Count).ToList();
    clock.Restart();
    foreach (var tree in generatedTrees)
        tree.GetRoot();
    var parseTime = clock.Elapsed.TotalMilliseconds;
    generatedChars = generatedTrees.Sum(tree => (long)tree.Length);
    generatedFiles = generatedTrees.Count;

    clock.Restart();
    var errors = generated.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    var compileTime = clock.Elapsed.TotalMilliseconds;
    if (errors.Count > 0 || generatorDiagnostics.Length > 0)
        throw new InvalidOperationException("the synthetic project does not compile: " + string.Join("\n", errors.Concat(generatorDiagnostics).Take(5)));

    // The two sides of the analyzer comparison each get a compilation of their own, in the same state (fresh from
    // parsing, generated, compiled once), and take turns going first: analyzing a compilation leaves lazily computed
    // data on its trees and symbols that a second analysis would get for free, which once made an empty set of Parsl
    // analyzers look 90 ms slower than the floor.
    var floorCompilation = Prepared(parseOptions, compilation, trees);
    var analyzerTime = 0.0;
    var floorTime = 0.0;
    CompilationWithAnalyzers? withParsl = null;
    CompilationWithAnalyzers? floorOnly = null;
    var analyzerCpu = 0.0;
    var analyzerAllocated = 0L;
    var floorAllocated = 0L;
    var floorCpu = 0.0;
    foreach (var parslFirst in run % 2 == 0 ? new[] { true, false } : [false, true])
    {
        Settle();
        var cpuAtStart = CpuMs();
        var allocatedAtStart = GC.GetTotalAllocatedBytes(precise: true);
        clock.Restart();
        if (parslFirst)
        {
            withParsl = generated.WithAnalyzers(analyzers.AddRange(floorAnalyzer), timed);
            findings = await withParsl.GetAnalyzerDiagnosticsAsync();
            analyzerTime = clock.Elapsed.TotalMilliseconds;
            analyzerCpu = CpuMs() - cpuAtStart;
            analyzerAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedAtStart;
        }
        else
        {
            floorOnly = floorCompilation.WithAnalyzers(floorAnalyzer, timed);
            await floorOnly.GetAnalyzerDiagnosticsAsync();
            floorTime = clock.Elapsed.TotalMilliseconds;
            floorCpu = CpuMs() - cpuAtStart;
            floorAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedAtStart;
        }
    }

    // What `dotnet build -p:ReportAnalyzer=true` prints for them: the time inside their callbacks, summed over threads.
    var reportedTime = 0.0;
    foreach (var analyzer in analyzers)
    {
        var time = (await withParsl!.GetAnalyzerTelemetryInfoAsync(analyzer, default)).ExecutionTime.TotalMilliseconds;
        reportedTime += time;
        if (run > 0)
            (perAnalyzer.TryGetValue(analyzer.GetType().Name, out var times) ? times : perAnalyzer[analyzer.GetType().Name] = []).Add(time);
    }
    if (run == runs && !json)
    {
        var slowest = (await floorOnly!.GetAnalysisResultAsync(default)).AnalyzerTelemetryInfo
            .OrderByDescending(pair => pair.Value.ExecutionTime).Take(5);
        foreach (var (analyzer, info) in slowest)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  floor analyzer {analyzer.GetType().Name,-50} {info.ExecutionTime.TotalMilliseconds,8:0.0} ms"));
    }

    var edited = UnrelatedEdit(fresh, run + warmUps);
    Settle();
    clock.Restart();
    driver.RunGenerators(edited);
    var incrementalTime = clock.Elapsed.TotalMilliseconds;

    if (run == runs)
    {
        // Untimed: the same two runs with their steps recorded, for the step report and to see that the edit left
        // every output cached.
        var tracked = NewDriver(parseOptions, trackSteps: true).RunGenerators(fresh);
        var result = tracked.GetRunResult().Results.Single();
        cachedAfterEdit = tracked.RunGenerators(edited).GetRunResult().Results.Single().TrackedOutputSteps
            .SelectMany(s => s.Value).SelectMany(s => s.Outputs).All(o => o.Reason == IncrementalStepRunReason.Cached);
        if (!json)
            foreach (var (name, steps) in result.TrackedSteps.Concat(result.TrackedOutputSteps))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  step {name,-28} {steps.Sum(s => s.ElapsedTime.TotalMilliseconds),8:0.0} ms (recorded run)"));
    }
    if (run == runs && !json)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  generator run, as the driver reports it          {driver.GetTimingInfo().ElapsedTime.TotalMilliseconds,8:0.0} ms (collections gen0/1/2: {collections.Item1}/{collections.Item2}/{collections.Item3})"));
    }
    if (run <= 0)
    {
        if (run == 0 && findings.Length > 0)
            Console.Error.WriteLine($"note: the analyzers report {findings.Length} findings on the synthetic project, e.g. {findings[0]}");
        return; // warm-up: JIT, reference loading
    }
    analyzeCpu.Add(analyzerCpu);
    allocatedAboveFloor.Add((analyzerAllocated - floorAllocated) / 1048576.0);
    floorCpuTimes.Add(floorCpu);
    compile.Add(compileTime);
    floor.Add(floorTime);
    reported.Add(reportedTime);
    generate.Add(generatorTime);
    parse.Add(parseTime);
    analyze.Add(analyzerTime);
    incremental.Add(incrementalTime);
}

double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
// A difference of medians, not a median of per-run differences: the sides take turns going first, so per-run
// differences swing both ways with whichever side ran first. With --only none it is within noise of 0.
var analyzersAboveFloor = Median(analyze) - Median(floor);
var added = Median(generate) + Median(reported);
var addedWithParse = added + Median(parse);
// What Parsl adds as a share of binding the project (its diagnostics, with the generated code), and the generator after
// an unrelated edit as a share of the same; and of binding plus the SDK's analyzers. Binding is only part of a compile
// (no emit, no build's own work): issue 23's ratios are over a real compile, from --real-build.
var ratio = added / Median(compile);
var editRatio = Median(incremental) / Median(compile);
var buildRatio = added / (Median(compile) + Median(floor));
if (json)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{{\"scenario\":\"compile-{apps}-apps\",\"n\":{apps},\"runs\":{runs},\"compile_ms\":{Median(compile):0.0},\"generator_ms\":{Median(generate):0.0},\"generated_files\":{generatedFiles},\"generated_chars\":{generatedChars},\"generated_parse_ms\":{Median(parse):0.0},\"analyzers_ms\":{Median(analyze):0.0},\"analyzer_floor\":\"{floorKind}\",\"analyzer_floor_ms\":{Median(floor):0.0},\"analyzers_reported_ms\":{Median(reported):0.0},\"analyzers_above_floor_ms\":{analyzersAboveFloor:0.0},\"analyzers_cpu_above_floor_ms\":{Median(analyzeCpu) - Median(floorCpuTimes):0.0},\"analyzers_allocated_above_floor_mb\":{Median(allocatedAboveFloor):0.0},\"added_ms\":{added:0.0},\"added_with_parse_ms\":{addedWithParse:0.0},\"unrelated_edit_ms\":{Median(incremental):0.00},\"unrelated_edit_all_cached\":{(cachedAfterEdit ? "true" : "false")},\"generator\":\"{(s_floorGenerator ? "floor" : "parsl")}\",\"ratio_of_binding\":{ratio:0.0000},\"edit_ratio_of_binding\":{editRatio:0.0000},\"build_ratio\":{buildRatio:0.0000}}}"));
}
else
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{apps} apps, {trees.Count} files, median of {runs} runs:"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  compile (bind + diagnostics, with generated code)  {Median(compile),8:0.0} ms"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  generator                                          {Median(generate),8:0.0} ms"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  parsing the generated code ({generatedFiles} files, {generatedChars / 1024} KiB) {Median(parse),8:0.0} ms"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  analyzers                                          {Median(analyze),8:0.0} ms"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the floor: analyzers every build runs anyway       {Median(floor),8:0.0} ms (spread {floor.Min():0}-{floor.Max():0})"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  wall clock with them minus without (medians)      {analyzersAboveFloor,8:0.0} ms"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  CPU time with them minus without (medians)        {Median(analyzeCpu) - Median(floorCpuTimes),8:0.0} ms (floor {Median(floorCpuTimes):0}, spread {floorCpuTimes.Min():0}-{floorCpuTimes.Max():0})"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  allocated with them minus without (median)        {Median(allocatedAboveFloor),8:0.0} MB"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Parsl analyzers as the driver reports them         {Median(reported),8:0.0} ms"));
    foreach (var (name, times) in perAnalyzer)
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {name,-46} {Median(times),8:0.0} ms"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  added by Parsl (generator + analyzers, reported)   {added,8:0.0} ms"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the same, with parsing the generated code          {addedWithParse,8:0.0} ms"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  generator after an unrelated edit                  {Median(incremental),8:0.00} ms (all outputs cached: {cachedAfterEdit})"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  added / binding the project                       {ratio,8:0.0%}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the edit / binding the project                    {editRatio,8:0.0%}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  build ratio: added / (compile + SDK analyzers)     {buildRatio,8:0.0%}"));
    Console.WriteLine("  (issue 23's ratios, over a real compile: --real-build)");
    if (s_floorGenerator)
        Console.WriteLine("  (generator figures are the floor generator's: ForAttributeWithMetadataName alone; the project is compiled with Parsl's output)");
}

// The generator whose figures are reported (Parsl's, or with --generator floor the floor's); everything else runs Parsl's.
static GeneratorDriver NewDriver(CSharpParseOptions parseOptions, bool trackSteps, bool timed = false) =>
    CSharpGeneratorDriver.Create([(timed && s_floorGenerator ? (IIncrementalGenerator)new Parsl.Bench.Compile.Floor.FloorGenerator() : new Parsl.Generators.AppGenerator()).AsSourceGenerator()], parseOptions: parseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

// The issue's unrelated edit: one method body changed elsewhere (a helper's, which no app's declaration depends on).
static Compilation UnrelatedEdit(Compilation compilation, int edit)
{
    var tree = compilation.SyntaxTrees.First();
    var text = tree.GetText().ToString();
    var body = text.IndexOf("x * 0.5 + 1", StringComparison.Ordinal);
    return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().Replace(body, "x * 0.5 + 1".Length, $"x * 0.5 + {edit + 2}")));
}

// The generator after an unrelated edit, median of the runs (after warm-ups), each on a freshly parsed project.
static double EditTimes(CSharpParseOptions parseOptions, CSharpCompilation compilation, IReadOnlyList<SyntaxTree> trees, int runs)
{
    var times = new List<double>();
    for (var run = -4; run <= runs; run++)
    {
        var fresh = Fresh(parseOptions, compilation, trees);
        var driver = NewDriver(parseOptions, trackSteps: false, timed: true).RunGenerators(fresh);
        var edited = UnrelatedEdit(fresh, run + 10);
        Settle();
        var clock = Stopwatch.StartNew();
        driver.RunGenerators(edited);
        if (run > 0)
            times.Add(clock.Elapsed.TotalMilliseconds);
    }
    return times.Order().ElementAt(times.Count / 2);
}

// A compilation as a build has it when its analyzers run: freshly parsed, generated, compiled; none of it timed.
static Compilation Prepared(CSharpParseOptions parseOptions, CSharpCompilation compilation, IReadOnlyList<SyntaxTree> trees)
{
    var fresh = Fresh(parseOptions, compilation, trees);
    NewDriver(parseOptions, trackSteps: false).RunGeneratorsAndUpdateCompilation(fresh, out var generated, out _);
    generated.GetDiagnostics();
    return generated;
}

// CPU time of the whole process, all threads: what a side of the comparison cost, whatever the scheduling.
static double CpuMs() => Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;

// The project's sources parsed anew, so nothing computed lazily on another compilation's trees carries over.
static CSharpCompilation Fresh(CSharpParseOptions parseOptions, CSharpCompilation compilation, IReadOnlyList<SyntaxTree> trees) =>
    compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(trees.Select(t => CSharpSyntaxTree.ParseText(t.GetText(), parseOptions, t.FilePath)));

// A collection left over from the previous phase would otherwise land inside the next one's time.
static void Settle()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
}

string? OptionText(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

int? Option(string name) => OptionText(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;

internal static partial class Program
{
    private static bool s_floorGenerator;
}
