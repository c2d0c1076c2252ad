using Xunit.Abstractions;
using Xunit.Sdk;

namespace MergeBus.Deploy.Tests.Support;

/// <summary>The order of a test that is one step of a longer story on a shared fixture (the compose stack).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class StepAttribute(int order) : Attribute
{
    public int Order { get; } = order;
}

public sealed class StepOrderer : ITestCaseOrderer
{
    public const string Name = "MergeBus.Deploy.Tests.Support.StepOrderer";
    public const string Assembly = "MergeBus.Deploy.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : ITestCase =>
        testCases.OrderBy(t => t.TestMethod.Method.GetCustomAttributes(typeof(StepAttribute).AssemblyQualifiedName)
            .Select(a => (int)a.GetConstructorArguments().First()).DefaultIfEmpty(int.MaxValue).First());
}
