using System.Collections.Concurrent;
using Parsl.Executors;
using Parsl.Executors.HighThroughput;

namespace Parsl.Tests;

/// <summary>
/// Both transports' event loops keep the promise the interchange and the manager rely on: every item queued from any
/// thread is handled on the loop's one thread, timers tick, and stopping from inside or outside ends the loop.
/// </summary>
public sealed class EventLoopTests
{
    public static TheoryData<HtexTransport> Transports => [HtexTransport.Grpc, HtexTransport.NetMQ];

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Items_from_many_threads_are_all_handled_on_the_loops_own_thread(HtexTransport transport)
    {
        using var loop = ITransport.Of(transport).CreateLoop();
        var handled = new List<int>();
        var threads = new ConcurrentDictionary<int, byte>();
        ILoopInbox<int> inbox = null!;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        inbox = loop.AddInbox<int>(() =>
        {
            threads[Environment.CurrentManagedThreadId] = 0;
            while (inbox.TryDequeue(out var item))
                handled.Add(item); // a plain list: only the loop's thread touches it
            if (handled.Count == 4 * 10_000)
                all.TrySetResult();
        });
        loop.RunInBackground("test-loop");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
                inbox.Enqueue(t * 10_000 + i);
        })));
        await all.Task.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(Enumerable.Range(0, 40_000), handled.Order());
        Assert.Single(threads);
        Assert.NotEqual(Environment.CurrentManagedThreadId, threads.Keys.Single());
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Timers_tick_on_the_loop_until_it_stops_and_Run_returns_when_stopped_from_a_handler(HtexTransport transport)
    {
        using var loop = ITransport.Of(transport).CreateLoop();
        var ticks = 0;
        int? loopThread = null;
        loop.AddTimer(TimeSpan.FromMilliseconds(20), () =>
        {
            loopThread = Environment.CurrentManagedThreadId;
            if (++ticks == 5)
                loop.Stop();
        });

        // Run blocks its caller, as the manager's main thread does, until a handler stops the loop.
        var running = Task.Factory.StartNew(() =>
        {
            loop.Run();
            return Environment.CurrentManagedThreadId;
        }, TaskCreationOptions.LongRunning);
        var runner = await running.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(5, ticks);
        Assert.Equal(runner, loopThread);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Disposing_from_outside_stops_a_running_loop_and_later_items_are_dropped_without_an_error(HtexTransport transport)
    {
        var loop = ITransport.Of(transport).CreateLoop();
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ILoopInbox<string> inbox = null!;
        inbox = loop.AddInbox<string>(() =>
        {
            while (inbox.TryDequeue(out _))
                ran.TrySetResult();
        });
        loop.RunInBackground("test-loop");
        inbox.Enqueue("first");
        await ran.Task.WaitAsync(TimeSpan.FromSeconds(60));

        loop.Dispose();
        inbox.Enqueue("after"); // a worker's pipe thread reporting while its manager shuts down
    }
}
