using Parsl.Executors;

namespace Parsl.Tests;

/// <summary>
/// A worker process loads the workflow's assemblies, whose generated initializers register every app, but makes the
/// definitions (its type's static fields: a generic instantiation and a codec each) only of the apps its tries name:
/// a worker's start does not grow with the number of apps in the workflow.
/// </summary>
public sealed class AppRegistrationTests : KernelTest
{
    protected override IReadOnlyList<IExecutor> Executors => [HighThroughputExecutorTests.Htex(workers: 1)];

    [Fact]
    public async Task A_worker_makes_the_definitions_of_the_apps_its_tries_name_and_no_others()
    {
        // A fresh worker process: this test's own process made every definition long ago.
        Assert.Equal(["the probe's own"], await RegistrationProbeApps.DefinitionsMadeAsync());

        Assert.Equal(7, await IdleApps.SevenAsync());
        Assert.Equal(["idle apps'", "the probe's own"], await RegistrationProbeApps.DefinitionsMadeAsync());
    }

    [Fact]
    public void A_registered_app_is_found_by_id_with_its_assemblys_build()
    {
        var seven = AppRegistry.Find("Parsl.Tests.IdleApps.Seven");

        Assert.NotNull(seven);
        Assert.Equal(typeof(IdleApps).Assembly.ManifestModule.ModuleVersionId, seven.Build);
        Assert.Equal("Parsl.Tests", seven.AssemblyName);
        Assert.Contains(AppRegistry.Apps, app => ReferenceEquals(app, seven));
    }

    [Fact]
    public void A_second_app_with_a_registered_id_is_refused_naming_both_declarations()
    {
        var clash = new CodeAppDefinition<Arguments<Future<int>>, ValueTuple<int>, int>(
            new() { Id = "Parsl.Tests.IdleApps.Seven", ReturnTypeName = "int", Parameters = [new("x", "int")], SourceFile = "Elsewhere.cs", SourceLine = 3 },
            static a => new(a.Arg1.Value), static (v, ct) => v.Item1);

        var refusal = Assert.Throws<InvalidOperationException>(() => AppRegistry.Register(clash));

        Assert.Contains("Two apps have the id Parsl.Tests.IdleApps.Seven", refusal.Message);
        Assert.Contains("AppRegistrationTests.cs:", refusal.Message);
        Assert.Contains("Elsewhere.cs:3", refusal.Message);
    }
}

/// <summary>Says which of the app types below have made their definitions in this process.</summary>
public static partial class RegistrationProbeApps
{
    internal static readonly bool Made = MadeDefinitions.Record("the probe's own");

    [App]
    public static partial string[] DefinitionsMade() => [.. MadeDefinitions.Types.Order(StringComparer.Ordinal)];
}

/// <summary>Apps that no test runs but the one that asks after them.</summary>
public static partial class IdleApps
{
    internal static readonly bool Made = MadeDefinitions.Record("idle apps'");

    [App]
    public static partial int Seven() => 7;
}

/// <summary>Written by the static initializers of the app types above, which run when their definitions are made.</summary>
internal static class MadeDefinitions
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> s_types = new();

    public static IEnumerable<string> Types => s_types.Keys;

    public static bool Record(string type) => s_types.TryAdd(type, true);
}
