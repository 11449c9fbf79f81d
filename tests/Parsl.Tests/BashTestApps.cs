namespace Parsl.Tests;

/// <summary>Bash apps for the runtime tests; output paths are parameters so each test writes to its own scratch directory.</summary>
public static partial class BashTestApps
{
    [BashApp("printf '%s\\n' {word}", Stdout = "{output}")]
    public static partial BashResult PrintWord(string word, string output);

    [BashApp("printf '%s\\n' {words}", Stdout = "{output}")]
    public static partial BashResult PrintWords(string[] words, string output);

    [BashApp("echo {message}; echo {message}-err >&2", Stdout = "{stdout}", Stderr = "{stderr}")]
    public static partial BashResult Both(string message, string stdout, string stderr);

    [BashApp("echo {message}", Stdout = "{output}", Append = true)]
    public static partial BashResult AppendLine(string message, string output);

    [BashApp("echo 'about to fail' >&2; exit {code}")]
    public static partial BashResult ExitWith(int code);

    /// <summary>Writes 100 MB to its captured stderr, says where that goes, then waits for <paramref name="release"/> and fails.</summary>
    [BashApp("readlink /proc/$$/fd/2 > {where}; yes 'a line of stderr' | head -c 100000000 >&2; touch {written}; " +
        "while [ ! -e {release} ]; do sleep 0.05; done; echo last-words >&2; exit 3")]
    public static partial BashResult Flood(string where, string written, string release);

    [BashApp("no-such-program-parsl {argument}")]
    public static partial BashResult Missing(string argument);

    [BashApp("sleep 60 & echo $! > {pidFile}; wait", WalltimeSeconds = 0.5)]
    public static partial BashResult Hang(string pidFile);

    [BashApp("sleep {seconds}")]
    public static partial BashResult Sleep(int seconds);

    [BashApp("echo {x:F2}", Stdout = "{output}")]
    public static partial BashResult Formatted(double x, string output);

    /// <summary>Body form, as in Python Parsl: the method returns the command line.</summary>
    [BashApp(Stdout = "{output}")]
    public static partial string CountTo(int n, string output) => ShellCommand.Format($"seq 1 {n}");

    [BashApp("cat {input}", Stdout = "{output}")]
    public static partial BashResult Copy(BashResult input, string output);

    [BashApp("cat; yes | head -n 2", Stdout = "{output}", Stderr = "{errors}")]
    public static partial BashResult StdinAndPipes(string output, string errors);

    [BashApp("echo {message}", Stdout = AppCallOptions.AutoLogName)]
    public static partial BashResult EchoToAutoLog(string message);

    [BashApp("echo {message}")]
    public static partial BashResult Echo(string message);
}
