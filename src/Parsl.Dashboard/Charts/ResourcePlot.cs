using System.Globalization;
using Parsl.Dashboard.Data;
using Parsl.Dashboard.Pages;

namespace Parsl.Dashboard.Charts;

/// <summary>
/// One worker's tries over the run: a plot of a measure (CPU seconds, peak memory) per try against the time it ended.
/// Beyond 150 tries the axis is cut into 150 buckets and each shows its largest value, so a busy worker stays one small SVG.
/// </summary>
internal static class ResourcePlot
{
    private const int Buckets = 150;
    private const double Width = 440, Height = 140, Left = 56, Right = 432, Top = 20, Bottom = 114;

    public static string Render(string measure, IReadOnlyList<WorkerResources.Sample> samples, Func<WorkerResources.Sample, double?> value, Func<double, string> label, double end)
    {
        end = Math.Max(end, samples.Count == 0 ? 1e-3 : samples.Max(s => s.At));
        var points = samples.Where(s => value(s) is not null).Select(s => (s.At, Value: value(s)!.Value)).ToList();
        if (points.Count > Buckets)
            points = [.. points.GroupBy(p => Math.Min((int)(p.At / end * Buckets), Buckets - 1)).Select(g => g.MaxBy(p => p.Value))];
        var peak = points.Count == 0 ? 1 : Math.Max(points.Max(p => p.Value), 1e-9);

        var svg = new HtmlWriter();
        svg.Add($"""<svg class="chart resource" viewBox="0 0 {Width} {Height}" role="img" aria-label="{measure}" data-measure="{measure}" data-points="{points.Count}">""");
        svg.Add($"""<text class="title" x="{Left}" y="{Top - 8}">{measure}</text>""");
        ValueAxis.Draw(svg, Left, Right, Top, Bottom, [0, 1], f => label(peak * f));
        TimeAxis.Draw(svg, end, Left, Right, Top, Bottom);
        foreach (var (at, v) in points)
        {
            var x = Left + (Right - Left) * at / end;
            var y = Bottom - (Bottom - Top) * v / peak;
            svg.Add($"""<circle class="sample" cx="{x:0.#}" cy="{y:0.#}" r="2.2"><title>{label(v)} at {TimeAxis.Label(at)}</title></circle>""");
        }
        return svg.Add($"</svg>").ToString();
    }

    public static string Seconds(double seconds) => seconds.ToString(seconds < 10 ? "0.##" : "0", CultureInfo.InvariantCulture) + " s";

    public static string Bytes(double bytes) => bytes switch
    {
        >= 1 << 30 => (bytes / (1 << 30)).ToString("0.##", CultureInfo.InvariantCulture) + " GiB",
        >= 1 << 20 => (bytes / (1 << 20)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB",
        >= 1 << 10 => (bytes / (1 << 10)).ToString("0", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString("0", CultureInfo.InvariantCulture) + " B",
    };
}
