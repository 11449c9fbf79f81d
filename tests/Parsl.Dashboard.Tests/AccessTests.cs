using System.Net;
using System.Net.Http.Headers;

namespace Parsl.Dashboard.Tests;

/// <summary>Who may see a dashboard: this machine by default; elsewhere only with the token, which the server checks on every request.</summary>
[Collection(DashboardCollection.Name)]
public sealed class AccessTests(FinishedRun run, Browser browser)
{
    private const string Token = "s3cret-token-for-tests";

    [Fact]
    public async Task A_dashboard_listens_on_loopback_by_default_and_serves_without_a_token()
    {
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(run.Server.Url.Host)), $"{run.Server.Url} is not a loopback address");
        Assert.Equal("", run.Server.Url.Query);
        using var http = new HttpClient();
        var page = await http.GetAsync(run.Server.Url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_page_script_or_style_names_another_host()
    {
        using var http = new HttpClient();
        foreach (var path in new[] { "/", $"/runs/{run.RunId}", $"/runs/{run.RunId}/live", $"/runs/{run.RunId}/tasks/{run.FailedTask}", $"/runs/{run.RunId}/blocks", "/assets/dashboard.css", "/assets/dashboard.js" })
        {
            var text = await http.GetStringAsync(new Uri(run.Server.Url, path));
            Assert.True(text.Length > 200, $"{path} answered almost nothing");
            // An absolute or protocol-relative URL, or a CSS url() other than a fragment of the page (an SVG marker's #arrow).
            var elsewhere = System.Text.RegularExpressions.Regex.Match(text, @"https?://|(src|href)=""//|url\((?!#)", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
            Assert.False(elsewhere.Success, $"{path} holds '{elsewhere.Value}': the dashboard must load nothing from elsewhere");
        }
    }

    [Fact]
    public async Task Another_address_without_a_token_is_refused_before_listening_and_says_why()
    {
        var refused = await Assert.ThrowsAsync<DashboardStartException>(() =>
            DashboardServer.StartAsync(new DashboardOptions { DatabasePath = run.DatabasePath, ListenAddress = IPAddress.Any }));
        Assert.Contains("will not listen on 0.0.0.0 without a token", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--token", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_every_interface_with_a_token_only_requests_that_carry_it_get_in()
    {
        await using var server = await DashboardServer.StartAsync(new DashboardOptions { DatabasePath = run.DatabasePath, ListenAddress = IPAddress.Any, Token = Token });
        Assert.Equal(Dns.GetHostName(), server.Url.Host);
        Assert.Equal("?token=" + Token, server.Url.Query);
        var local = new UriBuilder(server.Url) { Host = "127.0.0.1", Query = "" }.Uri;
        using var cookieless = new HttpClient(new HttpClientHandler { UseCookies = false });

        var without = await cookieless.GetAsync(local);
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Contains("needs its token", await without.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cookieless.GetAsync(new Uri(local, $"/runs/{run.RunId}?token=wrong"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cookieless.GetAsync(new Uri(local, "/assets/dashboard.js"))).StatusCode);

        // The printed link's ?token= lets the browser in and leaves a cookie for the pages' own links.
        var withQuery = await cookieless.GetAsync(new Uri(local, "/?token=" + Token));
        Assert.Equal(HttpStatusCode.OK, withQuery.StatusCode);
        var cookie = withQuery.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        using var withCookie = new HttpRequestMessage(HttpMethod.Get, new Uri(local, $"/runs/{run.RunId}"));
        withCookie.Headers.Add("Cookie", cookie.Split(';')[0]);
        Assert.Equal(HttpStatusCode.OK, (await cookieless.SendAsync(withCookie)).StatusCode);

        using var withBearer = new HttpRequestMessage(HttpMethod.Get, new Uri(local, $"/runs/{run.RunId}/live"));
        withBearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var live = await cookieless.SendAsync(withBearer);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Contains("\"live\":false", await live.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_a_browser_the_printed_link_lets_every_page_in_and_a_bare_address_gets_401()
    {
        await using var server = await DashboardServer.StartAsync(new DashboardOptions { DatabasePath = run.DatabasePath, Token = Token });
        await using (var watched = await browser.OpenAsync(server.Url))
        {
            var page = watched.Page;
            await page.GotoAsync(server.Url.ToString());
            await page.Locator($"tr[data-run='{run.RunId}'] a").ClickAsync(); // a link without the token: the cookie carries it
            await Microsoft.Playwright.Assertions.Expect(page.Locator("#counts .total")).ToHaveTextAsync("16 tasks");
            await page.Locator("a[href$='/blocks']").ClickAsync();
            await Microsoft.Playwright.Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Blocks and workers");
            watched.AssertNoProblems();
        }
        await using (var stranger = await browser.OpenAsync(server.Url))
        {
            var response = await stranger.Page.GotoAsync(new UriBuilder(server.Url) { Query = "" }.Uri + $"runs/{run.RunId}");
            Assert.Equal(401, response!.Status);
        }
    }

    [Fact]
    public async Task A_port_in_use_is_refused_with_what_to_do()
    {
        var taken = run.Server.Url.Port;
        var refused = await Assert.ThrowsAsync<DashboardStartException>(() =>
            DashboardServer.StartAsync(new DashboardOptions { DatabasePath = run.DatabasePath, Port = taken }));
        Assert.Contains($"Port {taken} on 127.0.0.1 is in use", refused.Message, StringComparison.Ordinal);
    }
}
