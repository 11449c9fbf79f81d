namespace Parsl.Executors;

/// <summary>An app is pinned to an executor label that the loaded config does not define.</summary>
public sealed class UnknownExecutorException(AppDescriptor app, IReadOnlyList<string> unknownLabels, IReadOnlyList<string> configuredLabels)
    : InvalidOperationException(
        $"App {app.Id} is pinned to executor{(unknownLabels.Count == 1 ? "" : "s")} {Quote(unknownLabels)}, but the loaded config defines only {Quote(configuredLabels)}. " +
        $"Add an executor with that label to the config, or change [App(Executors = ...)] on {app.Name}" +
        (app.SourceFile is null ? "." : $" ({Path.GetFileName(app.SourceFile)}:{app.SourceLine})."))
{
    /// <summary>The app.</summary>
    public AppDescriptor App { get; } = app;

    /// <summary>The labels the config lacks.</summary>
    public IReadOnlyList<string> UnknownLabels { get; } = unknownLabels;

    private static string Quote(IReadOnlyList<string> labels) => string.Join(", ", labels.Select(l => $"'{l}'"));
}
