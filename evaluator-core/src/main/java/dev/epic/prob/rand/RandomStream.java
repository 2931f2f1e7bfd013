package dev.epic.prob.rand;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.source64.L64X128Mix;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * The random numbers of one particle: a stream keyed by (seed, resampling step, particle index).
 *
 * <p><b>Derivation.</b> The key is hashed with the SplitMix64 finaliser ({@link #mix64}) in three chained rounds,
 * one per component, each adding a different odd constant so that no component can cancel another:
 * <pre>
 *   h1 = mix64(seed + G)
 *   h2 = mix64(h1 ^ (step  * K1 + G))
 *   h3 = mix64(h2 ^ (index * K2 + G))
 * </pre>
 * and the four 64-bit words of generator state are the next four outputs of a SplitMix64 sequence started at
 * {@code h3} ({@code s_i = mix64(h3 + (i + 1) * G)}). They seed Commons RNG's {@link L64X128Mix}, an LXM generator
 * (a 64-bit LCG mixed with xoroshiro128): its first word is the LCG's additive constant, and LXM generators with
 * different additive constants are the distinct, independent streams the LXM design provides for splitting.
 * A stream therefore depends only on its key: the same seed gives the same numbers on any number of threads, in any
 * order of particles, and the offspring of one particle draw different futures after a resample because their
 * indices differ.
 *
 * <p><b>Allocation.</b> This object is the particle's stable {@link UniformRandomProvider}: samplers bound to it
 * (the ziggurat normal sampler is bound once, here) stay valid across {@link #reset}, which replaces only the
 * generator (one small object per reset, never per draw). Not thread-safe; a particle is run by one thread at a time.
 */
public final class RandomStream implements UniformRandomProvider {
    private static final long G = 0x9E3779B97F4A7C15L;
    private static final long K1 = 0xD1B54A32D192ED03L;
    private static final long K2 = 0xAEF17502108EF2D9L;

    private final long seed;
    private L64X128Mix generator;
    private final NormalizedGaussianSampler gaussian;

    /** A stream for {@code (seed, step, index)}. */
    public RandomStream(long seed, long step, long index) {
        this.seed = seed;
        this.generator = generatorFor(seed, step, index);
        this.gaussian = ZigguratSampler.NormalizedGaussian.of(this);
    }

    /** Re-keys this stream to {@code (seed, step, index)} with the same seed, as after a resample. */
    public void reset(long step, long index) {
        generator = generatorFor(seed, step, index);
    }

    /** The run's seed this stream was built with. */
    public long seed() {
        return seed;
    }

    /** A fresh stream with the same seed keyed by {@code (step, index)}: for a particle's copy after a resample. */
    public RandomStream fork(long step, long index) {
        return new RandomStream(seed, step, index);
    }

    /** A standard normal draw (ziggurat method, no allocation). */
    public double standardNormal() {
        return gaussian.sample();
    }

    @Override
    public long nextLong() {
        return generator.nextLong();
    }

    @Override
    public int nextInt() {
        return generator.nextInt();
    }

    @Override
    public double nextDouble() {
        return generator.nextDouble();
    }

    @Override
    public boolean nextBoolean() {
        return generator.nextBoolean();
    }

    static L64X128Mix generatorFor(long seed, long step, long index) {
        long h = mix64(seed + G);
        h = mix64(h ^ (step * K1 + G));
        h = mix64(h ^ (index * K2 + G));
        return new L64X128Mix(mix64(h + G), mix64(h + 2 * G), mix64(h + 3 * G), mix64(h + 4 * G));
    }

    /** The SplitMix64 finaliser (Stafford's variant 13). */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
