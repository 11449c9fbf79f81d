using System.Runtime.InteropServices;
using System.Text;

namespace Parsl.Processes;

/// <summary>
/// Stops the commands a process started when it dies without stopping them itself. A bash app's command runs in a
/// process group of its own, so that Ctrl-C, a walltime or a cancel can end it; but a process killed outright (SIGKILL,
/// the OOM killer, a crash) ends nothing, and its commands ran on — a worker's beside the retry of its try, writing the
/// same files; a container's forever, since podman and docker keep a container without its client. So the first
/// command a process starts also starts a guard: a small bash program in a group of its own whose stdin is a pipe only
/// this process writes to. When the process exits normally it says so; when the pipe ends without that, the guard stops
/// every process whose environment carries this process's token (<see cref="Variable"/>, set in each command's
/// environment and inherited by everything it starts) with its process group, and removes the containers labelled with
/// it (<see cref="Label"/>) in every runtime this process used, and removes the folders this process asked it to
/// (<see cref="RemoveAfterDeath"/>). Nothing passes through the pipe per command; a guard
/// that is itself killed is started again by the next command. Linux only: the guard finds the processes in <c>/proc</c>.
/// </summary>
internal static unsafe partial class OrphanGuard
{
    /// <summary>The environment variable that marks a command, and all it starts, as this process's.</summary>
    public const string Variable = "PARSL_COMMAND_OWNER";

    /// <summary>The container label that marks a container as started by one of this process's commands.</summary>
    public const string Label = "parsl.owner";

    private const int CloseOnExec = 0x80000; // O_CLOEXEC on Linux
    private const int NoHang = 1; // WNOHANG

    // Runtimes come in as "runtime PATH" lines, folders to remove as "remove PATH"; "exit" is this process ending
    // normally, and the folders go then too (the process removes them itself as it exits, but a SIGKILL can come
    // between its word and its own removal: a block's SIGTERM to every process of the group, and the manager's SIGKILL
    // to its workers). Otherwise SIGTERM, up to two seconds for the commands to end (a try's kill gives as long),
    // SIGKILL, and the folders go. In / so that it holds no folder of the run's.
    private const string Script = """
        cd / || exit 1
        token=$1 owner=$2 runtimes=() removals=()
        while IFS= read -r line; do
            case $line in
                exit) (( ${#removals[@]} )) && rm -rf -- "${removals[@]}"; exit 0 ;;
                "runtime "*) runtimes+=("${line#runtime }") ;;
                "remove "*) removals+=("${line#remove }") ;;
            esac
        done
        pids=() groups=()
        for environ in $(grep -lsxzF "$3=$token" /proc/[0-9]*/environ); do
            pid=${environ#/proc/} pid=${pid%/environ}
            stat=$(< "/proc/$pid/stat") || continue
            stat=${stat##*") "}
            fields=($stat)
            pids+=("$pid")
            # Its process group (the command's own, and whatever joined it) unless that is init's or the guard's.
            (( fields[2] > 1 && fields[2] != $$ )) && groups+=("-${fields[2]}")
        done
        (( ${#pids[@]} )) && kill -TERM -- "${groups[@]}" "${pids[@]}" 2>/dev/null
        containers=0
        for runtime in "${runtimes[@]}"; do
            ids=$("$runtime" ps --all --quiet --filter "label=$4=$token" 2>/dev/null) || continue
            [ -n "$ids" ] || continue
            "$runtime" stop --time 2 $ids >/dev/null 2>&1
            "$runtime" rm --force $ids >/dev/null 2>&1
            containers=$(( containers + $(wc -w <<< "$ids") ))
        done
        for _ in {1..20}; do
            kill -0 "${pids[@]}" 2>/dev/null || break
            sleep 0.1
        done
        (( ${#pids[@]} )) && kill -KILL -- "${groups[@]}" "${pids[@]}" 2>/dev/null
        (( ${#removals[@]} )) && rm -rf -- "${removals[@]}"
        (( ${#pids[@]} + containers )) || exit 0
        said="parsl: process $owner ended without stopping what it had started; stopped ${#pids[@]} of its processes"
        (( containers )) && said+=" and removed $containers of its containers"
        echo "$said" >&2
        exit 0
        """;

    private static readonly Lock s_gate = new();
    private static readonly HashSet<string> s_runtimes = new(StringComparer.Ordinal);
    private static readonly List<string> s_removals = [];
    private static int s_pipe = -1;
    private static volatile int s_guard;
    private static bool s_unavailable;
    private static bool s_hooked;

    /// <summary>This process's token: its pid and a random part, so a later process with the same pid differs.</summary>
    public static string Token { get; } = $"{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>The variables that mark a command as this process's (replacing the mark this process may carry itself, as
    /// the command of another's), starting the guard first if it is not running (the
    /// first command, or a guard killed meanwhile: the new one watches every command of the token, earlier ones too);
    /// none where there is no guard (not Linux, or bash could not start: the command still runs, unguarded).</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> MarkCommand()
    {
        EnsureRunning();
        return s_guard > 0 ? [new(Variable, Token)] : [];
    }

    /// <summary>Tells the guard that this process's commands start containers with <paramref name="runtime"/>.</summary>
    public static void WatchRuntime(string runtime)
    {
        lock (s_gate)
        {
            if (s_runtimes.Add(runtime) && s_guard > 0)
                Say($"runtime {runtime}");
        }
    }

    /// <summary>Tells the guard to remove <paramref name="folder"/> (this process's own, no other's) once this process has
    /// died without exiting normally; a normal exit removes it itself.</summary>
    public static void RemoveAfterDeath(string folder)
    {
        lock (s_gate)
        {
            s_removals.Add(folder);
            if (s_guard > 0)
                Say($"remove {folder}");
        }
    }

    private static void EnsureRunning()
    {
        // One waitpid per command: the guard is this process's child, so its end is seen here, reaped or not.
        if (!OperatingSystem.IsLinux() || (s_guard > 0 && waitpid(s_guard, null, NoHang) == 0))
            return;
        lock (s_gate)
        {
            if (s_unavailable || (s_guard > 0 && waitpid(s_guard, null, NoHang) == 0))
                return;
            if (s_pipe >= 0)
                _ = close(s_pipe);
            (s_pipe, s_guard) = (-1, 0);
            var ends = stackalloc int[2];
            if (pipe2(ends, CloseOnExec) != 0)
            {
                s_unavailable = true;
                return;
            }
            try
            {
                // Without this process's own mark (a run started by another's bash app): a sweep of the outer process's
                // commands must not take the guard of this one's, which stops them if this process is killed in it.
                s_guard = PosixSpawn.Start(BashLocation.Path, ["parsl-orphan-guard", BashLocation.NoStartupFiles, "-c", Script, "parsl-orphan-guard", Token, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), Variable, Label],
                    new SpawnOutput("/dev/null", false, null, false), [new(Variable, null)], ends[0]);
                s_pipe = ends[1];
            }
            catch (Exception exception) when (exception is InvalidOperationException or FileNotFoundException)
            {
                s_unavailable = true;
                _ = close(ends[1]);
                return;
            }
            finally
            {
                _ = close(ends[0]);
            }
            foreach (var runtime in s_runtimes)
                Say($"runtime {runtime}");
            foreach (var folder in s_removals)
                Say($"remove {folder}");
            if (!s_hooked)
            {
                s_hooked = true;
                AppDomain.CurrentDomain.ProcessExit += (_, _) =>
                {
                    lock (s_gate)
                        Say("exit");
                };
            }
        }
    }

    // Lines are far shorter than a pipe's buffer, and the guard reads at once: a write never blocks for long. A guard
    // killed meanwhile fails the write (EPIPE: the runtime ignores SIGPIPE); the next command starts another.
    private static void Say(string line)
    {
        if (s_pipe < 0)
            return;
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        fixed (byte* start = bytes)
            _ = write(s_pipe, start, bytes.Length);
    }

    [LibraryImport("libc")] private static partial int pipe2(int* ends, int flags);
    [LibraryImport("libc")] private static partial int close(int descriptor);
    [LibraryImport("libc")] private static partial nint write(int descriptor, byte* buffer, nint count);
    [LibraryImport("libc")] private static partial int waitpid(int pid, int* status, int options);
}
