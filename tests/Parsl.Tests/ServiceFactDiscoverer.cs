using Xunit.Abstractions;
using Xunit.Sdk;

namespace Parsl.Tests;

/// <summary>Discovers <see cref="ServiceFactAttribute"/> tests as <see cref="SkipReasonShownTestCase"/>s.</summary>
public sealed class ServiceFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        [new SkipReasonShownTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod)];
}

/// <summary>
/// A test whose skip reason is part of its name: at `dotnet test`'s default verbosity a skipped test prints only its
/// name ("[SKIP]", "Skipped …"), and the reason (which service to start, and how) is what the reader needs.
/// </summary>
public sealed class SkipReasonShownTestCase : XunitTestCase
{
    [Obsolete("For xunit's deserializer only.", error: true)]
    public SkipReasonShownTestCase()
    {
    }

    public SkipReasonShownTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod)
        : base(diagnosticMessageSink, display, options, testMethod)
    {
    }

    protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName)
    {
        var name = base.GetDisplayName(factAttribute, displayName);
        var reason = GetSkipReason(factAttribute);
        return string.IsNullOrEmpty(reason) ? name : $"{name} (skipped: {reason})";
    }
}
