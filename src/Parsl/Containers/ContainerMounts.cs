using System.Runtime.CompilerServices;

namespace Parsl.Containers;

/// <summary>The host folders a try's files live in (its <see cref="DataFile"/> arguments, inputs and outputs, alone or in
/// a collection), which its container mounts at the same paths so the command's file names hold inside.</summary>
internal static class ContainerMounts
{
    public static IEnumerable<string> FoldersOf(object? values)
    {
        if (values is null)
            yield break;
        if (values is not ITuple tuple)
        {
            foreach (var folder in FoldersOfValue(values))
                yield return folder;
            yield break;
        }
        for (var i = 0; i < tuple.Length; i++)
        {
            foreach (var folder in FoldersOfValue(tuple[i]))
                yield return folder;
        }
    }

    private static IEnumerable<string> FoldersOfValue(object? value) => value switch
    {
        DataFile file => FolderOf(file),
        IEnumerable<DataFile> files => files.SelectMany(FolderOf),
        _ => [],
    };

    /// <summary>The file's folder, made when missing: an output's folder may not exist yet, and a runtime refuses to
    /// mount a path that does not.</summary>
    private static IEnumerable<string> FolderOf(DataFile? file)
    {
        if (file?.LocalPath is null || Path.GetDirectoryName(file.FullPath) is not { Length: > 0 } folder)
            return [];
        Directory.CreateDirectory(folder);
        return [folder];
    }
}
