package dev.epic.cli;

import picocli.CommandLine.Option;

/** The options that point a command's default model endpoint elsewhere: mixed into every command that runs programs. */
public final class ModelOptions {
    @Option(names = "--model-url", paramLabel = "URL",
            description = "base URL of an OpenAI-compatible server for the default model endpoint (default: the in-process simulated engine)")
    public String modelUrl;

    @Option(names = "--model", paramLabel = "NAME", description = "model name to request from the default endpoint")
    public String model;
}
