using System.Globalization;

namespace Parsl.Dashboard.Pages;

/// <summary>How the pages show the database's values: times as they were recorded (UTC), durations in the largest fitting unit.</summary>
internal static class Format
{
    /// <summary><c>2026-12-05T16:04:48.123Z</c> as <c>2026-12-05 16:04:48.123</c>; a dash for none.</summary>
    public static string Time(string? utc) => utc is null ? "–" : utc.Replace('T', ' ').TrimEnd('Z');

    /// <summary>The time of day only, for lists of events within one run.</summary>
    public static string TimeOfDay(string? utc) => utc is null ? "–" : utc.Length >= 23 ? utc[11..23] : utc;

    public static string Duration(double? seconds) => seconds switch
    {
        null => "–",
        < 1 => ((double)seconds * 1000).ToString("0", CultureInfo.InvariantCulture) + " ms",
        < 120 => ((double)seconds).ToString("0.##", CultureInfo.InvariantCulture) + " s",
        < 7200 => ((double)seconds / 60).ToString("0.#", CultureInfo.InvariantCulture) + " min",
        _ => ((double)seconds / 3600).ToString("0.#", CultureInfo.InvariantCulture) + " h",
    };

    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A run id as lists show it: its first 8 characters.</summary>
    public static string ShortId(string run) => run.Length > 8 ? run[..8] : run;
}
