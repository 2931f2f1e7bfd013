package dev.epic.prob.infer;

import dev.epic.prob.conj.Swap;
import dev.epic.prob.sym.Affine;
import dev.epic.prob.sym.IntList;
import java.util.Arrays;

/**
 * Scratch space of the inference algorithms, one per thread (all the states a thread runs share it, so a particle
 * allocates none): stacks for the recursive hoist, visit marks by random-variable id, an affine holder.
 */
final class Workspace {
    private static final ThreadLocal<Workspace> CURRENT = ThreadLocal.withInitial(Workspace::new);

    /** Sorted parent lists of the hoist levels in progress, as consecutive segments. */
    final IntList levels = new IntList(64);
    /** The ghost roots of the hoist levels in progress. */
    final IntList ghosts = new IntList(32);
    /** Post-order of a topological sort. */
    final IntList order = new IntList(64);
    /** Parents of one variable. */
    final IntList parents = new IntList(16);
    final Affine affine = new Affine();
    final Swap swap = new Swap();
    private int[] marks = new int[256];
    private int epoch;
    private int[] evaluated = new int[256];
    private int evalEpoch;

    static Workspace current() {
        return CURRENT.get();
    }

    /** Starts a new round of marks: nothing is marked. */
    void newMarks() {
        if (++epoch == Integer.MAX_VALUE) {
            Arrays.fill(marks, 0);
            epoch = 1;
        }
    }

    /** Starts a round in which each variable's distribution needs evaluating at most once (one hoist). */
    void newEvaluations() {
        if (++evalEpoch == Integer.MAX_VALUE) {
            Arrays.fill(evaluated, 0);
            evalEpoch = 1;
        }
    }

    /** True the first time {@code id} is passed in this round of evaluations. */
    boolean firstEvaluation(int id) {
        if (id >= evaluated.length) {
            evaluated = Arrays.copyOf(evaluated, Math.max(id + 1, evaluated.length * 2));
        }
        if (evaluated[id] == evalEpoch) {
            return false;
        }
        evaluated[id] = evalEpoch;
        return true;
    }

    /** Marks {@code id}; true if it was not marked in this round. */
    boolean mark(int id) {
        if (id >= marks.length) {
            marks = Arrays.copyOf(marks, Math.max(id + 1, marks.length * 2));
        }
        if (marks[id] == epoch) {
            return false;
        }
        marks[id] = epoch;
        return true;
    }
}
