using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Parsl.Executors;
using Parsl.Executors.HighThroughput;

namespace Parsl.Bench.Protocol;

/// <summary>
/// What one round trip between two processes costs on this machine, without Parsl's work around it: a 16-byte message
/// sent to a child process (this program with <c>--echo</c>) and back, N times in a row. Over an anonymous pipe and a
/// loopback TCP socket (blocking calls, the least a round trip can cost), and over the executor's own transports as
/// the interchange and a manager use them (the endpoint and link classes, on their transport's event loop). A dependent hop of
/// <c>htex-chain</c> is at least one transport round trip plus one pipe round trip (interchange → manager → worker).
/// </summary>
internal static class RoundTripFloors
{
    private const int MessageBytes = 16;

    public static Task<Measurement> Pipe(long n, int runs) => Timed("floor-pipe", n, runs, () =>
    {
        var child = Child("pipe", redirect: true);
        var toChild = child.StandardInput.BaseStream;
        var fromChild = child.StandardOutput.BaseStream;
        var buffer = new byte[MessageBytes];
        return (count =>
        {
            for (var i = 0; i < count; i++)
            {
                toChild.Write(buffer);
                toChild.Flush();
                fromChild.ReadExactly(buffer);
            }
        }, new Cleanup(child, () => { }));
    });

    public static Task<Measurement> Tcp(long n, int runs) => Timed("floor-tcp", n, runs, () =>
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var child = Child("tcp", redirect: false, ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var socket = listener.AcceptSocket();
        socket.NoDelay = true;
        var buffer = new byte[MessageBytes];
        return (count =>
        {
            for (var i = 0; i < count; i++)
            {
                socket.Send(buffer);
                for (var got = 0; got < MessageBytes;)
                    got += socket.Receive(buffer, got, MessageBytes - got, SocketFlags.None);
            }
        }, new Cleanup(child, socket.Dispose));
    });

    public static Task<Measurement> NetMq(long n, int runs) => Transport("floor-netmq", HtexTransport.NetMQ, n, runs);

    public static Task<Measurement> Grpc(long n, int runs) => Transport("floor-grpc", HtexTransport.Grpc, n, runs);

    /// <summary>
    /// The interchange's endpoint here, a manager's link in the child, which answers each message as it arrives; the
    /// next message leaves from the interchange loop's thread as soon as the answer is handled, as a dependent try does.
    /// </summary>
    private static Task<Measurement> Transport(string scenario, HtexTransport transport, long n, int runs) => Timed(scenario, n, runs, () =>
    {
        var (endpoint, secretFile) = ReadyEndpoint(transport);
        var child = LinkChild(endpoint, secretFile);
        var loop = ITransport.Of(transport).CreateLoop();
        ILoopInbox<byte[]>? sends = null;

        var message = new byte[MessageBytes];
        var connected = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource? done = null;
        long left = 0;
        sends = loop.AddInbox<byte[]>(() =>
        {
            while (sends!.TryDequeue(out var peer))
                endpoint.Send(peer, message);
        });
        endpoint.AttachTo(loop, () =>
        {
            while (endpoint.TryReceive(out var arrival))
            {
                if (arrival.Closed || connected.TrySetResult(arrival.Peer)) // the child's hello
                    continue;
                if (--left > 0)
                    endpoint.Send(arrival.Peer, message);
                else
                    done!.SetResult();
            }
        });
        loop.RunInBackground("floor-interchange");
        var peer = connected.Task.GetAwaiter().GetResult();
        return (count =>
        {
            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            left = count;
            sends.Enqueue(peer);
            done.Task.GetAwaiter().GetResult();
        }, new Cleanup(child, () =>
        {
            loop.Dispose();
            endpoint.Dispose();
            File.Delete(secretFile);
        }));
    });

    public static Task<Measurement> NetMqStart(long n, int runs) => FreshLink("floor-start-netmq", HtexTransport.NetMQ, runs);

    public static Task<Measurement> GrpcStart(long n, int runs) => FreshLink("floor-start-grpc", HtexTransport.Grpc, runs);

    /// <summary>A fresh process's runtime start alone: this program with <c>--echo none</c>, from starting it to its exit.</summary>
    public static async Task<Measurement> ProcessStart(long n, int runs)
    {
        var times = await Runs.RepeatAsync(runs, async () =>
        {
            using var child = Child("none", redirect: false);
            await child.WaitForExitAsync();
        });
        return new Measurement("floor-start-process", 1, times);
    }

    /// <summary>
    /// What a fresh manager pays before it can say anything to its interchange, with nothing of Parsl's around it: a new
    /// process (this program with <c>--echo link</c>: the runtime's start, then the manager's link class) connecting to
    /// an endpoint that is already warm, timed from starting the process to its first message arriving.
    /// </summary>
    private static async Task<Measurement> FreshLink(string scenario, HtexTransport transport, int runs)
    {
        var (endpoint, secretFile) = ReadyEndpoint(transport);
        TaskCompletionSource? arrived = null;
        var loop = ITransport.Of(transport).CreateLoop();
        endpoint.AttachTo(loop, () =>
        {
            while (endpoint.TryReceive(out var arrival))
            {
                if (!arrival.Closed)
                    arrived?.TrySetResult();
            }
        });
        loop.RunInBackground("floor-interchange");
        try
        {
            var times = await Runs.RepeatAsync(runs, async () =>
            {
                arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var child = LinkChild(endpoint, secretFile);
                await arrived.Task;
                Stop(child);
            });
            return new Measurement(scenario, 1, times);
        }
        finally
        {
            loop.Dispose();
            endpoint.Dispose();
            File.Delete(secretFile);
        }
    }

    /// <summary>The interchange's endpoint of <paramref name="transport"/>, listening, and the secret a child's link needs to reach it.</summary>
    private static (IManagerEndpoint Endpoint, string SecretFile) ReadyEndpoint(HtexTransport transport)
    {
        var settings = EndpointSettings.Loopback;
        var endpoint = ITransport.Of(transport).Listen(settings, CancellationToken.None);
        endpoint.Ready.GetAwaiter().GetResult();
        var secretFile = Path.Combine(Path.GetTempPath(), $"parsl-floor-{Environment.ProcessId}.secret");
        new RunSecret(transport, endpoint.ServerKey, RunSecret.NewToken()).WriteTo(secretFile);
        return (endpoint, secretFile);
    }

    /// <summary>This program with <c>--echo link</c>: a manager's link to <paramref name="endpoint"/>, answering what it is sent.</summary>
    private static Process LinkChild(IManagerEndpoint endpoint, string secretFile) =>
        Child("link", redirect: false, endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), secretFile);

    /// <summary>The child's side: answers every message with itself until its parent goes away.</summary>
    public static int Echo(string kind, string[] args)
    {
        var buffer = new byte[MessageBytes];
        switch (kind)
        {
            case "pipe":
                using (var input = Console.OpenStandardInput())
                using (var output = Console.OpenStandardOutput())
                {
                    while (input.ReadAtLeast(buffer, MessageBytes, throwOnEndOfStream: false) == MessageBytes)
                    {
                        output.Write(buffer);
                        output.Flush();
                    }
                }
                return 0;
            case "tcp":
                using (var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true })
                {
                    socket.Connect(IPAddress.Loopback, int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture));
                    while (true)
                    {
                        for (var got = 0; got < MessageBytes;)
                        {
                            var read = socket.Receive(buffer, got, MessageBytes - got, SocketFlags.None);
                            if (read == 0)
                                return 0;
                            got += read;
                        }
                        socket.Send(buffer);
                    }
                }
            case "link":
                // As a manager does first thing: the system's trust store has no say over the run's own certificate.
                SystemTrustStore.HideFromThisProcess(Path.Combine(Path.GetTempPath(), $"parsl-floor-{Environment.ProcessId}-no-certificates"));
                var secret = RunSecret.ReadFrom(args[1]);
                using (var link = ITransport.Of(secret.Transport).Connect("127.0.0.1:" + args[0], secret))
                using (var loop = ITransport.Of(secret.Transport).CreateLoop())
                {
                    link.AttachTo(loop, () =>
                    {
                        while (link.TryReceive(out var received))
                        {
                            if (received is null)
                                loop.Stop();
                            else
                                link.Send(received);
                        }
                    });
                    link.Send(buffer);
                    loop.Run();
                }
                return 0;
            case "none":
                return 0;
            default:
                throw new ArgumentException($"--echo {kind}: expected pipe, tcp, link or none");
        }
    }

    /// <summary>Times <paramref name="n"/> round trips per run, after the warm-up every scenario gets.</summary>
    private static async Task<Measurement> Timed(string scenario, long n, int runs, Func<(Action<long> RoundTrips, IDisposable Child)> setUp)
    {
        var (roundTrips, child) = setUp();
        try
        {
            var times = await Runs.RepeatAsync(runs, () =>
            {
                roundTrips(n);
                return Task.CompletedTask;
            });
            return new Measurement(scenario, n, times);
        }
        finally
        {
            child.Dispose();
        }
    }

    private static Process Child(string kind, bool redirect, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = redirect,
            RedirectStandardOutput = redirect,
        };
        // Started as 'dotnet Parsl.Bench.Protocol.dll' the host needs the assembly; started through the apphost ('dotnet run'
        // starts bin/…/Parsl.Bench.Protocol) it must not get it, or it reads the path as the first argument.
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
            start.ArgumentList.Add(typeof(RoundTripFloors).Assembly.Location);
        start.ArgumentList.Add("--echo");
        start.ArgumentList.Add(kind);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the echo process");
    }

    /// <summary>Kills the echo process, then releases what the parent held for it.</summary>
    private sealed class Cleanup(Process child, Action release) : IDisposable
    {
        public void Dispose()
        {
            Stop(child);
            release();
        }
    }

    /// <summary>Kills an echo process and waits for it to be gone.</summary>
    private static void Stop(Process child)
    {
        child.Kill();
        child.WaitForExit();
        child.Dispose();
    }
}
