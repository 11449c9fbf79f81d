namespace Parsl.Records;

/// <summary>What a <see cref="TaskRecord"/> reads: the kernel's future of a task implements it, so records know nothing of the kernel.</summary>
internal interface ITaskRecordSource
{
    long TaskId { get; }

    AppDescriptor App { get; }

    CallSite CallSite { get; }

    TaskState State { get; }

    bool FromCache { get; }

    DateTimeOffset SubmittedAt { get; }

    DateTimeOffset? CompletedAt { get; }

    IReadOnlyList<TaskArgument> RecordedArguments();

    object? RecordedValues { get; }

    int RecordedTries { get; }

    string? RecordedExecutor { get; }

    IReadOnlyList<TryRecord> RecordedFailures { get; }

    double RecordedFailureCost { get; }

    AppCallOptions? RecordedOptions { get; }
}
