using Parsl.Executors.HighThroughput;
using Parsl.Executors.HighThroughput.Protocol;

namespace Parsl.Bench.Protocol;

/// <summary>
/// Many managers in this process, over the run's real transport to a real interchange: each registers with the run's
/// token and answers every try it is sent at once with a no-op's result, so the figure is the interchange's own throughput.
/// </summary>
internal sealed class StandInManagers : IDisposable
{
    private readonly List<IInterchangeLink> _links = [];
    private readonly IEventLoop _loop;
    private readonly WireWriter _out = new(64 * 1024);
    private readonly WireWriter _outcome = new(64);
    private readonly ProgressMessage _progress = new();
    private readonly Action<DispatchMessage> _answer;
    private readonly long[] _received;
    private int _welcomed;
    private int _answered; // in the batch being answered (the loop's thread only)

    public StandInManagers(int count, int slots, int port, RunSecret secret)
    {
        // Every answer is a no-op's result: a long 0, as the no-op app's codec writes it.
        var result = new WireWriter(8);
        result.Write(0L);
        Outcome.WriteSucceeded(_outcome, result.WrittenSpan);
        _answer = dispatch =>
        {
            _progress.Ended(dispatch.DispatchId, _outcome.WrittenSpan);
            _answered++;
        };
        _received = new long[count];
        var transport = ITransport.Of(secret.Transport);
        _loop = transport.CreateLoop();
        for (var i = 0; i < count; i++)
        {
            var link = transport.Connect($"127.0.0.1:{port}", secret);
            link.Send(WireProtocol.Frame(_out, new RegisterMessage(WireProtocol.Version, secret.Token, "standin", $"manager-{i}", i, slots, 0)));
            var index = i;
            link.AttachTo(_loop, () => Answer(link, index));
            _links.Add(link);
        }
        _loop.RunInBackground("standin-managers");
    }

    /// <summary>How many stand-ins the interchange has welcomed.</summary>
    public int Welcomed => Volatile.Read(ref _welcomed);

    /// <summary>How many tries each stand-in was sent so far, by stand-in: the interchange's spread of the load.</summary>
    public long[] Received => [.. _received.Select(count => Volatile.Read(ref count))];

    private void Answer(IInterchangeLink link, int index)
    {
        while (link.TryReceive(out var frame))
        {
            if (frame is null)
                throw new InvalidOperationException("a stand-in manager lost the interchange: " + link.BrokenReason);
            var reader = new WireReader(frame);
            var kind = WireProtocol.ReadKind(ref reader);
            if (kind == MessageKind.Welcome)
            {
                Interlocked.Increment(ref _welcomed);
                continue;
            }
            if (kind != MessageKind.Tasks)
                continue;
            _progress.Clear();
            _answered = 0;
            DispatchBatch.ReadBody(ref reader, _answer);
            Interlocked.Add(ref _received[index], _answered);
            _progress.WriteTo(_out, MessageKind.Progress);
            link.Send(_out.ToArray());
        }
    }

    public void Dispose()
    {
        _loop.Dispose();
        foreach (var link in _links)
            link.Dispose();
    }
}
