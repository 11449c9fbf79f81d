using Microsoft.Extensions.Logging;
using Parsl.Logging;

namespace Parsl.Tests;

/// <summary>The run's <c>parsl.log</c> writer, on its own.</summary>
public sealed class FileLogTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("parsl-file-log-").FullName;

    [Fact]
    public void A_line_logged_after_the_log_closed_is_dropped_without_failing_the_code_that_logged_it()
    {
        var path = Path.Combine(_folder, "parsl.log");
        var provider = new FileLoggerProvider(path, LogLevel.Information);
        var logger = provider.CreateLogger("Parsl.Test");
        logger.LogInformation("before the end");
        provider.Dispose();

        // A task abandoned at the shutdown may finish, and log, after the run closed its log.
        logger.LogWarning("after the end");

        var text = File.ReadAllText(path);
        Assert.Contains("INFO  Parsl.Test: before the end", text, StringComparison.Ordinal);
        Assert.DoesNotContain("after the end", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exception_whose_text_throws_is_logged_by_its_type_without_failing_the_code_that_logged_it()
    {
        var path = Path.Combine(_folder, "parsl.log");
        using (var provider = new FileLoggerProvider(path, LogLevel.Information))
            provider.CreateLogger("Parsl.Test").LogWarning(new UnreadableFailureException(1), "a failure");

        Assert.Contains($"WARN  Parsl.Test: a failure\n{typeof(UnreadableFailureException).FullName} (its ToString threw System.InvalidOperationException)",
            File.ReadAllText(path), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
