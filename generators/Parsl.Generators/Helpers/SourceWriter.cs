using System;
using System.Text;

namespace Parsl.Generators.Helpers;

/// <summary>Writes C# with indentation, so the emitter reads like the code it produces.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indentation;

    public void Indent() => _indentation++;

    public void Unindent() => _indentation--;

    public void OpenBrace()
    {
        WriteLine("{");
        _indentation++;
    }

    public void CloseBrace(string suffix = "")
    {
        _indentation--;
        WriteLine("}" + suffix);
    }

    public void WriteLine() => _builder.Append('\n');

    public void WriteLine(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.Length > 0)
                _builder.Append(' ', _indentation * 4).Append(line);
            _builder.Append('\n');
        }
    }

    public override string ToString() => _builder.ToString();
}
