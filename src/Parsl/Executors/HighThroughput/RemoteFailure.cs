namespace Parsl.Executors.HighThroughput;

/// <summary>
/// An app's exception as it crosses from a worker: its type name, message and stack trace as text, and for bash apps the
/// exit code, command and stderr tail, so the workflow sees the same <see cref="BashExitException"/> it would see on
/// threads. Nothing is deserialized into an arbitrary type.
/// </summary>
internal sealed record RemoteFailure(byte Kind, string TypeName, string Message, string? StackTrace, string? Command, int ExitCode, string? StderrTail)
{
    private const byte Plain = 0;
    private const byte BashExit = 1;
    private const byte BashNotFound = 2;

    public static RemoteFailure From(Exception exception) => exception switch
    {
        BashCommandNotFoundException notFound => new(BashNotFound, exception.GetType().FullName!, exception.Message, exception.StackTrace, notFound.Command, 127, notFound.StderrTail),
        BashExitException exit => new(BashExit, exception.GetType().FullName!, exception.Message, exception.StackTrace, exit.Command, exit.ExitCode, exit.StderrTail),
        _ => new(Plain, exception.GetType().FullName ?? exception.GetType().Name, exception.Message, exception.ToString(), null, 0, null),
    };

    public void WriteTo(WireWriter writer)
    {
        writer.Write(Kind);
        writer.Write(TypeName);
        writer.Write(Message);
        writer.Write(StackTrace);
        writer.Write(Command);
        writer.Write(ExitCode);
        writer.Write(StderrTail);
    }

    public static RemoteFailure ReadFrom(ref WireReader reader) => new(reader.ReadByte(), reader.ReadString() ?? "", reader.ReadString() ?? "",
        reader.ReadString(), reader.ReadString(), reader.ReadInt32(), reader.ReadString());

    /// <summary>The exception the workflow sees.</summary>
    public Exception ToException(AppDescriptor app, long taskId, string executorLabel) => Kind switch
    {
        BashNotFound => new BashCommandNotFoundException(app, taskId, Command ?? "", StderrTail ?? ""),
        BashExit => new BashExitException(app, taskId, Command ?? "", ExitCode, StderrTail ?? ""),
        _ => new RemoteAppException(app, taskId, executorLabel, TypeName, Message, StackTrace),
    };
}
