namespace Parsl.Files;

/// <summary>What a write to a file that cannot take it throws: a full disk or a quota (<see cref="IOException"/>), or a
/// file-size limit (EFBIG, which .NET reports as <see cref="ArgumentOutOfRangeException"/>).</summary>
internal static class WriteFailure
{
    public static bool Is(Exception exception) => exception is IOException or ArgumentOutOfRangeException;
}
