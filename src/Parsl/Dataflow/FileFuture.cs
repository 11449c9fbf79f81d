using Parsl.Dataflow;

namespace Parsl;

/// <summary>
/// The future of a file an app writes (Parsl's <c>DataFuture</c>): one per <see cref="OutputAttribute"/> parameter, in
/// <see cref="AppFuture.Outputs"/>. It completes with the file once its app has succeeded and the file exists, so an
/// app that takes it (wherever it reads a <see cref="DataFile"/>) starts only then. It fails when its app fails, or
/// when the app succeeded without writing a local output (<see cref="MissingOutputFileException"/>).
/// <see cref="AppFuture.Cancel"/> cancels the task that writes it.
/// </summary>
public sealed class FileFuture : AppFuture<DataFile>
{
    private readonly int _valueIndex;

    private FileFuture(AppFuture producer, int valueIndex) : base(producer.App)
    {
        Producer = producer;
        _valueIndex = valueIndex;
        TaskId = producer.TaskId;
        CallSite = producer.CallSite;
        ParameterName = producer.App.Inputs[valueIndex].Name;
    }

    /// <summary>The task that writes the file.</summary>
    public AppFuture Producer { get; }

    /// <summary>The parameter of the app that names the file.</summary>
    public string ParameterName { get; }

    /// <summary>The output futures of a task whose app declares outputs, each told when the task completes.</summary>
    internal static FileFuture[] For(AppFuture producer)
    {
        var outputs = producer.App.OutputFileInputs.Select(index => new FileFuture(producer, index)).ToArray();
        foreach (var output in outputs)
            producer.AddContinuation(new ProducerListener(output));
        return outputs;
    }

    private void OnProducerCompleted()
    {
        if (!Producer.IsCompletedSuccessfully)
        {
            TryFail(Producer.State, Producer.Exception!);
            return;
        }
        var file = Producer.ResolvedFileAt(_valueIndex);
        if (file is null)
            TryFail(TaskState.Failed, new MissingOutputFileException(Producer, ParameterName, null));
        else if (file.IsLocal && !File.Exists(file.Path))
            TryFail(TaskState.Failed, new MissingOutputFileException(Producer, ParameterName, file));
        else
            TrySetResult(file);
    }

    // The file comes from its task alone: cancelling the output cancels the task that writes it (and so every output of it).
    private protected override bool TryCancel() => Producer.Cancel();

    /// <inheritdoc />
    public override string ToString() => $"output '{ParameterName}' of task {TaskId} ({App.Id}): {State}";

    private sealed class ProducerListener(FileFuture output) : IFutureListener
    {
        public void OnFutureCompleted(Dependency future) => output.OnProducerCompleted();
    }
}
