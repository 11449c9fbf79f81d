namespace Parsl.Tests;

public enum Loudness
{
    Quiet,
    Loud,
}

/// <summary>Apps whose methods have default values and a params array, as ported Python apps have.</summary>
public static partial class StubShapeTestApps
{
    [App]
    public static partial string Greet(string name, int times = 2, string punctuation = "!", Loudness loudness = Loudness.Loud, double scale = 0.5, int[]? extra = null)
        => string.Join(" ", Enumerable.Repeat(loudness == Loudness.Loud ? name.ToUpperInvariant() : name, times)) + punctuation
            + $" x{scale.ToString(System.Globalization.CultureInfo.InvariantCulture)}" + (extra is null ? " (no extra)" : $" (+{extra.Length})");

    [App]
    public static partial int SumAll(int first, params int[] rest) => first + rest.Sum();
}
