using System.Diagnostics;
using System.Text.Json;
using Parsl.Dashboard.Data;

namespace Parsl.Dashboard.Pages;

/// <summary>
/// <c>/runs/{run}/live</c>: what the run page's script polls while the run goes. JSON with the run's state, its counts by
/// state, the live sections rendered anew, and when to ask again (a slower database is asked less often).
/// </summary>
internal static class LivePayload
{
    public static byte[] Render(RunRecord run, RunSections sections, Stopwatch elapsed)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteBoolean("live", run.IsLive);
            json.WriteString("finished", run.Finished is null ? null : Format.Time(run.Finished));
            json.WriteNumber("total", sections.Tally.Total);
            json.WriteStartObject("counts");
            foreach (var (state, count) in sections.Tally.ByState())
                json.WriteNumber(state, count);
            json.WriteEndObject();
            json.WriteStartObject("sections");
            json.WriteString("counts", sections.CountsHtml);
            json.WriteString("states", sections.StatesSvg);
            json.WriteString("gantt", sections.GanttSvg);
            json.WriteString("graph", sections.GraphHtml);
            json.WriteEndObject();
            json.WriteNumber("pollMilliseconds", Math.Clamp((long)elapsed.Elapsed.TotalMilliseconds * 5, 1000, 10_000));
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
