using System.Text.Json.Serialization;

namespace Parsl.Checkpointing;

/// <summary>
/// Source-generated JSON for the result types Parsl knows without help: numbers, strings, their arrays and lists,
/// <see cref="BashResult"/> and <see cref="Unit"/>. Results of other types are checkpointed through the contexts in
/// <see cref="ParslConfig.SerializerContexts"/>. No reflection-based serialization is ever used. NaN and the
/// infinities are written as JSON strings, so a result that holds them is checkpointed like any other.
/// </summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(float))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(decimal))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(Guid))]
[JsonSerializable(typeof(DateTime))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(TimeSpan))]
[JsonSerializable(typeof(int[]))]
[JsonSerializable(typeof(long[]))]
[JsonSerializable(typeof(double[]))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(List<int>))]
[JsonSerializable(typeof(List<long>))]
[JsonSerializable(typeof(List<double>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(Dictionary<string, double>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(BashResult))]
[JsonSerializable(typeof(BashResult[]))]
[JsonSerializable(typeof(DataFile))]
[JsonSerializable(typeof(Unit))]
internal sealed partial class ParslJsonContext : JsonSerializerContext;
