using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Parsl.Executors;
using static Parsl.Bench.Statistics;

namespace Parsl.Bench;

/// <summary>Remote files staged by the workflow, against <c>curl</c> fetching the same files from the same server.</summary>
internal static class StagingScenarios
{
    private const int FileSize = 64 << 10;

    /// <summary>
    /// N files of 64 KiB, each read by one app, staged over HTTP from a Kestrel server (with ETags and dates, as a real
    /// server gives) in a process of its own, into a fresh run directory each time so nothing is reused. Paired, in
    /// alternating order, with one <c>curl</c> (its parallel mode, 16 transfers at once) fetching the same N URLs from the
    /// same server to files, and with the floor of .NET itself: <c>HttpClient</c> fetching them to files with no workflow.
    /// <c>ratio</c> = curl's time / ours: the share of curl's throughput we reach; <c>httpclient_ratio</c> the same for
    /// the floor.
    /// </summary>
    public static async Task<Measurement> StageHttp(long n, int runs)
    {
        var root = Directory.CreateTempSubdirectory("parsl-bench-stage-").FullName;
        using var server = Process.Start(new ProcessStartInfo("dotnet", [typeof(StagingScenarios).Assembly.Location, "--serve-staging-files", n.ToString(CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardInput = true,
        })!;
        var baseUrl = await server.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the file server did not start");
        try
        {
            var folders = 0;
            string Fresh() => Directory.CreateDirectory(Path.Combine(root, (folders++).ToString(CultureInfo.InvariantCulture))).FullName;
            var urls = Enumerable.Range(0, (int)n).Select(i => $"{baseUrl}/data/{i}.dat").ToArray();

            async Task<TimeSpan> OursAsync()
            {
                await using var kernel = await DataFlowKernel.LoadAsync(new ParslConfig
                {
                    Executors = [new ThreadPoolExecutor("local", Environment.ProcessorCount)],
                    RunDirectory = Fresh(),
                });
                var clock = Stopwatch.StartNew();
                var reads = new AppFuture<long>[n];
                for (var i = 0; i < n; i++)
                    reads[i] = BenchApps.SizeAsync(new DataFile(urls[i]));
                long total = 0;
                foreach (var read in reads)
                    total += await read;
                var elapsed = clock.Elapsed;
                if (total != n * FileSize)
                    throw new InvalidOperationException($"read {total} bytes, not {n * FileSize}");
                return elapsed;
            }

            var curlConfig = Path.Combine(root, "curl.config");
            TimeSpan Curl()
            {
                var folder = Fresh();
                var config = new StringBuilder();
                for (var i = 0; i < n; i++)
                    config.Append("url = \"").Append(urls[i]).Append("\"\noutput = \"").Append(Path.Combine(folder, i + ".dat")).Append("\"\n");
                File.WriteAllText(curlConfig, config.ToString());
                var clock = Stopwatch.StartNew();
                using (var curl = Process.Start(new ProcessStartInfo("curl", ["-s", "--no-progress-meter", "-f", "--parallel", "--parallel-max", "16", "-K", curlConfig]) { UseShellExecute = false })!)
                {
                    curl.WaitForExit();
                    if (curl.ExitCode != 0)
                        throw new InvalidOperationException($"curl exited with {curl.ExitCode}");
                }
                var elapsed = clock.Elapsed;
                if (Directory.GetFiles(folder).Length != n)
                    throw new InvalidOperationException("curl did not fetch every file");
                return elapsed;
            }

            // The floor of .NET itself: HttpClient fetching the same files to files, 16 at a time, no workflow.
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16 });
            async Task<TimeSpan> FloorAsync()
            {
                var folder = Fresh();
                var clock = Stopwatch.StartNew();
                await Task.WhenAll(urls.Select(async (url, i) =>
                {
                    using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                    await using var file = new FileStream(Path.Combine(folder, i + ".dat"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                    await response.Content.CopyToAsync(file);
                }));
                return clock.Elapsed;
            }

            var ours = new List<TimeSpan>();
            var curls = new List<TimeSpan>();
            var floors = new List<TimeSpan>();
            var ratios = new List<double>();
            var floorRatios = new List<double>();
            for (var round = -2; round < runs; round++) // two warm-up rounds
            {
                GC.Collect();
                // The three in a rotating order, so none always runs first on a disk that another has just filled.
                TimeSpan us = default, them = default, floor = default;
                foreach (var which in new[] { 0, 1, 2 }.Select(k => (k + round + 3) % 3))
                {
                    if (which == 0)
                        us = await OursAsync();
                    else if (which == 1)
                        them = Curl();
                    else
                        floor = await FloorAsync();
                }
                if (round < 0)
                    continue;
                ours.Add(us);
                curls.Add(them);
                floors.Add(floor);
                ratios.Add(them / us);
                floorRatios.Add(them / floor);
            }
            return new Measurement("stage-http", n, ours)
            {
                Extra = new Dictionary<string, double>
                {
                    ["curl_ms"] = Median(curls).TotalMilliseconds,
                    ["httpclient_ms"] = Median(floors).TotalMilliseconds,
                    ["ratio"] = Median(ratios),
                    ["httpclient_ratio"] = Median(floorRatios),
                    ["mib_per_s"] = n * (double)FileSize / (1 << 20) / Median(ours).TotalSeconds,
                },
            };
        }
        finally
        {
            server.StandardInput.Close(); // the server's signal to stop
            await server.WaitForExitAsync();
            Directory.Delete(root, recursive: true);
        }
    }


    /// <summary>Serves N files until stdin closes; prints its base URL first.</summary>
    public static async Task<int> ServeAsync(int count)
    {
        await using var server = await FileServer.StartAsync(count);
        Console.WriteLine(server.BaseUrl);
        await Console.In.ReadToEndAsync();
        return 0;
    }

    /// <summary>Kestrel on a free loopback port serving N files of 64 KiB from memory, with an ETag and a date each.</summary>
    private sealed class FileServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private FileServer(WebApplication app) => _app = app;

        public string BaseUrl => _app.Urls.First();

        public static async Task<FileServer> StartAsync(int count)
        {
            var files = new byte[count][];
            for (var i = 0; i < count; i++)
            {
                files[i] = new byte[FileSize];
                new Random(i).NextBytes(files[i]);
            }
            var modified = DateTimeOffset.UtcNow.AddDays(-1);
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.Run(context =>
            {
                var name = Path.GetFileNameWithoutExtension(context.Request.Path.Value);
                if (!int.TryParse(name, CultureInfo.InvariantCulture, out var index) || index < 0 || index >= count)
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }
                return Results.Bytes(files[index], "application/octet-stream", lastModified: modified,
                    entityTag: new EntityTagHeaderValue($"\"{index:x8}\""), enableRangeProcessing: true).ExecuteAsync(context);
            });
            await app.StartAsync();
            return new FileServer(app);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
