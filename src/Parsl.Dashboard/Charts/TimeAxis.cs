using System.Globalization;
using Parsl.Dashboard.Pages;

namespace Parsl.Dashboard.Charts;

/// <summary>A time axis in seconds from a run's start: round ticks (1, 2, 5 × a power of ten, or whole minutes and hours) and their labels.</summary>
internal static class TimeAxis
{
    /// <summary>Ticks from 0 to <paramref name="end"/>, about <paramref name="count"/> of them.</summary>
    public static IEnumerable<double> Ticks(double end, int count = 6)
    {
        var step = Step(Math.Max(end, 1e-3) / count);
        for (var t = 0.0; t <= end + step * 1e-9; t += step)
            yield return t;
    }

    private static double Step(double rough)
    {
        double[] humane = [60, 120, 300, 600, 900, 1800, 3600, 7200, 3 * 3600, 6 * 3600, 12 * 3600, 86400];
        if (rough >= 45)
            return humane.FirstOrDefault(s => s >= rough, Math.Ceiling(rough / 86400) * 86400);
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        return new[] { 1, 2, 5, 10 }.Select(m => m * power).First(s => s >= rough);
    }

    /// <summary>"750 ms", "12 s", "1.5 s", "3 min", "1 h 20 min".</summary>
    public static string Label(double seconds)
    {
        var c = CultureInfo.InvariantCulture;
        return seconds switch
        {
            0 => "0",
            < 1 => string.Create(c, $"{seconds * 1000:0.#} ms"),
            < 60 => string.Create(c, $"{seconds:0.##} s"),
            < 3600 => string.Create(c, $"{seconds / 60:0.#} min"),
            _ => string.Create(c, $"{Math.Floor(seconds / 3600):0} h") + (seconds % 3600 >= 60 ? string.Create(c, $" {Math.Floor(seconds % 3600 / 60):0} min") : ""),
        };
    }

    /// <summary>Vertical grid lines and labels under a plot from <paramref name="left"/> to <paramref name="right"/>, between <paramref name="top"/> and <paramref name="bottom"/>.</summary>
    public static void Draw(HtmlWriter svg, double end, double left, double right, double top, double bottom)
    {
        foreach (var t in Ticks(end))
        {
            var x = left + (right - left) * (end <= 0 ? 0 : t / end);
            svg.Add($"""<line class="grid" x1="{x:0.#}" x2="{x:0.#}" y1="{top:0.#}" y2="{bottom:0.#}"/><text class="tick" x="{x:0.#}" y="{bottom + 14:0.#}">{Label(t)}</text>""");
        }
    }
}
