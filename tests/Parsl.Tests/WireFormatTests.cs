namespace Parsl.Tests;

/// <summary>The wire format's primitives: every value reads back as written, and malformed input only ever throws WireFormatException.</summary>
public sealed class WireFormatTests
{
    [Fact]
    public void Scalars_read_back_exactly_as_written()
    {
        var writer = new WireWriter();
        var guid = Guid.NewGuid();
        var when = new DateTimeOffset(2026, 12, 2, 3, 4, 5, TimeSpan.FromHours(-5));
        writer.Write(true);
        writer.Write(double.NaN);
        writer.Write(double.NegativeInfinity);
        writer.Write(-0.1m);
        writer.Write("π ≈ 3.14159");
        writer.Write((string?)null);
        writer.Write(guid);
        writer.Write(when);
        writer.Write(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        writer.Write(TimeSpan.FromTicks(-7));
        writer.Write('λ');
        writer.Write(long.MinValue);
        writer.Write(new byte[] { 1, 2, 3 });
        writer.Write((byte[]?)null);
        writer.Write(new DataFile("out/a b.txt"));
        writer.Write(new BashResult("echo hi", 3, "o.txt", null, TimeSpan.FromSeconds(1.5)));

        var reader = new WireReader(writer.WrittenSpan);
        Assert.True(reader.ReadBoolean());
        Assert.True(double.IsNaN(reader.ReadDouble()));
        Assert.Equal(double.NegativeInfinity, reader.ReadDouble());
        Assert.Equal(-0.1m, reader.ReadDecimal());
        Assert.Equal("π ≈ 3.14159", reader.ReadString());
        Assert.Null(reader.ReadString());
        Assert.Equal(guid, reader.ReadGuid());
        Assert.Equal(when, reader.ReadDateTimeOffset());
        Assert.Equal(DateTimeKind.Utc, reader.ReadDateTime().Kind);
        Assert.Equal(TimeSpan.FromTicks(-7), reader.ReadTimeSpan());
        Assert.Equal('λ', reader.ReadChar());
        Assert.Equal(long.MinValue, reader.ReadInt64());
        Assert.Equal([1, 2, 3], reader.ReadByteArray());
        Assert.Null(reader.ReadByteArray());
        Assert.Equal(new DataFile("out/a b.txt"), reader.ReadDataFile());
        Assert.Equal(new BashResult("echo hi", 3, "o.txt", null, TimeSpan.FromSeconds(1.5)), reader.ReadBashResult());
        reader.EnsureEnd();
    }

    [Fact]
    public void A_forged_length_is_refused_before_anything_is_allocated_for_it()
    {
        var writer = new WireWriter();
        writer.WriteLength(int.MaxValue);

        var failure = Assert.Throws<WireFormatException>(() => new WireReader(writer.WrittenSpan).ReadLength());

        Assert.Contains("does not fit", failure.Message);
    }

    [Fact]
    public void Random_and_truncated_input_throws_only_WireFormatException()
    {
        var random = new Random(3);
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 48)];
            random.NextBytes(bytes);
            try
            {
                var reader = new WireReader(bytes);
                switch (i % 7)
                {
                    case 0: reader.ReadString(); reader.ReadInt64(); break;
                    case 1: reader.ReadDecimal(); break;
                    case 2: reader.ReadBashResult(); break;
                    case 3: reader.ReadDateTimeOffset(); reader.ReadDateTime(); break;
                    case 4: reader.ReadByteArray(); reader.ReadBoolean(); break;
                    case 5: reader.ReadDataFile(); reader.ReadGuid(); break;
                    default: reader.ReadLength(8); reader.EnsureEnd(); break;
                }
            }
            catch (WireFormatException)
            {
                // the only acceptable failure
            }
        }
    }
}
