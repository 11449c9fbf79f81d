using System.Reflection.PortableExecutable;

namespace Parsl.Package.Tests;

/// <summary>Whether an assembly carries ReadyToRun (precompiled) code beside its IL.</summary>
internal static class ReadyToRun
{
    public static bool HasNativeCode(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new PEReader(stream);
        // crossgen2 marks its images as IL libraries and points the CLI header at its ReadyToRun header.
        var header = reader.PEHeaders.CorHeader ?? throw new InvalidOperationException($"{path} is not a .NET assembly");
        return (header.Flags & CorFlags.ILLibrary) != 0 && header.ManagedNativeHeaderDirectory.Size > 0;
    }
}
