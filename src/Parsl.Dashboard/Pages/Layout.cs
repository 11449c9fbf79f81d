namespace Parsl.Dashboard.Pages;

/// <summary>The frame of every page: title, the embedded style and script, the trail back to the runs list.</summary>
internal static class Layout
{
    /// <summary>A whole page. <paramref name="trail"/> are (text, link) pairs after "Runs"; <paramref name="liveUrl"/>
    /// makes the page poll that JSON endpoint and refresh its live sections while the run goes.</summary>
    public static string Page(string title, string database, IReadOnlyList<(string Text, string Link)> trail, string body, string? liveUrl = null)
    {
        var page = new HtmlWriter();
        page.Add($"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · Parsl dashboard</title>
            <link rel="icon" href="data:,"><link rel="stylesheet" href="/assets/dashboard.css"><script src="/assets/dashboard.js" defer></script></head>
            <body><header><a class="home" href="/">Parsl dashboard</a><nav>
            """);
        foreach (var (text, link) in trail)
            page.Add($"""<span class="sep">›</span><a href="{link}">{text}</a>""");
        page.Add($"""</nav><span class="database" title="{database}">{Path.GetFileName(database)}</span></header>""");
        if (liveUrl is not null)
            page.Add($"""<main data-live="{liveUrl}">""");
        else
            page.Add($"<main>");
        return page.Raw(body).Add($"</main></body></html>").ToString();
    }

    /// <summary>A state as a coloured label.</summary>
    public static RawHtml Badge(string state) =>
        new($"""<span class="badge s-{HtmlWriter.Encode(state)}">{HtmlWriter.Encode(Data.ShownState.Label(state))}</span>""");
}
