using Parsl.Dashboard.Data;
using Parsl.Dashboard.Pages;

namespace Parsl.Dashboard.Charts;

/// <summary>
/// Tasks by state over the run, as stacked areas (<see cref="StateHistory"/> counts them): at each of 200 instants, how
/// many tasks were pending, launched, running, and how many had ended in each final state.
/// </summary>
internal static class StateChart
{
    private const int Samples = StateHistory.Samples;
    private const double Left = 48, Right = 890, Top = 8, Bottom = 190, Width = 900, Height = 214;

    public static string Render(StateHistory history, double end)
    {
        var states = ShownState.All;
        var counts = history.Counts;
        var peak = Math.Max(1, Enumerable.Range(0, Samples + 1).Max(i => states.Sum(s => counts[s][i])));

        var svg = new HtmlWriter();
        svg.Add($"""<svg class="chart states" viewBox="0 0 {Width} {Height}" role="img" aria-label="Tasks by state over time" data-peak="{peak}">""");
        ValueAxis.Draw(svg, Left, Right, Top, Bottom, [0, 0.5, 1], f => Math.Round(peak * f).ToString("0", System.Globalization.CultureInfo.InvariantCulture));
        TimeAxis.Draw(svg, end, Left, Right, Top, Bottom);
        // Bottom up: the ended states first, so the work still to do sits on top.
        var below = new long[Samples + 1];
        foreach (var state in states.Reverse())
        {
            var count = counts[state];
            if (count.All(c => c == 0))
                continue;
            var upper = new long[Samples + 1];
            for (var i = 0; i <= Samples; i++)
                upper[i] = below[i] + count[i];
            svg.Add($"""<path class="area" data-state="{state}" fill="{ShownState.Colour(state)}" d="{Area(below, upper, peak)}"><title>{ShownState.Label(state)}</title></path>""");
            below = upper;
        }
        return svg.Add($"</svg>").ToString();
    }

    private static string Area(long[] lower, long[] upper, long peak)
    {
        var path = new System.Text.StringBuilder();
        double X(int i) => Left + (Right - Left) * i / Samples;
        double Y(long v) => Bottom - (Bottom - Top) * v / peak;
        for (var i = 0; i <= Samples; i++)
            path.Append(i == 0 ? 'M' : 'L').Append(Number(X(i))).Append(',').Append(Number(Y(upper[i])));
        for (var i = Samples; i >= 0; i--)
            path.Append('L').Append(Number(X(i))).Append(',').Append(Number(Y(lower[i])));
        return path.Append('Z').ToString();
    }

    private static string Number(double value) => value.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
}
