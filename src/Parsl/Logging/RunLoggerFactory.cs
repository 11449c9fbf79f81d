using Microsoft.Extensions.Logging;

namespace Parsl.Logging;

/// <summary>The run's loggers: each writes to <c>parsl.log</c> and, when the config gives one, to the user's factory.</summary>
internal sealed class RunLoggerFactory(FileLoggerProvider file, ILoggerFactory? user) : ILoggerFactory
{
    private int _userLoggerFailed;

    public ILogger CreateLogger(string categoryName) =>
        user is null ? file.CreateLogger(categoryName) : new TeeLogger(this, file.CreateLogger(categoryName), user.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("Add providers to ParslConfig.LoggerFactory instead.");

    public void Dispose() => file.Dispose();

    // The user's logger is a guest, as an observer is: its failure must not become the run's (every line is logged from
    // the kernel's own paths: a task's completion, a block's start). Its line is dropped, and parsl.log says so once.
    private void UserLoggerFailed(ILogger own, Exception failure)
    {
        if (Interlocked.Exchange(ref _userLoggerFailed, 1) == 0)
            own.LogError(failure, "A logger of ParslConfig.LoggerFactory threw; the lines it fails on are dropped there (parsl.log keeps them), and the run goes on");
    }

    private sealed class TeeLogger(RunLoggerFactory factory, ILogger own, ILogger user) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => own.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => own.IsEnabled(logLevel) || UserIsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            own.Log(logLevel, eventId, state, exception, formatter);
            try
            {
                user.Log(logLevel, eventId, state, exception, formatter);
            }
            catch (Exception failure)
            {
                factory.UserLoggerFailed(own, failure);
            }
        }

        private bool UserIsEnabled(LogLevel logLevel)
        {
            try
            {
                return user.IsEnabled(logLevel);
            }
            catch (Exception failure)
            {
                factory.UserLoggerFailed(own, failure);
                return false;
            }
        }
    }
}
