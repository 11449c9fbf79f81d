namespace Parsl.Tests;

/// <summary>
/// Bash apps that run in the test image .ci/services/install-podman.sh imports: this machine's bash and coreutils, and
/// nothing else. Debian's /etc/debian_version is on the host and not in the image, which is how a command tells where it ran.
/// </summary>
public static partial class ContainerApps
{
    public const string Image = "localhost/parsl-test:2";

    /// <summary>Fails outside the image; inside, counts the input's lines into the output.</summary>
    [BashApp("test ! -e /etc/debian_version && wc -l < {input} > {counted}", Image = Image, Executors = ["local"])]
    public static partial BashResult CountLines(DataFile input, [Output] DataFile counted);

    /// <summary>Says where it ran, and writes a line to stderr.</summary>
    [BashApp("if test -e /etc/debian_version; then echo on-host; else echo in-image; fi; echo to-stderr >&2",
        Stdout = "{stdout}", Stderr = "{stderr}", Image = Image, Executors = ["local"])]
    public static partial BashResult Where(string stdout, string stderr);

    /// <summary>No image of its own: says where it ran and which variables it sees, for an executor's or a call's image.</summary>
    [BashApp("if test -e /etc/debian_version; then echo on-host; else echo in-image; fi; echo \"$PARSL_CONTAINER_TEST $CONTAINER_TEST_WORD\"", Stdout = "{stdout}")]
    public static partial BashResult Report(string stdout);

    /// <summary>Sleeps in the image until it is stopped.</summary>
    [BashApp("sleep infinity", Image = Image, Executors = ["local"])]
    public static partial BashResult Sleep();

    /// <summary>As <see cref="Sleep"/>, with a walltime of one second.</summary>
    [BashApp("sleep infinity", Image = Image, Executors = ["local"], WalltimeSeconds = 1)]
    public static partial BashResult Overstay();

    /// <summary>A code app that asks for an image, which threads cannot give it.</summary>
    [App(Image = Image, Executors = ["local"])]
    public static partial int Double(int x) => x * 2;

    /// <summary>A code app with no image of its own: where its compiled body ran, and the first line of a file it reads.</summary>
    [App]
    public static partial string WhereCode(DataFile input) =>
        (File.Exists("/etc/debian_version") ? "in-host" : "in-image") + " " + File.ReadLines(input.FullPath).First();
}
