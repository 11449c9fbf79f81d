using Parsl;

namespace HelloWorld;

/// <summary>The two apps of the Parsl talk's first slide.</summary>
public static partial class Hello
{
    /// <summary>A code app: runs on a worker thread and returns a value.</summary>
    [App]
    public static partial string SayHello() => "Hello World!";

    /// <summary>A bash app: runs a command line, its stdout going to a file.</summary>
    [BashApp("echo \"Hello World!\"", Stdout = "echo-hello.stdout")]
    public static partial BashResult EchoHello();

    /// <summary>The slide's script: print what <c>hello</c> returns, then what <c>echo_hello</c> wrote to its file.</summary>
    [Workflow]
    public static async Task RunAsync(TextWriter output)
    {
        output.WriteLine(await SayHelloAsync());
        var echo = await EchoHelloAsync();
        output.Write(File.ReadAllText(echo.StdoutPath!));
    }
}
