package dev.epic.pasta.decode;

/**
 * Where the chunks of a sync round go in the context the main thread continues on after {@code <sync/>}.
 * Either way each chunk is wrapped as {@code <async>…</async>}, so the model can tell them from its own text.
 */
public enum StitchLayout {
    /** Each chunk right after its promise: {@code …<promise …/><async>chunk</async>…<sync/>}. */
    INLINE,
    /** The round's chunks in promise order just before the sync: {@code …<promise …/>…<async>a</async><async>b</async><sync/>}. */
    APPENDED
}
