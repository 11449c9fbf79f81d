using NetMQ;
using Parsl.Executors.HighThroughput;
using Parsl.Providers;

namespace Parsl.Bench;

/// <summary>
/// Many managers in this process, over the run's real transport to a real interchange: each registers with the run's
/// token and answers every try it is sent at once with a no-op's result, so the figure is the interchange's own throughput.
/// </summary>
internal sealed class StandInManagers : IDisposable
{
    private readonly List<IInterchangeLink> _links = [];
    private readonly NetMQPoller _poller = new();
    private readonly WireWriter _out = new(64 * 1024);
    private int _welcomed;

    public StandInManagers(int count, int slots, int port, RunSecret secret)
    {
        for (var i = 0; i < count; i++)
        {
            var link = IInterchangeLink.Connect($"127.0.0.1:{port}", secret);
            var register = new WireWriter();
            register.Write(Protocol.Register);
            register.Write(Protocol.Version);
            register.Write((ReadOnlySpan<byte>)secret.Token);
            register.Write("standin");
            register.Write($"manager-{i}");
            register.Write(i);
            register.Write(slots);
            register.Write(0);
            link.Send(register.ToArray());
            link.AddTo(_poller, () => Answer(link));
            _links.Add(link);
        }
        _poller.RunAsync("standin-managers", isBackgroundThread: true);
    }

    /// <summary>How many stand-ins the interchange has welcomed.</summary>
    public int Welcomed => Volatile.Read(ref _welcomed);

    private void Answer(IInterchangeLink link)
    {
        while (link.TryReceive(out var frame))
        {
            if (frame is null)
                throw new InvalidOperationException("a stand-in manager lost the interchange: " + link.BrokenReason);
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
            link.Send(_out.ToArray());
        }
    }

    public void Dispose()
    {
        _poller.Dispose();
        foreach (var link in _links)
            link.Dispose();
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
