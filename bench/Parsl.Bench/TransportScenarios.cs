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

    public static async Task<Measurement> NetMq(long n, int runs)
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
                var count = message[1].MessageSize / TaskBytes;
                router.SendMoreFrame(message[0].ToByteArray()).SendFrame(new byte[Math.Max(count, 1) * OutcomeBytes]);
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

        var batch = new byte[Batch * TaskBytes];
        var single = new byte[TaskBytes];
        var times = await Scenarios.RepeatAsync(runs, () =>
        {
            long sent = 0, received = 0, inFlight = 0;
            while (received < n)
            {
                while (inFlight < InFlight && sent < n)
                {
                    dealer.SendFrame(batch);
                    sent += Batch;
                    inFlight++;
                }
                dealer.ReceiveFrameBytes();
                received += Batch;
                inFlight--;
            }
            return Task.CompletedTask;
        });
        var roundTrip = RoundTrips(() => { dealer.SendFrame(single); dealer.ReceiveFrameBytes(); });
        stop.Cancel();
        manager.Join();
        return new Measurement("transport-netmq", n, times) { Extra = new Dictionary<string, double> { ["roundtrip_us"] = roundTrip } };
    }

    public static async Task<Measurement> Grpc(long n, int runs)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        using var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), null);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => { o.Protocols = HttpProtocols.Http2; o.UseHttps(certificate); }));
        await using var app = builder.Build();
        app.MapGrpcService<RelayService>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, c, _, _) => c is not null && c.GetCertHashString() == certificate.GetCertHashString();
        using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler });
        using var call = new Relay.RelayClient(channel).Exchange();
        var batch = new Transport.Batch { Payload = ByteString.CopyFrom(new byte[Batch * TaskBytes]) };
        var single = new Transport.Batch { Payload = ByteString.CopyFrom(new byte[TaskBytes]) };

        var times = await Scenarios.RepeatAsync(runs, async () =>
        {
            long sent = 0, received = 0, inFlight = 0;
            while (received < n)
            {
                while (inFlight < InFlight && sent < n)
                {
                    await call.RequestStream.WriteAsync(batch);
                    sent += Batch;
                    inFlight++;
                }
                await call.ResponseStream.MoveNext(CancellationToken.None);
                received += Batch;
                inFlight--;
            }
        });
        var roundTrip = RoundTrips(() =>
        {
            call.RequestStream.WriteAsync(single).GetAwaiter().GetResult();
            call.ResponseStream.MoveNext(CancellationToken.None).GetAwaiter().GetResult();
        });
        await call.RequestStream.CompleteAsync();
        await app.StopAsync();
        return new Measurement("transport-grpc", n, times) { Extra = new Dictionary<string, double> { ["roundtrip_us"] = roundTrip } };
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
        public override async Task Exchange(IAsyncStreamReader<Transport.Batch> requests, IServerStreamWriter<Transport.Batch> responses, ServerCallContext context)
        {
            await foreach (var batch in requests.ReadAllAsync(context.CancellationToken))
            {
                var count = Math.Max(batch.Payload.Length / TaskBytes, 1);
                await responses.WriteAsync(new Transport.Batch { Payload = ByteString.CopyFrom(new byte[count * OutcomeBytes]) });
            }
        }
    }
}
