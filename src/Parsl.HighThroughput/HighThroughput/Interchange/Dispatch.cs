using Parsl.Executors.HighThroughput.Protocol;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// One try on its way through the interchange: its encoded arguments (made once, kept for a re-run after a lost
/// worker), where it is, and how often a worker died running it. Touched only on the interchange's thread, except
/// for the fields set before it is queued.
/// </summary>
internal sealed class Dispatch(TaskTry taskTry, byte[] arguments, string? stdout, string? stderr, LocalFile[] files)
{
    public TaskTry Try { get; } = taskTry;

    public byte[] Arguments { get; } = arguments;

    public string? Stdout { get; } = stdout;

    public string? Stderr { get; } = stderr;

    /// <summary>The local files the try reads, carried to a worker that shares no file system with the workflow.</summary>
    public LocalFile[] Files { get; } = files;

    /// <summary>Changes on every re-run, so a late answer from a worker thought dead is recognised and dropped.</summary>
    public long Id { get; set; }

    /// <summary>The manager it was sent to, or null while it waits in the interchange.</summary>
    public ManagerState? Manager { get; set; }

    /// <summary>How many workers died running it.</summary>
    public int Losses { get; set; }

    /// <summary>The try was cancelled (walltime or the run's cancellation) after it was sent: a lost worker is then the stop, not a loss.</summary>
    public bool CancelRequested { get; set; }

    /// <summary>Settled, or cancelled before it was sent; skipped when met in the queue.</summary>
    public bool Done { get; set; }

    public CancellationTokenRegistration Cancellation { get; set; }

    /// <summary>The message a worker gets; <paramref name="observed"/> asks it to measure what the try costs.</summary>
    public DispatchMessage ToMessage(bool observed) =>
        new(Id, Try.TaskId, Try.App.Id, Try.App.CodeHash, Try.App.Build, Arguments, Stdout, Stderr, [.. Try.StageInOnWorker], [.. Try.StageOutOnWorker], Files)
        {
            TraceParent = Try.TraceParent,
            MeasureUsage = observed,
            Walltime = Try.Walltime ?? TimeSpan.Zero,
            Nodes = Mpi.Nodes,
            RanksPerNode = Mpi.RanksPerNode,
            Ranks = Mpi.Ranks,
            CoresPerRank = Mpi.CoresPerRank,
            GpusPerRank = Mpi.GpusPerRank,
            Container = Container,
            ContainerName = Container is null ? null : ContainerName,
        };

    /// <summary>
    /// The try's container name, and after a lost worker a name of the re-run's own: the first container may still be
    /// there while the dead worker's guard removes it, and a second container of the same name fails to start (exit
    /// code 125, podman's and docker's alike).
    /// </summary>
    private string ContainerName => Losses == 0 ? Try.ContainerName : $"{Try.ContainerName}-rerun{Losses}";

    /// <summary>The image a bash app's try runs in on its worker's node, or null.</summary>
    public ContainerImage? Container { get; init; }

    /// <summary>An MPI try's shape (checked when it was submitted), or zeros.</summary>
    public MpiShape Mpi { get; init; }
}
