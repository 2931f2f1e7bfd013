package dev.epic.model.endpoint;

/**
 * What an endpoint accepts, from configuration (never guessed): {@code promptLists} — {@code prompt} may be a
 * list (vLLM, SGLang); {@code n} — several choices per prompt; {@code logprobs} — token alternatives;
 * {@code chatOnly} — only {@code /v1/chat/completions} is served; {@code stopInOutput} — the server keeps the
 * matched stop string in the text when asked with {@code include_stop_str_in_output} (vLLM, the simulated
 * engine; PASTA decoding needs it).
 */
public record Capabilities(boolean promptLists, boolean n, boolean logprobs, boolean chatOnly, boolean stopInOutput) {
    public static final Capabilities VLLM = new Capabilities(true, true, true, false, true);

    /** Capabilities of a server that keeps the stop string when asked. */
    public Capabilities(boolean promptLists, boolean n, boolean logprobs, boolean chatOnly) {
        this(promptLists, n, logprobs, chatOnly, true);
    }
}
