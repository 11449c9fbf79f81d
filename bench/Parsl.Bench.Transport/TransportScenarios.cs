using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NetMQ;
using NetMQ.Sockets;
using Parsl.Bench.Transport;

namespace Parsl.Bench;

/// <summary>
/// The two transports the pilot-job executor could use, compared on its own traffic pattern: the interchange sends a
/// manager batches of task-shaped messages (48 bytes each) and gets a batch of outcome-shaped ones (24 bytes each)
/// back, with a few batches in flight; and single round trips, which bound a dependency chain's hop. Both encrypted:
/// NetMQ with CURVE, gRPC bidirectional streaming over TLS (HTTP/2, Kestrel, a self-signed certificate). Both ends
/// run in this process, as in the reference measurements.
/// </summary>
internal static class TransportScenarios
{
    private const int Batch = 256;
    private const int InFlight = 4;
    private const int TaskBytes = 48;
    private const int OutcomeBytes = 24;

    /// <summary>The task-shaped pattern: batches of 256 small messages.</summary>
    public static Task<Measurement> NetMq(long n, int runs) => NetMq("transport-netmq", n, runs, Batch * TaskBytes, OutcomeBytes, Batch);

    /// <summary>The payload pattern: one 1 MiB message each way per task, two in flight (as two workers would).</summary>
    public static Task<Measurement> NetMqMiB(long n, int runs) => NetMq("transport-netmq-mib", n, runs, 1 << 20, 1 << 20, 1);

    public static Task<Measurement> Grpc(long n, int runs) => Grpc("transport-grpc", n, runs, Batch * TaskBytes, OutcomeBytes, Batch);

    public static Task<Measurement> GrpcMiB(long n, int runs) => Grpc("transport-grpc-mib", n, runs, 1 << 20, 1 << 20, 1);

    private static async Task<Measurement> NetMq(string name, long n, int runs, int requestBytes, int replyBytesPerTask, int tasksPerMessage)
    {
        var server = new NetMQCertificate();
        using var router = new RouterSocket();
        router.Options.CurveServer = true;
        router.Options.CurveCertificate = server;
        router.Options.SendHighWatermark = 0;
        router.Options.ReceiveHighWatermark = 0;
        var port = router.BindRandomPort("tcp://127.0.0.1");
        using var stop = new CancellationTokenSource();
        var manager = new Thread(() =>
        {
            var message = new NetMQMessage();
            while (!stop.IsCancellationRequested)
            {
                if (!router.TryReceiveMultipartMessage(TimeSpan.FromMilliseconds(50), ref message))
                    continue;
                var count = tasksPerMessage == 1 ? 1 : message[1].MessageSize / TaskBytes;
                router.SendMoreFrame(message[0].ToByteArray()).SendFrame(new byte[count * replyBytesPerTask]);
            }
        }) { IsBackground = true };
        manager.Start();

        using var dealer = new DealerSocket();
        dealer.Options.CurveServerKey = server.PublicKey;
        dealer.Options.CurveCertificate = new NetMQCertificate();
        dealer.Options.Linger = TimeSpan.Zero;
        dealer.Options.SendHighWatermark = 0;
        dealer.Options.ReceiveHighWatermark = 0;
        dealer.Connect($"tcp://127.0.0.1:{port}");

        var batch = new byte[requestBytes];
        var single = new byte[TaskBytes];
        var window = tasksPerMessage == 1 ? 2 : InFlight;
        var times = await Runs.RepeatAsync(runs, () =>
        {
            long sent = 0, received = 0, inFlight = 0;
            while (received < n)
            {
                while (inFlight < window && sent < n)
                {
                    dealer.SendFrame(batch);
                    sent += tasksPerMessage;
                    inFlight++;
                }
                dealer.ReceiveFrameBytes();
                received += tasksPerMessage;
                inFlight--;
            }
            return Task.CompletedTask;
        });
        var roundTrip = RoundTrips(() => { dealer.SendFrame(single); dealer.ReceiveFrameBytes(); });
        stop.Cancel();
        manager.Join();
        return Result(name, n, times, roundTrip, requestBytes, replyBytesPerTask, tasksPerMessage);
    }

    private static Measurement Result(string name, long n, List<TimeSpan> times, double roundTrip, int requestBytes, int replyBytesPerTask, int tasksPerMessage)
    {
        var measured = new Measurement(name, n, times);
        var bytes = n / tasksPerMessage * (double)requestBytes + n * (double)replyBytesPerTask;
        var extra = new Dictionary<string, double> { ["mb_per_s"] = bytes / 1e6 / measured.Median.TotalSeconds };
        if (tasksPerMessage > 1)
            extra["roundtrip_us"] = roundTrip; // with 1 MiB replies a "round trip" would measure the copy, not the latency
        return measured with { Extra = extra };
    }

    private static async Task<Measurement> Grpc(string name, long n, int runs, int requestBytes, int replyBytesPerTask, int tasksPerMessage)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        using var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), null);

        var builder = WebApplication.CreateSlimBuilder();
        if (Environment.GetEnvironmentVariable("PARSL_BENCH_GRPC_LOG") is null)
            builder.Logging.ClearProviders();
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = o.MaxSendMessageSize = 4 << 20);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null; // one stream carries the whole run
            k.Limits.MaxRequestBufferSize = null; // a 1 MiB message must fit the buffer
            k.Listen(IPAddress.Loopback, 0, o => { o.Protocols = HttpProtocols.Http2; o.UseHttps(certificate); });
        });
        await using var app = builder.Build();
        app.MapGrpcService<RelayService>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, c, _, _) => c is not null && c.GetCertHashString() == certificate.GetCertHashString();
        using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler, MaxReceiveMessageSize = 4 << 20, MaxSendMessageSize = 4 << 20 });
        using var call = new Relay.RelayClient(channel).Exchange();
        var batch = new Transport.Batch { Payload = ByteString.CopyFrom(new byte[requestBytes]) };
        var single = new Transport.Batch { Payload = ByteString.CopyFrom(new byte[TaskBytes]) };
        RelayService.ReplyBytesPerTask = replyBytesPerTask;
        RelayService.TasksPerMessage = tasksPerMessage;
        var window = tasksPerMessage == 1 ? 2 : InFlight;

        // Reading runs beside writing, as a real client's must: HTTP/2 flow control would otherwise stall a 1 MiB reply
        // behind a 1 MiB request that the other side is not reading.
        var times = await Runs.RepeatAsync(runs, async () =>
        {
            using var slots = new SemaphoreSlim(window);
            var reading = Task.Run(async () =>
            {
                for (long received = 0; received < n; received += tasksPerMessage)
                {
                    await call.ResponseStream.MoveNext(CancellationToken.None);
                    slots.Release();
                }
            });
            for (long sent = 0; sent < n; sent += tasksPerMessage)
            {
                await slots.WaitAsync();
                await call.RequestStream.WriteAsync(batch);
            }
            await reading;
        });
        var roundTrip = RoundTrips(() =>
        {
            call.RequestStream.WriteAsync(single).GetAwaiter().GetResult();
            call.ResponseStream.MoveNext(CancellationToken.None).GetAwaiter().GetResult();
        });
        await call.RequestStream.CompleteAsync();
        await app.StopAsync();
        return Result(name, n, times, roundTrip, requestBytes, replyBytesPerTask, tasksPerMessage);
    }

    /// <summary>Median µs of single round trips, measured for a second after a warm-up.</summary>
    private static double RoundTrips(Action roundTrip)
    {
        for (var i = 0; i < 500; i++)
            roundTrip();
        var samples = new List<double>();
        var total = Stopwatch.StartNew();
        while (total.Elapsed < TimeSpan.FromSeconds(1))
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 100; i++)
                roundTrip();
            samples.Add(clock.Elapsed.TotalMicroseconds / 100);
        }
        return samples.Order().ElementAt(samples.Count / 2);
    }

    private sealed class RelayService : Relay.RelayBase
    {
        public static int ReplyBytesPerTask { get; set; } = OutcomeBytes;

        public static int TasksPerMessage { get; set; } = Batch;

        public override async Task Exchange(IAsyncStreamReader<Transport.Batch> requests, IServerStreamWriter<Transport.Batch> responses, ServerCallContext context)
        {
            await foreach (var batch in requests.ReadAllAsync(context.CancellationToken))
            {
                var count = TasksPerMessage == 1 ? 1 : Math.Max(batch.Payload.Length / TaskBytes, 1);
                await responses.WriteAsync(new Transport.Batch { Payload = ByteString.CopyFrom(new byte[count * ReplyBytesPerTask]) });
            }
        }
    }
}
