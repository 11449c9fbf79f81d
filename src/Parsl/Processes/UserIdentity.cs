using System.Runtime.InteropServices;

namespace Parsl.Processes;

/// <summary>The real user and group ids of this process (POSIX), for commands that must act as the same user.</summary>
internal static partial class UserIdentity
{
    public static uint UserId => getuid();

    public static uint GroupId => getgid();

    [LibraryImport("libc")]
    private static partial uint getuid();

    [LibraryImport("libc")]
    private static partial uint getgid();
}
