using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Parsl.Generators.Helpers;
using Parsl.Generators.Model;

namespace Parsl.Generators;

public sealed partial class AppGenerator
{
    /// <summary>
    /// Reads a [Workflow] method's body and builds its dataflow graph: every call of an app stub (<c>Type.NameAsync</c>)
    /// is a node; a future that flows from one call into another (directly, through locals, arrays, lists, collection
    /// expressions, loop variables or LINQ) is an edge; loops around a call make it a fan-out; branches and while loops
    /// make it dynamic. The stubs themselves are generated, so they do not bind yet: calls are recognised by the app
    /// method they are named after.
    /// </summary>
    /// <remarks>
    /// The body is read as syntax and never bound: locals, loop variables, parameters and fields are followed by name
    /// (C# does not let a nested scope reuse a local's name), and only the type before <c>.NameAsync</c> is looked up,
    /// from the method's position. Binding the body (with its nullable analysis) was a sixth of the generator's time.
    /// </remarks>
    internal sealed class WorkflowParser
    {
        private readonly SemanticModel _model;
        private readonly int _position;
        private readonly INamedTypeSymbol _workflowType;
        private readonly CancellationToken _cancellationToken;
        private readonly List<WorkflowNodeSpec> _nodes = new();
        private readonly List<WorkflowEdgeSpec> _edges = new();
        private readonly Dictionary<string, HashSet<int>> _carried = new(System.StringComparer.Ordinal);
        // Each node's output files (its app's [Output] parameters, in order), and where an expression reads one: the
        // node and the output's name, for each `….Outputs[k]` evaluated.
        private readonly List<string[]> _nodeOutputs = new();
        private readonly Dictionary<ExpressionSyntax, List<(int Node, string File)>> _fileReads = new();
        private readonly List<string> _loops = new();
        // One node per remote file and direction, however many calls name it (the run stages a URL once).
        private readonly Dictionary<string, int> _stagingNodes = new(System.StringComparer.Ordinal);
        private int _dynamicDepth;

        private WorkflowParser(SemanticModel model, int position, INamedTypeSymbol workflowType, CancellationToken cancellationToken)
        {
            _model = model;
            _position = position;
            _workflowType = workflowType;
            _cancellationToken = cancellationToken;
        }

        public static WorkflowParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var method = (IMethodSymbol)context.TargetSymbol;
            var syntax = (MethodDeclarationSyntax)context.TargetNode;
            var diagnostics = new List<DiagnosticInfo>();
            var types = new List<ContainingTypeSpec>();
            for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (!Parser.IsDeclaredPartial(type))
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WorkflowTypeNotPartial, LocationInfo.From(syntax.Identifier.GetLocation()), type.Name, method.Name));
                types.Insert(0, new ContainingTypeSpec(Parser.KeywordOf(type), type.Name));
            }
            if (diagnostics.Count > 0)
                return new WorkflowParseResult(null, diagnostics.ToImmutableEquatableArray());

            var parser = new WorkflowParser(context.SemanticModel, syntax.SpanStart, method.ContainingType, cancellationToken);
            if (syntax.Body is not null)
                parser.Walk(syntax.Body);
            else if (syntax.ExpressionBody is not null)
                parser.Eval(syntax.ExpressionBody.Expression);

            var spec = new WorkflowSpec(
                method.ContainingNamespace.IsGlobalNamespace ? null : SymbolText.Display(method.ContainingNamespace),
                types.ToImmutableEquatableArray(),
                method.Name,
                parser._nodes.ToImmutableEquatableArray(),
                parser._edges.Distinct().ToImmutableEquatableArray());
            return new WorkflowParseResult(spec, ImmutableEquatableArray<DiagnosticInfo>.Empty);
        }

        private void Walk(StatementSyntax statement)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            switch (statement)
            {
                case BlockSyntax block:
                    foreach (var inner in block.Statements)
                        Walk(inner);
                    break;
                case LocalDeclarationStatementSyntax declaration:
                    foreach (var variable in declaration.Declaration.Variables)
                    {
                        if (variable.Initializer is not null)
                            _carried[variable.Identifier.ValueText] = Eval(variable.Initializer.Value);
                    }
                    break;
                case ExpressionStatementSyntax expression:
                    Eval(expression.Expression);
                    break;
                case ReturnStatementSyntax { Expression: { } returned }:
                    Eval(returned);
                    break;
                case ForEachStatementSyntax forEach:
                    var items = Eval(forEach.Expression);
                    _carried[forEach.Identifier.ValueText] = items;
                    InLoop(forEach.Expression.ToString(), dynamic: false, () => Walk(forEach.Statement));
                    break;
                case ForStatementSyntax loop:
                    if (loop.Declaration is not null)
                        foreach (var variable in loop.Declaration.Variables.Where(v => v.Initializer is not null))
                            Eval(variable.Initializer!.Value);
                    InLoop(LoopBound(loop.Condition), dynamic: false, () => Walk(loop.Statement));
                    break;
                case WhileStatementSyntax loop:
                    InLoop(loop.Condition.ToString(), dynamic: true, () => Walk(loop.Statement));
                    break;
                case DoStatementSyntax loop:
                    InLoop(loop.Condition.ToString(), dynamic: true, () => Walk(loop.Statement));
                    break;
                case IfStatementSyntax branch:
                    Eval(branch.Condition);
                    Dynamically(() =>
                    {
                        Walk(branch.Statement);
                        if (branch.Else is not null)
                            Walk(branch.Else.Statement);
                    });
                    break;
                case SwitchStatementSyntax @switch:
                    Eval(@switch.Expression);
                    Dynamically(() =>
                    {
                        foreach (var inner in @switch.Sections.SelectMany(s => s.Statements))
                            Walk(inner);
                    });
                    break;
                case TryStatementSyntax @try:
                    Walk(@try.Block);
                    Dynamically(() =>
                    {
                        foreach (var handler in @try.Catches)
                            Walk(handler.Block);
                    });
                    if (@try.Finally is not null)
                        Walk(@try.Finally.Block);
                    break;
                case UsingStatementSyntax @using:
                    if (@using.Declaration is not null)
                        Walk(SyntaxFactory.LocalDeclarationStatement(@using.Declaration));
                    Walk(@using.Statement);
                    break;
                case LockStatementSyntax @lock:
                    Walk(@lock.Statement);
                    break;
                default:
                    foreach (var expression in statement.ChildNodes().OfType<ExpressionSyntax>())
                        Eval(expression);
                    foreach (var inner in statement.ChildNodes().OfType<StatementSyntax>())
                        Walk(inner);
                    break;
            }
        }

        /// <summary>Evaluates an expression for the app calls it makes and the nodes whose futures its value carries.</summary>
        private HashSet<int> Eval(ExpressionSyntax? expression)
        {
            var carried = new HashSet<int>();
            switch (expression)
            {
                case null:
                    break;
                case InvocationExpressionSyntax invocation:
                    EvalInvocation(invocation, carried);
                    break;
                case IdentifierNameSyntax identifier:
                    if (_carried.TryGetValue(identifier.Identifier.ValueText, out var known))
                        carried.UnionWith(known);
                    break;
                case AssignmentExpressionSyntax assignment:
                    var value = Eval(assignment.Right);
                    carried.UnionWith(value);
                    if (assignment.Left is ElementAccessExpressionSyntax element && Target(element.Expression) is { } collection)
                        Carry(collection).UnionWith(value);
                    else if (Target(assignment.Left) is { } variable)
                    {
                        // Inside a branch or a loop the assignment may not happen: the old futures may still flow on.
                        var replaces = assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && _dynamicDepth == 0 && _loops.Count == 0;
                        _carried[variable] = replaces ? value : new HashSet<int>(Carry(variable).Union(value));
                    }
                    break;
                case SimpleLambdaExpressionSyntax or ParenthesizedLambdaExpressionSyntax or AnonymousMethodExpressionSyntax:
                    var lambda = (AnonymousFunctionExpressionSyntax)expression;
                    if (lambda.ExpressionBody is not null)
                        carried.UnionWith(Eval(lambda.ExpressionBody));
                    else if (lambda.Block is not null)
                        Walk(lambda.Block);
                    break;
                case ElementAccessExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Outputs" } outputs } access
                    when access.ArgumentList.Arguments.Count == 1 && access.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax { Token.Value: int index }:
                    var producers = Eval(outputs.Expression);
                    carried.UnionWith(producers);
                    _fileReads[access] = [.. producers.Where(n => index >= 0 && index < _nodeOutputs[n].Length).Select(n => (n, _nodeOutputs[n][index]))];
                    break;
                case ConditionalExpressionSyntax conditional:
                    carried.UnionWith(Eval(conditional.Condition));
                    Dynamically(() =>
                    {
                        carried.UnionWith(Eval(conditional.WhenTrue));
                        carried.UnionWith(Eval(conditional.WhenFalse));
                    });
                    break;
                default:
                    foreach (var child in ChildExpressions(expression))
                        carried.UnionWith(Eval(child));
                    break;
            }
            return carried;
        }

        /// <summary>The nearest expressions under a node, looking through arguments, initializers and collection elements.</summary>
        private static IEnumerable<ExpressionSyntax> ChildExpressions(SyntaxNode node)
        {
            foreach (var child in node.ChildNodes())
            {
                if (child is ExpressionSyntax expression)
                    yield return expression;
                else if (child is not StatementSyntax)
                    foreach (var inner in ChildExpressions(child))
                        yield return inner;
            }
        }

        private void EvalInvocation(InvocationExpressionSyntax invocation, HashSet<int> carried)
        {
            if (AppCalled(invocation) is { } app)
            {
                var arguments = invocation.ArgumentList.Arguments.Select(a => Eval(a.Expression)).ToList();
                var node = _nodes.Count;
                _nodes.Add(new WorkflowNodeSpec(
                    Parser.AppId(app),
                    _loops.ToImmutableEquatableArray(),
                    _dynamicDepth > 0,
                    invocation.GetLocation().GetLineSpan().StartLinePosition.Line + 1));
                _nodeOutputs.Add([.. app.Parameters.Where(p => Parser.HasAttribute(p, OutputAttributeName)).Select(p => p.Name)]);
                var stubParameters = app.Parameters.Where(p => !Parser.IsCancellationToken(p.Type)).ToList();
                for (var i = 0; i < arguments.Count; i++)
                {
                    var argument = invocation.ArgumentList.Arguments[i];
                    var parameter = argument.NameColon?.Name.Identifier.ValueText ?? (i < stubParameters.Count ? stubParameters[i].Name : "?");
                    var files = FilesRead(argument.Expression);
                    foreach (var from in arguments[i])
                        _edges.Add(new WorkflowEdgeSpec(from, node, parameter, files.TryGetValue(from, out var file) ? file : null));
                    if (i < stubParameters.Count && IsDataFile(stubParameters[i].Type))
                        AddStaging(node, parameter, _nodeOutputs[node].Contains(parameter), argument.Expression, invocation);
                }
                carried.Add(node);
                return;
            }

            var receiver = (invocation.Expression as MemberAccessExpressionSyntax)?.Expression;
            var name = (invocation.Expression as MemberAccessExpressionSyntax)?.Name.Identifier.ValueText;
            var argumentsCarry = new HashSet<int>();
            if (receiver is not null && IsQuery(name))
            {
                // items.Select(x => App(x)): the lambda runs once per item, like a loop over the receiver.
                carried.UnionWith(Eval(receiver));
                InLoop(receiver.ToString(), dynamic: false, () =>
                {
                    foreach (var argument in invocation.ArgumentList.Arguments)
                        carried.UnionWith(Eval(argument.Expression));
                });
                return;
            }
            foreach (var argument in invocation.ArgumentList.Arguments)
                argumentsCarry.UnionWith(Eval(argument.Expression));
            if (receiver is not null && name is "Add" or "AddRange" or "Push" or "Enqueue" or "Insert" && Target(receiver) is { } collection)
            {
                Carry(collection).UnionWith(argumentsCarry);
                return;
            }
            carried.UnionWith(argumentsCarry);
            if (receiver is not null)
                carried.UnionWith(Eval(receiver));
        }

        /// <summary>
        /// A node for each remote file an argument spells out (a string, <c>new DataFile("…")</c>, or a collection of
        /// them; an interpolated URL shows its holes, <c>https://data.example/{protein}.pdb</c>): its stage-in feeding
        /// the call, or for an output the call feeding its stage-out. A URL computed elsewhere is not known here.
        /// </summary>
        private void AddStaging(int node, string parameter, bool isOutput, ExpressionSyntax argument, InvocationExpressionSyntax call)
        {
            foreach (var url in SpelledUrls(argument))
            {
                var id = (isOutput ? "stage-out " : "stage-in ") + url;
                if (!_stagingNodes.TryGetValue(id, out var staging))
                {
                    _stagingNodes[id] = staging = _nodes.Count;
                    _nodes.Add(new WorkflowNodeSpec(id, _loops.ToImmutableEquatableArray(), _dynamicDepth > 0,
                        call.GetLocation().GetLineSpan().StartLinePosition.Line + 1, url));
                    _nodeOutputs.Add([]); // indexed by node, like _nodes
                }
                _edges.Add(isOutput ? new WorkflowEdgeSpec(node, staging, parameter, url) : new WorkflowEdgeSpec(staging, node, parameter, url));
            }
        }

        private static IEnumerable<string> SpelledUrls(ExpressionSyntax expression)
        {
            switch (expression)
            {
                case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression):
                    if (IsRemoteUrl(literal.Token.ValueText))
                        yield return literal.Token.ValueText;
                    break;
                case InterpolatedStringExpressionSyntax interpolated:
                    var text = string.Concat(interpolated.Contents.Select(part => part is InterpolatedStringTextSyntax plain ? plain.TextToken.ValueText : "{" + ((InterpolationSyntax)part).Expression + "}"));
                    if (IsRemoteUrl(text))
                        yield return text;
                    break;
                case BaseObjectCreationExpressionSyntax { ArgumentList.Arguments: { Count: 1 } arguments }:
                    foreach (var url in SpelledUrls(arguments[0].Expression))
                        yield return url;
                    break;
                case CollectionExpressionSyntax collection:
                    foreach (var element in collection.Elements.OfType<ExpressionElementSyntax>())
                        foreach (var url in SpelledUrls(element.Expression))
                            yield return url;
                    break;
                case ArrayCreationExpressionSyntax { Initializer: { } initializer }:
                    foreach (var element in initializer.Expressions)
                        foreach (var url in SpelledUrls(element))
                            yield return url;
                    break;
                case ImplicitArrayCreationExpressionSyntax implicitArray:
                    foreach (var element in implicitArray.Initializer.Expressions)
                        foreach (var url in SpelledUrls(element))
                            yield return url;
                    break;
            }
        }

        // The schemes DataFile stages (file:// is local).
        private static bool IsRemoteUrl(string text) =>
            new[] { "http://", "https://", "ftp://", "sftp://", "globus://" }.Any(scheme => text.StartsWith(scheme, System.StringComparison.OrdinalIgnoreCase));

        private static bool IsDataFile(ITypeSymbol type) => type switch
        {
            IArrayTypeSymbol array => IsDataFile(array.ElementType),
            INamedTypeSymbol { Name: "DataFile", ContainingNamespace.Name: "Parsl" } => true,
            INamedTypeSymbol { IsGenericType: true } generic => generic.TypeArguments.Length == 1 && IsDataFile(generic.TypeArguments[0]),
            _ => false,
        };

        /// <summary>The output files an argument reads directly (<c>x.Outputs[0]</c>, also inside a collection), by producing node.</summary>
        private Dictionary<int, string> FilesRead(ExpressionSyntax argument)
        {
            var files = new Dictionary<int, string>();
            foreach (var read in argument.DescendantNodesAndSelf().OfType<ExpressionSyntax>())
                if (_fileReads.TryGetValue(read, out var found))
                    foreach (var (producer, file) in found)
                        files[producer] = file;
            return files;
        }

        /// <summary>What a for loop counts to: <c>i &lt; nsim</c> reads as <c>nsim</c>.</summary>
        private static string LoopBound(ExpressionSyntax? condition) => condition switch
        {
            BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LessThanExpression) || binary.IsKind(SyntaxKind.LessThanOrEqualExpression) => binary.Right.ToString(),
            null => "for",
            _ => condition.ToString(),
        };

        private static bool IsQuery(string? name) =>
            name is "Select" or "SelectMany" or "Where" or "Zip" or "Join" or "GroupBy" or "ToDictionary" or "ToLookup";

        /// <summary>The app method a call like <c>Science.SimulateAsync(...)</c> or <c>SimulateAsync(...)</c> stands for.</summary>
        private IMethodSymbol? AppCalled(InvocationExpressionSyntax invocation)
        {
            var (type, stub) = invocation.Expression switch
            {
                MemberAccessExpressionSyntax member => (NamespaceOrType(member.Expression) as INamedTypeSymbol, member.Name.Identifier.ValueText),
                IdentifierNameSyntax identifier => (_workflowType, identifier.Identifier.ValueText),
                _ => (null, null),
            };
            if (type is null || stub is null || !stub.EndsWith("Async") || stub.Length <= 5)
                return null;
            var appName = stub.Substring(0, stub.Length - 5);
            return type.GetMembers(appName).OfType<IMethodSymbol>().FirstOrDefault(m => m.GetAttributes().Any(a =>
                a.AttributeClass is { } attributeClass && SymbolText.Display(attributeClass) is AppAttributeName or BashAppAttributeName or JoinAppAttributeName));
        }

        /// <summary>The namespace or type a name like <c>Science</c>, <c>Lab.Science</c> or <c>global::Lab.Science</c> stands for.</summary>
        private INamespaceOrTypeSymbol? NamespaceOrType(ExpressionSyntax expression) => expression switch
        {
            IdentifierNameSyntax identifier => _model.LookupNamespacesAndTypes(_position, name: identifier.Identifier.ValueText).FirstOrDefault() as INamespaceOrTypeSymbol,
            AliasQualifiedNameSyntax global when global.Alias.Identifier.IsKind(SyntaxKind.GlobalKeyword) =>
                _model.Compilation.GlobalNamespace.GetMembers(global.Name.Identifier.ValueText).FirstOrDefault(),
            MemberAccessExpressionSyntax member => NamespaceOrType(member.Expression)?.GetMembers(member.Name.Identifier.ValueText).OfType<INamespaceOrTypeSymbol>().FirstOrDefault(),
            QualifiedNameSyntax qualified => NamespaceOrType(qualified.Left)?.GetMembers(qualified.Right.Identifier.ValueText).OfType<INamespaceOrTypeSymbol>().FirstOrDefault(),
            _ => null,
        };

        /// <summary>The local, parameter or field an assignment or <c>Add</c> targets, by name: <c>xs</c> or <c>this.xs</c>.</summary>
        private static string? Target(ExpressionSyntax expression) => expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } member => member.Name.Identifier.ValueText,
            _ => null,
        };

        private HashSet<int> Carry(string name)
        {
            if (!_carried.TryGetValue(name, out var set))
                _carried[name] = set = new HashSet<int>();
            return set;
        }

        private void InLoop(string label, bool dynamic, System.Action body)
        {
            _loops.Add(label);
            if (dynamic)
                _dynamicDepth++;
            body();
            if (dynamic)
                _dynamicDepth--;
            _loops.RemoveAt(_loops.Count - 1);
        }

        private void Dynamically(System.Action body)
        {
            _dynamicDepth++;
            body();
            _dynamicDepth--;
        }
    }
}
