using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Parsl.Executors;

namespace Parsl.Bench;

/// <summary>Remote files staged by the workflow, against <c>curl</c> fetching the same files from the same server.</summary>
internal static class StagingScenarios
{
    private const int FileSize = 64 << 10;

    /// <summary>
    /// N files of 64 KiB, each read by one app, staged over HTTP from a Kestrel server in this process (with ETags and
    /// dates, as a real server gives), into a fresh run directory each time so nothing is reused. Paired, in alternating
    /// order, with one <c>curl</c> (its parallel mode, the faster of its two) fetching the same N URLs from the same server
    /// to files. <c>ratio</c> = curl's time / ours: the share of curl's throughput we reach.
    /// </summary>
    public static async Task<Measurement> StageHttp(long n, int runs)
    {
        var root = Directory.CreateTempSubdirectory("parsl-bench-stage-").FullName;
        await using var server = await FileServer.StartAsync((int)n);
        try
        {
            var folders = 0;
            string Fresh() => Directory.CreateDirectory(Path.Combine(root, (folders++).ToString(CultureInfo.InvariantCulture))).FullName;
            var urls = Enumerable.Range(0, (int)n).Select(i => $"{server.BaseUrl}/data/{i}.dat").ToArray();

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

            var ours = new List<TimeSpan>();
            var curls = new List<TimeSpan>();
            var ratios = new List<double>();
            for (var pair = -2; pair < runs; pair++) // two warm-up pairs
            {
                GC.Collect();
                TimeSpan us, them;
                if (pair % 2 == 0)
                {
                    us = await OursAsync();
                    them = Curl();
                }
                else
                {
                    them = Curl();
                    us = await OursAsync();
                }
                if (pair < 0)
                    continue;
                ours.Add(us);
                curls.Add(them);
                ratios.Add(them / us);
            }
            return new Measurement("stage-http", n, ours)
            {
                Extra = new Dictionary<string, double>
                {
                    ["curl_ms"] = curls.Order().ElementAt(curls.Count / 2).TotalMilliseconds,
                    ["ratio"] = ratios.Order().ElementAt(ratios.Count / 2),
                    ["mib_per_s"] = n * (double)FileSize / (1 << 20) / ours.Order().ElementAt(ours.Count / 2).TotalSeconds,
                },
            };
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
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
