using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Parsl.Generators.Helpers;
using Parsl.Generators.Model;
using static Parsl.Generators.AppGenerator.Emitter;

namespace Parsl.Generators;

public sealed partial class AppGenerator
{
    /// <summary>
    /// Writes the wire codecs of one type's apps: statements that write a value and expressions that read it back, with a
    /// method per data type, array, list, dictionary or nullable they use (shared by the type's apps, and recursive types
    /// work). Scalars go straight to <c>WireWriter</c>/<c>WireReader</c>.
    /// </summary>
    internal sealed class WireEmitter
    {
        private readonly Dictionary<string, int> _methods = new();
        private readonly List<(WirePlan Plan, ImmutableEquatableArray<ObjectWirePlan> Objects)> _pending = new();

        /// <summary>The statement that writes <paramref name="value"/> to the writer <c>w</c>.</summary>
        public string Write(WirePlan plan, ImmutableEquatableArray<ObjectWirePlan> objects, string value) => plan.Kind switch
        {
            WirePlanKind.Scalar => $"w.Write({value});",
            WirePlanKind.Enum => $"w.Write((long)({value}));",
            WirePlanKind.Json => $"w.WriteJson({value}, {JsonTypeInfo(plan)});",
            _ => $"{MethodName("W", plan, objects)}(w, {value});",
        };

        /// <summary>The expression that reads a value from the reader <c>r</c>.</summary>
        public string Read(WirePlan plan, ImmutableEquatableArray<ObjectWirePlan> objects) => plan.Kind switch
        {
            WirePlanKind.Scalar => plan.Reader is "ReadString" or "ReadByteArray" or "ReadBashResult" or "ReadDataFile" ? $"r.{plan.Reader}()!" : $"r.{plan.Reader}()",
            WirePlanKind.Enum => $"({plan.Type})r.ReadInt64()",
            WirePlanKind.Json => $"r.ReadJson({JsonTypeInfo(plan)})",
            _ => $"{MethodName("R", plan, objects)}(ref r)",
        };

        private static string JsonTypeInfo(WirePlan plan) =>
            $"(global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<{plan.TypeOf}>){plan.Reader}.Default.GetTypeInfo(typeof({plan.TypeOf}))!";

        private string MethodName(string direction, WirePlan plan, ImmutableEquatableArray<ObjectWirePlan> objects)
        {
            var key = plan.Kind == WirePlanKind.Object ? objects[plan.ObjectIndex].Type : plan.Type;
            if (!_methods.TryGetValue(key, out var index))
            {
                index = _methods.Count;
                _methods[key] = index;
                _pending.Add((plan, objects));
            }
            return "__ParslWire" + direction + index.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>Emits every method the codecs written so far use (and those they use in turn).</summary>
        public void EmitMethods(SourceWriter writer)
        {
            for (var i = 0; i < _pending.Count; i++)
            {
                var (plan, objects) = _pending[i];
                var index = i.ToString(CultureInfo.InvariantCulture);
                // A data type is written from a possibly null reference and read back as the type itself (null! when absent),
                // which is what the member, element or parameter that holds it expects either way.
                var type = plan.Kind == WirePlanKind.Object ? objects[plan.ObjectIndex].Type : plan.Type;
                var written = plan.Kind == WirePlanKind.Object && objects[plan.ObjectIndex].IsReference ? type + "?" : type;
                writer.WriteLine();
                writer.WriteLine($"private static void __ParslWireW{index}(global::Parsl.WireWriter w, {written} value)");
                writer.OpenBrace();
                EmitWriteBody(writer, plan, objects);
                writer.CloseBrace();
                writer.WriteLine();
                writer.WriteLine($"private static {type} __ParslWireR{index}(ref global::Parsl.WireReader r)");
                writer.OpenBrace();
                EmitReadBody(writer, plan, objects);
                writer.CloseBrace();
            }
        }

        // Never reached: an app with a type that cannot travel gets AppCodec.Unavailable, not these methods.
        private static string CannotTravel(WirePlan plan) =>
            $"throw new global::System.InvalidOperationException({Literal($"Type {plan.Type} cannot travel: {plan.Reason}.")});";

        private void EmitWriteBody(SourceWriter writer, WirePlan plan, ImmutableEquatableArray<ObjectWirePlan> objects)
        {
            switch (plan.Kind)
            {
                case WirePlanKind.Nullable:
                    writer.WriteLine("w.Write(value.HasValue);");
                    writer.WriteLine("if (value.HasValue)");
                    writer.Indent();
                    writer.WriteLine(Write(plan.Element!, objects, "value.GetValueOrDefault()"));
                    writer.Unindent();
                    return;
                case WirePlanKind.Array or WirePlanKind.List or WirePlanKind.Dictionary:
                    writer.WriteLine(plan.IsImmutableArray ? "if (value.IsDefault)" : "if (value is null)");
                    writer.OpenBrace();
                    writer.WriteLine("w.WriteLength(-1);");
                    writer.WriteLine("return;");
                    writer.CloseBrace();
                    var items = "value";
                    if (plan.Kind == WirePlanKind.List && !plan.Type.StartsWith("global::System.Collections.Generic.List<", System.StringComparison.Ordinal))
                    {
                        // An interface: counted through IReadOnlyCollection when it has one, else copied once.
                        writer.WriteLine($"var items = value as global::System.Collections.Generic.IReadOnlyCollection<{plan.Element!.Type}> ?? global::System.Linq.Enumerable.ToList(value);");
                        items = "items";
                    }
                    writer.WriteLine($"w.WriteLength({items}.{(plan.Kind == WirePlanKind.Array ? "Length" : "Count")});");
                    writer.WriteLine($"foreach (var item in {items})");
                    writer.OpenBrace();
                    if (plan.Kind == WirePlanKind.Dictionary)
                    {
                        writer.WriteLine(Write(plan.Key!, objects, "item.Key"));
                        writer.WriteLine(Write(plan.Element!, objects, "item.Value"));
                    }
                    else
                    {
                        writer.WriteLine(Write(plan.Element!, objects, "item"));
                    }
                    writer.CloseBrace();
                    return;
                case WirePlanKind.Object:
                    var data = objects[plan.ObjectIndex];
                    if (data.IsReference)
                    {
                        writer.WriteLine("if (!w.WritePresence(value))");
                        writer.Indent();
                        writer.WriteLine("return;");
                        writer.Unindent();
                    }
                    foreach (var member in data.Members)
                        writer.WriteLine(Write(member.Plan, objects, "value." + Identifier(member.Name)));
                    return;
                default:
                    writer.WriteLine(CannotTravel(plan));
                    return;
            }
        }

        private void EmitReadBody(SourceWriter writer, WirePlan plan, ImmutableEquatableArray<ObjectWirePlan> objects)
        {
            switch (plan.Kind)
            {
                case WirePlanKind.Nullable:
                    writer.WriteLine($"return r.ReadBoolean() ? {Read(plan.Element!, objects)} : null;");
                    return;
                case WirePlanKind.Array or WirePlanKind.List or WirePlanKind.Dictionary:
                    writer.WriteLine("var count = r.ReadLength();");
                    writer.WriteLine("if (count < 0)");
                    writer.Indent();
                    writer.WriteLine(plan.IsImmutableArray ? "return default;" : "return null!;");
                    writer.Unindent();
                    var element = plan.Element!.Type;
                    writer.WriteLine(plan.Kind switch
                    {
                        WirePlanKind.Array => $"var items = global::System.GC.AllocateUninitializedArray<{element}>(count);",
                        WirePlanKind.List => $"var items = new global::System.Collections.Generic.List<{element}>(count);",
                        _ => $"var items = new global::System.Collections.Generic.Dictionary<{plan.Key!.Type}, {element}>(count);",
                    });
                    writer.WriteLine("for (var i = 0; i < count; i++)");
                    writer.Indent();
                    writer.WriteLine(plan.Kind switch
                    {
                        WirePlanKind.Array => $"items[i] = {Read(plan.Element!, objects)};",
                        WirePlanKind.List => $"items.Add({Read(plan.Element!, objects)});",
                        _ => $"global::Parsl.WireReader.AddEntry(items, {Read(plan.Key!, objects)}, {Read(plan.Element!, objects)});",
                    });
                    writer.Unindent();
                    writer.WriteLine(plan.Build is { } build ? $"return {build};" : "return items;");
                    return;
                case WirePlanKind.Object:
                    var data = objects[plan.ObjectIndex];
                    if (data.IsReference)
                    {
                        writer.WriteLine("if (!r.ReadPresence())");
                        writer.Indent();
                        writer.WriteLine("return null!;");
                        writer.Unindent();
                    }
                    for (var i = 0; i < data.Members.Count; i++)
                        writer.WriteLine($"var m{i.ToString(CultureInfo.InvariantCulture)} = {Read(data.Members[i].Plan, objects)};");
                    var arguments = string.Join(", ", Enumerable.Range(0, data.ConstructorArguments).Select(i => "m" + i.ToString(CultureInfo.InvariantCulture)));
                    var setters = string.Join(", ", Enumerable.Range(data.ConstructorArguments, data.Members.Count - data.ConstructorArguments)
                        .Select(i => Identifier(data.Members[i].Name) + " = m" + i.ToString(CultureInfo.InvariantCulture)));
                    writer.WriteLine(data.IsTuple ? $"return ({arguments});" : $"return new {data.Type}({arguments}){(setters.Length > 0 ? " { " + setters + " }" : "")};");
                    return;
                default:
                    writer.WriteLine(CannotTravel(plan));
                    return;
            }
        }
    }
}
