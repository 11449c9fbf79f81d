using System.Diagnostics;
using System.Globalization;
using System.IO.Pipes;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// Starts a manager's worker processes, each with a pipe each way, and reads what each sends on a thread of its own:
/// every message, then (its pipe closed) the news of its exit, handed to <paramref name="tell"/> for the manager's loop.
/// </summary>
internal sealed class WorkerStarter(HostArguments options, int workerCount, string poolId, string blockId, string? stagingFolder, Action<WorkerNews> tell)
{
    /// <summary>
    /// Starts the worker's process; returns the thread that will read its pipe, for the caller to start. The pipes'
    /// far ends are inherited by that worker alone: workers are started one at a time, on the manager's loop thread,
    /// and this process lets go of them at once.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "The manager runs as 'dotnet exec Parsl.HighThroughput.dll', from a file.")]
    public Thread Start(WorkerSlot worker)
    {
        var toWorker = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.Inheritable);
        var fromWorker = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.Inheritable);
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { UseShellExecute = false };
        foreach (var arg in new[] { "exec", "--depsfile", options.Required("deps"), "--runtimeconfig", options.Required("runtimeconfig"),
                     typeof(Manager).Assembly.Location, "worker", "--tasks-pipe", toWorker.GetClientHandleAsString(), "--results-pipe", fromWorker.GetClientHandleAsString() })
            start.ArgumentList.Add(arg);
        if (stagingFolder is not null)
        {
            start.ArgumentList.Add("--staging-dir");
            start.ArgumentList.Add(stagingFolder);
        }
        foreach (var assembly in options.All("assembly"))
        {
            start.ArgumentList.Add("--assembly");
            start.ArgumentList.Add(assembly);
        }
        foreach (var build in options.All("assembly-build"))
        {
            start.ArgumentList.Add("--assembly-build");
            start.ArgumentList.Add(build);
        }
        // Who the worker is, under the names Parsl gives them, for apps that split work or name files by worker.
        start.Environment["PARSL_WORKER_RANK"] = worker.Index.ToString(CultureInfo.InvariantCulture);
        start.Environment["PARSL_WORKER_COUNT"] = workerCount.ToString(CultureInfo.InvariantCulture);
        start.Environment["PARSL_WORKER_POOL_ID"] = poolId;
        start.Environment["PARSL_WORKER_BLOCK_ID"] = blockId;
        var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch
        {
            toWorker.Dispose();
            fromWorker.Dispose();
            process.Dispose();
            throw;
        }
        finally
        {
            toWorker.DisposeLocalCopyOfClientHandle();
            fromWorker.DisposeLocalCopyOfClientHandle();
        }
        var generation = ++worker.Generation;
        var startTicks = RuntimeLeftovers.StartTicksOf(process.Id);
        worker.ToWorker?.Dispose();
        worker.ToWorker = toWorker;
        worker.Process = process;
        worker.Ready = false;
        worker.StopId = 0;
        worker.StopDeadline = 0;
        worker.Reader = new Thread(() => ReadFromWorker(worker, generation, process, startTicks, fromWorker)) { IsBackground = true, Name = $"parsl-worker-{worker.Index}-pipe" };
        return worker.Reader;
    }

    /// <summary>
    /// Passes on each message of one worker, then (its pipe closed: it exited, and nothing it wrote is left unread) the
    /// news of its exit, so a try it finished just before dying is never counted lost; a worker killed by a signal
    /// has its runtime's files removed first.
    /// </summary>
    private void ReadFromWorker(WorkerSlot worker, int generation, Process process, long? startTicks, AnonymousPipeServerStream pipe)
    {
        try
        {
            while (PipeFrames.Read(pipe) is { } frame)
                tell(new WorkerNews(worker, generation, process, frame));
        }
        catch (Exception exception) when (exception is IOException or WireFormatException)
        {
            Manager.Log($"worker {worker.Index} (pid {Processes.IdOf(process)}) broke its pipe: {exception.Message}; stopping it");
            Processes.TryKill(process);
        }
        finally
        {
            pipe.Dispose();
        }
        process.WaitForExit();
        if (startTicks is { } ticks && Processes.ExitCodeOf(process) > 128) // killed by a signal: its runtime could not clean up
            RuntimeLeftovers.Remove(process.Id, ticks);
        tell(new WorkerNews(worker, generation, process, null));
    }
}
