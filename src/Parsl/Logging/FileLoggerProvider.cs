using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Parsl.Logging;

/// <summary>
/// Writes the run's <c>parsl.log</c>. Lines are flushed as written, so a killed run keeps its log. A line that cannot be
/// written (a full disk) is dropped, and said once on stderr: the log must never fail the code that logs, the task
/// completions and the checkpoint's writer among them. A line logged after the run closed its log (a task abandoned at
/// the shutdown that ends later) is dropped.
/// </summary>
internal sealed class FileLoggerProvider : ILoggerProvider
{
    private readonly string _path;
    private readonly StreamWriter _writer;
    private readonly LogLevel _minimumLevel;
    private readonly Lock _gate = new();
    private bool _failed;
    private bool _closed;

    public FileLoggerProvider(string path, LogLevel minimumLevel)
    {
        _path = path;
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        _minimumLevel = minimumLevel;
    }

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void Dispose()
    {
        lock (_gate)
        {
            _closed = true;
            try
            {
                _writer.Dispose();
            }
            catch (Exception exception) when (Files.WriteFailure.Is(exception))
            {
                Failed(exception);
            }
        }
    }

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss.fff} {LevelName(level)} {category}: {message}");
        lock (_gate)
        {
            if (_closed)
                return;
            try
            {
                _writer.WriteLine(line);
                if (exception is not null)
                    _writer.WriteLine(TextOf(exception));
            }
            catch (Exception failure) when (Files.WriteFailure.Is(failure))
            {
                Failed(failure);
            }
        }
    }

    // An app's exception type may throw from its own ToString (or its stack trace's, or an inner exception's): the line
    // is still written, and the log says so rather than failing the code that logged.
    private static string TextOf(Exception exception)
    {
        try
        {
            return exception.ToString();
        }
        catch (Exception thrown)
        {
            return $"{exception.GetType().FullName} (its ToString threw {thrown.GetType().FullName})";
        }
    }

    // Under _gate. Later lines are tried again: the log resumes if space comes back.
    private void Failed(Exception failure)
    {
        if (_failed)
            return;
        _failed = true;
        Hosting.ScriptHost.Tell($"parsl: cannot write the run's log {_path} ({failure.Message}); the run goes on, and its log lines are lost until the log can be written again");
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO ",
        LogLevel.Warning => "WARN ",
        LogLevel.Error => "ERROR",
        _ => "CRIT ",
    };

    private sealed class FileLogger(FileLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= provider._minimumLevel && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                provider.Write(logLevel, category, formatter(state, exception), exception);
        }
    }
}
