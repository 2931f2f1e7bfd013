package dev.epic.prob.infer;

/**
 * A particle's inference state: its symbolic state (with its random stream) and its log-weight. The continuation
 * of the program is the language's business.
 *
 * <p>Resampling: a particle chosen once keeps its object and is re-keyed with {@link #reseed}; each further
 * duplicate is {@link #copy}: O(1), sharing the symbolic state's structure (each side then copies only the nodes it
 * writes). In both cases the stream becomes the one of (seed, resampling step, new index), and the log-weight is
 * reset by the caller.
 */
public final class Particle {
    private final SymbolicState state;
    private double logWeight;

    public Particle(SymbolicState state) {
        this.state = state;
    }

    public SymbolicState state() {
        return state;
    }

    public double logWeight() {
        return logWeight;
    }

    public void addLogWeight(double w) {
        logWeight += w;
    }

    public void setLogWeight(double w) {
        logWeight = w;
    }

    /** A duplicate for resampling step {@code step} at index {@code index}, with log-weight 0. */
    public Particle copy(long step, long index) {
        return new Particle(state.copy(state.random().fork(step, index)));
    }

    /** Re-keys this particle's stream to (seed, {@code step}, {@code index}). */
    public void reseed(long step, long index) {
        state.random().reset(step, index);
    }
}
