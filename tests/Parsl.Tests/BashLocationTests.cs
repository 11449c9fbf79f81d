using Parsl.Processes;

namespace Parsl.Tests;

/// <summary>Where bash apps, local blocks, the local channel and the orphan guard find bash.</summary>
public sealed class BashLocationTests
{
    [Fact]
    public void The_usual_place_comes_before_PATH()
    {
        var found = BashLocation.Find("/opt/tools/bin:/usr/bin", path => path is "/usr/bin/bash" or "/opt/tools/bin/bash");

        Assert.Equal("/usr/bin/bash", found);
    }

    [Fact]
    public void Without_a_usual_place_the_first_bash_on_PATH_is_taken_and_relative_entries_are_skipped()
    {
        // NixOS: bash only under the profile's bin folder.
        var found = BashLocation.Find("bin:/run/wrappers/bin:/run/current-system/sw/bin:/home/me/.nix-profile/bin",
            path => path is "bin/bash" or "/run/current-system/sw/bin/bash" or "/home/me/.nix-profile/bin/bash");

        Assert.Equal("/run/current-system/sw/bin/bash", found);
    }

    [Fact]
    public void No_bash_anywhere_is_said_with_the_places_looked_at_and_what_to_do()
    {
        Assert.Null(BashLocation.Find("/nowhere/bin", _ => false));
        Assert.Null(BashLocation.Find(null, _ => false));

        var message = BashLocation.NotFound("/nowhere/bin");
        Assert.Contains("/bin/bash", message, StringComparison.Ordinal);
        Assert.Contains("PATH (/nowhere/bin)", message, StringComparison.Ordinal);
        Assert.Contains("install bash, or put the folder that holds it on PATH", message, StringComparison.Ordinal);
    }

    [Fact]
    public void On_this_machine_it_is_a_bash_that_runs()
    {
        Assert.True(File.Exists(BashLocation.Path), BashLocation.Path);
        Assert.EndsWith("/bash", BashLocation.Path, StringComparison.Ordinal);
    }
}
