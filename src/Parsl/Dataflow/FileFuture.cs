using Parsl.Dataflow;

namespace Parsl;

/// <summary>
/// The future of a file an app writes (Parsl's <c>DataFuture</c>): one per <see cref="OutputAttribute"/> parameter, in
/// <see cref="AppFuture.Outputs"/>. It completes with the file once its app has succeeded and the file exists, so an
/// app that takes it (wherever it reads a <see cref="DataFile"/>) starts only then. It fails when its app fails, or
/// when the app succeeded without writing it (<see cref="MissingOutputFileException"/>). A remote output (a URL) is
/// written by the app to a local copy and completes once that is sent to its URL.
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
        else if (!file.IsLocal && Producer.SendsOnWorker(file))
            TrySetResult(file); // the worker sent it before its try succeeded
        else if (file.LocalPath is { } written && File.Exists(written))
        {
            if (file.IsLocal)
                TrySetResult(file);
            else
                Producer.Kernel!.Staging.StageOut(file).AddContinuation(new StageOutListener(this));
        }
        else if (!file.IsLocal && Producer.FromCache)
            TrySetResult(file); // the run that wrote it sent it
        else
            TryFail(TaskState.Failed, new MissingOutputFileException(Producer, ParameterName, file));
    }

    private void OnStagedOut(StagingTask stageOut)
    {
        if (stageOut.IsCompletedSuccessfully)
            TrySetResult(stageOut.File);
        else
            TryFail(stageOut.State, stageOut.Exception!);
    }

    // The file comes from its task alone: cancelling the output cancels the task that writes it (and so every output of it).
    private protected override bool TryCancel() => Producer.Cancel();

    /// <inheritdoc />
    public override string ToString() => $"output '{ParameterName}' of task {TaskId} ({App.Id}): {State}";

    private sealed class StageOutListener(FileFuture output) : IFutureListener
    {
        public void OnFutureCompleted(Dependency future) => output.OnStagedOut((StagingTask)future);
    }

    private sealed class ProducerListener(FileFuture output) : IFutureListener
    {
        public void OnFutureCompleted(Dependency future) => output.OnProducerCompleted();
    }
}
