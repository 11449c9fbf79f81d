using Parsl.Executors;

namespace Parsl.Tests;

/// <summary>Options Parsl takes per call (executor, walltime, retries, stdout/stderr, resources), merged over the attribute.</summary>
public sealed class CallOptionsTests : KernelTest
{
    protected override IReadOnlyList<IExecutor> Executors => [new ThreadPoolExecutor("local", 2), new ThreadPoolExecutor("midway", 1)];

    public CallOptionsTests() => RetryTestApps.Attempts.Clear();

    [Fact]
    public async Task A_call_may_choose_its_executor()
    {
        for (var i = 0; i < 4; i++)
        {
            var call = TestApps.ThreadNameAsync(options: new() { Executor = "midway" });
            Assert.StartsWith("parsl-midway-", await call);
            Assert.Equal("midway", call.Record.Executor);
        }
    }

    [Fact]
    public async Task A_call_may_set_its_own_walltime()
    {
        var call = TestApps.WaitForCancellationAsync(options: new() { Walltime = TimeSpan.FromMilliseconds(200) });

        var error = await Assert.ThrowsAsync<AppWalltimeExceededException>(async () => await call);

        Assert.Equal(TimeSpan.FromMilliseconds(200), error.Walltime);
        Assert.Equal(TimeSpan.FromMilliseconds(200), call.Record.Options!.Walltime);
    }

    [Fact]
    public async Task A_call_may_set_its_own_retries()
    {
        Assert.Equal("ok", await RetryTestApps.FlakyWithConfigRetriesAsync("per-call", failures: 2, options: new() { Retries = 2 }));
        Assert.Equal(3, RetryTestApps.Attempts["per-call"]);
    }

    [Fact]
    public async Task An_output_path_that_cannot_be_written_fails_naming_the_app_the_stream_and_the_path()
    {
        var notAFolder = Path.Combine(Scratch, "notes.txt");
        await File.WriteAllTextAsync(notAFolder, "a file, not a folder");
        var unwritable = Path.Combine(notAFolder, "out.txt");

        var call = BashTestApps.EchoAsync("hello", options: new() { Stdout = unwritable });
        var error = await Assert.ThrowsAsync<BashAppException>(() => call.AsTask());

        Assert.StartsWith($"Bash app Parsl.Tests.BashTestApps.Echo (task {call.TaskId}) cannot write its stdout to {unwritable}: ", error.Message);
        Assert.EndsWith("Choose a stdout path the app may write (Stdout on [BashApp], or in the call's AppCallOptions).", error.Message);
        Assert.IsAssignableFrom<IOException>(error.InnerException);
    }

    [Fact]
    public async Task A_bash_call_may_redirect_its_output_and_ask_for_an_automatic_log_name()
    {
        var own = Path.Combine(Scratch, "own.txt");

        var redirected = await BashTestApps.EchoAsync("hello", options: new() { Stdout = own });
        var automatic = BashTestApps.EchoToAutoLogAsync("logged");
        var result = await automatic;

        Assert.Equal(own, redirected.StdoutPath);
        Assert.Equal("hello\n", File.ReadAllText(own));
        var expected = Path.GetFullPath(Path.Combine(Kernel.RunDirectory, "task_logs", "0000", $"task_{automatic.TaskId:0000}_EchoToAutoLog.stdout"));
        Assert.Equal(expected, result.StdoutPath);
        Assert.Equal("logged\n", File.ReadAllText(expected));
    }

    [Fact]
    public void A_resource_specification_a_thread_executor_cannot_honour_fails_the_call_as_in_Parsl()
    {
        var resources = new ResourceSpecification { Cores = 4, MemoryMegabytes = 2048 };

        var error = Assert.Throws<ArgumentException>(() => TestApps.AddAsync(1, 2, options: new() { Resources = resources }));

        Assert.Contains("A call of Parsl.Tests.TestApps.Add (at CallOptionsTests.cs:", error.Message);
        Assert.Contains("asks for resources (ResourceSpecification { Cores = 4, MemoryMegabytes = 2048,", error.Message);
        Assert.Contains("which executor 'local' (ThreadPoolExecutor) cannot honour", error.Message);
    }

    [Fact]
    public void Options_that_do_not_fit_fail_the_call_saying_why()
    {
        var line = new System.Diagnostics.StackFrame(0, true).GetFileLineNumber() + 1;
        var label = Assert.Throws<UnknownExecutorException>(() => TestApps.AddAsync(1, 2, options: new() { Executor = "nowhere" }));
        Assert.Contains($"A call of Parsl.Tests.TestApps.Add (at CallOptionsTests.cs:{line}) asks for executor 'nowhere' (AppCallOptions.Executor), but the loaded config defines only 'local', 'midway'", label.Message);

        var stdout = Assert.Throws<ArgumentException>(() => TestApps.AddAsync(1, 2, options: new() { Stdout = "out.txt" }));
        Assert.Contains("Parsl.Tests.TestApps.Add is not a bash app", stdout.Message);
    }
}
