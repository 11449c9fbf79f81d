using Parsl.Dashboard.Data;
using Parsl.Dashboard.Pages;

namespace Parsl.Dashboard.Charts;

/// <summary>
/// The tries of a run on lanes, grouped by executor and block: a lane is a worker when the executor names it, else a
/// slot its tries are packed into (a try takes the first lane free when it starts, as on a thread pool). Up to
/// <see cref="DetailLimit"/> tries each is a bar; beyond that each lane is cut into time buckets drawn by how busy they
/// were and with which app, so the page stays small for 100,000 tasks.
/// </summary>
internal static class TaskGantt
{
    public const int DetailLimit = 2000;
    private const int MaxLanes = 120, Buckets = 240;
    private const double LabelWidth = 230, Right = 1090, Width = 1100, Top = 4;

    private sealed class Lane(string group, string name)
    {
        public string Group { get; } = group;
        public string Name { get; set; } = name;
        public double FreeAt { get; set; } = double.NegativeInfinity;
        public List<RunTimeline.TrySpan> Tries { get; } = [];
    }

    public static string Render(RunTimeline timeline, string runLink)
    {
        var lanes = Lanes(timeline);
        if (lanes.Count == 0)
            return """<p class="empty">No try has started yet.</p>""";
        var end = Math.Max(timeline.End, 1e-3);
        var shown = lanes.Take(MaxLanes).ToList();
        var rowHeight = Math.Clamp(480.0 / shown.Count, 7, 18);
        var bottom = Top + rowHeight * shown.Count;
        var detailed = timeline.Tries.Count <= DetailLimit;
        double X(double t) => LabelWidth + (Right - LabelWidth) * Math.Clamp(t / end, 0, 1);

        var svg = new HtmlWriter();
        svg.Add($"""<svg class="chart gantt" viewBox="0 0 {Width} {bottom + 22:0.#}" role="img" aria-label="Tries by worker over time" data-lanes="{lanes.Count}" data-tries="{timeline.Tries.Count}" data-mode="{(detailed ? "tries" : "buckets")}">""");
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
            svg.Add($"""<text class="lane" x="{LabelWidth - 6}" y="{y + rowHeight * 0.75:0.#}">{Shorten(lane.Name, 36)}</text>""");
            var barHeight = Math.Max(rowHeight - 2, 1);
            if (detailed)
                foreach (var t in lane.Tries)
                {
                    var x = X(t.Start);
                    var width = Math.Max(X(t.End ?? end) - x, 0.8);
                    svg.Add($"""<a href="{runLink}/tasks/{t.TaskId}"><rect class="try{(t.Failed ? " failed" : "")}" x="{x:0.##}" y="{y + 1:0.#}" width="{width:0.##}" height="{barHeight:0.#}" fill="{AppPalette.Colour(t.App)}"><title>task {t.TaskId} · {AppPalette.ShortName(timeline.Apps[t.App])} · try {t.Try} · {TimeAxis.Label((t.End ?? end) - t.Start)}{(t.End is null ? " so far" : "")}</title></rect></a>""");
                }
            else
                DrawLoad(svg, lane, end, y + 1, barHeight, X);
        }
        if (lanes.Count > shown.Count)
            svg.Add($"""<text class="note" x="{LabelWidth}" y="{bottom + 20:0.#}">{lanes.Count - shown.Count} more lanes not shown</text>""");
        svg.Add($"</svg>");
        svg.Raw(Legend(timeline.Apps));
        return svg.ToString();
    }

    /// <summary>A lane in time buckets: each run of buckets with the same main app and about the same load is one rectangle.</summary>
    private static void DrawLoad(HtmlWriter svg, Lane lane, double end, double y, double height, Func<double, double> x)
    {
        var width = end / Buckets;
        var busy = new double[Buckets];
        var mainApp = new int[Buckets];
        var mainOverlap = new double[Buckets];
        var failed = new bool[Buckets];
        foreach (var t in lane.Tries)
        {
            var stop = t.End ?? end;
            var first = Math.Clamp((int)(t.Start / width), 0, Buckets - 1);
            var last = Math.Clamp((int)(stop / width), 0, Buckets - 1);
            for (var b = first; b <= last; b++)
            {
                var overlap = Math.Min(stop, (b + 1) * width) - Math.Max(t.Start, b * width);
                if (overlap <= 0)
                    continue;
                busy[b] += overlap;
                if (overlap > mainOverlap[b])
                    (mainOverlap[b], mainApp[b]) = (overlap, t.App);
            }
            failed[last] |= t.Failed;
        }
        static int Level(double load) => load <= 0 ? 0 : (int)Math.Ceiling(Math.Min(load, 1) * 4); // quarters
        for (var b = 0; b < Buckets;)
        {
            var level = Level(busy[b] / width);
            var from = b;
            while (b < Buckets && Level(busy[b] / width) == level && (level == 0 || mainApp[b] == mainApp[from]))
                b++;
            if (level > 0)
                svg.Add($"""<rect class="load" x="{x(from * width):0.##}" y="{y:0.#}" width="{x(b * width) - x(from * width):0.##}" height="{height:0.#}" fill="{AppPalette.Colour(mainApp[from])}" fill-opacity="{level / 4.0:0.##}"/>""");
        }
        for (var b = 0; b < Buckets; b++)
            if (failed[b])
                svg.Add($"""<rect class="try failed" x="{x(b * width):0.##}" y="{y:0.#}" width="1.5" height="{height:0.#}"/>""");
    }

    private static List<Lane> Lanes(RunTimeline timeline)
    {
        var lanes = new List<Lane>();
        var groups = timeline.Tries
            .GroupBy(t => (t.Executor, Block: t.Block ?? "", Worker: t.Worker ?? ""))
            .OrderBy(g => g.Key.Executor, StringComparer.Ordinal).ThenBy(g => g.Key.Block, StringComparer.Ordinal).ThenBy(g => g.Key.Worker, StringComparer.Ordinal);
        foreach (var tries in groups)
        {
            var (executor, block, worker) = tries.Key;
            var group = executor + (block.Length > 0 ? " · block " + block : "");
            var name = group + (worker.Length > 0 ? " · " + worker : "");
            var packed = new List<Lane>();
            foreach (var t in tries.OrderBy(t => t.Start))
            {
                var lane = packed.Find(l => l.FreeAt <= t.Start);
                if (lane is null)
                    packed.Add(lane = new Lane(group, name));
                lane.Tries.Add(t);
                lane.FreeAt = t.End ?? double.PositiveInfinity;
            }
            if (packed.Count > 1)
                for (var i = 0; i < packed.Count; i++)
                    packed[i].Name = $"{name} #{i + 1}";
            lanes.AddRange(packed);
        }
        return lanes;
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
