package dev.epic.prob.smc;

import dev.epic.prob.infer.Decl;
import dev.epic.prob.infer.SymbolicState;
import dev.epic.prob.rand.RandomStream;
import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.SymDist;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The draws of one run of the program for {@link MhRun}: each random variable that was sampled, by its address,
 * with its value and log-density under the marginal it was drawn from.
 *
 * <p>An address is the declaration that made the variable and its occurrence there (the k-th variable made by that
 * {@code let … <-} in this run; anonymous observation variables count apart), so a draw is found again when a later
 * run samples its variables in another order. A run is given the previous trace and one address to regenerate:
 * every other address the previous trace has keeps its value, re-scored under the new marginal; the regenerated
 * address and new addresses are drawn afresh. Point masses are not draws.
 */
final class DrawTrace implements SymbolicState.Draws {
    record Address(Decl decl, int occurrence) {}

    record Draw(Expr value, double logDensity) {}

    private final DrawTrace previous;
    private final Address regenerate;
    private final Map<Address, Draw> draws = new LinkedHashMap<>();
    private final Map<Decl, Integer> occurrences = new HashMap<>();
    private final List<Address> addresses = new ArrayList<>();
    /** Σ over kept draws of (log-density now − log-density in the previous trace). */
    private double keptLogRatio;
    /** A kept value impossible under its new marginal: the proposal is rejected. */
    private boolean impossible;

    /** A trace of a fresh run ({@code previous} null) or of a run that regenerates {@code regenerate}. */
    DrawTrace(DrawTrace previous, Address regenerate) {
        this.previous = previous;
        this.regenerate = regenerate;
    }

    @Override
    public void created(int id, Decl decl) {
        int k = occurrences.merge(decl, 1, Integer::sum) - 1;
        while (addresses.size() <= id) {
            addresses.add(null);
        }
        addresses.set(id, new Address(decl, k));
    }

    @Override
    public Expr draw(int id, SymDist marginal, RandomStream random) {
        if (marginal instanceof SymDist.Delta) {
            return marginal.draw(random);
        }
        Address at = addresses.get(id);
        Draw old = previous == null || at.equals(regenerate) ? null : previous.draws.get(at);
        Expr value;
        double lp;
        if (old != null) {
            value = old.value();
            lp = marginal.logDensity(value);
            if (Double.isNaN(lp) || lp == Double.NEGATIVE_INFINITY) {
                impossible = true;
            } else {
                keptLogRatio += lp - old.logDensity();
            }
        } else {
            value = marginal.draw(random);
            lp = marginal.logDensity(value);
        }
        draws.put(at, new Draw(value, lp));
        return value;
    }

    int size() {
        return draws.size();
    }

    /** The {@code i}-th address drawn, in order of drawing. */
    Address address(int i) {
        return new ArrayList<>(draws.keySet()).get(i);
    }

    double keptLogRatio() {
        return keptLogRatio;
    }

    boolean impossible() {
        return impossible;
    }
}
