using Microsoft.Playwright;

namespace Parsl.Dashboard.Tests;

/// <summary>
/// One headless Debian chromium for the whole test run (a launch costs about two seconds): each test opens its own page
/// in a context of its own. Nothing is downloaded: Playwright drives /usr/bin/chromium, installed by
/// .ci/services/install-chromium.sh.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium with .ci/services/install-chromium.sh (run as root).");
        // Web-first assertions wait 5 s by default; a CI machine with two cores under the whole suite needs longer.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
    }

    /// <summary>
    /// A fresh page (no cookies) that records what a dashboard page must never do: ask a host other than
    /// <paramref name="origin"/> for anything, or log an error (a script failure, or a Content-Security-Policy refusal).
    /// </summary>
    public async Task<WatchedPage> OpenAsync(Uri origin)
    {
        var context = await _browser!.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        var watched = new WatchedPage(context, page);
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(origin.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal))
                watched.Problems.Add($"asked another host: {request.Url}");
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                watched.Problems.Add($"console error: {message.Text}");
        };
        page.PageError += (_, error) => watched.Problems.Add($"script error: {error}");
        return watched;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

/// <summary>A page and the problems seen on it; disposing closes its context.</summary>
public sealed class WatchedPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    public List<string> Problems { get; } = [];

    /// <summary>Saves the page (whole, or what the window shows) under the test output's screenshots folder.</summary>
    public async Task ScreenshotAsync(string name, bool fullPage = true)
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        var file = Path.Combine(folder, name + ".png");
        await Page.ScreenshotAsync(new() { Path = file, FullPage = fullPage });
        Assert.True(new FileInfo(file).Length > 1000, $"the screenshot {file} is nearly empty");
    }

    public void AssertNoProblems() => Assert.True(Problems.Count == 0, string.Join("\n", Problems));

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}

/// <summary>
/// Every test of this assembly: one process holds one DataFlowKernel at a time, and most tests here record a run, so they
/// run one after another, sharing the browser and the finished run.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<Browser>, ICollectionFixture<FinishedRun>
{
    public const string Name = "dashboard";
}
