namespace Parsl.Executors.HighThroughput;

/// <summary>
/// An app's exception as it crosses from a worker: its type (full name and assembly), message and stack trace as text,
/// its inner exceptions (at most <see cref="MaxInnerDepth"/> deep), and for bash apps the exit code, command and stderr
/// tail, so the workflow sees the same exception it would see on threads (<see cref="RemoteExceptionTypes"/>).
/// </summary>
internal sealed record RemoteFailure(byte Kind, string TypeName, string AssemblyName, string Message, string? StackTrace, string? Text,
    string? Command, int ExitCode, string? StderrTail, RemoteFailure? Inner)
{
    /// <summary>Inner exceptions kept beyond the outermost; deeper ones survive only in <see cref="Text"/>.</summary>
    public const int MaxInnerDepth = 8;

    private const byte Plain = 0;
    private const byte BashExit = 1;
    private const byte BashNotFound = 2;

    public static RemoteFailure From(Exception exception, int depth = 0)
    {
        var type = exception.GetType();
        var inner = exception.InnerException is { } cause && depth < MaxInnerDepth ? From(cause, depth + 1) : null;
        var (kind, command, exitCode, stderr) = exception switch
        {
            BashCommandNotFoundException notFound => (BashNotFound, notFound.Command, 127, notFound.StderrTail),
            BashExitException exit => (BashExit, exit.Command, exit.ExitCode, exit.StderrTail),
            _ => (Plain, (string?)null, 0, (string?)null),
        };
        return new(kind, type.FullName ?? type.Name, type.Assembly.GetName().Name ?? "", MessageOf(exception),
            Read(exception, static e => e.StackTrace, "StackTrace"), depth == 0 ? Read(exception, static e => e.ToString(), "ToString") : null,
            command, exitCode, stderr, inner);
    }

    /// <summary>The exception's message, or what its throwing Message threw.</summary>
    public static string MessageOf(Exception exception) => Read(exception, static e => e.Message, "Message") ?? "";

    // An app's exception type may throw from its own text: the failure still crosses, and says so, where the worker used
    // to die of it (and the task was lost, and blamed on its memory).
    private static string? Read(Exception exception, Func<Exception, string?> part, string name)
    {
        try
        {
            return part(exception);
        }
        catch (Exception thrown)
        {
            return $"({exception.GetType().FullName}'s {name} threw {thrown.GetType().FullName})";
        }
    }

    public void WriteTo(WireWriter writer)
    {
        writer.Write(Kind);
        writer.Write(TypeName);
        writer.Write(AssemblyName);
        writer.Write(Message);
        writer.Write(StackTrace);
        writer.Write(Text);
        writer.Write(Command);
        writer.Write(ExitCode);
        writer.Write(StderrTail);
        writer.Write(Inner is not null);
        Inner?.WriteTo(writer);
    }

    public static RemoteFailure ReadFrom(ref WireReader reader, int depth = 0)
    {
        var kind = reader.ReadByte();
        var typeName = reader.ReadString() ?? "";
        var assemblyName = reader.ReadString() ?? "";
        var message = reader.ReadString() ?? "";
        var stackTrace = reader.ReadString();
        var text = reader.ReadString();
        var command = reader.ReadString();
        var exitCode = reader.ReadInt32();
        var stderr = reader.ReadString();
        RemoteFailure? inner = null;
        if (reader.ReadBoolean())
        {
            if (depth >= MaxInnerDepth)
                throw new WireFormatException($"an exception nests more than {MaxInnerDepth} inner exceptions");
            inner = ReadFrom(ref reader, depth + 1);
        }
        return new(kind, typeName, assemblyName, message, stackTrace, text, command, exitCode, stderr, inner);
    }

    /// <summary>The exception the workflow sees: the app's own type where it can be recreated, else a <see cref="RemoteAppException"/> naming it.</summary>
    public Exception ToException(AppDescriptor app, long taskId, string executorLabel) => Kind switch
    {
        BashNotFound => new BashCommandNotFoundException(app, taskId, Command ?? "", StderrTail ?? ""),
        BashExit => new BashExitException(app, taskId, Command ?? "", ExitCode, StderrTail ?? ""),
        _ => RemoteExceptionTypes.Recreate(this) ?? new RemoteAppException(app, taskId, executorLabel, TypeName, Message, Text ?? StackTrace),
    };
}
