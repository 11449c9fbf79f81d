namespace Parsl.Dashboard.Charts;

/// <summary>One colour per app, the same in every chart of a page (apps beyond ten share colours).</summary>
internal static class AppPalette
{
    private static readonly string[] Colours =
        ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#ff9da7", "#bab0ac", "#17becf"];

    public static string Colour(int app) => Colours[app % Colours.Length];

    /// <summary><c>Namespace.Type.Method</c> shortened to <c>Type.Method</c>, as charts and tables show it.</summary>
    public static string ShortName(string app)
    {
        var method = app.LastIndexOf('.');
        var type = method > 0 ? app.LastIndexOf('.', method - 1) : -1;
        return type >= 0 ? app[(type + 1)..] : app;
    }
}
