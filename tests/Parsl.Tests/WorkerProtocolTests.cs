using System.Diagnostics;
using System.IO.Pipes;
using Parsl.Executors.HighThroughput;
using Parsl.Executors.HighThroughput.Protocol;

namespace Parsl.Tests;

/// <summary>
/// A real worker process driven over its two pipes with the protocol's own messages, as a manager drives it: the link
/// opens with a versioned ready message, a try of the workflow's build runs, and a try that names another build of the
/// app's assembly is refused with a failure that names both builds.
/// </summary>
public sealed class WorkerProtocolTests
{
    [Fact]
    public async Task A_worker_runs_a_try_of_its_own_build_and_refuses_one_of_another_build_naming_both()
    {
        using var worker = WorkerProcess.Start();
        var ready = await worker.ReceiveAsync();
        var reader = new WireReader(ready);
        Assert.Equal(MessageKind.Ready, WireProtocol.ReadKind(ref reader));
        var hello = ReadyMessage.ReadBody(ref reader);
        Assert.True(hello.Speaks);
        Assert.Equal(worker.Pid, hello.Pid);

        var square = AppRegistry.Find("Parsl.Tests.HtexApps.Square")!;
        var arguments = new WireWriter();
        arguments.Write(7); // Square's one int, as its generated codec writes it
        var otherBuild = Guid.NewGuid();
        var batch = new DispatchBatch(new WireWriter(), MessageKind.Run);
        batch.Add(new DispatchMessage(1, 101, square.Id, square.CodeHash, square.Build, arguments.ToArray(), null, null, [], [], []));
        batch.Add(new DispatchMessage(2, 102, square.Id, square.CodeHash, otherBuild, arguments.ToArray(), null, null, [], [], []));
        worker.Send(batch.ToFrame());

        var outcomes = new Dictionary<long, (OutcomeStatus Status, int Result, string? Failure)>();
        while (outcomes.Count < 2)
        {
            var handler = new Collect(outcomes);
            var frame = await worker.ReceiveAsync();
            var progress = new WireReader(frame);
            Assert.Equal(MessageKind.WorkerProgress, WireProtocol.ReadKind(ref progress));
            ProgressMessage.ReadBody(ref progress, ref handler);
        }

        Assert.Equal((OutcomeStatus.Succeeded, 49, null), outcomes[1]);
        Assert.Equal(OutcomeStatus.Failed, outcomes[2].Status);
        Assert.Equal($"Worker {worker.Pid} refused task 102: app Parsl.Tests.HtexApps.Square comes from build {otherBuild:D} of Parsl.Tests in the workflow, " +
            $"and from build {square.Build:D} in this worker: the program was rebuilt while the run went on. Let a run finish before rebuilding, or start the workflow again.",
            outcomes[2].Failure);
        Assert.Equal(typeof(WorkerProtocolTests).Assembly.ManifestModule.ModuleVersionId, square.Build);

        // Asked to exit, it does so at once, with its manager's end of the pipe still open.
        worker.Send(WireProtocol.Frame(MessageKind.Exit));
        await worker.WaitForExitAsync();
    }

    private readonly struct Collect(Dictionary<long, (OutcomeStatus, int, string?)> outcomes) : IProgressHandler
    {
        public void Started(long dispatchId, TimeSpan ago)
        {
        }

        public void Ended(long dispatchId, ReadOnlySpan<byte> encoded)
        {
            var outcome = Outcome.Read(encoded);
            var result = 0;
            if (outcome.Status == OutcomeStatus.Succeeded)
            {
                var reader = new WireReader(outcome.Result);
                result = reader.ReadInt32();
            }
            outcomes[dispatchId] = (outcome.Status, result, outcome.Failure?.Message);
        }
    }

    /// <summary>A worker started as a manager starts one: <c>dotnet exec Parsl.HighThroughput.dll worker</c> with a pipe each way.</summary>
    private sealed class WorkerProcess : IDisposable
    {
        private readonly Process _process;
        private readonly AnonymousPipeServerStream _toWorker;
        private readonly AnonymousPipeServerStream _fromWorker;

        private WorkerProcess(Process process, AnonymousPipeServerStream toWorker, AnonymousPipeServerStream fromWorker)
        {
            _process = process;
            _toWorker = toWorker;
            _fromWorker = fromWorker;
        }

        public int Pid => _process.Id;

        public static WorkerProcess Start()
        {
            var directory = AppContext.BaseDirectory;
            var tests = typeof(WorkerProtocolTests).Assembly.Location;
            var toWorker = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.Inheritable);
            var fromWorker = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.Inheritable);
            var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { UseShellExecute = false, RedirectStandardError = true };
            foreach (var argument in new[] { "exec", "--depsfile", Path.Combine(directory, "Parsl.Tests.deps.json"), "--runtimeconfig", Path.Combine(directory, "Parsl.Tests.runtimeconfig.json"),
                         Path.Combine(directory, "Parsl.HighThroughput.dll"), "worker", "--tasks-pipe", toWorker.GetClientHandleAsString(), "--results-pipe", fromWorker.GetClientHandleAsString(),
                         "--assembly", tests, "--assembly-build", typeof(WorkerProtocolTests).Assembly.ManifestModule.ModuleVersionId.ToString("D") })
                start.ArgumentList.Add(argument);
            var process = Process.Start(start)!;
            toWorker.DisposeLocalCopyOfClientHandle();
            fromWorker.DisposeLocalCopyOfClientHandle();
            return new WorkerProcess(process, toWorker, fromWorker);
        }

        public void Send(ReadOnlySpan<byte> frame) => PipeFrames.Write(_toWorker, frame);

        /// <summary>The worker's next message; fails with its stderr if it exited instead, and after a minute of silence.</summary>
        public async Task<byte[]> ReceiveAsync()
        {
            var frame = await Task.Run(() => PipeFrames.Read(_fromWorker)).WaitAsync(TestTimings.Scaled(TimeSpan.FromSeconds(60)));
            return frame ?? throw new InvalidOperationException("the worker closed its pipe: " + await _process.StandardError.ReadToEndAsync());
        }

        public async Task WaitForExitAsync()
        {
            using var timeout = new CancellationTokenSource(TestTimings.Scaled(TimeSpan.FromSeconds(60)));
            await _process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, _process.ExitCode);
        }

        public void Dispose()
        {
            if (!_process.HasExited)
                _process.Kill();
            _process.Dispose();
            _toWorker.Dispose();
            _fromWorker.Dispose();
        }
    }
}
