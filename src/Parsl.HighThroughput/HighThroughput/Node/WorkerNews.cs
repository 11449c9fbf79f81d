using System.Diagnostics;

namespace Parsl.Executors.HighThroughput;

/// <summary>A message from a worker (<see cref="Frame"/>), or (with a null frame) the news that it exited, for the manager's loop.</summary>
internal readonly record struct WorkerNews(WorkerSlot Worker, int Generation, Process Process, byte[]? Frame);
