using System.Text.Json;
using Parsl.Checkpointing;

namespace Parsl.Tests;

/// <summary>Files by path or URL: what each part of a URL becomes, what is refused, equality, memo keys and the wire.</summary>
public sealed class DataFileTests
{
    [Fact]
    public void A_plain_path_is_a_local_file_as_written()
    {
        var file = new DataFile("data/input 1.txt");

        Assert.Equal("file", file.Scheme);
        Assert.True(file.IsLocal);
        Assert.Null(file.Host);
        Assert.Equal("data/input 1.txt", file.Path);
        Assert.Equal("input 1.txt", file.Name);
        Assert.Equal("data/input 1.txt", file.ToString());
        Assert.Equal(Path.GetFullPath("data/input 1.txt"), file.FullPath);
    }

    [Theory]
    [InlineData("https://localhost:8443/data/x%20y.dat?v=2", "https", "localhost:8443", "/data/x y.dat", "x y.dat")]
    [InlineData("http://127.0.0.1/a.csv", "http", "127.0.0.1", "/a.csv", "a.csv")]
    [InlineData("ftp://127.0.0.1:2121/pub/results.tar.gz", "ftp", "127.0.0.1:2121", "/pub/results.tar.gz", "results.tar.gz")]
    [InlineData("sftp://login-node/home/ada/in.txt", "sftp", "login-node", "/home/ada/in.txt", "in.txt")]
    [InlineData("globus://ddb59aef-6d04-11e5-ba46-22000b92c6ec/share/godata/file1.txt", "globus", "ddb59aef-6d04-11e5-ba46-22000b92c6ec", "/share/godata/file1.txt", "file1.txt")]
    [InlineData("HTTPS://localhost/Upper.TXT", "https", "localhost", "/Upper.TXT", "Upper.TXT")]
    public void A_url_is_split_into_scheme_host_path_and_name(string url, string scheme, string host, string path, string name)
    {
        var file = new DataFile(url);

        Assert.Equal(url, file.Url);
        Assert.Equal(scheme, file.Scheme);
        Assert.Equal(host, file.Host);
        Assert.Equal(path, file.Path);
        Assert.Equal(name, file.Name);
        Assert.False(file.IsLocal);
        Assert.Equal(url, file.ToString());
        Assert.Contains(url, Assert.Throws<InvalidOperationException>(() => file.FullPath).Message);
    }

    [Fact]
    public void A_file_url_is_local()
    {
        var file = new DataFile("file:///tmp/parsl/a.txt");

        Assert.True(file.IsLocal);
        Assert.Equal("/tmp/parsl/a.txt", file.Path);
        Assert.Equal(new DataFile("/tmp/parsl/a.txt"), file);
    }

    [Theory]
    [InlineData("gopher://host/x.txt", "scheme 'gopher' is none of file, http, https, ftp, sftp, globus")]
    [InlineData("https://localhost/data/", "names no file")]
    [InlineData("https:///x.txt", "https")]
    public void A_url_parsl_cannot_stage_is_refused_saying_why(string url, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new DataFile(url));

        Assert.Contains(url, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_windows_drive_is_not_a_scheme()
    {
        Assert.True(new DataFile("C://work/x.txt").IsLocal);
    }

    [Fact]
    public void Files_are_equal_by_scheme_host_and_path()
    {
        Assert.Equal(new DataFile("https://localhost/a.txt"), new DataFile("https://localhost/a.txt"));
        Assert.Equal(new DataFile("https://localhost/a.txt").GetHashCode(), new DataFile("https://localhost/a.txt").GetHashCode());
        Assert.True(new DataFile("https://localhost/a.txt") == new DataFile("HTTPS://localhost/a.txt"));
        Assert.NotEqual(new DataFile("https://localhost/a.txt"), new DataFile("https://127.0.0.1/a.txt"));
        Assert.NotEqual(new DataFile("https://localhost/a.txt"), new DataFile("http://localhost/a.txt"));
        Assert.NotEqual(new DataFile("a.txt"), new DataFile("b.txt"));
        Assert.True(new DataFile("a.txt") != new DataFile("b.txt"));
    }

    [Fact]
    public void A_remote_file_is_keyed_by_its_url_and_a_local_one_by_its_content()
    {
        var app = new AppDescriptor(AppKind.Code, new() { Id = "Parsl.Tests.Files.Read", ReturnTypeName = "int", Cache = true });
        static CacheKey Key(AppDescriptor app, DataFile file)
        {
            var builder = CacheKeyBuilder.Rent(app);
            builder.Add(file);
            return builder.Finish();
        }
        var folder = Directory.CreateTempSubdirectory("parsl-datafile-").FullName;
        try
        {
            var local = Path.Combine(folder, "in.txt");
            File.WriteAllText(local, "one");
            var before = Key(app, local);
            File.WriteAllText(local, "two");

            Assert.NotEqual(before, Key(app, local));
            Assert.Equal(Key(app, "https://localhost/a.txt"), Key(app, "https://localhost/a.txt"));
            Assert.NotEqual(Key(app, "https://localhost/a.txt"), Key(app, "https://localhost/b.txt"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_url_crosses_the_wire_and_a_checkpoint_whole()
    {
        var file = new DataFile("sftp://login-node/home/ada/in.txt");
        var writer = new WireWriter();
        writer.Write(file);
        var reader = new WireReader(writer.WrittenSpan);

        var sent = reader.ReadDataFile()!;
        var stored = JsonSerializer.Deserialize(JsonSerializer.Serialize(file, ParslJsonContext.Default.DataFile), ParslJsonContext.Default.DataFile)!;

        Assert.Equal(file.Url, sent.Url);
        Assert.Equal(file.Url, stored.Url);
        Assert.Equal("login-node", stored.Host);
    }
}
