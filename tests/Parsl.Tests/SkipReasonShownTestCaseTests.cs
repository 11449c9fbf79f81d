using Xunit.Abstractions;
using Xunit.Sdk;

namespace Parsl.Tests;

/// <summary>`dotnet test` prints a skipped test's name and nothing else at its default verbosity: the reason has to be in it.</summary>
public sealed class SkipReasonShownTestCaseTests
{
    [Fact]
    public void A_skipped_test_is_named_with_its_reason_and_a_running_one_as_it_is()
    {
        Assert.Equal(
            $"{typeof(Examples).FullName}.{nameof(Examples.NeedsAScheduler)} (skipped: slurm is not running here)",
            Discover(nameof(Examples.NeedsAScheduler)).DisplayName);
        Assert.Equal("slurm is not running here", Discover(nameof(Examples.NeedsAScheduler)).SkipReason);
        Assert.Equal($"{typeof(Examples).FullName}.{nameof(Examples.Runs)}", Discover(nameof(Examples.Runs)).DisplayName);
    }

    private static IXunitTestCase Discover(string method)
    {
        var assembly = new TestAssembly(Reflector.Wrap(typeof(Examples).Assembly));
        var testClass = new TestClass(new TestCollection(assembly, null, "examples"), Reflector.Wrap(typeof(Examples)));
        var testMethod = new TestMethod(testClass, Reflector.Wrap(typeof(Examples).GetMethod(method)!));
        var fact = testMethod.Method.GetCustomAttributes(typeof(FactAttribute)).Single();
        return Assert.Single(new ServiceFactDiscoverer(new NullMessageSink()).Discover(new DefaultOptions(), testMethod, fact));
    }

    /// <summary>Discovery options left at their defaults (the runner's own options type is not referenced here).</summary>
    private sealed class DefaultOptions : ITestFrameworkDiscoveryOptions
    {
        public TValue GetValue<TValue>(string name) => default!;

        public void SetValue<TValue>(string name, TValue value)
        {
        }
    }

    /// <summary>Not public, so the test run itself does not discover these.</summary>
#pragma warning disable xUnit1000 // on purpose: see above
    private sealed class Examples
    {
        [Fact(Skip = "slurm is not running here")]
        public void NeedsAScheduler()
        {
        }

        [Fact]
        public void Runs()
        {
        }
    }
#pragma warning restore xUnit1000
}
