using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Parsl.Generators.Reuse;

/// <summary>
/// Everything the symbols of a compilation are made from, except the bodies of methods, accessors and the like: its
/// options, its references, and each source file's text outside those bodies. Two compilations with equal fingerprints
/// declare the same symbols, so whatever was read from one's declarations holds for the other: an edit inside a method
/// body elsewhere leaves every app's parse valid.
/// </summary>
/// <remarks>
/// Conservative by design: comments and whitespace outside bodies count, and a body holding a preprocessor directive
/// (which may reach past it, e.g. <c>#nullable</c>) counts whole. The fingerprint holds no compilation, tree or
/// reference strongly: references are held weakly and compared by identity (a reference rebuilt on disk is a new object).
/// </remarks>
internal sealed class DeclarationFingerprint : IEquatable<DeclarationFingerprint>
{
    private static readonly ConditionalWeakTable<Compilation, DeclarationFingerprint> s_perCompilation = new();
    private static readonly ConditionalWeakTable<SyntaxTree, TreeText> s_perTree = new();

    private readonly CompilationOptions _options;
    private readonly string? _assemblyName;
    private readonly WeakReference<MetadataReference>[] _references;
    private readonly TreeText[] _trees;

    private DeclarationFingerprint(Compilation compilation)
    {
        _options = compilation.Options;
        _assemblyName = compilation.AssemblyName;
        _references = compilation.References.Select(reference => new WeakReference<MetadataReference>(reference)).ToArray();
        _trees = compilation.SyntaxTrees.Select(tree => s_perTree.GetValue(tree, TreeText.Of)).ToArray();
    }

    /// <summary>The fingerprint of <paramref name="compilation"/>, computed once; only new or edited files are read.</summary>
    public static DeclarationFingerprint Of(Compilation compilation) =>
        s_perCompilation.GetValue(compilation, static c => new DeclarationFingerprint(c));

    public bool Equals(DeclarationFingerprint? other)
    {
        if (other is null)
            return false;
        if (ReferenceEquals(this, other))
            return true;
        if (_assemblyName != other._assemblyName || _references.Length != other._references.Length || _trees.Length != other._trees.Length
            || !_options.Equals(other._options))
            return false;
        for (var i = 0; i < _references.Length; i++)
            if (!_references[i].TryGetTarget(out var mine) || !other._references[i].TryGetTarget(out var theirs) || !ReferenceEquals(mine, theirs))
                return false;
        for (var i = 0; i < _trees.Length; i++)
            if (!_trees[i].Equals(other._trees[i]))
                return false;
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as DeclarationFingerprint);

    public override int GetHashCode() => _trees.Length;

    /// <summary>One file: its path, its parse options (preprocessor symbols, language version) and a hash of its text outside bodies.</summary>
    private sealed class TreeText : IEquatable<TreeText>
    {
        private readonly string _path;
        private readonly ParseOptions _options;
        private readonly ulong _hash;
        private readonly int _length;

        private TreeText(string path, ParseOptions options, ulong hash, int length)
        {
            _path = path;
            _options = options;
            _hash = hash;
            _length = length;
        }

        public static TreeText Of(SyntaxTree tree)
        {
            var text = tree.GetText();
            var hash = 14695981039346656037UL; // FNV-1a, 64-bit
            var length = 0;
            var position = 0;
            foreach (var body in Bodies(tree.GetRoot()))
            {
                Hash(text, position, body.SpanStart, ref hash, ref length);
                position = body.Span.End;
                hash = unchecked((hash ^ '\u0001') * 1099511628211UL); // where a body was
            }
            Hash(text, position, text.Length, ref hash, ref length);
            return new TreeText(tree.FilePath, tree.Options, hash, length);
        }

        // Bodies are skipped whole, without looking inside (so a lambda in a body is skipped with it).
        private static IEnumerable<SyntaxNode> Bodies(SyntaxNode root) =>
            root.DescendantNodes(node => !IsBody(node)).Where(node => IsBody(node) && !node.ContainsDirectives);

        private static bool IsBody(SyntaxNode node) => node.Parent switch
        {
            BaseMethodDeclarationSyntax method => node == method.Body || node == method.ExpressionBody,
            AccessorDeclarationSyntax accessor => node == accessor.Body || node == accessor.ExpressionBody,
            BasePropertyDeclarationSyntax => node is ArrowExpressionClauseSyntax,
            _ => false,
        };

        private static void Hash(Microsoft.CodeAnalysis.Text.SourceText text, int start, int end, ref ulong hash, ref int length)
        {
            if (end <= start)
                return;
            var chunk = new char[Math.Min(4096, end - start)];
            for (var at = start; at < end; at += chunk.Length)
            {
                var count = Math.Min(chunk.Length, end - at);
                text.CopyTo(at, chunk, 0, count);
                for (var i = 0; i < count; i++)
                    hash = unchecked((hash ^ chunk[i]) * 1099511628211UL);
                length += count;
            }
        }

        public bool Equals(TreeText? other) =>
            ReferenceEquals(this, other) || other is not null && _hash == other._hash && _length == other._length && _path == other._path && _options.Equals(other._options);

        public override bool Equals(object? obj) => Equals(obj as TreeText);

        public override int GetHashCode() => unchecked((int)_hash);
    }
}
