using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Parsl.Executors.HighThroughput.Protocol;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// Measures what one try costs its worker process, which runs one try at a time: CPU time (the process's own, plus the
/// commands it waited for: a bash app's), and peak memory (the process's resident set high-water mark, reset at the
/// try's start through <c>/proc/self/clear_refs</c>, or a command's when that was larger). Linux reads <c>/proc</c>
/// through handles opened once; elsewhere the peak is the process's since it started.
/// </summary>
internal sealed partial class TryUsageMeter : IDisposable
{
    private readonly string _worker;
    private readonly SafeFileHandle? _status;
    private readonly SafeFileHandle? _clearRefs;
    private readonly byte[] _buffer = new byte[4096];
    private TimeSpan _cpuAtStart;
    private Rusage _childrenAtStart;

    public TryUsageMeter()
    {
        _worker = Environment.GetEnvironmentVariable("PARSL_WORKER_RANK") is { } rank
            ? $"worker {rank} (pid {Environment.ProcessId})"
            : $"worker pid {Environment.ProcessId}";
        if (!OperatingSystem.IsLinux())
            return;
        _status = OpenOrNull("/proc/self/status", FileAccess.Read);
        _clearRefs = OpenOrNull("/proc/self/clear_refs", FileAccess.Write);
    }

    public void Start()
    {
        if (_clearRefs is not null)
        {
            try
            {
                RandomAccess.Write(_clearRefs, "5"u8, 0); // 5: reset the peak resident set to the current one
            }
            catch (IOException)
            {
                // a kernel without it: the peak is the process's since it started
            }
        }
        _cpuAtStart = Environment.CpuUsage.TotalTime;
        _childrenAtStart = Children();
    }

    public WorkerUsage Stop()
    {
        var cpu = Environment.CpuUsage.TotalTime - _cpuAtStart;
        var children = Children();
        cpu += children.CpuTime - _childrenAtStart.CpuTime;
        var peak = OwnPeakBytes();
        // The children's peak is the largest any ever had: it tells this try's only when it grew during it.
        if (children.MaxResidentKilobytes > _childrenAtStart.MaxResidentKilobytes)
            peak = Math.Max(peak, children.MaxResidentKilobytes * 1024);
        return new WorkerUsage(_worker, cpu.Ticks, peak);
    }

    private long OwnPeakBytes()
    {
        if (_status is null)
            return System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64;
        var read = RandomAccess.Read(_status, _buffer, 0);
        var text = System.Text.Encoding.ASCII.GetString(_buffer, 0, read);
        var at = text.IndexOf("VmHWM:", StringComparison.Ordinal);
        if (at < 0)
            return 0;
        var end = text.IndexOf('\n', at);
        var figure = text[(at + "VmHWM:".Length)..(end < 0 ? text.Length : end)].Replace("kB", "", StringComparison.Ordinal).Trim();
        return long.TryParse(figure, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kilobytes) ? kilobytes * 1024 : 0;
    }

    private static Rusage Children()
    {
        if (!OperatingSystem.IsLinux())
            return default;
        const int OfChildren = -1; // RUSAGE_CHILDREN: the terminated children this process waited for
        return GetResourceUsage(OfChildren, out var usage) == 0 ? usage : default;
    }

    private static SafeFileHandle? OpenOrNull(string path, FileAccess access)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, access);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        _status?.Dispose();
        _clearRefs?.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetResourceUsage(int who, out Rusage usage);

    /// <summary>Linux's <c>struct rusage</c> on 64-bit: two timevals, then fourteen longs (the first the peak resident set in kB).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long MaxResidentKilobytes;
        private long _ixrss, _idrss, _isrss, _minflt, _majflt, _nswap, _inblock, _oublock, _msgsnd, _msgrcv, _nsignals, _nvcsw, _nivcsw;

        public readonly TimeSpan CpuTime => TimeSpan.FromSeconds(UserSeconds + SystemSeconds) + TimeSpan.FromMicroseconds(UserMicroseconds + SystemMicroseconds);
    }
}
