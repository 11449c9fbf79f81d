namespace Parsl.Executors;

/// <summary>An app is pinned (or a retry handler moved a task) to an executor label that the loaded config does not define.</summary>
public sealed class UnknownExecutorException : InvalidOperationException
{
    /// <summary>Creates the error for an app pinned to labels the config lacks.</summary>
    public UnknownExecutorException(AppDescriptor app, IReadOnlyList<string> unknownLabels, IReadOnlyList<string> configuredLabels)
        : this(app, unknownLabels, configuredLabels, LabelSource.Attribute, null) { }

    internal UnknownExecutorException(AppDescriptor app, IReadOnlyList<string> unknownLabels, IReadOnlyList<string> configuredLabels, LabelSource source, CallSite? callSite)
        : base(source switch
        {
            LabelSource.RetryHandler => $"The retry handler moved a task of {app.Id}{At(callSite, "called at")} to executor {Quote(unknownLabels)}, but the loaded config defines only {Quote(configuredLabels)}. " +
              "Return one of those labels in RetryDecision.Executor.",
            LabelSource.CallOptions => $"A call of {app.Id}{At(callSite, "at")} asks for executor {Quote(unknownLabels)} (AppCallOptions.Executor), but the loaded config defines only {Quote(configuredLabels)}. " +
              "Use one of those labels, or add an executor with that label to the config.",
            _ => $"App {app.Id}{At(callSite, "called at")} is pinned to executor{(unknownLabels.Count == 1 ? "" : "s")} {Quote(unknownLabels)}, but the loaded config defines only {Quote(configuredLabels)}. " +
              $"Add an executor with that label to the config, or change [App(Executors = ...)] on {app.Name}" +
              (app.SourceFile is null ? "." : $" ({Path.GetFileName(app.SourceFile)}:{app.SourceLine})."),
        })
    {
        App = app;
        UnknownLabels = unknownLabels;
        CallSite = callSite;
    }

    /// <summary>The app.</summary>
    public AppDescriptor App { get; }

    /// <summary>The labels the config lacks.</summary>
    public IReadOnlyList<string> UnknownLabels { get; }

    /// <summary>The line of the workflow that called the app, when known.</summary>
    public CallSite? CallSite { get; }

    private static string At(CallSite? callSite, string words) =>
        callSite is { FilePath: { Length: > 0 } } site ? $" ({words} {site})" : "";

    private static string Quote(IReadOnlyList<string> labels) => string.Join(", ", labels.Select(l => $"'{l}'"));

    /// <summary>Where the unknown label was written, which decides what the message tells the user to change.</summary>
    internal enum LabelSource
    {
        Attribute,
        RetryHandler,
        CallOptions,
    }
}
