using Parsl.Dashboard.Pages;

namespace Parsl.Dashboard.Charts;

/// <summary>A chart's value axis: horizontal grid lines at fractions of the peak, each labelled on the left.</summary>
internal static class ValueAxis
{
    /// <summary>Lines from <paramref name="left"/> to <paramref name="right"/> at each of <paramref name="fractions"/> of the
    /// height between <paramref name="bottom"/> (0) and <paramref name="top"/> (1), labelled with <paramref name="label"/>.</summary>
    public static void Draw(HtmlWriter svg, double left, double right, double top, double bottom, IEnumerable<double> fractions, Func<double, string> label)
    {
        foreach (var fraction in fractions)
        {
            var y = bottom - (bottom - top) * fraction;
            svg.Add($"""<line class="grid" x1="{left}" x2="{right}" y1="{y:0.#}" y2="{y:0.#}"/>""");
            svg.Add($"""<text class="tick value" x="{left - 4}" y="{y + 4:0.#}">{label(fraction)}</text>""");
        }
    }
}
