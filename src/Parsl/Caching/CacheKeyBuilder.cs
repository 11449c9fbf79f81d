using System.Buffers.Binary;
using System.ComponentModel;
using System.IO.Hashing;
using System.Text;
using Parsl.Files;

namespace Parsl;

/// <summary>
/// Builds a memo key from argument values, canonically: fixed-width little-endian numbers, UTF-8 strings with their
/// length, counts before sequences, markers for null, and file <em>contents</em> for <see cref="DataFile"/>. Culture,
/// platform and process play no part, so keys written to a checkpoint match in a later run. Generated code calls it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class CacheKeyBuilder
{
    [ThreadStatic] private static CacheKeyBuilder? t_cached;

    private readonly XxHash128 _hash = new();
    private readonly AppDescriptor _app;
    // Where bytes go now: the key's hash, or an element's own while an unordered collection's element is written.
    private XxHash128 _sink;
    private readonly List<UnorderedFrame> _unordered = [];
    private readonly List<XxHash128> _elementHashes = []; // one per nesting level, reused
    private const int MaxDepth = 64;
    private string? _parameter;
    private int _depth;

    private CacheKeyBuilder(AppDescriptor app)
    {
        _app = app;
        _sink = _hash;
    }

    /// <summary>An unordered collection being written: the sink to return to, and its elements' digests so far.</summary>
    private sealed class UnorderedFrame(XxHash128 outer)
    {
        public XxHash128 Outer { get; } = outer;

        public List<UInt128> Digests { get; } = [];
    }

    internal static CacheKeyBuilder Rent(AppDescriptor app)
    {
        var builder = t_cached is { } cached && ReferenceEquals(cached._app, app) ? cached : new CacheKeyBuilder(app);
        t_cached = null;
        builder._hash.Reset();
        builder._sink = builder._hash;
        builder._unordered.Clear();
        builder._depth = 0;
        builder._hash.Append(app.KeySeed);
        return builder;
    }

    internal CacheKey Finish()
    {
        if (_unordered.Count > 0)
            throw new InvalidOperationException("A memo key was finished inside an unordered collection: a BeginUnordered has no EndUnordered.");
        var key = new CacheKey(_hash.GetCurrentHashAsUInt128());
        t_cached = this;
        return key;
    }

    /// <summary>Names the parameter being written, for errors.</summary>
    public CacheKeyBuilder Parameter(string name)
    {
        _parameter = name;
        return this;
    }

    /// <summary>Adds a value.</summary>
    public void Add(bool value) => AddByte(value ? (byte)1 : (byte)0);
    /// <summary>Adds a value.</summary>
    public void Add(byte value) => AddByte(value);
    /// <summary>Adds a value.</summary>
    public void Add(sbyte value) => AddByte((byte)value);
    /// <summary>Adds a value.</summary>
    public void Add(short value) => Add((long)value);
    /// <summary>Adds a value.</summary>
    public void Add(ushort value) => Add((long)value);
    /// <summary>Adds a value.</summary>
    public void Add(char value) => Add((long)value);
    /// <summary>Adds a value.</summary>
    public void Add(int value) => Add((long)value);
    /// <summary>Adds a value.</summary>
    public void Add(uint value) => Add((long)value);
    /// <summary>Adds a value.</summary>
    public void Add(ulong value) => Add((long)value);

    /// <summary>Adds a value.</summary>
    public void Add(long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        _sink.Append(bytes);
    }

    /// <summary>Adds a value (its IEEE bits).</summary>
    public void Add(double value) => Add(BitConverter.DoubleToInt64Bits(value));
    /// <summary>Adds a value (its IEEE bits).</summary>
    public void Add(float value) => Add(BitConverter.SingleToInt32Bits(value));

    /// <summary>Adds a value.</summary>
    public void Add(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        foreach (var part in bits)
            Add(part);
    }

    /// <summary>Adds a value.</summary>
    public void Add(Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes);
        _sink.Append(bytes);
    }

    /// <summary>Adds a value (its ticks and kind).</summary>
    public void Add(DateTime value)
    {
        Add(value.Ticks);
        AddByte((byte)value.Kind);
    }

    /// <summary>Adds a value (its UTC ticks and offset).</summary>
    public void Add(DateTimeOffset value)
    {
        Add(value.UtcTicks);
        Add(value.Offset.Ticks);
    }

    /// <summary>Adds a value.</summary>
    public void Add(TimeSpan value) => Add(value.Ticks);

    /// <summary>Adds a value.</summary>
    public void Add(Unit value) => AddByte(0);

    /// <summary>Adds a value (its day number).</summary>
    public void Add(DateOnly value) => Add(value.DayNumber);

    /// <summary>Adds a value (its ticks).</summary>
    public void Add(TimeOnly value) => Add(value.Ticks);

    /// <summary>Adds a value (its IEEE bits).</summary>
    public void Add(Half value) => Add(BitConverter.HalfToInt16Bits(value));

    /// <summary>Adds a value.</summary>
    public void Add(Int128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt128LittleEndian(bytes, value);
        _sink.Append(bytes);
    }

    /// <summary>Adds a value.</summary>
    public void Add(UInt128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128LittleEndian(bytes, value);
        _sink.Append(bytes);
    }

    /// <summary>Adds a value (its two's-complement bytes, little-endian, with their length).</summary>
    public void Add(System.Numerics.BigInteger value)
    {
        var bytes = value.ToByteArray();
        Add(bytes.Length);
        _sink.Append(bytes);
    }

    /// <summary>Adds a string: a null marker, or its UTF-8 length and bytes.</summary>
    public void Add(string? value)
    {
        if (!AddPresence(value))
            return;
        AddRaw(value!);
    }

    /// <summary>
    /// Adds a file: a local one by its content (and not its name or time); a remote one by its URL and the version of the
    /// staged copy (its ETag and size), or by the copy's content when the source gave no version.
    /// </summary>
    public void Add(DataFile? file)
    {
        if (!AddPresence(file))
            return;
        // Told apart by a marker, so no URL can stand for some local content.
        Add(file!.IsLocal);
        if (file.IsLocal)
        {
            AddFileContent(file.Path);
            return;
        }
        AddRaw(file.Url);
        Add(file.StagedVersion is not null);
        if (file.StagedVersion is not null)
            AddRaw(file.StagedVersion);
        else if (file.LocalCopy is not null)
            AddFileContent(file.LocalCopy);
    }

    /// <summary>
    /// Adds a file the app writes (<see cref="OutputAttribute"/>): by where it goes (a local file's absolute path, a remote
    /// one's URL), since it does not exist yet. Its content is checked apart: a cached result counts only while the files
    /// it wrote are unchanged.
    /// </summary>
    public void AddOutputFile(DataFile? file)
    {
        if (!AddPresence(file))
            return;
        AddByte(2); // neither a local file's content (1) nor a remote file's URL (0)
        AddRaw(file!.IsLocal ? file.FullPath : file.Url);
    }

    /// <summary>Adds a bash app's result: its command and the content of its stdout file, which is what consumers read.</summary>
    public void Add(BashResult? result)
    {
        if (!AddPresence(result))
            return;
        AddRaw(result!.Command);
        Add(result.ExitCode);
        Add(result.StdoutPath is not null);
        if (result.StdoutPath is not null)
            AddFileContent(result.StdoutPath);
    }

    /// <summary>Writes whether a reference is null; returns true when there is a value to write next.</summary>
    public bool AddPresence([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] object? value)
    {
        AddByte(value is null ? (byte)0 : (byte)1);
        return value is not null;
    }

    /// <summary>Writes whether a value is there (an ImmutableArray that is not default); returns <paramref name="present"/>.</summary>
    public bool AddPresence(bool present)
    {
        AddByte(present ? (byte)1 : (byte)0);
        return present;
    }

    /// <summary>
    /// Starts a collection with no defined order (a set, a dictionary): each element is written between
    /// <see cref="BeginElement"/> and <see cref="EndElement"/> and hashed on its own, and <see cref="EndUnordered"/>
    /// adds the elements' hashes in sorted order, so equal collections give equal keys whatever their order.
    /// </summary>
    public void BeginUnordered() => _unordered.Add(new UnorderedFrame(_sink));

    /// <summary>Starts one element of the unordered collection begun last.</summary>
    public void BeginElement()
    {
        var level = _unordered.Count - 1;
        while (_elementHashes.Count <= level)
            _elementHashes.Add(new XxHash128());
        _sink = _elementHashes[level];
        _sink.Reset();
    }

    /// <summary>Ends the element begun last.</summary>
    public void EndElement()
    {
        var frame = _unordered[^1];
        frame.Digests.Add(_sink.GetCurrentHashAsUInt128());
        _sink = frame.Outer;
    }

    /// <summary>Ends the unordered collection begun last: its count, then its elements' hashes in order.</summary>
    public void EndUnordered()
    {
        var frame = _unordered[^1];
        _unordered.RemoveAt(_unordered.Count - 1);
        _sink = frame.Outer;
        frame.Digests.Sort();
        Add((long)frame.Digests.Count);
        Span<byte> bytes = stackalloc byte[16];
        foreach (var digest in frame.Digests)
        {
            BinaryPrimitives.WriteUInt128LittleEndian(bytes, digest);
            _sink.Append(bytes);
        }
    }

    /// <summary>Enters an object's members; fails on object graphs that are cyclic or absurdly deep.</summary>
    public void Enter()
    {
        if (++_depth > MaxDepth)
            throw new CacheKeyException(_app, _parameter, $"its value nests more than {MaxDepth} objects deep (a cycle?)");
    }

    /// <summary>Leaves an object's members.</summary>
    public void Exit() => _depth--;

    /// <summary>Ends a sequence of <paramref name="count"/> elements.</summary>
    public void AddCount(int count) => Add((long)count);

    /// <summary>Fails the key for a value that has no canonical form.</summary>
    public void AddUnsupported(string typeName, string reason) =>
        throw new CacheKeyException(_app, _parameter, $"its type '{typeName}' {reason}");

    private void AddFileContent(string path)
    {
        try
        {
            var hash = FileContentHash.Of(path);
            Span<byte> bytes = stackalloc byte[16];
            BinaryPrimitives.WriteUInt128LittleEndian(bytes, hash);
            _sink.Append(bytes);
        }
        catch (IOException exception)
        {
            throw new CacheKeyException(_app, _parameter, $"its file '{path}' cannot be read: {exception.Message}", exception);
        }
    }

    private void AddByte(byte value) => _sink.Append([value]);

    private void AddRaw(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        Add(length);
        if (length <= 256)
        {
            Span<byte> bytes = stackalloc byte[length];
            Encoding.UTF8.GetBytes(text, bytes);
            _sink.Append(bytes);
        }
        else
        {
            _sink.Append(Encoding.UTF8.GetBytes(text));
        }
    }
}
