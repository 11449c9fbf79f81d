using Parsl.Executors;

namespace Parsl.Tests;

/// <summary>Stubs keep the method's default values and its params array, futures allowed everywhere.</summary>
public sealed class StubShapeTests : KernelTest
{
    [Fact]
    public async Task Default_values_apply_when_an_argument_is_left_out()
    {
        Assert.Equal("ADA ADA! x0.5 (no extra)", await StubShapeTestApps.GreetAsync("ada"));
        Assert.Equal("ada! x0.5 (no extra)", await StubShapeTestApps.GreetAsync("ada", times: 1, loudness: Loudness.Quiet));
        Assert.Equal("ADA? x2 (+3)", await StubShapeTestApps.GreetAsync("ada", 1, "?", scale: 2, extra: [1, 2, 3]));
    }

    [Fact]
    public async Task A_parameter_with_a_default_takes_a_future_too()
    {
        var times = TestApps.AddAsync(1, 2);
        var punctuation = StubShapeTestApps.GreetAsync("x", times: 1, punctuation: "");

        Assert.Equal("A A AX x0.5 (no extra) x0.5 (no extra)", await StubShapeTestApps.GreetAsync("a", times, punctuation));
    }

    [Fact]
    public async Task A_params_array_takes_values_and_futures_one_by_one()
    {
        var three = TestApps.AddAsync(1, 2);

        Assert.Equal(1, await StubShapeTestApps.SumAllAsync(1));
        Assert.Equal(10, await StubShapeTestApps.SumAllAsync(1, 2, three, 4));
        var asCollection = StubShapeTestApps.SumAllAsync(1, new Future<int>[] { 2, three });
        Assert.Equal(6, await asCollection);
    }

    [Fact]
    public async Task A_params_array_passed_as_one_list_keeps_the_call_site()
    {
        var list = StubShapeTestApps.SumAllAsync(1, new List<int> { 2, 3 });
        var oneByOne = StubShapeTestApps.SumAllAsync(1, 2, 3);

        Assert.Equal(6, await list);
        Assert.Equal(6, await oneByOne);
        Assert.Contains("StubShapeTests.cs:", list.CallSite.ToString());
        Assert.Equal("(unknown call site)", oneByOne.CallSite.ToString());
    }

    [Fact]
    public async Task A_params_app_called_with_options_first_records_where_the_options_were_made()
    {
        var three = TestApps.AddAsync(1, 2);

        var call = StubShapeTestApps.SumAllAsync(new AppCallOptions { Executor = "local" }, 1, 2, three);

        Assert.Equal(6, await call);
        Assert.Equal("local", call.Record.Options!.Executor);
        Assert.Contains("StubShapeTests.cs:", call.CallSite.ToString());
    }
}
