package dev.epic.lang.eval;

/**
 * Marks an object that every run of a program shares (a compiled program, say): the memory meter does not count
 * it against one job. An interface here, so the meter need not know the packages that compile programs.
 */
public interface SharedByRuns {
}
