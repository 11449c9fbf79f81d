using NetMQ;
using NetMQ.Sockets;
using Parsl.Executors.HighThroughput;
using Parsl.Providers;

namespace Parsl.Bench;

/// <summary>
/// Many managers in this process, over real CURVE sockets to a real interchange: each registers with the run's token
/// and answers every try it is sent at once with a no-op's result, so the figure is the interchange's own throughput.
/// </summary>
internal sealed class StandInManagers : IDisposable
{
    private readonly List<DealerSocket> _sockets = [];
    private readonly NetMQPoller _poller = new();
    private readonly WireWriter _out = new(64 * 1024);
    private int _welcomed;

    public StandInManagers(int count, int slots, int port, RunSecret secret)
    {
        var serverKey = NetMQCertificate.FromPublicKey(secret.ServerPublicKey).PublicKey;
        for (var i = 0; i < count; i++)
        {
            var socket = new DealerSocket();
            socket.Options.CurveServerKey = serverKey;
            socket.Options.CurveCertificate = new NetMQCertificate();
            socket.Options.Linger = TimeSpan.Zero;
            socket.Options.SendHighWatermark = 0;
            socket.Options.ReceiveHighWatermark = 0;
            socket.Connect($"tcp://127.0.0.1:{port}");
            var register = new WireWriter();
            register.Write(Protocol.Register);
            register.Write(Protocol.Version);
            register.Write((ReadOnlySpan<byte>)secret.Token);
            register.Write("standin");
            register.Write($"manager-{i}");
            register.Write(i);
            register.Write(slots);
            register.Write(0);
            socket.SendFrame(register.ToArray());
            socket.ReceiveReady += (_, e) => Answer(e.Socket);
            _sockets.Add(socket);
            _poller.Add(socket);
        }
        _poller.RunAsync("standin-managers", isBackgroundThread: true);
    }

    /// <summary>How many stand-ins the interchange has welcomed.</summary>
    public int Welcomed => Volatile.Read(ref _welcomed);

    private void Answer(NetMQSocket socket)
    {
        while (socket.TryReceiveFrameBytes(TimeSpan.Zero, out var frame))
        {
            var reader = new WireReader(frame);
            var kind = reader.ReadByte();
            if (kind == Protocol.Welcome)
            {
                Interlocked.Increment(ref _welcomed);
                continue;
            }
            if (kind != Protocol.Tasks)
                continue;
            var count = reader.ReadLength(16);
            _out.Reset();
            _out.Write(Protocol.Progress);
            _out.WriteLength(0);
            _out.WriteLength(count);
            for (var i = 0; i < count; i++)
            {
                var dispatch = DispatchMessage.ReadFrom(ref reader);
                _out.Write(dispatch.DispatchId);
                _out.Write((byte)OutcomeStatus.Succeeded);
                _out.WriteLength(8);
                _out.Write(0L); // a long 0, as the no-op app's codec writes it
            }
            socket.SendFrame(_out.ToArray());
        }
    }

    public void Dispose()
    {
        _poller.Dispose();
        foreach (var socket in _sockets)
            socket.Dispose();
    }
}

/// <summary>A provider whose blocks stay pending for ever: the stand-in managers are the only capacity.</summary>
internal sealed class NoBlocksProvider : IExecutionProvider
{
    public string Name => "none";

    public ValueTask<string> SubmitAsync(BlockRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(Guid.NewGuid().ToString("N"));

    public ValueTask<IReadOnlyDictionary<string, BlockStatus>> StatusAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyDictionary<string, BlockStatus>>(jobIds.ToDictionary(id => id, _ => new BlockStatus(BlockState.Pending)));

    public ValueTask CancelAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
