using HelloWorld;
using Parsl;

await using var parsl = await DataFlowKernel.LoadAsync();

// Calling an app returns a future at once; awaiting it gives the result.
Console.WriteLine(await Hello.SayHelloAsync());

// The bash app writes to echo-hello.stdout; read it back once the app is done.
var echo = await Hello.EchoHelloAsync();
Console.Write(File.ReadAllText(echo.StdoutPath!));
