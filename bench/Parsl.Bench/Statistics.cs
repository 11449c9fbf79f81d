namespace Parsl.Bench;

/// <summary>The one statistic the scenarios report: machines are noisy, so medians, not means.</summary>
internal static class Statistics
{
    /// <summary>The middle value (the upper middle of an even count), as <see cref="Measurement.Median"/> takes it.</summary>
    public static T Median<T>(IReadOnlyCollection<T> values) => values.Order().ElementAt(values.Count / 2);
}
