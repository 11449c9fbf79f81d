using System.Globalization;
using Parsl.Dashboard.Data;
using Parsl.Dashboard.Pages;

namespace Parsl.Dashboard.Charts;

/// <summary>
/// The tries of a run on lanes, grouped by executor and block. With few tries (<see cref="TryLanes.DetailLimit"/>) each
/// is a bar, and a worker the executor does not name is a slot its tries are packed into (a try takes the first lane free
/// when it starts, as on a thread pool). With many, each worker is one lane cut into time buckets, shaded by how busy the
/// worker was (over its slots, when it ran several tries at once), so the page stays small for 100,000 tries.
/// </summary>
internal static class TaskGantt
{
    private const int MaxLanes = 120, Buckets = TryLanes.Buckets;
    private const double LabelWidth = 300, Right = 1090, Width = 1100, Top = 4;

    /// <summary>One row of the chart: a worker, a slot, or a worker's time buckets.</summary>
    private sealed class Lane(string group, string name)
    {
        public string Group { get; } = group;
        public string Name { get; set; } = name;
        public double FreeAt { get; set; } = double.NegativeInfinity;
        public List<TryLanes.Try> Tries { get; } = [];
        public double[] Busy { get; } = new double[Buckets];
        public bool[] Failed { get; } = new bool[Buckets];
    }

    /// <param name="lanes">The run's tries.</param>
    /// <param name="apps">The run's apps: an app's colour is its place here, as in the legend.</param>
    /// <param name="end">The time axis' end, in seconds from the run's start.</param>
    /// <param name="runLink">The run's page, for links to each try's task.</param>
    public static string Render(TryLanes lanes, IReadOnlyList<string> apps, double end, string runLink)
    {
        var appIndex = apps.Select((a, i) => (a, i)).ToDictionary(p => p.a, p => p.i, StringComparer.Ordinal);
        var rows = lanes.Tries is { } tries ? Packed(tries) : Summed(lanes.Cells!, end);
        if (rows.Count == 0)
            return """<p class="empty">No try has started yet.</p>""";
        var shown = rows.Take(MaxLanes).ToList();
        var rowHeight = Math.Clamp(480.0 / shown.Count, 7, 18);
        var bottom = Top + rowHeight * shown.Count;
        double X(double t) => LabelWidth + (Right - LabelWidth) * Math.Clamp(t / end, 0, 1);

        var svg = new HtmlWriter();
        svg.Add($"""<svg class="chart gantt" viewBox="0 0 {Width} {bottom + 22:0.#}" role="img" aria-label="Tries by worker over time" data-lanes="{rows.Count}" data-tries="{lanes.Count}" data-mode="{(lanes.Tries is null ? "buckets" : "tries")}">""");
        TimeAxis.Draw(svg, end, LabelWidth, Right, Top, bottom);
        string? group = null;
        for (var row = 0; row < shown.Count; row++)
        {
            var lane = shown[row];
            var y = Top + row * rowHeight;
            if (lane.Group != group)
            {
                group = lane.Group;
                svg.Add($"""<line class="group" x1="0" x2="{Right}" y1="{y:0.#}" y2="{y:0.#}"/>""");
            }
            svg.Add($"""<text class="lane" x="{LabelWidth - 6}" y="{y + rowHeight * 0.8:0.#}" font-size="{Math.Min(10, rowHeight * 0.95):0.#}"><title>{lane.Name}</title>{Shorten(lane.Name, 54)}</text>""");
            var height = Math.Max(rowHeight - 2, 1);
            if (lanes.Tries is not null)
                foreach (var t in lane.Tries)
                {
                    var (x, colour) = (X(t.Start), AppPalette.Colour(appIndex.GetValueOrDefault(t.App)));
                    var took = TimeAxis.Label((t.End ?? end) - t.Start) + (t.End is null ? " so far" : "");
                    svg.Add($"""<a href="{runLink}/tasks/{t.TaskId}"><rect class="try{(t.Failed ? " failed" : "")}" x="{x:0.##}" y="{y + 1:0.#}" """);
                    svg.Add($"""width="{Math.Max(X(t.End ?? end) - x, 0.8):0.##}" height="{height:0.#}" fill="{colour}">""");
                    svg.Add($"""<title>task {t.TaskId} · {AppPalette.ShortName(t.App)} · try {t.Number} · {took}</title></rect></a>""");
                }
            else
                DrawLoad(svg, lane, end / Buckets, y + 1, height, X);
        }
        if (rows.Count > shown.Count)
            svg.Add($"""<text class="note" x="{LabelWidth}" y="{bottom + 20:0.#}">{rows.Count - shown.Count} more lanes not shown</text>""");
        svg.Add($"</svg>");
        svg.Raw(lanes.Tries is null ? LoadLegend() : Legend(apps));
        return svg.ToString();
    }

    /// <summary>Each try on a lane of its worker; tries of a worker the executor does not name are packed into slots.</summary>
    private static List<Lane> Packed(IReadOnlyList<TryLanes.Try> tries)
    {
        var lanes = new List<Lane>();
        foreach (var worker in tries.GroupBy(t => (t.Executor, Block: t.Block ?? "", Worker: t.Worker ?? "")).OrderBy(g => g.Key))
        {
            var (group, name) = Names(worker.Key.Executor, worker.Key.Block, worker.Key.Worker);
            var slots = new List<Lane>();
            foreach (var t in worker.OrderBy(t => t.Start))
            {
                var lane = slots.Find(l => l.FreeAt <= t.Start);
                if (lane is null)
                    slots.Add(lane = new Lane(group, name));
                lane.Tries.Add(t);
                lane.FreeAt = t.End ?? double.PositiveInfinity;
            }
            if (slots.Count > 1)
                for (var i = 0; i < slots.Count; i++)
                    slots[i].Name = $"{name} #{i + 1}";
            lanes.AddRange(slots);
        }
        return lanes;
    }

    /// <summary>
    /// Each worker's busy time per bucket, from the summed tries: n tries of one cell that started at s₁…sₙ in bucket a and
    /// ended at e₁…eₙ in bucket b are busy n·(a+1)·w − Σs in a, n·w in each bucket between, and Σe − n·b·w in b.
    /// </summary>
    private static List<Lane> Summed(IReadOnlyList<TryLanes.Cell> cells, double end)
    {
        var width = end / Buckets;
        var lanes = new Dictionary<(string, string, string), Lane>();
        foreach (var cell in cells)
        {
            var key = (cell.Executor, cell.Block ?? "", cell.Worker ?? "");
            if (!lanes.TryGetValue(key, out var lane))
            {
                var (group, name) = Names(key.Item1, key.Item2, key.Item3);
                lanes[key] = lane = new Lane(group, name);
            }
            var (first, last, n) = (cell.FirstBucket, cell.LastBucket, cell.Count);
            if (first == last)
                lane.Busy[first] += cell.EndSum - cell.StartSum;
            else
            {
                lane.Busy[first] += n * (first + 1) * width - cell.StartSum;
                for (var b = first + 1; b < last; b++)
                    lane.Busy[b] += n * width;
                lane.Busy[last] += cell.EndSum - n * last * width;
            }
            lane.Failed[last] |= cell.Failed;
        }
        foreach (var lane in lanes.Values)
        {
            // A worker that ran several tries at once (a thread pool, a manager whose workers are not named) has slots.
            var slots = Math.Max(1, (int)Math.Ceiling(lane.Busy.Max() / width - 1e-6));
            if (slots > 1)
            {
                lane.Name += string.Create(CultureInfo.InvariantCulture, $" ({slots} slots)");
                for (var b = 0; b < Buckets; b++)
                    lane.Busy[b] /= slots;
            }
        }
        return [.. lanes.OrderBy(l => l.Key).Select(l => l.Value)];
    }

    /// <summary>A lane in time buckets: each run of buckets with about the same load is one rectangle, darker when busier.</summary>
    private static void DrawLoad(HtmlWriter svg, Lane lane, double width, double y, double height, Func<double, double> x)
    {
        int Level(int b) => lane.Busy[b] <= 0 ? 0 : (int)Math.Ceiling(Math.Min(lane.Busy[b] / width, 1) * 4); // quarters
        for (var b = 0; b < Buckets;)
        {
            var (from, level) = (b, Level(b));
            while (b < Buckets && Level(b) == level)
                b++;
            if (level > 0)
                svg.Add($"""<rect class="load" x="{x(from * width):0.##}" y="{y:0.#}" width="{x(b * width) - x(from * width):0.##}" height="{height:0.#}" fill-opacity="{level / 4.0:0.##}"/>""");
        }
        for (var b = 0; b < Buckets; b++)
            if (lane.Failed[b])
                svg.Add($"""<rect class="try failed" x="{x(b * width):0.##}" y="{y:0.#}" width="1.5" height="{height:0.#}"/>""");
    }

    private static string LoadLegend() => """
        <ul class="legend"><li><svg class="swatch" viewBox="0 0 10 10"><rect class="load" width="10" height="10" fill-opacity="0.25"/></svg>a quarter busy</li>
        <li><svg class="swatch" viewBox="0 0 10 10"><rect class="load" width="10" height="10"/></svg>busy</li>
        <li><svg class="swatch" viewBox="0 0 10 10"><rect class="try failed" width="10" height="10"/></svg>a try failed</li>
        <li class="note">too many tries to draw each: each worker's time in buckets</li></ul>
        """;

    private static (string Group, string Name) Names(string executor, string block, string worker)
    {
        var group = executor + (block.Length > 0 ? " · block " + block : "");
        return (group, group + (worker.Length > 0 ? " · " + worker : ""));
    }

    private static string Legend(IReadOnlyList<string> apps)
    {
        var legend = new HtmlWriter().Add($"""<ul class="legend">""");
        for (var i = 0; i < apps.Count; i++)
            legend.Add($"""<li><svg class="swatch" viewBox="0 0 10 10"><rect width="10" height="10" fill="{AppPalette.Colour(i)}"/></svg>{AppPalette.ShortName(apps[i])}</li>""");
        return legend.Add($"""<li><svg class="swatch" viewBox="0 0 10 10"><rect class="try failed" width="10" height="10"/></svg>failed try</li></ul>""").ToString();
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : "…" + text[^(length - 1)..];
}
