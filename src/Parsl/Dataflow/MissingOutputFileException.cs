namespace Parsl;

/// <summary>
/// An app succeeded but did not write a file it declared as an output (<see cref="OutputAttribute"/>): the apps that
/// read that file are not run, and their reports name this as the root cause.
/// </summary>
public sealed class MissingOutputFileException : Exception
{
    internal MissingOutputFileException(AppFuture producer, string parameterName, DataFile? file)
        : base(file is null
            ? $"Task {producer.TaskId} ({producer.App.Id}) was given no file for its output '{parameterName}' (null); pass the DataFile it writes."
            : $"Task {producer.TaskId} ({producer.App.Id}) succeeded but did not write its output '{parameterName}': there is no file at {System.IO.Path.GetFullPath(file.LocalPath ?? file.Path)}{(file.IsLocal ? "" : $" (the copy to send to {file.Url})")}. " +
              "Check that the app writes to the path it is given (in a bash template, the placeholder of that parameter).")
    {
        TaskId = producer.TaskId;
        App = producer.App;
        ParameterName = parameterName;
        File = file;
    }

    /// <summary>The task that should have written the file.</summary>
    public long TaskId { get; }

    /// <summary>Its app.</summary>
    public AppDescriptor App { get; }

    /// <summary>The output parameter.</summary>
    public string ParameterName { get; }

    /// <summary>The file that is missing; null when the app was given none.</summary>
    public DataFile? File { get; }
}
