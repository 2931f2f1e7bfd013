package dev.epic.model.endpoint;

/**
 * What an endpoint accepts, from configuration (never guessed): {@code promptLists} — {@code prompt} may be a
 * list (vLLM, SGLang); {@code n} — several choices per prompt; {@code logprobs} — token alternatives;
 * {@code chatOnly} — only {@code /v1/chat/completions} is served.
 */
public record Capabilities(boolean promptLists, boolean n, boolean logprobs, boolean chatOnly) {
    public static final Capabilities VLLM = new Capabilities(true, true, true, false);
}
