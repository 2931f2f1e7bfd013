/**
 * The probabilistic core of Siren in EPIC (SIREN.md §2.4, §4, §5): plain Java, no actors, no dependency on the
 * language. The language adapter makes {@link dev.epic.prob.sym.Expr}s language values and calls the hybrid
 * inference interface of {@link dev.epic.prob.infer.SymbolicState}.
 *
 * <ul>
 *   <li>{@link dev.epic.prob.rand}: {@code RandomStream}, a particle's stream keyed by (seed, resampling step,
 *       particle index).
 *   <li>{@link dev.epic.prob.dist}: the numeric families (draw, log-density, mean, variance) on Commons RNG,
 *       Statistics and Numbers; {@code InvalidDistributionException}.
 *   <li>{@link dev.epic.prob.sym}: expressions, their smart constructors ({@code Exprs}), {@code is_affine}
 *       ({@code Affine}), symbolic distributions ({@code SymDist}).
 *   <li>{@link dev.epic.prob.conj}: the seven conjugacy rules, one class each, and their order
 *       ({@code ConjugacyRules}).
 *   <li>{@link dev.epic.prob.infer}: the symbolic state and its algorithms ({@code SsiState}, {@code DsState},
 *       {@code BpState}), plan enforcement ({@code PlanViolation}, {@code Trigger}), runtime plans, particles.
 * </ul>
 *
 * <h2>Driving one particle</h2>
 * <pre>{@code
 * // once per declaration site of the program
 * Decl xDecl = new Decl("x", Annotation.SYMBOLIC, site);
 * // once per particle
 * Particle p = new Particle(SymbolicState.create(Algorithm.SSI, new RandomStream(seed, 0, index)));
 * SymbolicState s = p.state();
 * // let symbolic x <- gaussian(prev, 1.) in ...   (prev: a value the program holds, e.g. the last x)
 * Expr x = s.assume(xDecl, SymDist.gaussian(prev, Exprs.num(1)));   // a RandomVar, or a constant for `sample`
 * // observe(gaussian(x, 1.), y)
 * p.addLogWeight(s.observe(SymDist.gaussian(x, Exprs.num(1)), y, observeSite));
 * // if c then (impure) else (impure)
 * boolean taken = Expr.truth(s.valueExpr(c, Cause.IMPURE_IF_CONDITION, ifSite));
 * // resample(): the first pick of a particle keeps it, each further pick is a copy; then weights are reset
 * survivor.reseed(step, newIndex);
 * Particle duplicate = survivor.copy(step, otherIndex);
 * // result: the mean of the returned expression, component by component for tuples and lists
 * double m = s.mean(x, resultSite);
 * RuntimePlan plan = s.plan();                                        // join across particles with join()
 * }</pre>
 * Build program arithmetic with {@link dev.epic.prob.sym.Exprs}' smart constructors ({@code add}, {@code sub},
 * {@code mul}, {@code div}, {@code lt}, {@code le}, …, {@code ite} for a pure {@code if} on a symbolic condition).
 * Errors: {@link dev.epic.prob.dist.InvalidDistributionException} (bad parameters),
 * {@link dev.epic.prob.infer.PlanViolation} (a {@code symbolic} variable would be sampled),
 * {@link java.lang.ArithmeticException} (constant division by zero).
 */
package dev.epic.prob;
