using Microsoft.Extensions.Logging;

namespace Parsl.Logging;

/// <summary>Fans log calls out to the run's log file and, when configured, the user's own logger factory.</summary>
internal sealed class RunLoggerFactory(FileLoggerProvider file, ILoggerFactory? user) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) =>
        user is null ? file.CreateLogger(categoryName) : new TeeLogger(file.CreateLogger(categoryName), user.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("Add providers to ParslConfig.LoggerFactory instead.");

    public void Dispose() => file.Dispose();

    private sealed class TeeLogger(ILogger first, ILogger second) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => first.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => first.IsEnabled(logLevel) || second.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            first.Log(logLevel, eventId, state, exception, formatter);
            second.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
