package dev.epic.prob.smc;

import dev.epic.lang.eval.Machine;
import dev.epic.lang.value.Value;

/**
 * One particle of a run: its machine (paused at a {@code resample()}, or finished) and its host, which holds the
 * symbolic state and log-weight. Owned by one thread at a time: the run's, or its partition's.
 */
final class Slot {
    Machine machine;
    final ParticleHost host;
    boolean paused;
    boolean done;
    Value result;

    Slot(Machine machine, ParticleHost host) {
        this.machine = machine;
        this.host = host;
    }

    double logWeight() {
        return host.particle().logWeight();
    }

    /**
     * This particle as offspring {@code index} of resampling step {@code step}: the first offspring of a particle is
     * the particle itself ({@code keep}), re-keyed to its new stream; each further one is a copy sharing its state's
     * structure. Either way its log-weight is 0.
     */
    Slot offspring(ParticleRun run, int step, int index, boolean keep) {
        Slot s;
        if (keep) {
            host.particle().reseed(step, index);
            s = this;
        } else {
            ParticleHost h = new ParticleHost(run, host.particle().copy(step, index));
            s = new Slot(done ? null : machine.copy(h), h);
            s.paused = paused;
            s.done = done;
            s.result = result;
        }
        s.host.particle().setLogWeight(0);
        s.host.index = index;
        return s;
    }
}
