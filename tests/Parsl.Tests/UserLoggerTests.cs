using Microsoft.Extensions.Logging;
using Parsl.Executors;

namespace Parsl.Tests;

/// <summary>A logger of the user's (<see cref="ParslConfig.LoggerFactory"/>) that throws: a guest's failure, not the run's.</summary>
public sealed class UserLoggerTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-user-logger-").FullName;

    [Fact]
    public async Task A_user_logger_that_throws_loses_its_lines_and_the_run_goes_on_saying_so_once()
    {
        var config = new ParslConfig
        {
            Executors = [new ThreadPoolExecutor("local", maxThreads: 2)],
            RunDirectory = _scratch, ExitOnCtrlC = false, PrintFailureReport = false, Retries = 0,
            LoggerFactory = new ThrowingLoggerFactory(),
        };
        string runDirectory;
        // The load logs its start, each task's completion logs (Debug), the failure its first-failure warning: every one
        // of them threw the user's exception at the kernel's own code (the load failed at its first line).
        await using (var kernel = await DataFlowKernel.LoadAsync(config with { LogLevel = LogLevel.Debug }))
        {
            runDirectory = kernel.RunDirectory;
            Assert.Equal(7, await TestApps.AddAsync(3, 4));
            await Assert.ThrowsAsync<InvalidOperationException>(() => TestApps.FailAsync("on purpose").AsTask());
            Assert.Equal(9, await TestApps.AddAsync(4, 5));
            using var timeout = new CancellationTokenSource(TestTimings.Scaled(TimeSpan.FromSeconds(30)));
            await kernel.ShutdownAsync(cancelOutstanding: false).AsTask().WaitAsync(timeout.Token);
        }

        var log = await File.ReadAllTextAsync(Path.Combine(runDirectory, "parsl.log"));
        Assert.Single(log.Split('\n'), line => line.Contains("A logger of ParslConfig.LoggerFactory threw", StringComparison.Ordinal));
        Assert.Contains("user logger bug", log, StringComparison.Ordinal);
        Assert.Contains("First failure: task 2", log, StringComparison.Ordinal);
        Assert.Contains("Run finished in", log, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private sealed class ThrowingLoggerFactory : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new ThrowingLogger();

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }
    }

    private sealed class ThrowingLogger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            throw new InvalidOperationException("user logger bug");
    }
}
