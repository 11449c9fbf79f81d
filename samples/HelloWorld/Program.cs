using HelloWorld;
using Parsl;

// --graph [mermaid|dot]: print the workflow's graph, known at compile time, and run nothing.
var graph = Array.IndexOf(args, "--graph");
if (graph >= 0)
{
    Console.Write(args.ElementAtOrDefault(graph + 1) == "dot" ? Hello.RunGraph.ToDot() : Hello.RunGraph.ToMermaid());
    return;
}

await using var parsl = await DataFlowKernel.LoadAsync();
await Hello.RunAsync(Console.Out);
