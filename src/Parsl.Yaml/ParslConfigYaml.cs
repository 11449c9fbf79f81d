namespace Parsl;

/// <summary>Configs from YAML files: <c>ParslConfig.FromYaml("slurm.yaml")</c>.</summary>
public static class ParslConfigYaml
{
    extension(ParslConfig)
    {
        /// <summary>
        /// Reads a config from a YAML file: executors, providers, channels, launchers, retries and checkpointing in one
        /// place (reference: docs/config.md). Strict: an unknown key, a value of the wrong type or an unknown choice is an
        /// error naming the file, line and column and what is allowed there. Combine with code through <c>with</c>, e.g.
        /// <c>ParslConfig.FromYaml("slurm.yaml") with { RunDirectory = "runs" }</c>.
        /// </summary>
        /// <exception cref="ConfigFileException">The file cannot be read or used; the message says where and why.</exception>
        public static ParslConfig FromYaml(string path)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            return YamlConfigReader.Read(path);
        }
    }
}
