namespace Parsl.Generators.Helpers;

/// <summary>The generator's version, which is the Parsl package's (one version for every assembly of the repository).</summary>
internal static class GeneratorVersion
{
    public static readonly string Value = Format(typeof(GeneratorVersion).Assembly.GetName().Version);

    private static string Format(System.Version? version) => version is null
        ? "0.0.0"
        : version.Major + "." + version.Minor + "." + System.Math.Max(version.Build, 0);
}
