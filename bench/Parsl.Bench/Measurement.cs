using System.Globalization;
using System.Text;

namespace Parsl.Bench;

/// <summary>One scenario's figures over several runs; medians are reported because machines are noisy.</summary>
internal sealed record Measurement(string Scenario, long N, IReadOnlyList<TimeSpan> Runs, double? BytesPerTask = null,
    IReadOnlyDictionary<string, double>? Extra = null, IReadOnlyDictionary<string, string>? Labels = null)
{
    public TimeSpan Median => Runs.Order().ElementAt(Runs.Count / 2);

    public double TasksPerSecond => N / Median.TotalSeconds;

    public double MicrosecondsPerTask => Median.TotalMicroseconds / N;

    /// <summary>The header of the table <see cref="ToLine"/> writes rows of.</summary>
    public static string Header => $"{"scenario",-16} {"n",10} {"median ms",10} {"min ms",9} {"max ms",9} {"tasks/s",12} {"µs/task",9} {"bytes/task",11}";

    /// <summary>One row of the table, with the extra figures after it.</summary>
    public string ToLine()
    {
        var extras = string.Concat((Extra ?? new Dictionary<string, double>()).Select(e => string.Create(CultureInfo.InvariantCulture, $"  {e.Key}={e.Value:0.###}")));
        return string.Create(CultureInfo.InvariantCulture,
            $"{Scenario,-16} {N,10} {Median.TotalMilliseconds,10:0.0} {Runs.Min().TotalMilliseconds,9:0.0} {Runs.Max().TotalMilliseconds,9:0.0} {TasksPerSecond,12:0} {MicrosecondsPerTask,9:0.000} {(BytesPerTask is { } b ? b.ToString("0", CultureInfo.InvariantCulture) : "-"),11}") + extras;
    }

    public string ToJson()
    {
        var json = new StringBuilder("{");
        Field(json, "scenario", $"\"{Scenario}\"");
        foreach (var (name, value) in Labels ?? new Dictionary<string, string>())
            Field(json, name, $"\"{value}\"");
        Field(json, "n", N.ToString(CultureInfo.InvariantCulture));
        Field(json, "runs", Runs.Count.ToString(CultureInfo.InvariantCulture));
        Field(json, "median_ms", Number(Median.TotalMilliseconds));
        Field(json, "min_ms", Number(Runs.Min().TotalMilliseconds));
        Field(json, "max_ms", Number(Runs.Max().TotalMilliseconds));
        Field(json, "runs_ms", "[" + string.Join(",", Runs.Select(r => Number(r.TotalMilliseconds))) + "]");
        Field(json, "tasks_per_s", Number(TasksPerSecond));
        Field(json, "us_per_task", Number(MicrosecondsPerTask));
        if (BytesPerTask is { } bytes)
            Field(json, "bytes_per_task", Number(bytes));
        foreach (var (name, value) in Extra ?? new Dictionary<string, double>())
            Field(json, name, Number(value));
        json.Length--; // trailing comma
        return json.Append('}').ToString();
    }

    private static void Field(StringBuilder json, string name, string value) => json.Append('"').Append(name).Append("\":").Append(value).Append(',');

    private static string Number(double value) => Math.Round(value, 3).ToString(CultureInfo.InvariantCulture);
}
