using Parsl.Executors.HighThroughput;
using Parsl.Executors.HighThroughput.Protocol;

namespace Parsl.Tests;

/// <summary>Each message of the worker protocol reads back what was written, and refuses a body cut short or run long.</summary>
public sealed class ProtocolMessageTests
{
    [Fact]
    public void Every_message_with_a_body_reads_back_what_was_written()
    {
        var token = new byte[] { 1, 2, 3 };
        var register = RoundTrip(new RegisterMessage(WireProtocol.Version, token, "block-7", "node17", 4242, 8, 16), RegisterMessage.ReadBody);
        Assert.Equal((WireProtocol.Version, "block-7", "node17", 4242, 8, 16), (register.Version, register.BlockId, register.Host, register.Pid, register.Workers, register.Prefetch));
        Assert.Equal(token, register.Token);
        Assert.True(register.Speaks);
        Assert.Equal(new WelcomeMessage(3), RoundTrip(new WelcomeMessage(3), WelcomeMessage.ReadBody));
        Assert.Equal(new RefusedMessage("wrong token"), RoundTrip(new RefusedMessage("wrong token"), RefusedMessage.ReadBody));
        Assert.Equal(new CancelMessage(long.MaxValue), RoundTrip(new CancelMessage(long.MaxValue), CancelMessage.ReadBody));
        Assert.Equal(new StopTaskMessage(9), RoundTrip(new StopTaskMessage(9), StopTaskMessage.ReadBody));
        Assert.Equal(new ManagerBeatMessage(5), RoundTrip(new ManagerBeatMessage(5), ManagerBeatMessage.ReadBody));
        Assert.Equal(new ReadyMessage(WireProtocol.Version, 77), RoundTrip(new ReadyMessage(WireProtocol.Version, 77), ReadyMessage.ReadBody));
    }

    [Fact]
    public void A_first_message_of_another_version_is_read_no_further_than_its_version()
    {
        // A later version may lay the rest out differently: only the version is read, so the refusal can name it.
        var writer = new WireWriter();
        writer.Write(WireProtocol.Version + 1);
        writer.Write("anything at all");
        var reader = new WireReader(writer.WrittenSpan);
        var register = RegisterMessage.ReadBody(ref reader);
        Assert.False(register.Speaks);
        Assert.Equal(WireProtocol.Version + 1, register.Version);
        reader = new WireReader(writer.WrittenSpan);
        Assert.False(ReadyMessage.ReadBody(ref reader).Speaks);
    }

    [Fact]
    public void A_batch_of_dispatches_reads_back_in_order_with_each_field()
    {
        var build = Guid.NewGuid();
        DispatchMessage[] sent =
        [
            new(1, 10, "Lab.Apps.Dock", "00ff00ff00ff00ff", build, [1, 2, 3], "out.txt", null, ["https://data.example/a.pdb", "ftp://data.example/b.smi"], [],
                [new LocalFile("inputs/ligand.smi", [67, 67, 79])]),
            new(2, 11, "Lab.Apps.Score", null, build, [], null, "err.txt", [], ["ftp://results.example/score.txt"], []),
        ];
        foreach (var kind in new[] { MessageKind.Tasks, MessageKind.Run })
        {
            var batch = new DispatchBatch(new WireWriter(), kind);
            foreach (var dispatch in sent)
                batch.Add(dispatch);
            var frame = batch.ToFrame();
            var reader = new WireReader(frame);
            Assert.Equal(kind, WireProtocol.ReadKind(ref reader));
            var received = new List<DispatchMessage>();
            DispatchBatch.ReadBody(ref reader, received.Add);
            Assert.Equal(2, received.Count);
            for (var i = 0; i < sent.Length; i++)
            {
                Assert.Equal(sent[i] with { Arguments = [], StageIn = [], StageOut = [], LocalFiles = [] }, received[i] with { Arguments = [], StageIn = [], StageOut = [], LocalFiles = [] });
                Assert.Equal(sent[i].LocalFiles.Select(f => (f.Path, Convert.ToHexString(f.Content))), received[i].LocalFiles.Select(f => (f.Path, Convert.ToHexString(f.Content))));
                Assert.Equal(sent[i].Arguments, received[i].Arguments);
                Assert.Equal(sent[i].StageIn, received[i].StageIn);
                Assert.Equal(sent[i].StageOut, received[i].StageOut);
            }
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => new DispatchBatch(new WireWriter(), MessageKind.Progress));
    }

    [Fact]
    public void Progress_carries_starts_and_every_kind_of_outcome_and_a_manager_passes_outcomes_on_unread()
    {
        var failure = RemoteFailure.From(new InvalidOperationException("no ligand"));
        var fromWorker = new ProgressMessage();
        var outcome = new WireWriter();
        fromWorker.Started(1, TimeSpan.FromSeconds(5));
        Outcome.WriteSucceeded(outcome, [42]);
        fromWorker.Ended(1, outcome.WrittenSpan);
        outcome.Reset();
        Outcome.WriteFailed(outcome, failure);
        fromWorker.Ended(2, outcome.WrittenSpan);
        outcome.Reset();
        Outcome.WriteCancelled(outcome);
        fromWorker.Ended(3, outcome.WrittenSpan);
        outcome.Reset();
        Outcome.WriteWorkerLost(outcome, "worker 0 was killed by signal 9");
        fromWorker.Ended(4, outcome.WrittenSpan);
        var workerFrame = new WireWriter();
        fromWorker.WriteTo(workerFrame, MessageKind.WorkerProgress);

        // The manager forwards what its worker sent, as it received it.
        var toInterchange = new ProgressMessage();
        var forward = new Forward(toInterchange);
        var reader = new WireReader(workerFrame.WrittenSpan);
        Assert.Equal(MessageKind.WorkerProgress, WireProtocol.ReadKind(ref reader));
        ProgressMessage.ReadBody(ref reader, ref forward);
        var managerFrame = new WireWriter();
        toInterchange.WriteTo(managerFrame, MessageKind.Progress);

        var seen = new Describe([]);
        reader = new WireReader(managerFrame.WrittenSpan);
        Assert.Equal(MessageKind.Progress, WireProtocol.ReadKind(ref reader));
        ProgressMessage.ReadBody(ref reader, ref seen);
        Assert.Equal(["started 1 5 s or more ago", "1 Succeeded 42", "2 Failed no ligand", "3 Cancelled", "4 WorkerLost worker 0 was killed by signal 9"], seen.Lines);

        toInterchange.Clear();
        Assert.True(toInterchange.IsEmpty);
    }

    [Fact]
    public void A_body_cut_short_or_with_bytes_left_over_or_an_unknown_status_is_malformed()
    {
        var frame = WireProtocol.Frame(new WireWriter(), new RegisterMessage(WireProtocol.Version, [1], "b", "h", 1, 1, 0));
        for (var length = 1; length < frame.Length; length++)
        {
            var cut = frame[1..length];
            Assert.Throws<WireFormatException>(() =>
            {
                var reader = new WireReader(cut);
                RegisterMessage.ReadBody(ref reader);
            });
        }
        byte[] longer = [.. frame[1..], 0];
        Assert.Throws<WireFormatException>(() =>
        {
            var reader = new WireReader(longer);
            RegisterMessage.ReadBody(ref reader);
        });
        var unknown = Assert.Throws<WireFormatException>(() => Outcome.Read([7]));
        Assert.Contains("outcome status 7 is unknown", unknown.Message);
        var noWorkers = WireProtocol.Frame(new WireWriter(), new RegisterMessage(WireProtocol.Version, [1], "b", "h", 1, 0, 0));
        var nonsense = Assert.Throws<WireFormatException>(() =>
        {
            var reader = new WireReader(noWorkers.AsSpan(1));
            RegisterMessage.ReadBody(ref reader);
        });
        Assert.Equal("Malformed message: a manager announced 0 workers and a prefetch of 0.", nonsense.Message);
    }

    private delegate T ReadBody<T>(ref WireReader reader);

    private static T RoundTrip<T>(T message, ReadBody<T> read) where T : IProtocolMessage
    {
        var frame = WireProtocol.Frame(new WireWriter(), message);
        var reader = new WireReader(frame);
        Assert.Equal(T.Kind, WireProtocol.ReadKind(ref reader));
        return read(ref reader);
    }

    private readonly struct Forward(ProgressMessage into) : IProgressHandler
    {
        public void Started(long dispatchId, TimeSpan ago) => into.Started(dispatchId, ago);

        public void Ended(long dispatchId, ReadOnlySpan<byte> outcome) => into.Ended(dispatchId, outcome);
    }

    private readonly struct Describe(List<string> lines) : IProgressHandler
    {
        public List<string> Lines => lines;

        public void Started(long dispatchId, TimeSpan ago) => lines.Add($"started {dispatchId} {(ago >= TimeSpan.FromSeconds(5) ? "5 s or more ago" : "less than 5 s ago")}");

        public void Ended(long dispatchId, ReadOnlySpan<byte> encoded)
        {
            var outcome = Outcome.Read(encoded);
            lines.Add(outcome.Status switch
            {
                OutcomeStatus.Succeeded => $"{dispatchId} Succeeded {new WireReader(outcome.Result).ReadByte()}",
                OutcomeStatus.Failed => $"{dispatchId} Failed {outcome.Failure!.Message}",
                OutcomeStatus.WorkerLost => $"{dispatchId} WorkerLost {outcome.Detail}",
                _ => $"{dispatchId} {outcome.Status}",
            });
        }
    }
}
