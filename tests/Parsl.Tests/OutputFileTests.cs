namespace Parsl.Tests;

/// <summary>Output files as futures: apps chained through the files they write, fan-in, a missing output, a failed writer.</summary>
public sealed class OutputFileTests : KernelTest
{
    [Fact]
    public async Task Three_bash_apps_chain_only_through_the_files_they_write()
    {
        File.WriteAllText(ScratchFile("words.txt"), "pear\napple\nfig\n");

        var sorted = FileTestApps.SortAsync(new DataFile(ScratchFile("words.txt")), new DataFile(ScratchFile("sorted.txt")));
        var numbered = FileTestApps.NumberAsync(sorted.Outputs[0], new DataFile(ScratchFile("numbered.txt")));
        var counted = FileTestApps.CountAsync(numbered.Outputs[0], new DataFile(ScratchFile("count.txt")));

        var count = await counted.Outputs[0];
        Assert.Equal(ScratchFile("count.txt"), count.Path);
        Assert.Equal("3", File.ReadAllText(count.Path).Trim());
        Assert.Equal("1\tapple", File.ReadAllLines(ScratchFile("numbered.txt"))[0].Trim());
        Assert.Equal(TaskState.Done, sorted.State);
        Assert.Equal("sorted", sorted.Outputs[0].ParameterName);
        Assert.Same(sorted, sorted.Outputs[0].Producer);
        Assert.Equal(sorted.TaskId, sorted.Outputs[0].TaskId);
    }

    [Fact]
    public async Task Five_written_files_fan_in_to_one_app_that_starts_after_all_of_them()
    {
        var writers = Enumerable.Range(1, 5).Select(i => FileTestApps.WriteNumberAsync(i, new DataFile(ScratchFile($"part{i}.txt")))).ToList();

        var joined = FileTestApps.ConcatAsync([.. writers.Select(w => (Future<DataFile>)w.Outputs[0])], new DataFile(ScratchFile("joined.txt")));

        var file = await joined.Outputs[0];
        Assert.Equal(["1", "2", "3", "4", "5"], File.ReadAllLines(file.Path));
        Assert.Equal("1\n2\n3\n4\n5", await FileTestApps.ReadAsync(joined.Outputs[0]));
    }

    [Fact]
    public async Task An_output_the_app_did_not_write_fails_its_readers_naming_the_file_and_the_app()
    {
        File.WriteAllText(ScratchFile("in.txt"), "x\n");
        var forgetful = FileTestApps.ForgetAsync(new DataFile(ScratchFile("in.txt")), new DataFile(ScratchFile("never.txt")));
        var reader = FileTestApps.ReadAsync(forgetful.Outputs[0]);

        var error = await Assert.ThrowsAsync<DependencyFailedException>(async () => await reader);

        await forgetful;
        Assert.Equal(TaskState.Done, forgetful.State);
        var missing = Assert.IsType<MissingOutputFileException>(error.InnerException);
        Assert.Equal("never", missing.ParameterName);
        Assert.Equal(forgetful.TaskId, missing.TaskId);
        Assert.Contains(ScratchFile("never.txt"), error.Message);
        Assert.Contains($"output 'never' of task {forgetful.TaskId} (Parsl.Tests.FileTestApps.Forget)", error.Message);
        Assert.Contains("did not write its output 'never'", error.Message);
    }

    [Fact]
    public async Task A_failed_writer_fails_its_output_and_the_readers_name_it_as_the_root_cause()
    {
        var writer = FileTestApps.FailToWriteAsync(new DataFile(ScratchFile("result.txt")));
        var reader = FileTestApps.ReadAsync(writer.Outputs[0]);

        var error = await Assert.ThrowsAsync<DependencyFailedException>(async () => await reader);

        Assert.Equal(TaskState.Failed, writer.State);
        Assert.Equal(TaskState.Failed, writer.Outputs[0].State);
        Assert.IsType<BashExitException>(error.InnerException);
        Assert.Contains($"output 'result' of task {writer.TaskId} (Parsl.Tests.FileTestApps.FailToWrite) failed with BashExitException", error.Message);
    }

    [Fact]
    public async Task Cancelling_an_output_cancels_the_task_that_writes_it()
    {
        using var gate = new ManualResetEventSlim();
        var blocked = TestApps.BlockUntilAsync(gate);
        var writer = FileTestApps.WriteNumberAsync(blocked, new DataFile(ScratchFile("late.txt")));

        Assert.True(writer.Outputs[0].Cancel());
        gate.Set();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await writer);
        Assert.Equal(TaskState.Cancelled, writer.State);
        Assert.Equal(TaskState.Cancelled, writer.Outputs[0].State);
        Assert.False(File.Exists(ScratchFile("late.txt")));
    }

    [Fact]
    public async Task A_cached_app_is_not_run_again_while_its_outputs_are_unchanged_and_runs_when_one_is_deleted_or_edited()
    {
        File.WriteAllText(ScratchFile("in.txt"), "b\na\n");
        var input = new DataFile(ScratchFile("in.txt"));
        var output = new DataFile(ScratchFile("sorted.txt"));

        var first = FileTestApps.CachedSortAsync(input, output);
        await first.Outputs[0];
        var again = FileTestApps.CachedSortAsync(input, output);
        await again.Outputs[0];
        File.Delete(output.Path);
        var afterDelete = FileTestApps.CachedSortAsync(input, output);
        var restored = await afterDelete.Outputs[0];
        File.WriteAllText(output.Path, "edited\n");
        var afterEdit = FileTestApps.CachedSortAsync(input, output);
        await afterEdit.Outputs[0];

        Assert.False(first.FromCache);
        Assert.True(again.FromCache);
        Assert.False(afterDelete.FromCache);
        Assert.Equal(["a", "b"], File.ReadAllLines(restored.Path));
        Assert.False(afterEdit.FromCache);
        Assert.Equal(["a", "b"], File.ReadAllLines(output.Path));
    }

    [Fact]
    public async Task A_cached_app_writing_elsewhere_is_a_different_call()
    {
        File.WriteAllText(ScratchFile("in.txt"), "b\na\n");
        var input = new DataFile(ScratchFile("in.txt"));

        await FileTestApps.CachedSortAsync(input, new DataFile(ScratchFile("one.txt")));
        var other = FileTestApps.CachedSortAsync(input, new DataFile(ScratchFile("two.txt")));
        await other.Outputs[0];

        Assert.False(other.FromCache);
        Assert.True(File.Exists(ScratchFile("two.txt")));
    }

    [Fact]
    public void Apps_without_outputs_have_none_and_the_descriptor_marks_the_output_parameter()
    {
        Assert.Empty(TestApps.IncrementAsync(1).Outputs);
        var sort = AppRegistry.Find("Parsl.Tests.FileTestApps.Sort")!;
        Assert.Equal([false, true], sort.Parameters.Select(p => p.IsOutputFile));
    }
}

/// <summary>The compile-time graph of a workflow chained through files: its edges name the file, and render dotted.</summary>
public sealed class FileGraphTests
{
    [Fact]
    public void Edges_through_written_files_name_the_output_and_the_parameter()
    {
        var graph = FilePipeline.RunGraph;

        Assert.Equal(["Sort", "Number", "WriteNumber", "Concat", "Read"], graph.Nodes.Select(n => n.AppId.Split('.')[^1]));
        Assert.Equal(
            ["n0 -> n1 sorted → input", "n1 -> n3 numbered → parts", "n2 -> n3 file → parts", "n3 -> n4 joined → file"],
            graph.Edges.Select(e => $"{e.From} -> {e.To} {e.Label}"));
        Assert.Contains("n0 -.->|sorted → input| n1", graph.ToMermaid());
        Assert.Contains("n0 -> n1 [label=\"sorted → input\", style=dashed];", graph.ToDot());
    }

    [Fact]
    public void Remote_files_the_workflow_names_are_staging_nodes_once_per_url_fanned_out_with_their_loop()
    {
        var graph = RemotePipeline.RunGraph;

        Assert.Equal(
            ["CountBytes ×N (proteins)", "stage-in https://data.example/{protein}.pdb ×N (proteins)", "Shout", "stage-in ftp://data.example/in.txt",
             "stage-out ftp://results.example/out.txt", "CountBytes", "ReadText"],
            graph.Nodes.Select(n => n.Label));
        Assert.Equal(
            ["n1 -> n0 file", "n3 -> n2 input", "n2 -> n4 shouted", "n3 -> n5 file", "n2 -> n6 shouted → file"],
            graph.Edges.Select(e => $"{e.From} -> {e.To} {e.Label}"));
        Assert.Equal("https://data.example/{protein}.pdb", graph.Nodes[1].StagedUrl);
        Assert.Contains("n3[/\"stage-in ftp://data.example/in.txt\"/]", graph.ToMermaid());
        Assert.Contains("n3 -.->|input| n2", graph.ToMermaid());
        Assert.Contains("n4 [label=\"stage-out ftp://results.example/out.txt\", shape=parallelogram];", graph.ToDot());
    }

    [Fact]
    public void An_edge_carrying_a_result_is_drawn_solid_with_the_parameter_alone()
    {
        var graph = new WorkflowGraph("W.Run", [new("n0", "W.A", [], false, 1), new("n1", "W.B", [], false, 2)], [new("n0", "n1", "x")]);

        Assert.Contains("n0 -->|x| n1", graph.ToMermaid());
        Assert.Contains("n0 -> n1 [label=\"x\"];", graph.ToDot());
    }
}
