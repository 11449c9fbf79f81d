using System.Runtime.InteropServices;
using System.Text;

namespace Parsl.Processes;

/// <summary>
/// Starts a process with <c>posix_spawn</c> in a process group of its own, with stdin from <c>/dev/null</c>, default
/// signal dispositions and an empty signal mask, and no other descriptor of the workflow's (where the C library can close
/// them: glibc 2.34 and later), and waits for it with <c>waitpid</c>. This is the cheapest way to
/// run a command on Linux (vfork-based, no helper process such as <c>setsid</c>), which matters when a workflow
/// runs thousands of short bash apps.
/// </summary>
internal static unsafe partial class PosixSpawn
{
    // Opaque glibc/macOS structures; these sizes exceed both (glibc: 336, 80 and 128 bytes).
    private const int AttributesSize = 1024;
    private const int FileActionsSize = 1024;
    private const int SignalSetSize = 1024;
    private const short SetProcessGroup = 0x02;
    private const short SetSignalDefaults = 0x04;
    private const short SetSignalMask = 0x08;
    private const int ReadOnly = 0;
    private const int Interrupted = 4;
    private const int FirstNonStandardDescriptor = 3;
    private static volatile bool s_canCloseFrom = OperatingSystem.IsLinux();

    /// <summary>Spawns <paramref name="path"/> with <paramref name="arguments"/> (argv[0] included) and the current
    /// environment; its stdout and stderr go to <paramref name="output"/>'s files, else where this process's go.</summary>
    /// <param name="path">The program.</param>
    /// <param name="arguments">Its argv, argv[0] included.</param>
    /// <param name="output">Where its stdout and stderr go.</param>
    /// <param name="variables">Set in its environment besides (or instead of) this process's; a null value leaves the
    /// variable out.</param>
    /// <param name="standardInput">A descriptor of this process's that becomes its stdin; -1 for <c>/dev/null</c>.</param>
    /// <returns>The child's pid, which is also its process-group id.</returns>
    public static int Start(string path, IReadOnlyList<string> arguments, SpawnOutput output = default,
        IReadOnlyList<KeyValuePair<string, string?>>? variables = null, int standardInput = -1)
    {
        var attributes = NativeMemory.AllocZeroed(AttributesSize);
        var fileActions = NativeMemory.AllocZeroed(FileActionsSize);
        var signals = NativeMemory.AllocZeroed(SignalSetSize);
        var strings = new List<nint>();
        try
        {
            Check(posix_spawnattr_init(attributes), "posix_spawnattr_init");
            Check(posix_spawn_file_actions_init(fileActions), "posix_spawn_file_actions_init");
            Check(posix_spawnattr_setflags(attributes, SetProcessGroup | SetSignalDefaults | SetSignalMask), "posix_spawnattr_setflags");
            Check(posix_spawnattr_setpgroup(attributes, 0), "posix_spawnattr_setpgroup");
            // The runtime ignores or handles some signals; the command must start with the defaults, as from a shell.
            sigfillset(signals);
            Check(posix_spawnattr_setsigdefault(attributes, signals), "posix_spawnattr_setsigdefault");
            sigemptyset(signals);
            Check(posix_spawnattr_setsigmask(attributes, signals), "posix_spawnattr_setsigmask");
            if (standardInput < 0)
                Check(posix_spawn_file_actions_addopen(fileActions, 0, (byte*)Utf8(strings, "/dev/null"), ReadOnly, 0), "posix_spawn_file_actions_addopen");
            else
                Check(posix_spawn_file_actions_adddup2(fileActions, standardInput, 0), "posix_spawn_file_actions_adddup2");
            Redirect(fileActions, strings, 1, output.Stdout, output.AppendStdout);
            if (output.Stderr is not null && output.Stderr == output.Stdout)
                Check(posix_spawn_file_actions_adddup2(fileActions, 1, 2), "posix_spawn_file_actions_adddup2");
            else
                Redirect(fileActions, strings, 2, output.Stderr, output.AppendStderr);
            CloseInheritedDescriptors(fileActions);

            var argv = StringArray(strings, arguments);
            var environment = Environment.GetEnvironmentVariables();
            foreach (var (name, value) in variables ?? [])
            {
                if (value is null)
                    environment.Remove(name);
                else
                    environment[name] = value;
            }
            var envp = StringArray(strings, [.. environment.Keys.Cast<string>().Select(key => key + "=" + environment[key])]);
            int pid;
            Check(posix_spawn(&pid, (byte*)Utf8(strings, path), fileActions, attributes, (byte**)argv, (byte**)envp), $"posix_spawn {path}");
            return pid;
        }
        finally
        {
            posix_spawn_file_actions_destroy(fileActions);
            posix_spawnattr_destroy(attributes);
            NativeMemory.Free(attributes);
            NativeMemory.Free(fileActions);
            NativeMemory.Free(signals);
            foreach (var pointer in strings)
                NativeMemory.Free((void*)pointer);
        }
    }

    /// <summary>Opens <paramref name="file"/> as the child's descriptor <paramref name="descriptor"/>, created with mode
    /// 0666 (less the umask) as a shell's redirection does, truncated or appended to.</summary>
    private static void Redirect(void* fileActions, List<nint> strings, int descriptor, string? file, bool append)
    {
        if (file is null)
            return;
        // O_WRONLY | O_CREAT | (O_APPEND or O_TRUNC): Linux's values, and macOS's.
        var flags = OperatingSystem.IsMacOS() ? 0x1 | 0x200 | (append ? 0x8 : 0x400) : 0x1 | 0x40 | (append ? 0x400 : 0x200);
        Check(posix_spawn_file_actions_addopen(fileActions, descriptor, (byte*)Utf8(strings, file), flags, 0x1B6), "posix_spawn_file_actions_addopen");
    }

    /// <summary>
    /// A descriptor the workflow's process was given without close-on-exec (by whatever started it, or by a library)
    /// would otherwise live on in every command and block, and a pipe held that way keeps its reader waiting for an end
    /// that never comes: the child keeps stdin, stdout and stderr only, as Python's subprocess does by default.
    /// </summary>
    private static void CloseInheritedDescriptors(void* fileActions)
    {
        if (!s_canCloseFrom)
            return;
        try
        {
            Check(posix_spawn_file_actions_addclosefrom_np(fileActions, FirstNonStandardDescriptor), "posix_spawn_file_actions_addclosefrom_np");
        }
        catch (EntryPointNotFoundException)
        {
            s_canCloseFrom = false; // glibc before 2.34: descriptors the runtime opened are close-on-exec anyway
        }
    }

    /// <summary>Blocks until the child exits; returns its exit code, or 128 + the signal that killed it (as bash reports).</summary>
    public static int WaitForExit(int pid)
    {
        while (true)
        {
            int status;
            if (waitpid(pid, &status, 0) == pid)
            {
                var signal = status & 0x7f;
                return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
            }
            var error = Marshal.GetLastPInvokeError();
            if (error != Interrupted)
                throw new InvalidOperationException($"waitpid({pid}) failed with errno {error}.");
        }
    }

    /// <summary>Sends <paramref name="signal"/> to every process in the group.</summary>
    public static void SignalGroup(int processGroup, int signal) => _ = kill(-processGroup, signal);

    private static void Check(int result, string call)
    {
        if (result != 0)
            throw new InvalidOperationException($"{call} failed with error {result}.");
    }

    private static nint Utf8(List<nint> allocations, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var buffer = (byte*)NativeMemory.Alloc((nuint)length + 1);
        Encoding.UTF8.GetBytes(text, new Span<byte>(buffer, length));
        buffer[length] = 0;
        allocations.Add((nint)buffer);
        return (nint)buffer;
    }

    private static nint StringArray(List<nint> allocations, IReadOnlyList<string> items)
    {
        var array = (nint*)NativeMemory.Alloc((nuint)(items.Count + 1), (nuint)sizeof(nint));
        allocations.Add((nint)array);
        for (var i = 0; i < items.Count; i++)
            array[i] = Utf8(allocations, items[i]);
        array[items.Count] = 0;
        return (nint)array;
    }

    [LibraryImport("libc")] private static partial int posix_spawn(int* pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);
    [LibraryImport("libc")] private static partial int posix_spawnattr_init(void* attributes);
    [LibraryImport("libc")] private static partial int posix_spawnattr_destroy(void* attributes);
    [LibraryImport("libc")] private static partial int posix_spawnattr_setflags(void* attributes, short flags);
    [LibraryImport("libc")] private static partial int posix_spawnattr_setpgroup(void* attributes, int processGroup);
    [LibraryImport("libc")] private static partial int posix_spawnattr_setsigdefault(void* attributes, void* signals);
    [LibraryImport("libc")] private static partial int posix_spawnattr_setsigmask(void* attributes, void* signals);
    [LibraryImport("libc")] private static partial int posix_spawn_file_actions_init(void* fileActions);
    [LibraryImport("libc")] private static partial int posix_spawn_file_actions_destroy(void* fileActions);
    [LibraryImport("libc")] private static partial int posix_spawn_file_actions_addopen(void* fileActions, int fd, byte* path, int flags, int mode);
    [LibraryImport("libc")] private static partial int posix_spawn_file_actions_addclosefrom_np(void* fileActions, int from);
    [LibraryImport("libc")] private static partial int posix_spawn_file_actions_adddup2(void* fileActions, int fd, int newFd);
    [LibraryImport("libc")] private static partial int sigfillset(void* signals);
    [LibraryImport("libc")] private static partial int sigemptyset(void* signals);
    [LibraryImport("libc", SetLastError = true)] private static partial int waitpid(int pid, int* status, int options);
    [LibraryImport("libc")] private static partial int kill(int pid, int signal);
}
