namespace Parsl;

/// <summary>
/// Marks a <see cref="DataFile"/> parameter as a file the app writes (Parsl's <c>outputs</c>). The app's future gets a
/// <see cref="FileFuture"/> for it in <see cref="AppFuture.Outputs"/>, which any app takes where it reads a
/// <see cref="DataFile"/>: the reader starts once the writer has finished and the file exists, so a pipeline chains
/// through the files its apps write. An app that succeeds without writing a local output fails that output's readers,
/// naming the file and the app.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class OutputAttribute : Attribute;
