package dev.epic.prob.conj;

import dev.epic.prob.sym.Affine;
import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.SymDist;
import java.util.HashMap;
import java.util.Map;

/** A symbolic state as a plain map, for testing rules on their own. */
final class MapContext implements RuleContext {
    final Map<Integer, SymDist> dists = new HashMap<>();
    private final Affine affine = new Affine();

    MapContext with(int id, SymDist d) {
        dists.put(id, d);
        return this;
    }

    @Override
    public Expr realized(int id) {
        return dists.get(id) instanceof SymDist.Delta d ? d.value() : null;
    }

    @Override
    public SymDist distribution(int id) {
        return dists.get(id);
    }

    @Override
    public void setDistribution(int id, SymDist d) {
        dists.put(id, d);
    }

    @Override
    public Affine affine() {
        return affine;
    }
}
